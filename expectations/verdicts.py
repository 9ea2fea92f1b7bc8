"""The rules' verdicts computed in plain polars, on the same validation frame Great Expectations validates.

Not used by runs: it is the yardstick the tests compare Great Expectations' verdicts with (they must be the same
rows) and the benchmark times Great Expectations against (the quality step may cost at most 1.5× these).
"""

from __future__ import annotations

import polars as pl


def polars_failed(frame: pl.DataFrame, predicate_rules: set[str]) -> pl.Series:
    """Per row of the validation frame: True where the rule fails."""
    is_predicate = pl.col("rule_id").is_in(list(predicate_rules))
    failed = pl.when(is_predicate).then(~pl.col("ok").fill_null(False)).otherwise(
        ~(pl.col("abs_difference") <= pl.col("tolerance"))
    )
    return frame.select(failed.alias("failed"))["failed"]


def polars_verdicts(validation: pl.DataFrame, rules, data_docs_dir=None) -> set[int]:
    """The same contract as expectations.runner.validate, in plain polars (no Data Docs)."""
    predicates = {r.rule_id for r in rules if r.expectation == "true"}
    return {i for i, failed in enumerate(polars_failed(validation, predicates)) if failed}
