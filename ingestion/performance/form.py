"""One form (a 项目支出绩效自评表 or the 部门整体支出绩效自评表): its tokens, the ways to find a cell (by label
or column), and what the readers return (Budget, Indicator), each value with the token it came from.

The same form arrives as rows (from a reader, or rebuilt from text that prints one cell per line, whose
lines the text reader marks with their cell) or as a fragment stream, where blank cells leave no trace. A
line's place in a stream never stands for a column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.records import Block
from ingestion.text.normalise import compact
from ingestion.performance.cells import indicator_name, is_label
from ingestion.performance.segmentation import Region, title_kind
from ingestion.performance.tokens import Tok, clean, label_key
from ingestion.performance.vocabulary import INDICATOR_ROLES


# ---------------------------------------------------------------------------------------------
# Per-table parsing
# ---------------------------------------------------------------------------------------------


@dataclass
class Budget:
    values: dict[str, str | None] = field(default_factory=dict)
    found_header: bool = False
    unit: str = "万元"
    sources: dict[str, Tok] = field(default_factory=dict)  # the token each value was read from
    total_label: Tok | None = None  # the 总额 / 资金总额 row's label
    total_row: list[Tok] = field(default_factory=list)  # the figures that row prints, read or not
    span: tuple[int, int] = (0, 0)  # token indices of the budget block, header to the last money row


@dataclass
class Indicator:
    level1: str | None
    level2: str | None
    level3: str
    operator_text: str | None
    target_text: str | None
    unit_text: str | None
    actual_text: str | None
    weight_text: str | None
    score_text: str | None
    reason: str | None
    tok: Tok
    sources: dict[str, Tok] = field(default_factory=dict)  # the token each value was read from
    number: Tok | None = None  # the row's printed ordinal, when the row is numbered
    name_toks: list[Tok] = field(default_factory=list)  # fragments the name was glued from (a fragment stream)
    name_tail: bool = False  # the name's end was printed after the row's values (a name over two rows)


class Form:
    def __init__(self, region: Region, toks: list[Tok], all_toks: list[Tok], blocks: list[Block]):
        self.region = region
        self.toks = toks
        self.all_toks = all_toks
        self.blocks = blocks
        self.by_cell = {(tok.block, tok.col): tok for tok in toks}

    # -- helpers --------------------------------------------------------------------------------

    def cell(self, block: int, col: int) -> Tok | None:
        """The token of a row's cell (None for a blank cell)."""
        return self.by_cell.get((block, col))

    def row_cells(self, tok: Tok) -> list[str]:
        return [clean(c) for c in self.blocks[tok.block].cells]

    def find(self, labels: set[str], start: int = 0) -> int | None:
        for i in range(start, len(self.toks)):
            if self.toks[i].label in labels:
                return i
        return None

    # -- project info ---------------------------------------------------------------------------

    def values_after(self, i: int, limit: int = 10) -> list[Tok]:
        out: list[Tok] = []
        for tok in self.toks[i + 1 : i + 1 + limit]:
            if is_label(tok.key) or title_kind(tok) is not None:
                break
            if tok.key.endswith("。") or len(tok.key) > 80:
                break
            out.append(tok)
        return out

    def indicator_header(self) -> int | None:
        return self.find({"三级指标"})

    def indicator_columns(self, source_table: int | None) -> dict[str, int]:
        """Column index of each role in the indicator header, for rows of the same ruled table.

        Text dumps (no source table) shift cells, so their columns say nothing.
        """
        h = self.indicator_header()
        if h is None or not self.toks[h].row or source_table is None:
            return {}
        if self.blocks[self.toks[h].block].source_table != source_table:
            return {}
        out: dict[str, int] = {}
        for c, cell in enumerate(self.row_cells(self.toks[h])):
            role = INDICATOR_ROLES.get(label_key(compact(cell))) if cell else None
            if role and role not in out:
                out[role] = c
        return out


def backfill_level1(indicators: list[Indicator]) -> None:
    """A merged 一级指标 cell may print its text on a middle row: the rows above it belong to it too."""
    first = next((i for i, ind in enumerate(indicators) if ind.level1), None)
    if first is None:
        return
    for ind in indicators[:first]:
        ind.level1 = indicators[first].level1


def make_indicator(
    l1: str | None, l2: str | None, name: str, values: dict[str, str | None], tok: Tok,
    sources: dict[str, Tok] | None = None,
) -> Indicator:
    sources = dict(sources or {})
    # the target the actual is measured against: the adjusted one where both are printed
    target_role = next((r for r in ("target_adjusted", "target", "target_initial") if values.get(r)), None)
    target = values.get(target_role) if target_role else None
    if target_role and target_role in sources:
        sources["target"] = sources[target_role]
    return Indicator(
        level1=l1,
        level2=l2,
        level3=indicator_name(name),
        operator_text=values.get("operator"),
        target_text=target,
        unit_text=values.get("unit"),
        actual_text=values.get("actual"),
        weight_text=values.get("weight"),
        score_text=values.get("score"),
        reason=values.get("reason"),
        tok=tok,
        sources=sources,
    )
