"""Run every rule's Great Expectations expectation on its prepared check frame."""

from __future__ import annotations

import logging
import os

import polars as pl

from expectations.findings import Finding
from expectations.rules import RULES, Rule

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TQDM_DISABLE", "1")


def _expectation(gx, rule: Rule):
    if rule.expectation == "true":
        return gx.expectations.ExpectColumnValuesToBeInSet(column="ok", value_set=[True])
    return gx.expectations.ExpectColumnValuesToBeBetween(column="excess", max_value=0.0)


def run_rules(tables: dict[str, pl.DataFrame], rules: list[Rule] | None = None) -> list[Finding]:
    """Validate all rules in one ephemeral GX context; returns one finding per checked row."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas("gongkai")
    findings: list[Finding] = []
    for rule in rules or RULES:
        frame = rule.prepare(tables)
        checkable = frame.filter(pl.col("checkable").fill_null(False))
        unchecked = frame.filter(~pl.col("checkable").fill_null(False))
        findings.extend(_finding(rule, row, "could_not_check") for row in unchecked.iter_rows(named=True))
        if checkable.is_empty():
            continue
        if rule.expectation != "true":
            checkable = checkable.with_columns(
                ((pl.col("observed") - pl.col("expected")).abs() - pl.col("tolerance")).alias("excess"),
                (pl.col("observed") - pl.col("expected")).alias("difference"),
            )
        frame_pd = checkable.to_pandas()
        asset = source.add_dataframe_asset(rule.rule_id)
        batch = asset.add_batch_definition_whole_dataframe(rule.rule_id)
        suite = context.suites.add(gx.ExpectationSuite(name=rule.rule_id, expectations=[_expectation(gx, rule)]))
        validation = context.validation_definitions.add(gx.ValidationDefinition(name=rule.rule_id, data=batch, suite=suite))
        result = validation.run(batch_parameters={"dataframe": frame_pd}, result_format="COMPLETE")
        failed_rows = set()
        for expectation_result in result.results:
            failed_rows.update(expectation_result.result.get("unexpected_index_list") or [])
        for index, row in enumerate(checkable.iter_rows(named=True)):
            findings.append(_finding(rule, row, "failed" if index in failed_rows else "passed"))
    return findings


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
