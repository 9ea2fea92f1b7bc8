"""Which reading applies to a form's indicator section: rows or a fragment stream."""

from __future__ import annotations

from ingestion.performance.form import Form, Indicator
from ingestion.performance.indicator_rows import row_indicators
from ingestion.performance.indicator_fragments import fragment_indicators
from ingestion.performance.vocabulary import INDICATOR_ROLES


# -- indicators -----------------------------------------------------------------------------


def read_indicators(form: Form) -> list[Indicator]:
    h = form.indicator_header()
    if h is None:
        return []
    head = form.toks[h]
    if head.row:
        return row_indicators(form, h)
    roles = []
    end = h
    for j in range(h + 1, min(len(form.toks), h + 15)):
        role = INDICATOR_ROLES.get(form.toks[j].label)
        if role is None:
            break
        roles.append(role)
        end = j
    return fragment_indicators(form, end, roles)
