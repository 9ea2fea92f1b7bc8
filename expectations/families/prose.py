"""What the text rules share: the prose of each document with what the document says of itself (department, year,
kind), amounts read from a sentence with the one number grammar, and a check frame built from the rows a rule finds.

Text rules read words, which polars cannot parse; they walk the sentences in Python (a document has a few hundred)
and return one check row per claim they could test, passed or failed, so a quiet document shows what was checked."""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from expectations.base import check_frame, empty_frame
from expectations.figures import LOADED
from ingestion.text.normalise import fold
from ingestion.text.numbers import NUMBER, to_wan

PROSE_KINDS = ("heading", "toc", "title", "sentence", "cell")
AMOUNT_RE = re.compile(rf"(?<![\d.])({NUMBER})\s*(亿元|万元|千元|元)")


def documents(t) -> dict[str, dict]:
    """document_id → department_name, fiscal_year, doc_kind of every loaded document that is not a blank template
    (a template prints placeholders and no figures on purpose)."""
    docs = t["documents"].filter(pl.col("status").is_in(LOADED) & (pl.col("doc_kind").fill_null("other") != "template"))
    return {r["document_id"]: r for r in docs.select("document_id", "department_name", "fiscal_year", "doc_kind").iter_rows(named=True)}


def sentences(t, kinds: tuple[str, ...] = PROSE_KINDS) -> Iterator[tuple[dict, dict]]:
    """(sentence, its document) in reading order, for the documents `documents` keeps."""
    docs = documents(t)
    if not docs:
        return
    frame = t["sentences"].filter(pl.col("kind").is_in(list(kinds)) & pl.col("document_id").is_in(list(docs)))
    for row in frame.sort("document_id", "sentence_index").iter_rows(named=True):
        yield row, docs[row["document_id"]]


def paragraphs(t, kinds: tuple[str, ...] = ("sentence", "cell")) -> Iterator[tuple[list[dict], dict]]:
    """(the sentences of one paragraph, its document)."""
    current: list[dict] = []
    doc = None
    for row, document in sentences(t, kinds):
        if current and (row["document_id"] != current[0]["document_id"] or row["paragraph_index"] != current[0]["paragraph_index"]):
            yield current, doc
            current = []
        current.append(row)
        doc = document
    if current:
        yield current, doc


def amounts_in(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, value in 万元, as printed) of every amount of money in a text."""
    return [(m.start(), m.end(), to_wan(float(m.group(1).replace(",", "")), m.group(2)), m.group(0))
            for m in AMOUNT_RE.finditer(fold(text))]


_TABULAR_RE = re.compile(r"\d(?:\.\d+)?%?\s+\d+(?:\.\d+)?%?\s+\d|%//|//")


def looks_tabular(text: str) -> bool:
    """A table's cells read as one run of text (numbers side by side, empty cells as //): no prose to proofread."""
    return _TABULAR_RE.search(text) is not None


def where(row: dict) -> str:
    return f"p.{row['page']}" if row.get("page") is not None else f"line {row.get('line_no')}"


def quote(text: str, limit: int = 160) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finding(row: dict, ok: bool, message: str, observed: float | None = None, expected: float | None = None,
            table_name: str = "narrative", **extra) -> dict:
    """One check row about a sentence: where it is printed, whether the claim holds, what should have been printed."""
    return {"document_id": row["document_id"], "table_name": table_name, "page": row.get("page"), "line_no": row.get("line_no"),
            "observed": observed, "expected": expected, "ok": ok, "checkable": True, "message": message, **extra}


def frame(rows: list[dict]) -> pl.DataFrame:
    if not rows:
        return empty_frame()
    return check_frame(pl.DataFrame(rows, infer_schema_length=None))


def with_passes(t, rows: list[dict], what: str, kinds: tuple[str, ...] = PROSE_KINDS) -> list[dict]:
    """The failing rows of a rule that checks every sentence, plus one passed row for each document without any
    (saying how much was read), so a quiet document shows it was checked without one row per sentence."""
    flagged = {r["document_id"] for r in rows if not r["ok"]}
    read: dict[str, tuple[dict, int]] = {}
    for sentence, _ in sentences(t, kinds):
        first, count = read.get(sentence["document_id"], (sentence, 0))
        read[sentence["document_id"]] = (first, count + 1)
    return [r for r in rows if not r["ok"]] + [
        finding(first, True, f"{what}: none in {count} headings and sentences")
        for document_id, (first, count) in read.items() if document_id not in flagged]
