"""The one place settings are read from the environment."""

from __future__ import annotations

import os
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


def lock_wait_seconds() -> float:
    """How long a writer waits for a DuckDB file another process holds before it gives up (lib.duckdb_io)."""
    return float(os.environ.get("GONGKAI_LOCK_WAIT_SECONDS") or 120)


def load_settings(warehouse: str | Path | None = None, inbox: str | Path | None = None) -> Settings:
    env = os.environ
    warehouse = Path(warehouse or env.get("GONGKAI_WAREHOUSE", PROJECT_ROOT / "warehouse" / "gongkai.duckdb")).resolve()
    return Settings(
        warehouse=warehouse,
        inbox=Path(inbox or env.get("GONGKAI_INBOX", PROJECT_ROOT / "warehouse" / "inbox")).resolve(),
        max_file_mb=float(env.get("GONGKAI_MAX_FILE_MB", "200")),
        workers=int(env.get("GONGKAI_WORKERS", str(min(2, os.cpu_count() or 1)))),
        dagster_home=Path(env.get("DAGSTER_HOME") or warehouse.parent / "dagster_home").resolve(),
        cluster=env.get("GONGKAI_CLUSTER", "").strip(),
        extracted_store=env.get("GONGKAI_EXTRACTED_URL", ""),
        dbt_threads=int(env.get("GONGKAI_DBT_THREADS") or os.cpu_count() or 1),
        compact_min=int(env.get("GONGKAI_COMPACT_MIN") or 1000),
    )
