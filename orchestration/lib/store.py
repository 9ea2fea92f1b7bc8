"""The inbox side of the registry: hash each file and keep an immutable copy by content hash.

`<store>/<aa>/<sha256>.<ext>` is the copy, `<store>/<aa>/<sha256>.json` (the sidecar) remembers every name the
same bytes arrived under and when they first did. This touches only the file store, never DuckDB, so the inbox
sensor can call it safely while a run is writing the warehouse.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ingestion.readers.sniff import EmptyFile, UnsupportedFormat, sniff_format

_SKIP_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp")


@dataclass(frozen=True)
class InboxFile:
    document_id: str
    source_file: str
    size_bytes: int
    stored_path: str | None  # None when the file was not kept (too large, unreadable)
    file_format: str
    error: str | None


def _sidecar(store_dir: Path, document_id: str) -> Path:
    return store_dir / document_id[:2] / f"{document_id}.json"


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def inbox_files(inbox: Path) -> list[Path]:
    if not inbox.exists():
        return []
    return sorted(
        p for p in inbox.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(_SKIP_SUFFIXES)
    )


def stage_file(path: Path, store_dir: Path, max_bytes: int) -> InboxFile:
    """Hash and store one inbox file; problems become the entry's error, never an exception."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            document_id = _hash_file(path)
            error = f"{path.name}: file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (GONGKAI_MAX_FILE_MB)"
            entry = InboxFile(document_id, source, size, None, "unknown", error)
        else:
            data = path.read_bytes()
            document_id = hashlib.sha256(data).hexdigest()
            try:
                file_format = sniff_format(data, path.name)
                error = None
            except (EmptyFile, UnsupportedFormat) as exc:
                file_format, error = "unknown", f"{path.name}: {exc}"
            stored = store_dir / document_id[:2] / f"{document_id}.{file_format if file_format != 'unknown' else 'bin'}"
            if not stored.exists():
                stored.parent.mkdir(parents=True, exist_ok=True)
                tmp = stored.with_name(stored.name + ".tmp")
                tmp.write_bytes(data)
                os.replace(tmp, stored)
                stored.chmod(0o444)
            entry = InboxFile(document_id, source, size, str(stored), file_format, error)
    except OSError as exc:
        # the file vanished or cannot be read: record nothing under a hash we do not know
        return InboxFile("", source, 0, None, "unknown", f"{path.name}: cannot read file ({exc.strerror or exc})")
    _note_source(store_dir, entry)
    return entry


def _note_source(store_dir: Path, entry: InboxFile) -> None:
    """The sidecar remembers every name the same bytes arrived under."""
    sidecar = _sidecar(store_dir, entry.document_id)
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    note = json.loads(sidecar.read_text()) if sidecar.exists() else {
        **entry.__dict__, "sources": [], "registered_at": datetime.now(timezone.utc).replace(tzinfo=None).isoformat()}
    if entry.source_file not in note["sources"]:
        note["sources"].append(entry.source_file)
        tmp = sidecar.with_name(sidecar.name + ".tmp")
        tmp.write_text(json.dumps(note, ensure_ascii=False))
        os.replace(tmp, sidecar)


def stage_inbox(inbox: Path, store_dir: Path, max_bytes: int) -> list[InboxFile]:
    return [stage_file(path, store_dir, max_bytes) for path in inbox_files(inbox)]


@dataclass(frozen=True)
class StagedDocument:
    document_id: str
    sources: list[str]  # every inbox path these bytes arrived under, first first
    size_bytes: int
    stored_path: str | None
    file_format: str
    error: str | None
    registered_at: datetime | None = None

    def registry_row(self) -> dict:
        """The registry's columns of raw.documents (duckdb_io.REGISTRY_COLUMNS)."""
        return {"source_file": self.sources[0], "file_name": Path(self.sources[0]).name,
                "stored_path": self.stored_path or "", "size_bytes": self.size_bytes, "registered_at": self.registered_at}


def staged_entry(store_dir: Path, document_id: str) -> StagedDocument | None:
    sidecar = _sidecar(store_dir, document_id)
    if not sidecar.exists():
        return None
    note = json.loads(sidecar.read_text())
    return StagedDocument(
        document_id=note["document_id"],
        sources=note.get("sources") or [note["source_file"]],
        size_bytes=note["size_bytes"],
        stored_path=note["stored_path"],
        file_format=note["file_format"],
        error=note["error"],
        registered_at=datetime.fromisoformat(note["registered_at"]) if note.get("registered_at")
        else datetime.fromtimestamp(sidecar.stat().st_mtime, timezone.utc).replace(tzinfo=None),
    )


def staged_documents(store_dir: Path) -> list[StagedDocument]:
    """Every document the store holds, first registered first."""
    entries = [staged_entry(store_dir, p.stem) for p in sorted(Path(store_dir).glob("??/*.json"))]
    return sorted((e for e in entries if e is not None), key=lambda e: (e.registered_at or datetime.min, e.document_id))
