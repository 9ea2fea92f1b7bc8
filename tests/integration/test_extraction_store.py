"""Extraction tasks are pure and atomic: the same document writes the same bytes from any process, and a write that
fails or is killed leaves no half-written extraction for the loader to read."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import fsspec
import pytest

from ingestion import PARSER_VERSION
from orchestration.lib import duckdb_io as db
from orchestration.lib.extracted import RECORD_FILES, extraction_files, is_extracted, write_extraction
from orchestration.lib.batches import clear_batches, remove_batches
from orchestration.lib.parallel import (
    PROCESSES, ExtractionJob, compact_many, extract_and_store, extract_many, extract_one, where_tasks_run,
)
from sample_corpus import generate_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    generate_corpus(folder / "inbox", folder / "expected", n=3, seed=11, formats=("pdf", "docx", "txt"))
    return sorted((folder / "inbox").iterdir())


def _job(path: Path) -> ExtractionJob:
    return ExtractionJob(f"{abs(hash(path.name)):064d}"[:64], str(path), path.name)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _extract_in_fresh_interpreter(jobs: list[ExtractionJob], root: Path) -> None:
    # another interpreter with another hash seed: set and dict orders that depend on it would change the bytes
    script = textwrap.dedent(f"""
        from orchestration.lib.parallel import ExtractionJob, extract_and_store
        for job in {[dataclasses.astuple(j) for j in jobs]!r}:
            extract_and_store(ExtractionJob(*job), {str(root)!r})
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, env={**os.environ, "PYTHONHASHSEED": "4242"})


def test_a_rerun_writes_the_same_bytes_in_any_process(corpus, tmp_path):
    jobs = [_job(p) for p in corpus]
    first, again, elsewhere = tmp_path / "first", tmp_path / "again", tmp_path / "elsewhere"
    for job in jobs:
        assert extract_and_store(job, str(first)).status == "loaded", job.source_name
        extract_and_store(job, str(again))
    _extract_in_fresh_interpreter(jobs, elsewhere)
    for job in jobs:
        folder = Path(f"{PARSER_VERSION}/{job.document_id[:2]}/{job.document_id}")
        written = _files(first / folder)
        assert len(written) == len(RECORD_FILES) + 1 and written["facts.parquet"]  # one file per record type + document
        assert _files(again / folder) == written, job.source_name
        assert _files(elsewhere / folder) == written, job.source_name
        # re-running into the same store replaces the folder with identical bytes
        extract_and_store(job, str(first))
        assert _files(first / folder) == written


def test_a_failed_write_keeps_the_earlier_extraction_and_leaves_no_temporary_files(corpus, tmp_path):
    job = _job(corpus[0])
    extraction = extract_one(job)
    extraction.document_id = job.document_id
    folder = Path(write_extraction(str(tmp_path), extraction))
    before = _files(folder)
    broken = dataclasses.replace(extraction, facts=[dataclasses.replace(extraction.facts[0], value="not a number")])
    with pytest.raises(Exception):
        write_extraction(str(tmp_path), broken)
    assert _files(folder) == before
    assert not any((tmp_path / ".tmp").iterdir())


def test_a_killed_writer_leaves_only_whole_extractions(corpus, tmp_path):
    """A writer killed at some point of a loop of writes: every extraction the loader can see is complete."""
    job = _job(next(p for p in corpus if p.suffix == ".pdf"))
    # a large extraction (the facts many times over), so that writing takes long enough to be interrupted
    script = textwrap.dedent(f"""
        import dataclasses, sys
        from orchestration.lib.extracted import write_extraction
        from orchestration.lib.parallel import ExtractionJob, extract_one
        extraction = extract_one(ExtractionJob(*{dataclasses.astuple(job)!r}))
        extraction.facts = extraction.facts * 40
        for i in range(10_000):
            write_extraction({str(tmp_path)!r}, dataclasses.replace(extraction, document_id=f"{{i:064d}}"))
            print(i, flush=True)
    """)
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for _ in range(3):
        writer.stdout.readline()
    time.sleep(0.037)  # somewhere inside a later write
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    written = sorted((tmp_path / PARSER_VERSION).glob("*/*"))
    assert len(written) >= 3
    expected_names = set(extraction_files(extract_one(job)))
    for folder in written:
        assert {p.name for p in folder.iterdir()} == expected_names, folder
    con = duckdb.connect()
    con.execute(db.raw_ddl())
    pending = db.pending_extractions(con, str(tmp_path), PARSER_VERSION)
    loaded = db.load_extracted(con, pending, {})
    assert loaded["documents"] == len(written)
    # every loaded document has all its facts: no file was cut short
    per_document = con.execute("select count(*) from raw.table_facts group by document_id").fetchall()
    assert {n for n, in per_document} == {len(extract_one(job).facts) * 40}


def _overwrite_in_place_keeping_its_stamp(path: Path) -> None:
    """Garbage of the same size in the same file, its modification time put back: unreadable, unchanged to a listing."""
    st = path.stat()
    with open(path, "r+b") as f:
        f.write(b"\0" * st.st_size)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _write_anew(path: Path, content: bytes) -> None:
    """As every extraction is written: a new file renamed into place."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def test_the_loader_lists_the_store_and_reads_only_files_written_since_it_last_looked(corpus, tmp_path):
    for job in [_job(p) for p in corpus]:
        extract_and_store(job, str(tmp_path))
    con = duckdb.connect()
    con.execute(db.raw_ddl())
    pending = db.pending_extractions(con, str(tmp_path), PARSER_VERSION)
    db.load_extracted(con, pending, {})
    assert db.scalar(con, "select count(*) from raw.extraction_stamps") == 3
    document_id, folder = pending[0]
    seen = Path(folder) / "document.parquet"
    original = seen.read_bytes()

    _overwrite_in_place_keeping_its_stamp(seen)  # reading it now would fail
    assert db.pending_extractions(con, str(tmp_path), PARSER_VERSION) == []

    _write_anew(seen, original)  # the same extraction written again: read, found loaded, not read after that
    assert db.pending_extractions(con, str(tmp_path), PARSER_VERSION) == []
    _overwrite_in_place_keeping_its_stamp(seen)
    assert db.pending_extractions(con, str(tmp_path), PARSER_VERSION) == []

    changed = duckdb.connect()  # a re-extraction with other content: pending, and read again until loaded
    _write_anew(seen, original)
    target = str(tmp_path / "changed.parquet")
    changed.execute(f"copy (select * replace ('other' as extraction_digest) from read_parquet('{seen}')) "
                    f"to '{target}' (format parquet)")
    _write_anew(seen, Path(target).read_bytes())
    assert db.pending_extractions(con, str(tmp_path), PARSER_VERSION) == [(document_id, folder)]
    assert db.pending_extractions(con, str(tmp_path), PARSER_VERSION) == [(document_id, folder)]
    db.load_extracted(con, db.pending_extractions(con, str(tmp_path), PARSER_VERSION), {})
    assert db.scalar(con, "select extraction_digest from raw.documents where document_id = ?", [document_id]) == "other"
    _overwrite_in_place_keeping_its_stamp(seen)
    assert db.pending_extractions(con, str(tmp_path), PARSER_VERSION) == []


def test_an_object_store_extraction_is_written_and_loaded_through_fsspec(corpus):
    """A store at a URL (here fsspec's in-memory file system, as s3:// would be): written object by object with
    document.parquet last, and loaded by DuckDB through the same file system."""
    root = "memory://gongkai-test/extracted"
    jobs = [_job(p) for p in corpus]
    for job in jobs:
        extract_and_store(job, root)
        assert is_extracted(root, PARSER_VERSION, job.document_id)
    con = duckdb.connect()
    con.execute(db.raw_ddl())
    pending = db.pending_extractions(con, root, PARSER_VERSION)
    assert sorted(d for d, _ in pending) == sorted(j.document_id for j in jobs)
    loaded = db.load_extracted(con, pending, {})
    assert loaded["documents"] == 3 and loaded["table_facts"] > 100
    # loaded once: the same digests are not pending again
    assert db.pending_extractions(con, root, PARSER_VERSION) == []
    fsspec.filesystem("memory").rm("/gongkai-test", recursive=True)


def _raw_rows(con) -> dict[str, list]:
    tables = ["documents", *(table for _, _, table in RECORD_FILES)]
    return {t: sorted(con.execute(f"select * exclude (extracted_at) from raw.{t}" if t == "documents"
                                  else f"select * from raw.{t}").fetchall(), key=repr) for t in tables}


def _stored(corpus, root: str) -> tuple[duckdb.DuckDBPyConnection, list[tuple[str, str]], int]:
    """The corpus extracted into a store at `root`, an empty warehouse, the pending extractions and their facts."""
    jobs = [_job(p) for p in corpus]
    for job in jobs:
        extract_and_store(job, root)
    con = duckdb.connect()
    con.execute(db.raw_ddl())
    return con, db.pending_extractions(con, root, PARSER_VERSION), sum(len(extract_one(j).facts) for j in jobs)


def test_batches_compacted_by_worker_processes_load_the_rows_of_the_documents_folders(corpus, tmp_path):
    by_folder, pending, facts = _stored(corpus, str(tmp_path))
    by_batch = duckdb.connect()
    by_batch.execute(db.raw_ddl())
    db.load_extracted(by_folder, pending, {})
    batches = compact_many(pending, tmp_path, PARSER_VERSION, "w1", workers=2, cluster=PROCESSES)
    assert len(batches) == 2 and all(Path(b, "facts.parquet").exists() for b in batches)  # 3 documents, 2 workers
    # the batches lie outside what the loader looks for: they are never taken for documents
    assert db.pending_extractions(by_batch, str(tmp_path), PARSER_VERSION) == pending
    loaded = db.load_extracted(by_batch, pending, {}, batches=batches)
    assert loaded["documents"] == 3 and loaded["table_facts"] == facts
    assert _raw_rows(by_batch) == _raw_rows(by_folder)
    # compacting the same extractions again names the same batches; once loaded they are removed
    assert compact_many(pending, tmp_path, PARSER_VERSION, "w1", workers=2, cluster=PROCESSES) == batches
    remove_batches(str(tmp_path), batches)
    assert not any(Path(b).exists() for b in batches)


def test_a_batch_that_does_not_hold_the_documents_to_load_is_refused_and_nothing_is_lost(corpus, tmp_path):
    con, pending, _ = _stored(corpus, str(tmp_path))
    db.load_extracted(con, pending, {})
    before = _raw_rows(con)
    partial = compact_many(pending[:2], tmp_path, PARSER_VERSION, "w1", workers=1)
    with pytest.raises(ValueError, match="do not hold the 3 documents to load .missing: [0-9]+; not asked for: none"):
        db.load_extracted(con, pending, {}, batches=partial)
    assert _raw_rows(con) == before


def test_batches_in_an_object_store(corpus):
    root = "memory://gongkai-batches/extracted"
    con, pending, facts = _stored(corpus, root)
    batches = compact_many(pending, root, PARSER_VERSION, "w1", workers=1)
    assert len(batches) == 1 and batches[0].startswith("memory://")
    loaded = db.load_extracted(con, pending, {}, batches=batches)
    assert loaded["documents"] == 3 and loaded["table_facts"] == facts
    remove_batches(root, batches)
    assert not fsspec.filesystem("memory").exists(batches[0])
    fsspec.filesystem("memory").rm("/gongkai-batches", recursive=True)


def test_a_batch_left_half_removed_is_rewritten_and_a_failed_loads_batches_are_cleared(corpus, tmp_path):
    con, pending, _ = _stored(corpus, str(tmp_path))
    (batch,) = compact_many(pending, tmp_path, PARSER_VERSION, "w1", workers=1)
    # a load that died while removing it: its mark of completeness gone, some record files left
    Path(batch, "document.parquet").unlink()
    Path(batch, "facts.parquet").unlink()
    assert compact_many(pending, tmp_path, PARSER_VERSION, "w1", workers=1) == [batch]
    assert {p.name for p in Path(batch).iterdir()} == {f"{a}.parquet" for a, _, _ in RECORD_FILES} | {"document.parquet"}
    # another warehouse's batches on the same store are its own: clearing one leaves the other
    (other,) = compact_many(pending, tmp_path, PARSER_VERSION, "w2", workers=1)
    clear_batches(str(tmp_path), "w1")
    assert not Path(batch).exists() and Path(other, "document.parquet").exists()
    loaded = db.load_extracted(con, pending, {}, batches=[other])
    assert loaded["documents"] == 3


def test_one_document_is_extracted_in_this_process_and_the_log_says_so(corpus, tmp_path, monkeypatch):
    # starting a LocalCluster costs about 3 s: a re-run that adds one file must not pay it
    import distributed

    def refuse(*args, **kwargs):
        raise AssertionError("a Dask cluster was started for a single document")

    monkeypatch.setattr(distributed, "LocalCluster", refuse)
    done = list(extract_many([_job(corpus[0])], tmp_path, workers=2))
    assert [d.status for d in done] == ["loaded"]
    assert where_tasks_run(1, 2, None) == "this process"
    assert where_tasks_run(3, 2, None) == "an embedded Dask cluster of 2 workers"
    assert where_tasks_run(1, 2, "tcp://scheduler:8786") == "the Dask cluster at tcp://scheduler:8786"
    assert where_tasks_run(3, 2, PROCESSES) == "a pool of 2 processes"
