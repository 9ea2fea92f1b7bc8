"""The dbt manifest the Dagster definitions are built from: prepared in this one place.

`gongkai` commands and `make install` call `ensure_manifest()` before loading the definitions; it parses the
project when the manifest is missing or older than any model, macro, seed or test (a stale manifest names tests
the project no longer has and the run fails on them). The definitions never parse at import time.

`parse_for(vars_json)` keeps dbt's partial parsing usable by a run's builds. dbt reuses its parse state
(target/partial_parse.msgpack, which lib.dbt_build copies into its parse's target path) only when the --vars and
the rendered profile are those it was parsed with; the warehouse path a run passes differs from the plain parse's,
so a run's parse was a whole one (about 2.6 s). Parsing once with the run's vars makes the next runs on the same
warehouse partial parses.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
PARTIAL_PARSE = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"  # dbt's parse state, copied into each build
PARSED_FOR = DBT_PROJECT_DIR / "target" / "parsed_for.json"  # the --vars of the parse that wrote that state


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv's), whether or not the venv is on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def _project_files() -> list[Path]:
    sources = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        sources += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    return [p for p in sources if p.exists()]


def project_stamp() -> tuple:
    """Changes whenever a project file is edited, added or removed (a parsed project is then out of date)."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in _project_files()))


def manifest_is_stale() -> bool:
    newest = max((p.stat().st_mtime for p in _project_files()), default=0.0)
    return not MANIFEST.exists() or MANIFEST.stat().st_mtime < newest


def _parse(vars_json: str | None, target_path: Path | None = None) -> None:
    command = [dbt_executable(), "parse", "--quiet", "--profiles-dir", str(DBT_PROJECT_DIR)]
    command += ["--vars", vars_json] if vars_json else []
    command += ["--target-path", str(target_path)] if target_path else []
    result = subprocess.run(command, cwd=DBT_PROJECT_DIR, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")


def ensure_manifest() -> Path:
    if manifest_is_stale():
        _parse(None)
    return MANIFEST


def _state_stamp() -> list[int] | None:
    """Which parse state is in place: a plain `dbt parse` or `dbt build` in the project rewrites it too."""
    try:
        stat = PARTIAL_PARSE.stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _parsed_for() -> str | None:
    try:
        marker = json.loads(PARSED_FOR.read_text())
    except (OSError, ValueError):
        return None
    return marker.get("vars") if marker.get("state") == _state_stamp() else None


def parse_for(vars_json: str) -> None:
    """Leave the project's parse state as dbt needs it to partially parse a build run with these --vars.

    Runs on other warehouses may do the same at the same time (the UI's daemon beside a CLI run): the parse goes to
    a private target path under a lock, and only its state file is swapped in, so the manifest the definitions load
    is never rewritten under them and a build never copies half a state file."""
    if _parsed_for() == vars_json and not manifest_is_stale():
        return
    PARSED_FOR.parent.mkdir(parents=True, exist_ok=True)
    with open(PARSED_FOR.parent / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _parsed_for() == vars_json and not manifest_is_stale():
            return  # parsed by another run while this one waited
        with tempfile.TemporaryDirectory(dir=PARSED_FOR.parent, prefix=".parse-") as private:
            _parse(vars_json, Path(private))
            os.replace(Path(private) / PARTIAL_PARSE.name, PARTIAL_PARSE)
        PARSED_FOR.write_text(json.dumps({"vars": vars_json, "state": _state_stamp()}))

