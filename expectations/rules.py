"""The rule registry: every rule once, with its id, severity, bilingual description and tolerance.

Rules live in one module per family (expectations/families/): extraction sanity (error), within one
table, 三公, across tables, narrative against tables, completeness and project performance, and on scans what OCR
read with doubt, could not read or most likely misread (warning).
A rule prepares a check frame from the warehouse tables named in its `inputs` (expectations/inputs.py
says how each is read) and names the Great Expectations expectation that must hold on it.
"""

from __future__ import annotations

from expectations.base import CENT, SAME_NUMBER, Rule, check_frame, empty_frame, rounding_twin, sum_tolerance
from expectations.families import (budget, completeness, consistency, counts, coverage, cross, narrative, ocr, performance,
                                   project_text, sanity, naming, punctuation, subject_names, tables, three_public, wording)
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
    *consistency.RULES,
    *counts.RULES,
    *completeness.RULES,
    *budget.RULES,
    *performance.RULES,
    *project_text.RULES,
    *wording.RULES,
    *naming.RULES,
    *punctuation.RULES,
    *subject_names.RULES,
    *ocr.RULES,
]

# every rule whose tolerance allows for rounding lists its rounding-sized differences as info (尾差), after it
_ROUNDED = {**tables.ROUNDING, **three_public.ROUNDING, **cross.ROUNDING, **narrative.ROUNDING, **consistency.ROUNDING}
RULES += [rounding_twin(rule, _ROUNDED[rule.rule_id]) for rule in list(RULES) if rule.rule_id in _ROUNDED]

RULES_BY_ID = {rule.rule_id: rule for rule in RULES}
if len(RULES_BY_ID) != len(RULES):
    raise RuntimeError("duplicate rule ids in the registry")
