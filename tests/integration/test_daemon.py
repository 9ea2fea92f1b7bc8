"""`gongkai ui` through the real Dagster daemon: files dropped into the inbox in bursts, some while a rebuild is
running, all reach the published warehouse, with one rebuild per burst at most and no failed run; a rebuild that
fails (its build file locked by another writer) is retried until it succeeds.

The scenario runs once (module fixture) and each test asserts one outcome of it. The daemon's log and the runs
with their statuses are printed when a wait times out.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.ingestion import RAW_KEYS
from sample_corpus import generate_corpus

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PHASE_TIMEOUT = 300  # seconds for a phase's files to be published; a phase takes about two minutes
RETRY_TAGS = ("dagster/parent_run_id", "dagster/root_run_id")


@dataclass
class Scenario:
    root: Path
    instance: dg.DagsterInstance
    warehouse: Path
    log: Path
    bursts: list[list[str]]  # file names dropped together
    renamed: str  # a renamed copy of a document of the first burst, dropped with the second
    clean_runs: list[dg.DagsterRun] = field(default_factory=list)  # before the injected failure
    seconds: dict[str, float] = field(default_factory=dict)

    def runs(self) -> list[dg.DagsterRun]:
        return list(reversed(self.instance.get_runs()))  # oldest first

    def published(self, sql: str, params=None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# A shell that started pytest in the background may have left SIGINT and SIGTERM ignored, and an ignored signal
# stays ignored across exec: `dagster dev` would then never stop. This restores them, then execs the command.
_WITH_DEFAULT_SIGNALS = (
    "import os, signal, sys\n"
    "for s in (signal.SIGINT, signal.SIGTERM): signal.signal(s, signal.SIG_DFL)\n"
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def _describe(scenario: Scenario) -> str:
    lines = []
    for run in scenario.runs():
        sensor = run.tags.get("dagster/sensor_name", "-")
        retry = f" retry of {run.tags['dagster/parent_run_id'][:8]}" if "dagster/parent_run_id" in run.tags else ""
        lines.append(f"  {run.run_id[:8]} {run.job_name:<22} {run.status.value:<10} by {sensor}{retry}")
        if run.status == dg.DagsterRunStatus.FAILURE:
            for record in scenario.instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
                lines.append(f"      {record.dagster_event.step_key}: {str(record.dagster_event.event_specific_data)[:300]}")
    tail = scenario.log.read_text(errors="replace").splitlines()[-60:] if scenario.log.exists() else []
    return "runs:\n" + ("\n".join(lines) or "  none") + "\ndaemon log (last 60 lines):\n" + "\n".join(tail)


def _wait(scenario: Scenario, what: str, done, process: subprocess.Popen, timeout: float = PHASE_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dagster dev exited with {process.returncode} while waiting for {what}\n{_describe(scenario)}")
        value = done()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{_describe(scenario)}")


def _unfinished(scenario: Scenario) -> list[dg.DagsterRun]:
    return [r for r in scenario.runs() if not r.is_finished]


def _published_files(scenario: Scenario) -> set[str]:
    if not scenario.warehouse.exists():
        return set()
    try:
        return {name for (name,) in scenario.published("select file_name from marts.dim_document")}
    except duckdb.Error:  # published mid-query by a rename: the next poll reads the new file
        return set()


def _all_published(scenario: Scenario, names: set[str]):
    """True once every name is published and no run is queued or going (the warehouse is at rest)."""
    return names <= _published_files(scenario) and not _unfinished(scenario)


def _drop(generated: Path, inbox: Path, names: list[str], rename: dict[str, str] | None = None,
          fresh: bool = False) -> None:
    """Move files in whole, as `mv` does (keeping their modification time), or as just written (`fresh`: the
    sensor then waits until they have settled)."""
    for name in names:
        target = (rename or {}).get(name, name)
        (shutil.copyfile if fresh else shutil.copy2)(generated / name, inbox / f".{target}.part")
        os.replace(inbox / f".{target}.part", inbox / target)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    root = tmp_path_factory.mktemp("daemon")
    generated = generate_corpus(root / "generated", root / "expected", n=8, seed=41, formats=("txt", "docx"),
                                layouts="classic")
    names = [g.path.name for g in generated]
    inbox, home, warehouse = root / "inbox", root / "dagster_home", root / "warehouse" / "gongkai.duckdb"
    inbox.mkdir()
    log = root / "dagster-dev.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DAGSTER_"))}
    env["DAGSTER_HOME"] = str(home)
    env["GONGKAI_LOCK_WAIT_SECONDS"] = "3"  # the blocked rebuild must fail while the test holds the file
    gongkai = Path(sys.executable).with_name("gongkai")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _WITH_DEFAULT_SIGNALS, str(gongkai), "ui", "--warehouse", str(warehouse),
             "--inbox", str(inbox), "--port", str(port)],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    instance = None
    try:
        instance = _wait_for_startup(home, port, process, log)
        scenario = Scenario(root, instance, warehouse, log, bursts=[names[:3], names[3:6], names[6:]],
                            renamed="renamed copy of " + names[0])
        _run_scenario(scenario, generated[0].path.parent, inbox, process)
        yield scenario
    finally:
        _stop(process)
        if instance is not None:
            instance.dispose()


def _wait_for_startup(home: Path, port: int, process: subprocess.Popen, log: Path) -> dg.DagsterInstance:
    """The webserver answers and the daemon's sensor loop has reported in: the instance it runs on."""
    deadline, instance = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gongkai ui exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
            instance = instance or dg.DagsterInstance.from_config(str(home))
            if "SENSOR" in instance.get_daemon_heartbeats():
                return instance
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"gongkai ui did not start within 120 s:\n{log.read_text(errors='replace')[-4000:]}")


def _run_scenario(scenario: Scenario, generated: Path, inbox: Path, process: subprocess.Popen) -> None:
    first, second, third = scenario.bursts
    started = time.monotonic()
    _drop(generated, inbox, first, fresh=True)
    # the second burst lands while the first rebuild runs: its extraction must queue behind it, not race it
    _wait(scenario, "the first rebuild to start",
          lambda: any(r.job_name == "warehouse_job" and r.status == dg.DagsterRunStatus.STARTED for r in scenario.runs()),
          process)
    _drop(generated, inbox, second)
    _drop(generated, inbox, [first[0]], rename={first[0]: scenario.renamed})
    _wait(scenario, "the first two bursts to be published", lambda: _all_published(scenario, set(first + second)),
          process)
    scenario.seconds["two bursts"] = time.monotonic() - started
    scenario.clean_runs = scenario.runs()

    # another writer holds the build file: the next rebuild fails until it lets go
    started = time.monotonic()
    blocker = duckdb.connect(str(scenario.warehouse.with_name(scenario.warehouse.name + ".build")))
    try:
        _drop(generated, inbox, third)
        _wait(scenario, "the rebuild to fail on the locked build file",
              lambda: [r for r in scenario.runs()[len(scenario.clean_runs):]
                       if r.job_name == "warehouse_job" and r.status == dg.DagsterRunStatus.FAILURE], process)
    finally:
        blocker.close()
    _wait(scenario, "the third burst to be published after the retry",
          lambda: _all_published(scenario, set(first + second + third)), process)
    scenario.seconds["third burst with a failed rebuild"] = time.monotonic() - started
    _report(scenario)


def _report(scenario: Scenario) -> None:
    runs = scenario.runs()
    by_kind: dict[str, int] = {}
    for run in runs:
        kind = f"{run.job_name} {run.status.value.lower()}" + (" (retry)" if "dagster/parent_run_id" in run.tags else "")
        by_kind[kind] = by_kind.get(kind, 0) + 1
    seconds = {k: round(v) for k, v in scenario.seconds.items()}
    print(f"\ndaemon scenario: {sum(map(len, scenario.bursts)) + 1} files in {len(scenario.bursts)} bursts; runs "
          f"{by_kind}; seconds {seconds}, {sum(seconds.values())} in all")


def _stop(process: subprocess.Popen) -> None:
    """Stop `dagster dev` as Ctrl-C does (it stops the webserver, daemon and code servers), then make sure."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # whatever of its session is left (a run worker, a code server)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def _rebuilds(runs: list[dg.DagsterRun]) -> list[dg.DagsterRun]:
    """Rebuilds the warehouse sensor started (retries are the instance's, counted apart)."""
    return [r for r in runs if r.job_name == "warehouse_job" and not set(RETRY_TAGS) & set(r.tags)]



def test_every_dropped_file_is_published_and_loaded(scenario):
    statuses = dict(scenario.published("select file_name, status from marts.dim_document"))
    assert set(statuses) == {name for burst in scenario.bursts for name in burst}
    assert set(statuses.values()) == {"loaded"}
    # the renamed copy is the same document: no new row, but the registry remembers the name
    sources = scenario.published(
        "select s.source_file from raw.document_sources s join marts.dim_document d using (document_id) "
        "where d.file_name = ?", [scenario.bursts[0][0]])
    assert sorted(Path(s).name for (s,) in sources) == sorted([scenario.bursts[0][0], scenario.renamed])


def test_no_run_failed_while_the_warehouse_was_free(scenario):
    assert scenario.clean_runs, "no run recorded"
    failed = [(r.job_name, r.status.value) for r in scenario.clean_runs if r.status != dg.DagsterRunStatus.SUCCESS]
    assert failed == [], _describe(scenario)


def test_rebuilds_are_one_per_burst_at_most(scenario):
    runs = scenario.runs()
    rebuilds, extractions = _rebuilds(runs), [r for r in runs if r.job_name == "extract_documents_job"]
    bursts = len(scenario.bursts)
    assert 1 <= len(_rebuilds(scenario.clean_runs)) <= 2, _describe(scenario)  # two bursts so far
    assert len(rebuilds) <= bursts + 2, _describe(scenario)
    assert len(extractions) <= bursts + 2, _describe(scenario)  # one per burst, not one per file
    assert all(r.tags.get("dagster/sensor_name") == "warehouse_sensor" for r in rebuilds)


def test_runs_never_overlap(scenario):
    """The instance's run queue starts one run at a time: no two runs ever wrote the warehouse together."""
    records = sorted(scenario.instance.get_run_records(), key=lambda r: r.start_time or 0)
    assert all(r.start_time and r.end_time for r in records), _describe(scenario)
    overlaps = [(a.dagster_run.run_id[:8], b.dagster_run.run_id[:8]) for a, b in pairwise(records)
                if b.start_time < a.end_time]
    assert overlaps == [], _describe(scenario)


def test_a_failed_rebuild_is_retried_until_it_succeeds(scenario):
    runs = scenario.runs()
    failed = [r for r in runs if r.status == dg.DagsterRunStatus.FAILURE]
    assert failed, "the locked build file should have failed a rebuild"
    for run in failed:
        retries = [r for r in runs if r.tags.get("dagster/root_run_id") == run.tags.get("dagster/root_run_id", run.run_id)
                   and r.status == dg.DagsterRunStatus.SUCCESS]
        assert retries, f"run {run.run_id} failed and nothing retried it\n{_describe(scenario)}"
    errors = [str(e.dagster_event.event_specific_data) for e in
              scenario.instance.all_logs(failed[0].run_id, of_type=dg.DagsterEventType.STEP_FAILURE)]
    assert any("lock" in e.lower() for e in errors), errors


def test_raw_tables_show_as_materialized_by_the_last_rebuild(scenario):
    last = [r for r in scenario.runs() if r.job_name == "warehouse_job"][-1]
    assert last.status == dg.DagsterRunStatus.SUCCESS
    for name, key in RAW_KEYS.items():
        event = scenario.instance.get_latest_materialization_event(key)
        assert event is not None and event.run_id == last.run_id, name
    rows = scenario.instance.get_latest_materialization_event(RAW_KEYS["documents"]).asset_materialization.metadata
    assert rows["rows"].value == sum(map(len, scenario.bursts))
    published = scenario.instance.get_latest_materialization_event(dg.AssetKey(["warehouse", "published"]))
    assert published is not None and published.run_id == last.run_id


@pytest.mark.parametrize("warehouse", ["/srv/gongkai/w.duckdb", "elsewhere/w.duckdb"])
def test_make_ui_passes_absolute_paths(warehouse):
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    out = subprocess.run([make, "-n", "ui", f"WAREHOUSE={warehouse}"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    command = next(line for line in out.splitlines() if " ui " in line)
    assert f"--warehouse {(ROOT / warehouse).resolve() if not warehouse.startswith('/') else warehouse} " in command
    assert f"--inbox {ROOT / 'warehouse' / 'sample_inbox'}" in command
