"""Run every rule's Great Expectations expectation on its prepared check frame.

Each rule's check frame is validated in one ephemeral GX context (or, with `data_docs_dir`, a file
context rooted there, whose validation results are rendered as Data Docs). A rule whose inputs are
not loaded, or whose preparation fails, yields one "could not check" finding saying why; rows whose
own figures are missing yield one each. Neither is ever counted as passed or failed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import polars as pl

from expectations.findings import Finding
from expectations.rules import RULES, Rule

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TQDM_DISABLE", "1")

log = logging.getLogger(__name__)


def _expectation(gx, rule: Rule):
    if rule.expectation == "true":
        return gx.expectations.ExpectColumnValuesToBeInSet(column="ok", value_set=[True])
    return gx.expectations.ExpectColumnValuesToBeBetween(column="excess", max_value=0.0)


def _context(gx, data_docs_dir: Path | None):
    if data_docs_dir is None:
        context = gx.get_context(mode="ephemeral")
    else:
        data_docs_dir = Path(data_docs_dir)
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(data_docs_dir))
    try:  # no progress bars in logs
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except Exception:  # pragma: no cover - an older or newer GX without the setting
        pass
    return context


def run_rules(
    tables: dict[str, pl.DataFrame],
    rules: list[Rule] | None = None,
    data_docs_dir: Path | None = None,
    build_data_docs: bool = True,
) -> list[Finding]:
    """Validate the rules (all by default); returns one finding per checked row.

    With `data_docs_dir`, the validation results are also kept in a GX file context there and
    rendered as Data Docs (`data_docs_index(data_docs_dir)`); a caller validating in several calls
    renders them once, on the last (`build_data_docs`).
    """
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = _context(gx, data_docs_dir)
    source = context.data_sources.add_or_update_pandas("gongkai")
    findings: list[Finding] = []
    for rule in rules or RULES:
        missing = [name for name in rule.inputs if name not in tables]
        if missing:
            findings.append(_rule_not_checked(rule, f"inputs not loaded: {', '.join(missing)}"))
            continue
        try:
            frame = rule.prepare(tables)
        except Exception as exc:  # a rule that cannot read its inputs must not stop the others
            log.exception("rule %s could not prepare its check frame", rule.rule_id)
            findings.append(_rule_not_checked(rule, f"inputs unusable: {type(exc).__name__}: {exc}"))
            continue
        checkable = frame.filter(pl.col("checkable").fill_null(False))
        unchecked = frame.filter(~pl.col("checkable").fill_null(False))
        findings.extend(_finding(rule, row, "could_not_check") for row in unchecked.iter_rows(named=True))
        if checkable.is_empty():
            continue
        if rule.expectation == "true":
            checkable = checkable.with_columns(pl.col("ok").fill_null(False))
        else:
            checkable = checkable.with_columns(
                ((pl.col("observed") - pl.col("expected")).abs() - pl.col("tolerance")).fill_null(float("inf")).alias("excess"),
                (pl.col("observed") - pl.col("expected")).alias("difference"),
            )
        frame_pd = checkable.to_pandas()
        asset = source.add_dataframe_asset(rule.rule_id)
        batch = asset.add_batch_definition_whole_dataframe(rule.rule_id)
        suite = context.suites.add_or_update(gx.ExpectationSuite(name=rule.rule_id, expectations=[_expectation(gx, rule)]))
        validation = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=rule.rule_id, data=batch, suite=suite)
        )
        result = validation.run(batch_parameters={"dataframe": frame_pd}, result_format="COMPLETE")
        failed_rows = set()
        for expectation_result in result.results:
            failed_rows.update(expectation_result.result.get("unexpected_index_list") or [])
        for index, row in enumerate(checkable.iter_rows(named=True)):
            findings.append(_finding(rule, row, "failed" if index in failed_rows else "passed"))
    if data_docs_dir is not None and build_data_docs:
        _build_data_docs(context)
    return findings


def data_docs_index(data_docs_dir: Path) -> Path:
    """Where run_rules(…, data_docs_dir) renders the Data Docs' front page."""
    return Path(data_docs_dir) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def _build_data_docs(context) -> Path | None:
    """Render the file context's Data Docs (ValidationDefinition.run has stored each result)."""
    try:
        sites = context.build_data_docs()
    except Exception:  # Data Docs are a convenience; the run's own report is what reviewers read
        log.exception("could not build Great Expectations Data Docs")
        return None
    for url in sites.values():
        return Path(url.removeprefix("file://"))
    return None


def _rule_not_checked(rule: Rule, why: str) -> Finding:
    return Finding(
        rule_id=rule.rule_id, severity=rule.severity, document_id=None, table_name=None, page=None, line_no=None,
        observed=None, expected=None, difference=None, outcome="could_not_check",
        message=f"could not check ({why}): {rule.description_en}",
    )


def _finding(rule: Rule, row: dict, outcome: str) -> Finding:
    observed, expected = row.get("observed"), row.get("expected")
    difference = row.get("difference")
    if difference is None and observed is not None and expected is not None:
        difference = observed - expected
    message = row.get("message") or rule.description_en
    if outcome == "could_not_check":
        message = f"could not check (inputs missing): {message}"
    return Finding(
        rule_id=rule.rule_id,
        severity=rule.severity,
        document_id=row.get("document_id"),
        table_name=row.get("table_name"),
        page=row.get("page"),
        line_no=row.get("line_no"),
        observed=observed,
        expected=expected,
        difference=None if difference is None else round(difference, 6),
        outcome=outcome,
        message=message,
    )
