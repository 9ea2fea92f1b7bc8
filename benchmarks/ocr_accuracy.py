"""OCR against the text layer: every corpus PDF rendered as a scan, read back by OCR, scored against the text-layer
extraction of the same PDF.

    .venv/bin/python benchmarks/ocr_accuracy.py --dpi 200 --distortion scan [--format pdf] [--docs putuo-finance]
        [--workdir /tmp/ocr-accuracy] [--workers 2]

For each document: table amounts (TableFact values of the recognised standard tables, what reaches the marts)
matched by page, table, row and column; every amount cell of every table row as the reader gives it (before the
table code, so also the tables it does not recognise); narrative figures by figure, subject and value. A mismatch (read, but another value) is "covered" when its OCR confidence is below the
review threshold; a missing amount (not read at all) is counted apart. Prints one line per document and a total,
and writes the mismatches to <workdir>/mismatches-<dpi>-<distortion>-<format>.txt. Scans are written under the
workdir, never into the project.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingestion.document import extract_document  # noqa: E402
from ingestion.ocr.model import LOW_CONFIDENCE  # noqa: E402
from sample_corpus.render_scan import DISTORTIONS, image_file, image_only_pdf, scan  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Score:
    expected: int = 0
    matched: int = 0
    mismatched: int = 0
    covered: int = 0  # mismatches whose confidence is low
    missing: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("expected", "matched", "mismatched", "covered", "missing"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rate(self) -> float:
        return 100.0 * self.matched / self.expected if self.expected else 100.0


def _key(fact) -> tuple:
    return (fact.page, fact.table_kind, fact.subject_code, (fact.row_label or "").replace(" ", ""), fact.column_label)


def score_tables(expected, got) -> Score:
    """Each printed amount of the text layer against the OCR'd fact at the same place: the same table, row and
    column (its position in the table), else the same row label and column label on the same page (OCR may have
    joined or split a row above it)."""
    score = Score()
    by_key, by_cell = defaultdict(list), {}
    for fact in got:
        by_key[_key(fact)].append(fact)
        by_cell[(fact.page, fact.table_kind, fact.row_index, fact.col_index)] = fact
    used = set()
    for fact in expected:
        if fact.value is None:
            continue
        score.expected += 1
        match = by_cell.get((fact.page, fact.table_kind, fact.row_index, fact.col_index))
        if match is None or id(match) in used or (match.value is not None and abs(match.value - fact.value) >= 0.005):
            keyed = next((f for f in by_key.get(_key(fact), []) if id(f) not in used), None)
            match = keyed or match
        if match is None or id(match) in used:
            score.missing += 1
            score.notes.append(f"missing  p{fact.page} {fact.table_kind} {fact.row_label} / {fact.column_label}: {fact.raw_text}")
            continue
        used.add(id(match))
        if match.value is not None and abs(match.value - fact.value) < 0.005:
            score.matched += 1
            continue
        score.mismatched += 1
        low = match.ocr_confidence is not None and match.ocr_confidence < LOW_CONFIDENCE
        score.covered += low
        score.notes.append(f"{'covered ' if low else 'SILENT  '} p{fact.page} {fact.table_kind} {fact.row_label} / "
                           f"{fact.column_label}: {fact.raw_text!r} read {match.raw_text!r} conf {match.ocr_confidence}")
    return score


def score_page_values(expected, got) -> tuple[int, int]:
    """Amounts read right wherever they stand on their page (whatever the table code made of the row): how many of
    the text layer's amounts the OCR'd page prints too, as a multiset per page."""
    pool = defaultdict(list)
    for fact in got:
        if fact.value is not None:
            pool[fact.page].append(round(fact.value, 2))
    total = found = 0
    for fact in expected:
        if fact.value is None:
            continue
        total += 1
        value = round(fact.value, 2)
        if value in pool[fact.page]:
            pool[fact.page].remove(value)
            found += 1
    return found, total


def score_narrative(expected, got) -> Score:
    score = Score()
    pool = defaultdict(list)
    for figure in got:
        pool[(figure.figure, figure.subject_code)].append(figure)
    for figure in expected:
        score.expected += 1
        candidates = pool.get((figure.figure, figure.subject_code), [])
        same = next((f for f in candidates if abs(f.value - figure.value) < 0.005), None)
        if same is not None:
            candidates.remove(same)
            score.matched += 1
            continue
        other = next((f for f in candidates if f.page == figure.page), None)
        if other is None:
            score.missing += 1
            score.notes.append(f"missing  p{figure.page} {figure.figure} {figure.value} {figure.unit}: {figure.sentence[:60]}")
            continue
        candidates.remove(other)
        score.mismatched += 1
        low = other.ocr_confidence is not None and other.ocr_confidence < LOW_CONFIDENCE
        score.covered += low
        score.notes.append(f"{'covered ' if low else 'SILENT  '} p{figure.page} {figure.figure} {figure.value} read "
                           f"{other.value} conf {other.ocr_confidence}: {other.sentence[:60]}")
    return score


def make_scan(source: Path, dpi: int, distortion: str, file_format: str, workdir: Path) -> Path:
    pages = scan(source.read_bytes(), dpi, DISTORTIONS[distortion], seed=len(source.name))
    quality = DISTORTIONS[distortion].jpeg_quality
    target = workdir / "scans" / f"{source.stem}-{dpi}-{distortion}.{file_format}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if file_format == "pdf":
        target.write_bytes(image_only_pdf(pages, dpi, quality))
    else:
        target.write_bytes(image_file(pages, file_format, dpi, quality or 90))
    return target


def _cpu() -> float:
    """CPU seconds of this process and the programs it ran (Tesseract runs as one)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_AMOUNT = re.compile(r"^\(?-?\d[\d,]*(?:\.\d+)?\)?$")


def _amount_cells(parsed) -> dict:
    """Every cell of a table row that prints an amount, by page, table, row and column."""
    cells = {}
    for block in parsed.blocks:
        if block.kind != "row":
            continue
        for col, text in enumerate(block.cells):
            key = text.replace(" ", "")
            if _AMOUNT.match(key) and ("." in key or "," in key or len(key) <= 3):
                cells[(block.page, block.source_table, block.row_index, col)] = (key, block.line_no)
    return cells


def score_cells(expected_parsed, got_parsed) -> Score:
    """The table cells OCR read against the text layer's, before any table code: the same cell (page, table, row,
    column) must print the same amount; one not at its place counts if the page prints it elsewhere."""
    score = Score()
    want, have = _amount_cells(expected_parsed), _amount_cells(got_parsed)
    got_texts = {}
    for block in got_parsed.blocks:
        if block.kind == "row":
            for col, text in enumerate(block.cells):
                got_texts[(block.page, block.source_table, block.row_index, col)] = (text.replace(" ", ""), block.line_no)
    spare = defaultdict(list)
    for (page, *_), (text, _) in have.items():
        spare[page].append(text)
    for key, (text, _) in want.items():
        score.expected += 1
        read = got_texts.get(key)
        if read is not None and read[0] == text:
            score.matched += 1
            spare[key[0]].remove(text) if text in spare[key[0]] else None
            continue
        if text in spare[key[0]]:
            spare[key[0]].remove(text)
            score.matched += 1
            continue
        if read is None or not read[0]:
            score.missing += 1
            score.notes.append(f"missing  p{key[0]} table {key[1]} row {key[2]} col {key[3]}: {text}")
            continue
        score.mismatched += 1
        reading = got_parsed.ocr_readings.get(read[1], ())
        conf = reading[key[3]].confidence if key[3] < len(reading) and reading[key[3]] is not None else None
        low = conf is not None and conf < LOW_CONFIDENCE
        score.covered += low
        score.notes.append(f"{'covered ' if low else 'SILENT  '} p{key[0]} table {key[1]} row {key[2]} col {key[3]}: "
                           f"{text!r} read {read[0]!r} conf {conf}")
    return score


def run_one(args: tuple) -> dict:
    source, dpi, distortion, file_format, workdir, engine = args
    if engine == "tesseract":
        from tesseract_engine import use_tesseract

        use_tesseract()
    target = make_scan(source, dpi, distortion, file_format, workdir)
    import ingestion.document as document
    from ingestion.readers import read_document

    parsed = {}

    def keep(path, data=None):
        parsed[path] = read_document(path, data)
        return parsed[path]

    document.read_document = keep
    expected = extract_document(source)
    started, cpu = time.perf_counter(), _cpu()
    got = extract_document(target)
    elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    cells = score_cells(parsed[source], parsed[target])
    pages = len((got.ocr_pages or "").split(",")) if got.ocr_pages else 0
    recognised = [f for f in expected.facts if f.table_kind != "unrecognised"]
    tables, narrative = score_tables(recognised, got.facts), score_narrative(expected.narrative, got.narrative)
    return {"name": source.name, "status": got.status, "pages": pages, "seconds": elapsed, "cpu": cpu,
            "tables": tables, "narrative": narrative, "confidence": got.ocr_confidence,
            "page_values": score_page_values(expected.facts, got.facts), "cells": cells}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--distortion", choices=sorted(DISTORTIONS), default="scan")
    parser.add_argument("--format", choices=("pdf", "png", "jpeg", "tiff"), default="pdf",
                        help="png and jpeg hold the first page only; tiff every page")
    parser.add_argument("--docs", default="", help="comma-separated parts of file names (default: every corpus PDF)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ocr-accuracy"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("rapidocr", "tesseract"), default="rapidocr",
                        help="tesseract: Debian's tesseract-ocr + chi-sim on the same layout code (for comparison)")
    args = parser.parse_args(argv)
    sources = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "budget").glob("*.pdf"))
    wanted = [w for w in args.docs.split(",") if w]
    sources = [s for s in sources if not wanted or any(w in s.name for w in wanted)]
    if not sources:
        print(f"no corpus PDFs at {CORPUS}", file=sys.stderr)
        return 2
    jobs = [(s, args.dpi, args.distortion, args.format, args.workdir, args.engine) for s in sources]
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(run_one, jobs))
    tables, narrative, cells = Score(), Score(), Score()
    notes = []
    pages = seconds = cpu = 0.0
    values_found = values_total = 0
    for r in results:
        values_found, values_total = values_found + r["page_values"][0], values_total + r["page_values"][1]
        tables.add(r["tables"])
        cells.add(r["cells"])
        narrative.add(r["narrative"])
        pages, seconds, cpu = pages + r["pages"], seconds + r["seconds"], cpu + r["cpu"]
        t, n = r["tables"], r["narrative"]
        print(f"{r['name'][:48]:48} {r['status']:9} {r['pages']:3}p conf {r['confidence']}  tables {t.matched}/{t.expected} "
              f"({t.rate:.2f}%) mismatched {t.mismatched} covered {t.covered} missing {t.missing}  narrative "
              f"{n.matched}/{n.expected} ({n.rate:.2f}%) mismatched {n.mismatched} covered {n.covered} missing {n.missing}  "
              f"page values {r['page_values'][0]}/{r['page_values'][1]}  cells {r['cells'].matched}/{r['cells'].expected} "
              f"mismatched {r['cells'].mismatched} covered {r['cells'].covered} missing {r['cells'].missing}  {r['seconds']:.0f}s")
        notes += [f"{r['name']}: cells {line}" for line in r["cells"].notes]
        notes += [f"{r['name']}: tables {line}" for line in t.notes] + [f"{r['name']}: narrative {line}" for line in n.notes]
    summary = {"engine": args.engine, "dpi": args.dpi, "distortion": args.distortion, "format": args.format, "documents": len(results),
               "pages": pages, "table_amounts": tables.expected, "table_match_pct": round(tables.rate, 2),
               "table_mismatched": tables.mismatched, "table_mismatched_low_confidence": tables.covered,
               "table_missing": tables.missing,
               "cell_amounts": cells.expected, "cell_match_pct": round(cells.rate, 2),
               "cell_mismatched": cells.mismatched, "cell_mismatched_low_confidence": cells.covered,
               "cell_missing": cells.missing,
               "page_values_pct": round(100 * values_found / values_total, 2) if values_total else None,
               "narrative_figures": narrative.expected,
               "narrative_match_pct": round(narrative.rate, 2), "narrative_mismatched": narrative.mismatched,
               "narrative_mismatched_low_confidence": narrative.covered, "narrative_missing": narrative.missing,
               "ocr_pages_per_second_wall_per_worker": round(pages / seconds, 3) if seconds else None,
               "ocr_cpu_seconds_per_page": round(cpu / pages, 2) if pages else None}
    print(json.dumps(summary, ensure_ascii=False))
    out = args.workdir / f"mismatches-{args.engine}-{args.dpi}-{args.distortion}-{args.format}.txt"
    out.write_text("\n".join(notes) + "\n", encoding="utf-8")
    print(f"mismatches: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
