"""The one place settings are read from the environment."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


@dataclass(frozen=True)
class Settings:
    warehouse: Path  # the published DuckDB file analysts open
    inbox: Path
    max_file_mb: float
    workers: int
    dagster_home: Path  # the Dagster instance of this warehouse: the UI and the CLI share it
    cluster: str = ""  # where extraction runs (lib.parallel): "" embedded Dask, tcp://… a Dask scheduler, "processes"
    extracted_store: str = ""  # where extractions go: a folder or an fsspec URL; empty: `<store>/extracted`
    dbt_threads: int = 1  # threads of a run's dbt build: one per core unless GONGKAI_DBT_THREADS says otherwise
    dbt_memory_limit: str = "512MB"  # DuckDB's memory in a run's dbt build (dbt_memory_limit())
    # a load of at least this many documents is first compacted by the workers (lib.batches); below it, starting
    # the workers costs more than the small files do
    compact_min: int = 1000

    @property
    def build_path(self) -> Path:
        """Runs write here; publishing renames it over `warehouse` atomically."""
        return self.warehouse.with_name(self.warehouse.name + ".build")

    @property
    def store_dir(self) -> Path:
        return self.warehouse.parent / "store"

    @property
    def extracted_url(self) -> str:
        """The extraction store's root (lib.extracted): the folder `<store>/extracted`, or GONGKAI_EXTRACTED_URL."""
        return self.extracted_store or str(self.store_dir / "extracted")

    @property
    def runs_dir(self) -> Path:
        return self.warehouse.parent / "runs"


class SettingsError(ValueError):
    """A setting the environment gives that gongkai cannot use; the message names the variable."""


_MEMORY_SIZE = re.compile(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.IGNORECASE)


def dbt_memory_limit(value: str | None, threads: int) -> str:
    """DuckDB's memory in a dbt build: GONGKAI_DBT_MEMORY_LIMIT, else 256 MB per dbt thread and at least 512 MB.

    Bounded, a build of a larger warehouse spills to disk rather than growing (a full build's peak 714 MiB at 1,000
    documents and 755-766 MiB at 10,000, against 0.9-1.0 and 1.8-2.0 GiB unbounded); DuckDB wants memory for each of
    its threads, hence the share per thread on a machine with many cores."""
    if not value or not value.strip():
        return f"{max(512, 256 * threads)}MB"
    if not _MEMORY_SIZE.fullmatch(value):
        raise SettingsError(f"GONGKAI_DBT_MEMORY_LIMIT={value!r} is not a memory size such as 512MB or 2GB")
    return value.strip()


def lock_wait_seconds() -> float:
    """How long a writer waits for a DuckDB file another process holds before it gives up (lib.duckdb_io)."""
    return float(os.environ.get("GONGKAI_LOCK_WAIT_SECONDS") or 120)


def load_settings(warehouse: str | Path | None = None, inbox: str | Path | None = None) -> Settings:
    env = os.environ
    warehouse = Path(warehouse or env.get("GONGKAI_WAREHOUSE", PROJECT_ROOT / "warehouse" / "gongkai.duckdb")).resolve()
    dbt_threads = int(env.get("GONGKAI_DBT_THREADS") or os.cpu_count() or 1)
    return Settings(
        warehouse=warehouse,
        inbox=Path(inbox or env.get("GONGKAI_INBOX", PROJECT_ROOT / "warehouse" / "inbox")).resolve(),
        max_file_mb=float(env.get("GONGKAI_MAX_FILE_MB", "200")),
        workers=int(env.get("GONGKAI_WORKERS", str(min(2, os.cpu_count() or 1)))),
        dagster_home=Path(env.get("DAGSTER_HOME") or warehouse.parent / "dagster_home").resolve(),
        cluster=env.get("GONGKAI_CLUSTER", "").strip(),
        extracted_store=env.get("GONGKAI_EXTRACTED_URL", ""),
        dbt_threads=dbt_threads,
        dbt_memory_limit=dbt_memory_limit(env.get("GONGKAI_DBT_MEMORY_LIMIT"), dbt_threads),
        compact_min=int(env.get("GONGKAI_COMPACT_MIN") or 1000),
    )
