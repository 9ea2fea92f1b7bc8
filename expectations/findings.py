"""What a rule reports for one document (or one row of one document).

Runs keep findings as a polars frame (FINDING_SCHEMA, column by column: at thousands of documents an object per
finding costs more memory than the findings themselves); `Finding` is the same row as a record, for reading a few.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

FINDING_SCHEMA: dict[str, pl.DataType] = {
    "rule_id": pl.String,
    "severity": pl.String,  # error: our extraction is broken; warning: the document contradicts itself; info
    "document_id": pl.String,
    "table_name": pl.String,
    "table_index": pl.Int64,
    "project_index": pl.Int64,
    "figure": pl.String,
    "page": pl.Int64,
    "line_no": pl.Int64,
    "observed": pl.Float64,
    "expected": pl.Float64,
    "difference": pl.Float64,
    "outcome": pl.String,  # passed, failed, could_not_check
    "message": pl.String,
}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    document_id: str | None
    table_name: str | None
    table_index: int | None
    project_index: int | None
    figure: str | None
    page: int | None
    line_no: int | None
    observed: float | None
    expected: float | None
    difference: float | None
    outcome: str
    message: str

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


def as_findings(frame: pl.DataFrame) -> list[Finding]:
    return [Finding(**row) for row in frame.iter_rows(named=True)]
