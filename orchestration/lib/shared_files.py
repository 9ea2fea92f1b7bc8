"""Files every run's report folder holds alike, kept once on disk.

Great Expectations copies its Data Docs' styles, fonts and images (about 4 MB) into every run's folder: of the
5.3 MB a one-document re-run left, 4 MB were those copies. Each copy becomes a hard link to one file per content in
the runs folder's `.shared` store, so the pages still find them where they link and an old run's folder can still be
copied or zipped whole; only the disk holds them once. Where a link cannot be made (another file system, a file system
without hard links), the copy stays as it was.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

SHARED_DIR = ".shared"


def link_to_shared(folder: Path, shared: Path) -> int:
    """Replace every file under `folder` by a hard link to the file of the same bytes in `shared` (the first of its
    content is put there); returns the bytes no longer stored twice.

    Only for files nothing writes again: a write into a linked file would reach every run's copy."""
    if not folder.is_dir():
        return 0
    shared.mkdir(parents=True, exist_ok=True)
    saved = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        data = path.read_bytes()
        keep = shared / (hashlib.sha256(data).hexdigest() + path.suffix)
        try:
            if not keep.exists():
                os.link(path, keep)  # this run's copy becomes the shared one
                continue
            if keep.stat().st_ino == path.stat().st_ino:
                continue
            spare = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
            os.link(keep, spare)
            os.replace(spare, path)  # one rename: the page never sees the file missing
        except OSError:
            continue
        saved += len(data)
    return saved
