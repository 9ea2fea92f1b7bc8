"""Run the rules: prepare every rule's check frame, validate them with Great Expectations, return the findings.

One validation frame holds every checkable row of every rule (the rule's id in a column, and only the columns the
expectations read: the rest of a row stays in polars for the findings). Each rule family has a checkpoint
(`gongkai_quality.<family>`) running its validation definition (suite `gongkai.<family>`, expectations.suites) over
that family's rows of the frame. Each row's outcome comes from the
checkpoint's results (the rows an expectation reports unexpected failed). With `data_docs_dir` the context is a
file context there, which keeps the results; `build_data_docs` renders them as Data Docs, once per run, in the
report step (rendering costs a few seconds whatever the size, more than validating a thousand documents' checks).

A rule whose inputs are not loaded, or whose preparation fails, yields one "could not check" finding saying why;
rows whose own figures are missing yield one each. Neither is ever counted as passed or failed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import polars as pl

from expectations.base import CHECK_SCHEMA, RoundingBand, Rule
from expectations.findings import FINDING_SCHEMA
from expectations.rules import RULES
from expectations.suites import family_suites

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TQDM_DISABLE", "1")

log = logging.getLogger(__name__)

_VALIDATED = {**CHECK_SCHEMA, "rule_id": pl.String, "abs_difference": pl.Float64}
EXPECTATION_COLUMNS = ["rule_id", "ok", "abs_difference", "tolerance"]  # what the expectations read


def prepare_checks(tables: dict[str, pl.DataFrame], rules: list[Rule]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(validation frame of checkable rows, findings for what could not be checked)."""
    checkable, unchecked = [], []
    prepared: dict[int, pl.DataFrame] = {}  # a rule's frame by its prepare function: a rounding twin reuses its base's
    for rule in rules:
        missing = [name for name in rule.inputs if name not in tables]
        if missing:
            unchecked.append(_rule_not_checked(rule, f"inputs not loaded: {', '.join(missing)}"))
            continue
        try:
            frame = _prepare(rule, tables, prepared)
        except Exception as exc:  # a rule that cannot read its inputs must not stop the others
            log.exception("rule %s could not prepare its check frame", rule.rule_id)
            unchecked.append(_rule_not_checked(rule, f"inputs unusable: {type(exc).__name__}: {exc}"))
            continue
        frame = frame.with_columns(pl.lit(rule.rule_id).alias("rule_id"))
        is_checkable = pl.col("checkable").fill_null(False)
        skipped = frame.filter(~is_checkable)
        if skipped.height:
            unchecked.append(_findings(rule, skipped, "could_not_check"))
        rows = frame.filter(is_checkable).with_columns(
            (pl.col("observed") - pl.col("expected")).abs().fill_null(float("inf")).alias("abs_difference"),
            pl.col("ok").fill_null(False),
        )
        checkable.append(rows.select([pl.col(n).cast(t) for n, t in _VALIDATED.items()]))
    validation = pl.concat(checkable) if checkable else pl.DataFrame(schema=_VALIDATED)
    findings = pl.concat(unchecked) if unchecked else pl.DataFrame(schema=FINDING_SCHEMA)
    return validation, findings


def _prepare(rule: Rule, tables: dict[str, pl.DataFrame], prepared: dict[int, pl.DataFrame]) -> pl.DataFrame:
    prepare = rule.prepare
    if isinstance(prepare, RoundingBand):
        base = prepared.get(id(prepare.base))
        frame = prepare(tables) if base is None else prepare.from_base(base)
    else:
        frame = prepare(tables)
    prepared[id(prepare)] = frame
    return frame


def validate(validation: pl.DataFrame, rules: list[Rule], data_docs_dir: Path | None = None) -> set[int]:
    """Row numbers of the validation frame that fail, as Great Expectations' checkpoint reports them."""
    if validation.is_empty():
        return set()
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = _context(gx, data_docs_dir)
    asset = context.data_sources.add_or_update_pandas("gongkai").add_dataframe_asset("checks")
    batch = asset.add_batch_definition_whole_dataframe("all checks")
    present = set(validation["rule_id"].unique().to_list())
    suites = family_suites(gx, [r for r in rules if r.rule_id in present])
    # only what the expectations read, the rule id as a category, and the row's number in the validation frame as the
    # index (the results name unexpected rows by it)
    frame = validation.select(EXPECTATION_COLUMNS).with_columns(pl.col("rule_id").cast(pl.Categorical)).with_row_index("row")
    family_of = pl.col("rule_id").cast(pl.String).replace_strict({r.rule_id: r.family for r in rules}, default=None)
    frame = frame.with_columns(family_of.alias("family"))
    failed: set[int] = set()
    for family, suite in suites.items():
        # one checkpoint per family over that family's rows: each expectation's row condition then scans its family,
        # not every rule's rows (7.5× fewer rows scanned at 1,000 documents)
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"gongkai.{family}", data=batch, suite=context.suites.add_or_update(suite)))
        checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
            name=f"gongkai_quality.{family}", validation_definitions=[definition],
            result_format={"result_format": "COMPLETE", "partial_unexpected_count": 20, "exclude_unexpected_values": True},
        ))
        rows = frame.filter(pl.col("family") == family)
        data = rows.select(EXPECTATION_COLUMNS).to_pandas()
        data.index = rows["row"].to_numpy()
        result = checkpoint.run(batch_parameters={"dataframe": data})
        for run in result.run_results.values():
            for expectation in run.results:
                failed.update(int(i) for i in expectation.result.get("unexpected_index_list") or [])
    return failed


def run_rules(
    tables: dict[str, pl.DataFrame], rules: list[Rule] | None = None, data_docs_dir: Path | None = None,
    verdicts=None,
) -> pl.DataFrame:
    """Validate the rules (all by default); one finding per checked row (FINDING_SCHEMA).

    `verdicts(validation, rules, data_docs_dir) -> failed row numbers` is Great Expectations' checkpoint
    (`validate`); the benchmark passes the plain polars yardstick instead to time the difference.
    """
    rules = list(rules or RULES)
    validation, findings = prepare_checks(tables, rules)
    failed = (verdicts or validate)(validation, rules, data_docs_dir)
    by_id = {rule.rule_id: rule for rule in rules}
    outcome = pl.Series("outcome", ["failed" if i in failed else "passed" for i in range(validation.height)], dtype=pl.String)
    checked = validation.with_columns(outcome)
    severities = pl.col("rule_id").replace_strict({r: by_id[r].severity for r in by_id}, default=None)
    passed_message = pl.col("rule_id").replace_strict({r: f"passed: {by_id[r].description_en}" for r in by_id}, default=None)
    checked = checked.with_columns(
        severities.alias("severity"),
        (pl.col("observed") - pl.col("expected")).round(6).alias("difference"),
        pl.when(pl.col("outcome") == "passed").then(passed_message).otherwise(pl.col("message")).alias("message"),
    )
    return pl.concat([findings, checked.select([pl.col(n).cast(t) for n, t in FINDING_SCHEMA.items()])])


def _context(gx, data_docs_dir: Path | None):
    if data_docs_dir is None:
        context = gx.get_context(mode="ephemeral")
    else:
        data_docs_dir = Path(data_docs_dir)
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(data_docs_dir))
        # GX reads and parses this file (its template: comments only) on every access to the context's settings,
        # some 370 times a validation; gongkai defines no config variables, and a missing file reads as none
        # (a one-document re-run's validation 2.0-2.9 s without it against 2.7-3.4 s with it, four alternations)
        (data_docs_dir / "gx" / "uncommitted" / "config_variables.yml").unlink(missing_ok=True)
    try:  # no progress bars in logs
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except Exception:  # pragma: no cover - an older or newer GX without the setting
        pass
    return context


def build_data_docs(data_docs_dir: Path) -> Path | None:
    """Render the Data Docs of the validation results kept in `data_docs_dir`; returns the index page."""
    import great_expectations as gx

    if not (Path(data_docs_dir) / "gx").exists():
        return None
    try:
        gx.get_context(mode="file", project_root_dir=str(data_docs_dir)).build_data_docs()
    except Exception:  # Data Docs are a convenience; the run's own report is what reviewers read
        log.exception("could not build Great Expectations Data Docs")
        return None
    index = data_docs_index(data_docs_dir)
    return index if index.exists() else None


def data_docs_index(data_docs_dir: Path) -> Path:
    """Where run_rules(…, data_docs_dir) renders the Data Docs' front page."""
    return Path(data_docs_dir) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def _rule_not_checked(rule: Rule, why: str) -> pl.DataFrame:
    return pl.DataFrame(
        [{"rule_id": rule.rule_id, "severity": rule.severity, "outcome": "could_not_check",
          "message": f"could not check ({why}): {rule.description_en}"}],
        schema=FINDING_SCHEMA,
    )


def _findings(rule: Rule, rows: pl.DataFrame, outcome: str) -> pl.DataFrame:
    message = pl.coalesce(pl.col("message"), pl.lit(rule.description_en))
    if outcome == "could_not_check":
        message = pl.lit("could not check (inputs missing): ") + message
    return rows.with_columns(
        pl.lit(rule.severity).alias("severity"),
        pl.lit(outcome).alias("outcome"),
        (pl.col("observed") - pl.col("expected")).round(6).alias("difference"),
        message.alias("message"),
    ).select([pl.col(n).cast(t) for n, t in FINDING_SCHEMA.items()])
