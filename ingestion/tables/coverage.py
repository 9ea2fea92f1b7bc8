"""How much of a table became facts: every number its data rows print, those that became facts, those skipped on
purpose (行次/栏次 numbers, classification codes), and a few of the rest quoted with where they stand."""

from __future__ import annotations

from ingestion.records import Block, PartCoverage, TableFact
from ingestion.text.numbers import AMOUNT_IN_TEXT_RE, classify_cell, normalise_code, read_percent

_EXAMPLES = 5


def _is_number(raw: str) -> bool:
    return classify_cell(raw)[0] in ("number", "zero") or read_percent(raw) is not None


def _where(block: Block) -> str:
    return f"p.{block.page}" if block.page is not None else f"line {block.line_no}"


class TableCoverage:
    """Counts what a table prints as its rows are read (facts.extract_table_facts feeds it)."""

    def __init__(self) -> None:
        self.printed = 0
        self.skipped = 0
        self.numbers: list[tuple[int, int, str, Block]] = []  # (row, column, raw, block) of every printed number

    def skip_row(self, cells: list[str]) -> None:
        """A 栏次 row (1 2 3 …): its numbers number the columns."""
        n = sum(1 for c in cells if _is_number(c))
        self.printed += n
        self.skipped += n

    def data_row(self, r_index: int, cells: list[str], roles: list[str], block: Block) -> None:
        for j, raw in enumerate(cells):
            if not _is_number(raw):
                continue
            self.printed += 1
            role = roles[j] if j < len(roles) else "unknown"
            if role in ("rowno", "code", "code_part") or (role != "value" and normalise_code(raw)):
                self.skipped += 1
            else:
                self.numbers.append((r_index, j, raw, block))

    def record(self, table_index: int, title: str, facts: list[TableFact], unread: list[Block],
               start: Block) -> PartCoverage:
        captured = {(f.row_index, f.col_index) for f in facts if f.value_kind in ("number", "zero")}
        missed = [(raw, block) for r, j, raw, block in self.numbers if (r, j) not in captured]
        examples = [f"{_where(block)}: {raw.strip()}" for raw, block in missed[:_EXAMPLES]]
        unread_amounts = 0
        for block in unread:
            amounts = [m.group(0) for m in AMOUNT_IN_TEXT_RE.finditer(block.text) if m.group(1)]
            unread_amounts += len(amounts)
            if len(examples) < _EXAMPLES:
                examples.append(f"{_where(block)} (a line not read as a row): {block.text.strip()[:60]}")
        return PartCoverage(
            part="table",
            part_index=table_index,
            title=title,
            page=start.page,
            line_no=start.line_no,
            amounts_printed=self.printed + unread_amounts,
            amounts_captured=len(captured & {(r, j) for r, j, _, _ in self.numbers}),
            amounts_skipped=self.skipped,
            uncaptured="; ".join(examples) or None,
        )
