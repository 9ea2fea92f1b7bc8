"""How much of each section of prose became narrative figures.

A section (the text under one 一、… heading, or before the first) prints amounts: numbers with a unit of money,
a share, a count or a score, and years and dates. Each is captured (a figure, attributed or not, was read from
it), skipped on purpose, or missed. Skipped: a year or date; an amount quoted in a reason or purpose clause; a
saving, 结余 or threshold; a score not the department's; an amount in a project's own paragraphs (the project
forms' extractor reads a project's budget and indicators); a count of something no narrative figure models
(科室, 在职人员, projects per grade: a count whose clause names no subject the narrative knows, away from the
三公 and vehicle words). Missed amounts are quoted with where they are printed, so a reviewer sees at once what
the extractor did not read. Lines that are cells of a form (a performance table converted one cell per line)
are the form's to cover, not the prose's; table-of-contents entries never reach the prose (ingestion.text.paragraphs
drops them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.narrative.scanner import Scanned
from ingestion.narrative.subjects import MODELLED_COUNT_CUES, keyword_subject
from ingestion.records import PartCoverage
from ingestion.text.numbers import DATE_UNITS, MONEY_UNITS, NUMBER_WITH_UNIT_RE
from ingestion.text.paragraphs import Unit

MAX_QUOTED = 5
_CONTEXT_CHARS = 12
_CLAUSE_DELIMITERS = ",;:。!?、\x00"
_AMOUNT_UNITS = (*MONEY_UNITS, "%")
_THRESHOLD_RE = re.compile(r"\s*(?:\(含\)|（含）)?\s*(?:以上|以下|及以上|及以下)")


@dataclass
class _Section:
    index: int
    title: str | None
    page: int | None
    line_no: int | None
    printed: int = 0
    captured: int = 0
    skipped: int = 0
    missed: list[str] = field(default_factory=list)


class SectionTally:
    """Counts per section, paragraph by paragraph."""

    def __init__(self) -> None:
        self.sections: dict[int, _Section] = {}

    def add(self, unit: Unit, scanned: Scanned, captured: list[int], in_project: bool) -> None:
        """Count one paragraph's amounts; `in_project`: the paragraph is about a project, not the department."""
        if unit.table_cells:
            return
        section = self._section(unit)
        kept = set(captured)
        ignored = set(scanned.ignored)
        for m in NUMBER_WITH_UNIT_RE.finditer(unit.folded):
            pos = m.start(1)
            section.printed += 1
            if pos in kept:
                section.captured += 1
            elif in_project or pos in ignored or _skipped(scanned.masked, m):
                section.skipped += 1
            else:
                section.missed.append(_quote(unit, m))

    def _section(self, unit: Unit) -> _Section:
        if unit.section_index not in self.sections:
            page, line_no = unit.section_at or (unit.starts[0][1], unit.starts[0][2])
            self.sections[unit.section_index] = _Section(unit.section_index, unit.section, page, line_no)
        return self.sections[unit.section_index]


def section_coverage(tally: SectionTally) -> list[PartCoverage]:
    return [
        PartCoverage(
            part="narrative_section",
            part_index=s.index,
            title=s.title,
            page=s.page,
            line_no=s.line_no,
            amounts_printed=s.printed,
            amounts_captured=s.captured,
            amounts_skipped=s.skipped,
            uncaptured=" | ".join(s.missed[:MAX_QUOTED]) or None,
        )
        for _, s in sorted(tally.sections.items())
    ]


def _skipped(masked: str, m: re.Match) -> bool:
    """A date, an amount inside a reason or purpose clause, or a count of something no figure models."""
    pos, printed_unit = m.start(1), m.group(2)
    if printed_unit in DATE_UNITS or masked[pos] == "\x00":
        return True
    if _THRESHOLD_RE.match(masked, m.end()):  # "单价100万元(含)以上": a bound, not an amount anyone spent
        return True
    if printed_unit in _AMOUNT_UNITS:
        return False
    clause = masked[max(masked.rfind(d, 0, pos) for d in _CLAUSE_DELIMITERS) + 1 : pos]
    return keyword_subject(clause, 0, []) is None and not MODELLED_COUNT_CUES.search(masked[max(0, pos - 30) : pos])


def _quote(unit: Unit, m: re.Match) -> str:
    """'p.3 line 120: …公务用车保有量为5辆' (page for PDFs, line for text and Word)."""
    page, line_no = unit.locate(m.start(1))
    where = f"p.{page} line {line_no}" if page is not None else f"line {line_no}"
    context = re.sub(r"\s+", "", unit.raw[max(0, m.start() - _CONTEXT_CHARS) : m.start()])
    return f"{where}: …{context}{unit.raw[m.start():m.end()].strip()}"
