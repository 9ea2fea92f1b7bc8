"""Fingerprints of the code that decides stored results: when one changes, what it decided is recomputed in full.

`rules_fingerprint`: the quality rules and the models and seeds they read (a new one checks every document again).
`models_fingerprint`: the dbt project (models, macros, seeds, dbt_project.yml) and the versions of dbt and DuckDB
that run it (a new one rebuilds the incremental marts from scratch).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR, PROJECT_ROOT

_MODEL_SOURCES = [DBT_PROJECT_DIR / "models", DBT_PROJECT_DIR / "macros", DBT_PROJECT_DIR / "seeds"]
_RULE_SOURCES = [PROJECT_ROOT / "expectations", *_MODEL_SOURCES]


def _fingerprint(roots: list[Path], *extra: str) -> str:
    digest = hashlib.sha256("\0".join(extra).encode())
    for root in roots:
        files = [root] if root.is_file() else root.rglob("*")
        for path in sorted(p for p in files if p.is_file() and p.suffix in (".py", ".sql", ".yml", ".csv")):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def rules_fingerprint() -> str:
    return _fingerprint(_RULE_SOURCES)


def models_fingerprint() -> str:
    # the same SQL under another DuckDB or dbt-duckdb may compute other rows
    engines = [f"{package} {version(package)}" for package in ("dbt-core", "dbt-duckdb", "duckdb")]
    return _fingerprint([*_MODEL_SOURCES, DBT_PROJECT_DIR / "dbt_project.yml"], *engines)
