"""The dbt manifest the Dagster definitions are built from: prepared in this one place.

`gongkai` commands and `make install` call `ensure_manifest()` before loading the definitions; it parses the
project when the manifest is missing or older than any model, macro, seed or test (a stale manifest names tests
the project no longer has and the run fails on them). The definitions never parse at import time.

`parse_for(vars_json)` keeps dbt's partial parsing usable by a run's builds. dbt reuses its parse state
(target/partial_parse.msgpack, which dagster-dbt copies into each invocation's target path) only when the --vars
and the rendered profile are those it was parsed with; the warehouse path a run passes differs from the plain
parse's, so every build re-parsed the whole project (about 2.6 s, twice a run). Parsing once with the run's vars
makes both builds of the run, and the next runs on the same warehouse, partial parses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
PARSED_FOR = DBT_PROJECT_DIR / "target" / "parsed_for.json"  # the --vars of the parse that wrote the state


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv's), whether or not the venv is on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def manifest_is_stale() -> bool:
    sources = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        sources += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources if p.exists()), default=0.0)
    return not MANIFEST.exists() or MANIFEST.stat().st_mtime < newest


def _parse(vars_json: str | None) -> None:
    command = [dbt_executable(), "parse", "--quiet", "--profiles-dir", str(DBT_PROJECT_DIR)]
    result = subprocess.run(command + (["--vars", vars_json] if vars_json else []), cwd=DBT_PROJECT_DIR,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
    PARSED_FOR.write_text(json.dumps({"vars": vars_json}))


def ensure_manifest() -> Path:
    if manifest_is_stale():
        _parse(None)
    return MANIFEST


def parse_for(vars_json: str) -> None:
    """Leave the project's parse state as dbt needs it to partially parse a build run with these --vars."""
    try:
        parsed = json.loads(PARSED_FOR.read_text()).get("vars")
    except (OSError, ValueError):
        parsed = None
    if parsed != vars_json or manifest_is_stale():
        _parse(vars_json)
