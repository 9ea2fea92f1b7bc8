"""Batches: a load's extractions compacted on the workers into one Parquet file per record type.

One folder per document keeps extraction tasks atomic and independent (lib.extracted), but the single DuckDB
writer then opens every small file: about half a millisecond per file and record type, so at 2,000 documents the
loader spends most of its time opening files rather than inserting rows. Before a large load the workers, which
scale out, merge the pending documents' files into batches (`<extracted>/.batches/<warehouse>/<parser_version>/<key>/`, with
the same file names as a document's folder), and the writer, which cannot scale out, reads a few large files.

A batch is derived data: named by the digests of its members (a batch is rewritten only if one of them changed),
written atomically as a document's folder is, outside the glob that finds pending documents, kept apart per
warehouse, and removed once the warehouse holds its rows (what a failed load leaves, the next load clears). Losing
one costs a re-compaction, never data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import duckdb

from orchestration.lib.duckdb_io import sql_list
from orchestration.lib.extracted import RECORD_FILES, TMP_DIR, filesystem, is_local, store_url

BATCHES_DIR = ".batches"  # beside the parser folders, never matched by `<parser_version>/*/*/document.parquet`
MAX_BATCH_DOCUMENTS = 250  # large enough that opening a file is cheap beside reading it, small enough to spread
FILE_NAMES = [f"{attr}.parquet" for attr, _, _ in RECORD_FILES] + ["document.parquet"]  # document last, as ever


def batch_size(documents: int, workers: int) -> int:
    """Documents per batch: every worker gets a batch, none gets more than MAX_BATCH_DOCUMENTS."""
    per_worker = -(-documents // max(1, workers))
    return max(1, min(MAX_BATCH_DOCUMENTS, per_worker))


def split(folders: list[tuple[str, str]], workers: int) -> list[list[tuple[str, str]]]:
    size = batch_size(len(folders), workers)
    return [folders[i:i + size] for i in range(0, len(folders), size)]


def namespace_of(warehouse_build: str | Path) -> str:
    """Batches of one warehouse apart from another's sharing the store: neither clears nor removes the other's."""
    return hashlib.sha256(str(warehouse_build).encode()).hexdigest()[:16]


def batch_folder(root: str, parser_version: str, namespace: str, members: list[tuple[str, str]],
                 digests: list[str]) -> str:
    """Named by its members and their extraction digests: a changed member makes a new batch."""
    key = hashlib.sha256("\n".join(sorted(f"{d}\t{x}" for (d, _), x in zip(members, digests))).encode()).hexdigest()
    fs, base = filesystem(root)
    return store_url(fs, f"{base}/{BATCHES_DIR}/{namespace}/{parser_version}/{key[:32]}")


def _digests(con, members: list[tuple[str, str]]) -> list[str]:
    rows = dict(con.execute(f"select document_id, extraction_digest from read_parquet("
                            f"{sql_list([f'{folder}/document.parquet' for _, folder in members])})").fetchall())
    return [rows.get(d, "") for d, _ in members]


def _merge_into(con, local: Path, members: list[tuple[str, str]]) -> None:
    for name in FILE_NAMES:
        files = sql_list([f"{folder}/{name}" for _, folder in members])
        target = str(local / name).replace("'", "''")
        con.execute(f"copy (select * from read_parquet({files}, union_by_name = true)) "
                    f"to '{target}' (format parquet, compression zstd)")


def write_batch(root: str, parser_version: str, namespace: str, members: list[tuple[str, str]]) -> str:
    """The task: the members' record files merged, one file per record type; returns the batch's folder.

    `members`: (document_id, folder) as the loader found them (lib.duckdb_io.pending_extractions)."""
    fs, base = filesystem(root)
    members = [(d, store_url(fs, folder)) for d, folder in members]
    con = duckdb.connect()
    try:
        con.execute("set threads = 1")  # one core per task: the workers are the parallelism
        if not is_local(fs):
            con.register_filesystem(fs)
        target = batch_folder(root, parser_version, namespace, members, _digests(con, members))
        if fs.exists(f"{target}/document.parquet"):  # the same members compacted before (a retried load)
            return target
        if not is_local(fs):
            with tempfile.TemporaryDirectory(prefix="gongkai-batch-") as scratch:
                _merge_into(con, Path(scratch), members)
                for name in FILE_NAMES:  # document.parquet last: the batch exists once it is there
                    fs.put_file(str(Path(scratch) / name), f"{target}/{name}")
            return target
        tmp = Path(base) / TMP_DIR / f"batch.{uuid.uuid4().hex}"  # written once, then renamed into place
        try:
            tmp.mkdir(parents=True)
            _merge_into(con, tmp, members)
            _swap_in(tmp, Path(target), Path(base))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return target
    finally:
        con.close()


def _swap_in(tmp: Path, target: Path, base: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not (target / "document.parquet").exists():
        _discard(target, base)  # left half-removed by a load that died: never read, in the way of the rename
    try:
        os.replace(tmp, target)
    except OSError:  # another task wrote the same batch meanwhile: the same rows
        if not (target / "document.parquet").exists():
            raise


def _discard(folder: Path, base: Path) -> None:
    """Out of the way in one rename (a batch is complete or absent, never half-removed), then deleted."""
    aside = base / TMP_DIR / f"batch.{uuid.uuid4().hex}.old"
    aside.parent.mkdir(parents=True, exist_ok=True)
    os.replace(folder, aside)
    shutil.rmtree(aside, ignore_errors=True)


def remove_batches(root: str, folders: list[str]) -> None:
    """Once the warehouse holds their rows the batches are only a second copy of the documents' own files."""
    fs, base = filesystem(root)
    for folder in folders:
        if is_local(fs):
            if Path(folder).exists():
                _discard(Path(folder), Path(base))
            continue
        if fs.exists(f"{folder}/document.parquet"):
            fs.rm(f"{folder}/document.parquet")  # the mark of a complete batch goes first
        if fs.exists(folder):
            fs.rm(folder, recursive=True)


STALE_SCRATCH_SECONDS = 24 * 3600


def clear_batches(root: str, namespace: str) -> None:
    """Before a load: this warehouse's batches that a failed or crashed load left (the writer of this warehouse is
    the only one using them, and it is about to compact again), and scratch of workers killed a day ago or more."""
    fs, base = filesystem(root)
    ours = f"{base}/{BATCHES_DIR}/{namespace}"
    if not is_local(fs):
        if fs.exists(ours):
            fs.rm(ours, recursive=True)
        return
    if Path(ours).exists():
        _discard(Path(ours), Path(base))
    now = time.time()
    for scratch in (Path(base) / TMP_DIR).glob("batch.*"):
        if now - scratch.stat().st_mtime > STALE_SCRATCH_SECONDS:
            shutil.rmtree(scratch, ignore_errors=True)
