"""Planted-fault harness: does the quality report find what a careful reviewer finds, and nothing else?

    .venv/bin/python benchmarks/planted_faults.py [--documents FILE ...] [--kinds KIND ...] [--workdir DIR]

For every corpus document (default: all of ../shared/corpus but the blank national template) it writes the clean
text the faults are planted in (the document itself for a text file; for a PDF, its text conversion: our reader's
lines, table rows tab-separated, one line per line read — editing a PDF's text layer in place is not reliable, and a
generated PDF would not be the real document) and one copy per fault kind (benchmarks/plants.py) with that one fault
planted. One real pipeline run (orchestration.runs.run_pipeline) processes them all; a fault is found when its copy's
report has a failed warning or error the clean text's report does not have (the plant changes one line and no line
count, so the clean copy's findings keep their places). The clean originals run on their own, in a second warehouse:
rules that read a department's other documents (its prior year) must not see the planted copies there.

Prints recall per kind and document, the rules that found each fault, and — the false-alarm check — every warning
and error the clean originals raise, to be judged by reading the page. Writes results.json into the workdir."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.plants import KINDS, Plant  # noqa: E402
from ingestion.document import extract_document  # noqa: E402
from ingestion.readers import read_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REPORTED = ("warning", "error")


@dataclass
class Planted:
    document: str  # the corpus file
    kind: str
    file_name: str | None  # the planted copy in the inbox (None: the document has no place for this kind)
    baseline: str  # the clean text the copy was made from
    plant: Plant | None = None
    found_by: list[str] = field(default_factory=list)
    new_findings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.found_by)


def default_documents() -> list[Path]:
    files = sorted(CORPUS.glob("texts/*.txt")) + sorted(CORPUS.glob("pdf/*.pdf")) + sorted(CORPUS.glob("budget/*.pdf"))
    return [f for f in files if "template" not in f.name]


def text_conversion(path: Path) -> str:
    """A PDF as text our text reader reads back: one line per line the PDF reader returns, table rows tab-separated."""
    parsed = read_document(path, path.read_bytes())
    lines = []
    for block in parsed.blocks:
        cells = [c.replace("\n", " ").replace("\t", " ") for c in block.cells]
        lines.append("\t".join(cells) if block.kind == "row" else " ".join(c for c in cells if c))
    return "\n".join(lines) + "\n"


def prepare(documents: list[Path], kinds: list[str], workdir: Path) -> list[Planted]:
    """Write the inboxes: the originals (clean/inbox), the clean texts and planted copies (planted/inbox); returns what
    was planted where."""
    originals, inbox = workdir / "clean" / "inbox", workdir / "planted" / "inbox"
    for folder in (originals, inbox):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    planted: list[Planted] = []
    for path in documents:
        shutil.copy(path, originals / path.name)
        if path.suffix.lower() == ".pdf":
            clean = text_conversion(path)
            baseline = f"{path.stem}.text.txt"
            (inbox / baseline).write_text(clean, encoding="utf-8")
        else:
            clean = path.read_text(encoding="utf-8")
            baseline = path.name
            (inbox / baseline).write_text(clean, encoding="utf-8")
        extraction = extract_document(inbox / baseline)
        doc = {"department_name": extraction.department_name, "fiscal_year": extraction.fiscal_year,
               "doc_kind": extraction.doc_kind}
        lines = clean.split("\n")
        for kind in kinds:
            plant = KINDS[kind](lines, extraction, doc) if doc["fiscal_year"] else None
            if plant is None:
                planted.append(Planted(path.name, kind, None, baseline))
                continue
            copy = list(lines)
            copy[plant.line_no - 1] = plant.after
            name = f"{path.stem}.{kind}.txt"
            (inbox / name).write_text("\n".join(copy), encoding="utf-8")
            planted.append(Planted(path.name, kind, name, baseline, plant))
    return planted


def run(workdir: Path):
    """The real pipeline over workdir/inbox, in a warehouse and Dagster instance of the workdir's own."""
    from orchestration.runs import run_pipeline
    from orchestration.settings import load_settings

    for stale in ("gongkai.duckdb", "gongkai.duckdb.build", "store", "runs", "dagster_home"):
        target = workdir / stale
        shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(workdir / "dagster_home")
    try:
        return run_pipeline(load_settings(warehouse=workdir / "gongkai.duckdb", inbox=workdir / "inbox"))
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = previous


def findings(warehouse: Path) -> dict[str, list[dict]]:
    """file name → the failed warnings and errors of the last run."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(f"""
            select file_name, rule_id, severity, table_name, page, line_no, observed, expected, message
            from quality.check_results
            where outcome = 'failed' and severity in {REPORTED}
              and run_id = (select run_id from quality.check_results order by checked_at desc limit 1)
            order by file_name, rule_id, line_no, page""").fetchall()
    finally:
        con.close()
    columns = ("file_name", "rule_id", "severity", "table_name", "page", "line_no", "observed", "expected", "message")
    out: dict[str, list[dict]] = {}
    for row in rows:
        record = dict(zip(columns, row))
        out.setdefault(record["file_name"], []).append(record)
    return out


def _key(f: dict) -> tuple:
    rounded = lambda v: None if v is None else round(v, 4)  # noqa: E731
    return f["rule_id"], f["table_name"], f["page"], f["line_no"], rounded(f["observed"]), rounded(f["expected"])


def evaluate(planted: list[Planted], found: dict[str, list[dict]]) -> None:
    for p in planted:
        if p.file_name is None:
            continue
        # counted, not only compared: a second failure of one rule on one line (another item of one list) is new too
        before = Counter(_key(f) for f in found.get(p.baseline, []))
        new = []
        for f in found.get(p.file_name, []):
            if before[_key(f)] > 0:
                before[_key(f)] -= 1
            else:
                new.append(f)
        p.found_by = sorted({f["rule_id"] for f in new})
        p.new_findings = [f"{f['rule_id']} ({f['severity']}) line {f['line_no']}: {f['message'][:200]}" for f in new]


def report(planted: list[Planted], found: dict[str, list[dict]], documents: list[Path]) -> str:
    kinds = list(dict.fromkeys(p.kind for p in planted))
    names = [d.name for d in documents]
    short = {n: n.split("-2")[0][:16] for n in names}
    out = ["Recall per kind (✓ found, ✗ missed, · no place for this kind in the document)", ""]
    out.append(f"{'kind':26}" + "".join(f"{short[n]:>18}" for n in names) + f"{'recall':>10}")
    for kind in kinds:
        cells, hits, tries = [], 0, 0
        for n in names:
            p = next(x for x in planted if x.document == n and x.kind == kind)
            if p.file_name is None:
                cells.append("·")
            else:
                tries += 1
                hits += p.found
                cells.append("✓" if p.found else "✗")
        out.append(f"{kind:26}" + "".join(f"{c:>18}" for c in cells) + f"{hits:>6}/{tries:<3}")
    total = [p for p in planted if p.file_name]
    out.append(f"\nall kinds: {sum(p.found for p in total)}/{len(total)} planted faults found")
    out.append("\nWhat found each fault (rules) and what was missed:")
    for p in total:
        mark = "found by " + ", ".join(p.found_by) if p.found else "MISSED"
        out.append(f"  {p.document} · {p.kind} (line {p.plant.line_no}: {p.plant.note}): {mark}")
    out.append("\nFalse-alarm check: every warning and error on the clean originals")
    for n in names:
        clean = found.get(n, [])
        out.append(f"  {n}: {len(clean)}")
        for f in clean:
            where = f"p.{f['page']}" if f["page"] is not None else f"line {f['line_no']}"
            out.append(f"    [{f['severity']}] {f['rule_id']} {where}: {f['message'][:220]}")
    return "\n".join(out)


def harness(documents: list[Path], kinds: list[str], workdir: Path,
            clean: bool = True) -> tuple[list[Planted], dict[str, list[dict]]]:
    """Plant, run, evaluate. Returns what was planted (found or not) and the clean originals' findings (empty when
    `clean` is false: the false-alarm run is skipped)."""
    workdir.mkdir(parents=True, exist_ok=True)
    planted = prepare(documents, kinds, workdir)
    run(workdir / "planted")
    evaluate(planted, findings(workdir / "planted" / "gongkai.duckdb"))
    if not clean:
        return planted, {}
    run(workdir / "clean")
    return planted, findings(workdir / "clean" / "gongkai.duckdb")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", nargs="*", type=Path, default=None)
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/gongkai_planted_faults"))
    args = parser.parse_args()
    documents = args.documents or default_documents()
    started = time.perf_counter()
    planted, found = harness(documents, args.kinds, args.workdir)
    print(report(planted, found, documents))
    print(f"\n{len(documents)} documents, {sum(1 for p in planted if p.file_name)} planted copies, "
          f"{time.perf_counter() - started:.0f} s")
    results = [{**asdict(p), "found": p.found} for p in planted]
    (args.workdir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
