"""The document outline every renderer walks: titles, headings, paragraphs, tables, page breaks."""

from __future__ import annotations

from dataclasses import dataclass

from sample_corpus.tables import Grid


@dataclass(frozen=True)
class Cover:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 第X部分, 2 一、…, 3 （一）…


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class TableBlock:
    grid: Grid


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Cover | Heading | Para | TableBlock | PageBreak
