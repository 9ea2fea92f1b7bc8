"""Operations: bad input, duplicates, corrected versions, reprocessing and a killed run.

Each scenario runs the real pipeline; the good documents' figures must stay present and unchanged.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from orchestration.lib.parallel import ExtractionJob, extract_many
from orchestration.lib.store import stage_file
from orchestration.runs import reprocess, run_pipeline
from orchestration.settings import load_settings
from sample_corpus import generate_corpus

pytestmark = pytest.mark.slow


def _query(path: Path, sql: str, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=StandardEncryption("secret", canPrint=0))
    pdf.drawString(100, 700, "locked")
    pdf.save()
    return buffer.getvalue()


def _scanned_pdf() -> bytes:
    """Pages of pictures only: no text layer at all."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(2):
        for y in range(100, 700, 40):
            pdf.rect(80, y, 400, 20, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _finance(warehouse: Path) -> dict[str, tuple]:
    return {
        name: (income, expense)
        for name, income, expense in _query(
            warehouse,
            "select d.file_name, f.income_total, f.expense_total from marts.fct_department_finance f "
            "join marts.dim_document d using (document_id)",
        )
    }


@pytest.fixture(scope="module")
def ops(tmp_path_factory):
    root = tmp_path_factory.mktemp("ops")
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    inbox, expected = root / "inbox", root / "expected"
    generated = generate_corpus(inbox, expected, n=3, seed=11, formats=("pdf", "txt", "docx"), layouts="classic")
    pdf = next(g.path for g in generated if g.format == "pdf")
    txt = next(g.path for g in generated if g.format == "txt")
    docx = next(g.path for g in generated if g.format == "docx")
    # a text document of another department, re-encoded in GB18030
    gbk_dir = root / "gbk"
    gbk = generate_corpus(gbk_dir, root / "gbk_expected", n=1, seed=12, formats=("txt",), layouts="classic")[0]
    (inbox / "gbk-encoded.txt").write_bytes(gbk.path.read_text(encoding="utf-8").encode("gb18030"))
    bad = {
        "empty.pdf": b"",
        "truncated.pdf": pdf.read_bytes()[: len(pdf.read_bytes()) // 3],
        "encrypted.pdf": _encrypted_pdf(),
        "scanned.pdf": _scanned_pdf(),
        "picture.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        "archive.zip": _zip_bytes(),
        "nonsense.txt": "随便写的一些文字\t没有表格\n12\t34\n".encode("utf-8"),
    }
    for name, data in bad.items():
        (inbox / name).write_bytes(data)
    # a Word document (of another department) whose name says PDF
    word = generate_corpus(root / "word", root / "word_expected", n=1, seed=13, formats=("docx",), layouts="classic")[0]
    shutil.copyfile(word.path, inbox / "word-named-as.pdf")
    (inbox / "huge.txt").write_bytes(b"x" * 3_000_000)
    os.environ["GONGKAI_MAX_FILE_MB"] = "2"
    try:
        settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
        summary = run_pipeline(settings)
    finally:
        del os.environ["GONGKAI_MAX_FILE_MB"]
    return {"root": root, "settings": settings, "summary": summary, "inbox": inbox, "generated": generated,
            "txt": txt, "docx": docx, "word": word}


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a disclosure")
    return buffer.getvalue()


def test_bad_inputs_get_a_status_and_a_reason_and_the_run_goes_on(ops):
    rows = {
        name: (status, reason)
        for name, status, reason in _query(
            ops["settings"].warehouse, "select file_name, status, coalesce(status_reason, '') from marts.dim_document"
        )
    }
    assert rows["empty.pdf"][0] == "failed" and "empty" in rows["empty.pdf"][1]
    assert rows["truncated.pdf"][0] == "failed" and "truncated" in rows["truncated.pdf"][1]
    assert rows["encrypted.pdf"][0] == "failed" and "encrypted" in rows["encrypted.pdf"][1]
    assert rows["scanned.pdf"][0] == "needs_ocr" and "OCR" in rows["scanned.pdf"][1]
    # a PNG is read by OCR now; one that is not a picture at all still fails, saying so
    assert rows["picture.png"][0] == "failed" and "could not be decoded" in rows["picture.png"][1]
    assert rows["archive.zip"][0] == "failed" and "neither Word nor Excel" in rows["archive.zip"][1]
    assert rows["huge.txt"][0] == "failed" and "limit" in rows["huge.txt"][1]
    assert rows["word-named-as.pdf"][0] == "loaded"
    assert rows["gbk-encoded.txt"][0] == "loaded"
    for generated in ops["generated"]:
        assert rows[generated.path.name][0] == "loaded"
    assert ops["summary"].files_seen == len(list(ops["inbox"].iterdir()))


def test_gbk_text_and_misleading_extension_are_read_correctly(ops):
    departments = dict(_query(ops["settings"].warehouse, "select file_name, department_name from marts.dim_document"))
    assert departments["gbk-encoded.txt"]
    assert departments["word-named-as.pdf"] == ops["word"].department_name
    formats = dict(_query(ops["settings"].warehouse, "select file_name, file_format from marts.dim_document"))
    assert formats["word-named-as.pdf"] == "docx"


def test_nonsense_document_is_caught_by_extraction_sanity(ops):
    findings = _query(
        ops["settings"].warehouse,
        """select r.rule_id from quality.check_results r join marts.dim_document d using (document_id)
           where d.file_name = 'nonsense.txt' and r.outcome = 'failed' and r.severity = 'error'""",
    )
    assert ("sanity.document_identity",) in findings


def test_a_document_with_error_level_findings_is_withheld_from_the_fact_marts(ops):
    warehouse = ops["settings"].warehouse
    status, reason, document_id = _query(
        warehouse, "select status, status_reason, document_id from marts.dim_document where file_name = 'nonsense.txt'")[0]
    assert status == "blocked" and "sanity.document_identity" in reason
    assert _query(warehouse, "select count(*) from marts.fct_department_finance where document_id = ?", [document_id]) == [(0,)]
    # raw keeps what was extracted, for a reviewer to inspect
    assert _query(warehouse, "select count(*) from raw.documents where document_id = ?", [document_id]) == [(1,)]
    # documents with warnings only (the generated ones have none at error level) stay in the marts
    for generated in ops["generated"]:
        assert _query(warehouse, "select status from marts.dim_document where file_name = ?", [generated.path.name]) == [("loaded",)]
    assert any(name == "nonsense.txt" for name, _, _ in ops["summary"].failed)


def test_a_file_that_vanishes_is_reported_not_raised(tmp_path):
    gone = tmp_path / "gone.pdf"
    gone.write_bytes(b"%PDF-1.4")
    gone.unlink()
    entry = stage_file(gone, tmp_path / "store", 10**9)
    assert entry.document_id == "" and "cannot read" in entry.error


def test_a_stored_file_that_vanishes_before_extraction_fails_alone(tmp_path):
    good = generate_corpus(tmp_path / "inbox", tmp_path / "expected", n=1, seed=21, formats=("txt",), layouts="classic")[0]
    gone = tmp_path / "store" / "ab" / "gone.pdf"
    jobs = [ExtractionJob("a" * 64, str(gone), "gone.pdf"), ExtractionJob("b" * 64, str(good.path), good.path.name)]
    first, second = list(extract_many(jobs, tmp_path / "store", workers=2))
    assert (first.status, first.document_id) == ("failed", "a" * 64)
    assert "gone.pdf" in first.error and "cannot read" in first.error
    assert second.status == "loaded" and second.facts > 0
    # each worker wrote its document's records into the store, the failure included
    from orchestration.lib.extracted import is_extracted
    from ingestion import PARSER_VERSION
    assert is_extracted(tmp_path / "store", PARSER_VERSION, "a" * 64) and is_extracted(tmp_path / "store", PARSER_VERSION, "b" * 64)


def test_same_bytes_under_another_name_add_nothing(ops):
    settings = ops["settings"]
    before = _finance(settings.warehouse)
    shutil.copyfile(ops["txt"], ops["inbox"] / "copy-of-the-same.txt")
    again = run_pipeline(settings)
    assert again.documents_extracted == 0
    assert _finance(settings.warehouse) == before
    sources = _query(
        settings.warehouse,
        "select count(*) from raw.document_sources where document_id = (select document_id from marts.dim_document where file_name = ?)",
        [ops["txt"].name],
    )[0][0]
    assert sources == 2


def test_a_corrected_version_supersedes_the_old_one_which_stays_in_history(ops):
    settings = ops["settings"]
    text = ops["txt"].read_text(encoding="utf-8")
    corrected = text + "\n本公开为更正版，替代此前发布的版本。\n"
    (ops["inbox"] / "corrected.txt").write_text(corrected, encoding="utf-8")
    run_pipeline(settings)
    statuses = dict(_query(settings.warehouse, "select file_name, status from marts.dim_document"))
    assert statuses[ops["txt"].name] == "superseded"
    assert statuses["corrected.txt"] == "loaded"
    in_finance = {row[0] for row in _query(
        settings.warehouse,
        "select d.file_name from marts.fct_department_finance join marts.dim_document d using (document_id)",
    )}
    assert "corrected.txt" in in_finance and ops["txt"].name not in in_finance
    # the old version's raw facts stay queryable
    old_facts = _query(
        settings.warehouse,
        "select count(*) from raw.table_facts where document_id = (select document_id from marts.dim_document where file_name = ?)",
        [ops["txt"].name],
    )[0][0]
    assert old_facts > 0


def test_reprocess_reextracts_every_stored_document_and_reports_changes(ops):
    settings = ops["settings"]
    before = _finance(settings.warehouse)
    report = reprocess(settings)
    assert report.documents >= len(ops["generated"])
    assert report.changed == []  # the same parser gives the same facts
    assert _finance(settings.warehouse) == before


def test_killed_run_leaves_the_published_warehouse_as_it_was(ops, tmp_path):
    settings = ops["settings"]
    published = settings.warehouse
    digest = hashlib.sha256(published.read_bytes()).hexdigest()
    before = _finance(published)
    more = generate_corpus(ops["inbox"], tmp_path / "expected", n=2, seed=99, formats=("txt", "pdf"), layouts="classic")
    env = {**os.environ, "GONGKAI_WORKERS": "1"}
    log = (tmp_path / "killed-run.log").open("wb")  # a file, not a pipe nobody reads: the run must not block on it
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "run", "--inbox", str(ops["inbox"]), "--warehouse", str(published)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 120
    # wait until the run is writing its build copy, then kill it mid-materialization
    while time.time() < deadline and process.poll() is None:
        if settings.build_path.exists() and settings.build_path.stat().st_mtime > published.stat().st_mtime + 0.5:
            break
        time.sleep(0.2)
    time.sleep(2.0)
    assert process.poll() is None, "the run finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    log.close()
    assert hashlib.sha256(published.read_bytes()).hexdigest() == digest
    assert _finance(published) == before
    finished = run_pipeline(settings)
    after = _finance(published)
    for name, figures in before.items():
        if name in after:
            assert after[name] == figures
    for generated in more:
        assert generated.path.name in after, generated.path.name
    assert not finished.nothing_to_do
    # the killed run is no longer shown as running, and it gave back the writer slot
    instance = dg.DagsterInstance.get()
    assert not instance.get_runs(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))


def _hold(path: Path, seconds: float) -> subprocess.Popen:
    """Another process with the file open for writing (DuckDB's lock is per process) for `seconds`."""
    script = ("import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
              "time.sleep(float(sys.argv[2])); con.close()")
    holder = subprocess.Popen([sys.executable, "-c", script, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_writer_waits_for_a_held_file_and_names_it_when_the_holder_stays(tmp_path):
    from orchestration.lib import duckdb_io as db

    path = tmp_path / "held.duckdb"
    duckdb.connect(str(path)).close()
    holder = _hold(path, 2.0)
    try:  # as the dbt of a killed run: it lets go soon, and the next writer goes on
        started = time.monotonic()
        with db.connect(path, wait_seconds=30) as con:
            assert con.execute("select 1").fetchone() == (1,)
        assert time.monotonic() - started > 1.0, "the writer opened a file another process held"
    finally:
        holder.wait(timeout=30)
    holder = _hold(path, 30.0)
    try:
        with pytest.raises(db.WarehouseLocked, match="held.duckdb: another process holds it"):
            with db.connect(path, wait_seconds=1):
                pass
    finally:
        holder.kill()
        holder.wait(timeout=30)
