"""The rule registry: every rule once, with its id, severity, bilingual description and tolerance.

Rules live in one module per family (expectations/families/): extraction sanity (error), within one
table, 三公, across tables, narrative against tables, completeness and project performance (warning).
A rule prepares a check frame from the warehouse tables named in its `inputs` (expectations/inputs.py
says how each is read) and names the Great Expectations expectation that must hold on it.
"""

from __future__ import annotations

from expectations.base import CENT, SAME_NUMBER, Rule, check_frame, empty_frame, sum_tolerance
from expectations.families import completeness, coverage, cross, narrative, performance, sanity, tables, three_public
from expectations.figures import STANDARD_TABLE_NAMES

__all__ = ["CENT", "RULES", "RULES_BY_ID", "SAME_NUMBER", "STANDARD_TABLE_NAMES", "Rule", "check_frame", "empty_frame",
           "sum_tolerance"]

RULES: list[Rule] = [
    *sanity.RULES,
    *coverage.RULES,
    *tables.RULES,
    *three_public.RULES,
    *cross.RULES,
    *narrative.RULES,
    *completeness.RULES,
    *performance.RULES,
]

RULES_BY_ID = {rule.rule_id: rule for rule in RULES}
if len(RULES_BY_ID) != len(RULES):
    raise RuntimeError("duplicate rule ids in the registry")
