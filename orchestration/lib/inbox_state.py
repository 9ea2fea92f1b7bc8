"""What the inbox sensor has seen: each inbox file's size and modification time.

Kept in files beside the store, named by a digest of their content, and the sensor's cursor is only that digest:
Dagster copies a sensor's cursor into every tick it records, and a map of every file in a large inbox, copied
every few seconds, would grow the instance by gigabytes a day. A cursor reset in the UI still means "seen
nothing" (the next tick hashes every file again and finds the documents it knows), and a state file that is gone
means the same.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from orchestration.lib.store import inbox_files

# states kept: the newest, and the one before in case the tick that wrote the newest did not record its cursor
_KEEP = 3


def signature(size: int, mtime_ns: int) -> str:
    return f"{size}:{mtime_ns}"


def scan(inbox: Path) -> dict[str, tuple[int, int]]:
    """Every inbox file's (size, mtime_ns)."""
    out = {}
    for path in inbox_files(inbox):
        try:
            stat = path.stat()
        except OSError:
            continue  # vanished between listing and stat: the next tick sees whether it is back
        out[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return out


def load(folder: Path, cursor: str | None) -> dict[str, str]:
    if not cursor:
        return {}
    try:
        return json.loads((folder / f"{cursor}.json").read_text())
    except (OSError, ValueError):
        return {}


def save(folder: Path, seen: dict[str, str]) -> str:
    """Store `seen` and return the cursor that names it (the same content gives the same cursor)."""
    text = json.dumps(seen, sort_keys=True, ensure_ascii=False)
    cursor = hashlib.sha256(text.encode()).hexdigest()[:32]
    target = folder / f"{cursor}.json"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        tmp.write_text(text)
        os.replace(tmp, target)
    os.utime(target)  # the newest by mtime, even when an earlier tick wrote the same content
    for old in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)[_KEEP:]:
        old.unlink(missing_ok=True)
    return cursor
