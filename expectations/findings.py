"""What a rule reports for one document (or one row of one document)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # error, warning, info
    document_id: str | None
    table_name: str | None
    page: int | None
    line_no: int | None
    observed: float | None
    expected: float | None
    difference: float | None
    outcome: str  # passed, failed, could_not_check
    message: str

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"
