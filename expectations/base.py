"""What every rule is made of: the Rule record, the check frame, tolerances and shared helpers.

A rule's `prepare(tables)` turns the warehouse tables it names in `inputs` into a check frame: one
row per thing checked, with the document, the table, the page (PDF) or line (text) where a reader
finds the number, the value observed, the value expected and the tolerance, or a boolean `ok` for
rules that are not a comparison. Rows whose inputs are missing carry checkable = false and are
reported as "could not check", never as passed or failed.

Tolerances (amounts are printed to 0.01 万元):
- one printed number against another printed number (narrative vs table, table vs table):
  half a cent, i.e. they must be the same number to the cent (`SAME_NUMBER`);
- a printed total against the sum of printed parts: each part and the total may each be off
  by half a cent from the exact amount, so a cent per summed (non-zero) part (`sum_tolerance`);
- a printed percentage: half a unit of its last printed digit (`pct_tolerance`), plus what the
  rounding of the amounts it is computed from can move it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

CENT = 0.01
EPS = 1e-6
SAME_NUMBER = CENT / 2 + EPS

SEVERITIES = ("error", "warning", "info")

# The part of a document a row is about (table_index, project_index or figure): an error-level finding withholds
# that part from the marts (dbt's int_parts_withheld), or the whole document when it names none.
CHECK_SCHEMA: dict[str, pl.DataType] = {
    "document_id": pl.String,
    "table_name": pl.String,
    "table_index": pl.Int64,
    "project_index": pl.Int64,
    "figure": pl.String,
    "page": pl.Int64,
    "line_no": pl.Int64,
    "observed": pl.Float64,
    "expected": pl.Float64,
    "tolerance": pl.Float64,
    "ok": pl.Boolean,
    "checkable": pl.Boolean,
    "message": pl.String,
}


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: str  # error: our extraction is broken; warning: the document contradicts itself; info
    description_zh: str
    description_en: str
    tolerance: str
    prepare: Callable[[dict[str, pl.DataFrame]], pl.DataFrame]
    # "within_tolerance": |observed - expected| <= tolerance; "true": column ok is true
    expectation: str = "within_tolerance"
    inputs: tuple[str, ...] = ()

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.rule_id}: unknown severity {self.severity!r}")
        if self.expectation not in ("within_tolerance", "true"):
            raise ValueError(f"{self.rule_id}: unknown expectation {self.expectation!r}")

    @property
    def family(self) -> str:
        return self.rule_id.split(".")[0]

    @property
    def model(self) -> str:
        """The dbt model whose Dagster asset check reports this rule: the one whose rows it checks."""
        return {
            "sanity": "stg_disclosures__documents",
            "completeness": "stg_disclosures__document_tables",
            "coverage": "stg_disclosures__document_tables",
            "table": "stg_disclosures__table_facts",
            "ocr": "stg_disclosures__table_facts",
            "cross": "int_table_figures_matched",
            "performance": "stg_disclosures__projects",
            "text": "stg_disclosures__narrative_sentences",
        }.get(self.family, "int_department_figures_reconciled")


@dataclass(frozen=True)
class RoundingBand:
    """The 尾差 of a comparison rule, as a rule of its own (severity info): the rows the rule passes only thanks to
    its rounding allowance (a cent per summed part, a share truncated rather than rounded), which a reviewer wants
    listed with the sum shown but not reported as contradictions. Prepared from the base rule's own check frame, so
    the two can never disagree on what was compared; `exact(frame)` is how close two numbers must be to be the
    same printed number (half a cent unless given)."""

    base: Callable[[dict[str, pl.DataFrame]], pl.DataFrame]
    exact: Callable[[], pl.Expr] | None = None

    def __call__(self, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
        return self.from_base(self.base(tables))

    def from_base(self, frame: pl.DataFrame) -> pl.DataFrame:
        difference = (pl.col("observed") - pl.col("expected")).abs()
        exact = self.exact() if self.exact is not None else pl.lit(SAME_NUMBER)
        # rows the base rule fails are its own findings; rows it passes are checked here against the exact band
        within = frame.filter(pl.col("checkable").fill_null(False) & (difference <= pl.col("tolerance")))
        return within.with_columns(
            pl.min_horizontal(exact, pl.col("tolerance")).alias("tolerance"),
            fmt("尾差 (rounding) {}: printed {}, computed {}; {}", (pl.col("observed") - pl.col("expected")).round(4),
                pl.col("observed"), pl.col("expected").round(4), pl.col("message")).alias("message"),
        )


def rounding_twin(rule: Rule, exact: Callable[[], pl.Expr] | None = None) -> Rule:
    """The info-level rule listing `rule`'s rounding-sized differences (its id with _rounding)."""
    return Rule(
        f"{rule.rule_id}_rounding", "info", f"{rule.description_zh}（尾差，在舍入误差范围内）",
        f"{rule.description_en}: rounding-sized differences (尾差), listed with the sum", "the same printed number "
        f"(half a cent unless the base rule says otherwise); differences up to the base rule's tolerance ({rule.tolerance})",
        RoundingBand(rule.prepare, exact), inputs=rule.inputs,
    )


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=CHECK_SCHEMA)


def check_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Give a prepared frame every column the runner reads, in one order."""
    for name, dtype in CHECK_SCHEMA.items():
        if name not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=dtype).alias(name))
    return df.select([pl.col(n).cast(t) for n, t in CHECK_SCHEMA.items()])


def sum_tolerance(terms: pl.Expr | int) -> pl.Expr:
    """A cent per summed part (at least one)."""
    terms = pl.lit(terms) if isinstance(terms, int) else terms
    return pl.max_horizontal(terms, pl.lit(1)) * CENT + EPS


def decimals(value: pl.Expr, most: int = 4) -> pl.Expr:
    """How many decimals a printed number had, read back from its value (98.5 → 1, 78.0 → 0)."""
    out = pl.lit(most)
    for d in range(most - 1, -1, -1):
        out = pl.when(((value * 10**d).round(0) - value * 10**d).abs() < 1e-6).then(pl.lit(d)).otherwise(out)
    return out


def pct_tolerance(printed: pl.Expr) -> pl.Expr:
    """Half a unit of the percentage's last printed digit."""
    return 0.5 * pl.lit(10.0).pow(-decimals(printed).cast(pl.Float64)) + EPS


def share_tolerance(printed: pl.Expr) -> pl.Expr:
    """A whole unit of the share's last printed digit: departments truncate shares, or nudge one so that
    the shares of a breakdown add up to 100% (Leshan: 449.91 / 1636.78 = 27.4875% printed 27.48%)."""
    return pl.lit(10.0).pow(-decimals(printed).cast(pl.Float64)) + EPS


def ratio_rounding(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    """How far 100·part/whole can move when both amounts are rounded to the cent."""
    half_cent = CENT / 2
    return 100 * (half_cent / whole.abs() + part.abs() * half_cent / (whole * whole))


def require(tables: dict[str, pl.DataFrame], *names: str) -> list[pl.DataFrame]:
    return [tables[name] for name in names]


def fmt(template: str, *args: pl.Expr | str) -> pl.Expr:
    """pl.format that prints a missing value as — instead of making the whole message null."""
    exprs = [pl.col(a) if isinstance(a, str) else a for a in args]
    return pl.format(template, *[e.cast(pl.String).fill_null("—") for e in exprs])
