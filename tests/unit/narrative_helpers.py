"""Helpers shared by the narrative tests: Blocks from lines, and the figures a statement yields."""

from __future__ import annotations

from ingestion.records import Block, NarrativeFigure


def blocks(*lines: str, page: int | None = None) -> list[Block]:
    return [Block("text", (line,), page, i) for i, line in enumerate(lines, start=1)]


def first(figures: list[NarrativeFigure], name: str, code: str | None = None) -> NarrativeFigure:
    """The first statement (not a restatement) of a figure."""
    for f in figures:
        if f.figure == name and (code is None or f.subject_code == code) and not f.is_restatement:
            return f
    raise AssertionError(f"{name} {code or ''} not found; have {sorted({f.figure for f in figures})}")


def value(figures: list[NarrativeFigure], name: str, code: str | None = None) -> float:
    return first(figures, name, code).value


def values(figures: list[NarrativeFigure], name: str) -> list[float]:
    return [f.value for f in figures if f.figure == name]
