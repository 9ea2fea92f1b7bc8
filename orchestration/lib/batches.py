"""Batches: a load's extractions compacted on the workers into one Parquet file per record type.

One folder per document keeps extraction tasks atomic and independent (lib.extracted), but the single DuckDB
writer then opens every small file: about half a millisecond per file and record type, so at 2,000 documents the
loader spends most of its time opening files rather than inserting rows. Before a large load the workers, which
scale out, merge the pending documents' files into batches (`<extracted>/.batches/<parser_version>/<key>/`, with
the same file names as a document's folder), and the writer, which cannot scale out, reads a few large files.

A batch is derived data: named by the digests of its members (a batch is rewritten only if one of them changed),
written atomically as a document's folder is, outside the glob that finds pending documents, and removed once the
warehouse holds its rows. Losing one costs a re-compaction, never data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb

from orchestration.lib.extracted import RECORD_FILES, TMP_DIR, filesystem, is_local

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


def _url(fs, path: str) -> str:
    """A path DuckDB and fsspec both read: local as it is, otherwise with its protocol (as the loader finds folders)."""
    if is_local(fs) or "://" in path:
        return path
    return f"{fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]}://{path}"


def batch_folder(root: str, parser_version: str, members: list[tuple[str, str]], digests: list[str]) -> str:
    """Named by its members and their extraction digests: a changed member makes a new batch."""
    key = hashlib.sha256("\n".join(sorted(f"{d}\t{x}" for (d, _), x in zip(members, digests))).encode()).hexdigest()
    fs, base = filesystem(root)
    return _url(fs, f"{base}/{BATCHES_DIR}/{parser_version}/{key[:32]}")


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _digests(con, members: list[tuple[str, str]]) -> list[str]:
    rows = dict(con.execute(f"select document_id, extraction_digest from read_parquet("
                            f"{_sql_list([f'{folder}/document.parquet' for _, folder in members])})").fetchall())
    return [rows.get(d, "") for d, _ in members]


def _merge_into(con, local: Path, members: list[tuple[str, str]]) -> None:
    for name in FILE_NAMES:
        files = _sql_list([f"{folder}/{name}" for _, folder in members])
        target = str(local / name).replace("'", "''")
        con.execute(f"copy (select * from read_parquet({files}, union_by_name = true)) "
                    f"to '{target}' (format parquet, compression zstd)")


def write_batch(root: str, parser_version: str, members: list[tuple[str, str]]) -> str:
    """The task: the members' record files merged, one file per record type; returns the batch's folder.

    `members`: (document_id, folder) as the loader found them (lib.duckdb_io.pending_extractions)."""
    fs, base = filesystem(root)
    members = [(d, _url(fs, folder)) for d, folder in members]
    con = duckdb.connect()
    try:
        con.execute("set threads = 1")  # one core per task: the workers are the parallelism
        if not is_local(fs):
            con.register_filesystem(fs)
        target = batch_folder(root, parser_version, members, _digests(con, members))
        if fs.exists(f"{target}/document.parquet"):  # the same members compacted before (a retried load)
            return target
        with tempfile.TemporaryDirectory(prefix="gongkai-batch-") as scratch:
            local = Path(scratch)
            _merge_into(con, local, members)
            return _put(fs, base, local, target)
    finally:
        con.close()


def _put(fs, base: str, local: Path, target: str) -> str:
    if not is_local(fs):
        for name in FILE_NAMES:  # document.parquet last: the batch exists once it is there
            fs.put_file(str(local / name), f"{target}/{name}")
        return target
    tmp = Path(base) / TMP_DIR / f"batch.{uuid.uuid4().hex}"
    try:
        shutil.copytree(local, tmp)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(tmp, target)
        except OSError:  # another task wrote the same batch meanwhile: the same rows
            if not (Path(target) / "document.parquet").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def remove_batches(root: str, folders: list[str]) -> None:
    """Once the warehouse holds their rows the batches are only a second copy of the documents' own files."""
    fs, _ = filesystem(root)
    for folder in folders:
        if fs.exists(folder):
            fs.rm(folder, recursive=True)
