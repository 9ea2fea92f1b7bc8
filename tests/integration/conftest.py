"""One real pipeline run (DuckDB file, dbt, Great Expectations, Dagster) shared by the integration tests."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.lib import duckdb_io as db
from orchestration.runs import RunSummary, run_pipeline
from orchestration.settings import Settings, load_settings
from sample_corpus import generate_corpus


@dataclass
class PipelineRun:
    settings: Settings
    summary: RunSummary
    expected: dict[str, dict]  # file name → expected figures written by the generator
    inbox: Path

    def query(self, sql: str, params=None):
        con = duckdb.connect(str(self.settings.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def document_id(self, file_name: str) -> str:
        return self.query("select document_id from marts.dim_document where file_name = ?", [file_name])[0][0]


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def later() -> datetime:
    """A time after every timestamp a run so far wrote (naive UTC, as the pipeline writes them): a document
    stamped with it reads as loaded after the last check and the last build."""
    return db.now() + timedelta(minutes=1)


def run_pipeline_on(root: Path, inbox: Path) -> Settings:
    """One real run on `inbox`, its warehouse and Dagster instance under `root`; DAGSTER_HOME restored after, so
    module fixtures with their own warehouse leave the session's alone."""
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    try:
        settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
        run_pipeline(settings)
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = previous
    return settings


@pytest.fixture(scope="session")
def pipeline_run(tmp_path_factory) -> PipelineRun:
    root = tmp_path_factory.mktemp("pipeline")
    inbox, expected_dir = root / "inbox", root / "expected"
    generate_corpus(inbox, expected_dir, n=3, seed=7, formats=("pdf", "docx", "txt"), layouts="classic")
    # bad input beside the good documents: the run must go on
    (inbox / "empty.pdf").write_bytes(b"")
    # cut from a generated PDF (never from empty.pdf, which a glob may list first)
    generated_pdf = sorted(p for p in inbox.glob("*.pdf") if p.name != "empty.pdf")[0]
    (inbox / "truncated.pdf").write_bytes(generated_pdf.read_bytes()[:3000])
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
    summary = run_pipeline(settings)
    expected = {p.name.removesuffix(".json"): json.loads(p.read_text()) for p in expected_dir.glob("*.json")}
    return PipelineRun(settings, summary, expected, inbox)
