"""The pipeline through a real Dask cluster (a scheduler and two worker processes, started as a deployment starts
them) gives the marts the embedded default gives, row for row, its load read from batches the workers compacted."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from distributed import Client, get_task_stream

from orchestration.runs import run_pipeline
from orchestration.settings import load_settings
from sample_corpus import generate_corpus

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# differ between the two warehouses: when a file was registered, when its extraction was loaded, the store it is in
RUN_TIMES = {"ingested_at", "extracted_at", "stored_path"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """`dask scheduler` and `dask worker --nworkers 2`, as separate processes (the project's code on their path)."""
    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = Path(sys.executable).parent / "dask"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], cwd=folder, env=env, stderr=subprocess.DEVNULL)
    workers = subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                "--local-directory", str(folder)], cwd=folder, env=env, stderr=subprocess.DEVNULL)
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in (workers, scheduler):
            process.terminate()
            process.wait(timeout=60)


def _run(root: Path, inbox: Path, monkeypatch, cluster: str | None):
    monkeypatch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    monkeypatch.setenv("GONGKAI_WORKERS", "2")
    if cluster:
        monkeypatch.setenv("GONGKAI_CLUSTER", cluster)
        monkeypatch.setenv("GONGKAI_COMPACT_MIN", "2")  # the cluster compacts even this small load (lib.batches)
    else:
        monkeypatch.delenv("GONGKAI_CLUSTER", raising=False)
        monkeypatch.delenv("GONGKAI_COMPACT_MIN", raising=False)
    settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
    assert settings.cluster == (cluster or "")
    return run_pipeline(settings)


def _marts(path: Path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        relations = [r for r, in con.execute("select table_name from information_schema.tables "
                                             "where table_schema = 'marts' order by 1").fetchall()]
        marts = {}
        for relation in relations:
            columns = [c for c, in con.execute("select column_name from information_schema.columns where table_schema "
                                               "= 'marts' and table_name = ? order by ordinal_position", [relation]).fetchall()]
            kept = ", ".join(f'"{c}"' for c in columns if c not in RUN_TIMES)
            marts[relation] = sorted(con.execute(f"select {kept} from marts.{relation}").fetchall(), key=repr)
        return marts
    finally:
        con.close()


def test_a_two_worker_cluster_gives_the_marts_of_the_embedded_default(cluster, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    generate_corpus(inbox, tmp_path / "expected", n=5, seed=21, formats=("pdf", "docx", "txt"))
    embedded = _run(tmp_path / "embedded", inbox, monkeypatch, cluster=None)
    with Client(cluster) as client, get_task_stream(client) as stream:
        distributed = _run(tmp_path / "cluster", inbox, monkeypatch, cluster=cluster)
    # the tasks ran on the cluster's two worker processes, one task per document
    tasks = [t for t in stream.data if str(t["key"]).startswith("extract-")]
    assert len(tasks) == distributed.documents_extracted == embedded.documents_extracted == 5
    assert len({t["worker"] for t in tasks}) == 2
    # and the load read two batches the workers compacted (5 documents over 2 workers), not 5 folders
    assert len([t for t in stream.data if str(t["key"]).startswith("compact-")]) == 2
    assert distributed.mart_rows == embedded.mart_rows and embedded.mart_rows["fct_functional_expense"] > 0
    got = _marts(tmp_path / "cluster" / "warehouse" / "gongkai.duckdb")
    expected = _marts(tmp_path / "embedded" / "warehouse" / "gongkai.duckdb")
    assert got.keys() == expected.keys() and len(got) >= 7
    for relation, rows in expected.items():
        assert got[relation] == rows, relation
