"""The rules as Great Expectations suites: one suite per rule family, one expectation per rule.

Every rule's check frame is stacked into one validation frame with a `rule_id` column; each expectation selects its
rule's rows with a row condition and computes the verdict itself:
- a comparison rule: |observed − expected| ≤ tolerance, as ExpectColumnPairValuesAToBeGreaterThanB(tolerance,
  abs_difference, or_equal) — the tolerance varies row by row (a cent per summed part, a share's last digit …);
- a predicate rule: its `ok` column (a fact that holds or not, e.g. a code is in the lookup) is True.
The expectation's `meta` carries the rule's id, severity, descriptions (中文 / English) and tolerance, so the Data
Docs and the results name the rule as the registry does.
"""

from __future__ import annotations

from collections.abc import Iterable

from expectations.base import Rule


def rule_meta(rule: Rule) -> dict[str, str]:
    return {
        "rule_id": rule.rule_id,
        "severity": rule.severity,
        "description_zh": rule.description_zh,
        "description_en": rule.description_en,
        "tolerance": rule.tolerance,
    }


def expectation_for(gx, rule: Rule):
    from great_expectations.expectations.row_conditions import Column

    condition = Column("rule_id") == rule.rule_id
    if rule.expectation == "true":
        return gx.expectations.ExpectColumnValuesToBeInSet(
            column="ok", value_set=[True], row_condition=condition, meta=rule_meta(rule),
        )
    return gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="tolerance", column_B="abs_difference", or_equal=True, row_condition=condition, meta=rule_meta(rule),
    )


def family_suites(gx, rules: Iterable[Rule]) -> dict[str, object]:
    """family → ExpectationSuite named `gongkai.<family>`, expectations in registry order."""
    by_family: dict[str, list[Rule]] = {}
    for rule in rules:
        by_family.setdefault(rule.family, []).append(rule)
    return {
        family: gx.ExpectationSuite(
            name=f"gongkai.{family}",
            expectations=[expectation_for(gx, rule) for rule in members],
            meta={"family": family, "rules": [r.rule_id for r in members]},
        )
        for family, members in by_family.items()
    }
