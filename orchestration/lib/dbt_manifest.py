"""The dbt manifest the Dagster definitions are built from: prepared in this one place.

`gongkai` commands and `make install` call `ensure_manifest()` before loading the definitions; it parses the
project when the manifest is missing or older than any model, macro, seed or test (a stale manifest names tests
the project no longer has and the run fails on them). The definitions never parse at import time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


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


def ensure_manifest() -> Path:
    if manifest_is_stale():
        result = subprocess.run(
            [dbt_executable(), "parse", "--quiet", "--profiles-dir", str(DBT_PROJECT_DIR)],
            cwd=DBT_PROJECT_DIR, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
    return MANIFEST
