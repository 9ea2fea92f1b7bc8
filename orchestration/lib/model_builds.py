"""The marts' builds: whether the next one may be incremental, and the record of each complete one.

The fact marts rebuild only the documents changed since the latest complete build started
(dbt_project/macros/incremental_by_document.sql reads quality.model_builds). A build whose models, macros, seeds or
dbt differ from the latest recorded one's (their fingerprint) is a full refresh: the rows it would keep were made
by other SQL. A build that fails is not recorded, so the next one starts from the last that finished and redoes
its documents.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from orchestration.lib import duckdb_io as db
from orchestration.lib.fingerprints import models_fingerprint


def needs_full_refresh(warehouse: Path, fingerprint: str | None = None) -> bool:
    with db.connect(warehouse, read_only=True) as con:
        last = db.scalar(con, "select fingerprint from quality.model_builds order by started_at desc limit 1")
    return last != (fingerprint or models_fingerprint())


def record_build(warehouse: Path, started_at: datetime, full_refresh: bool, fingerprint: str | None = None) -> None:
    """`fingerprint`: of the models as the build started (a change made while it ran is the next build's)."""
    with db.connect(warehouse) as con:
        con.execute("insert into quality.model_builds values (?, ?, ?, ?)",
                    [fingerprint or models_fingerprint(), started_at, db.now(), full_refresh])
