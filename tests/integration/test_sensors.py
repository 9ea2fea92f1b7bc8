"""The inbox and warehouse sensors, evaluated with Dagster's own sensor contexts on a temporary instance, and the
instance settings `gongkai ui` and `gongkai run` share. No run is executed: these are the decisions the daemon
acts on (test_daemon.py runs them for real)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.events import DagsterEvent, DagsterEventType
from dagster._core.remote_origin import RegisteredCodeLocationOrigin, RemoteJobOrigin, RemoteRepositoryOrigin

from orchestration.defs import ingestion
from orchestration.defs.ingestion import EXTRACTIONS_KEY, RAW_KEYS, documents_partitions, inbox_sensor
from orchestration.defs.resources import WarehouseResource
from orchestration.lib import inbox_state
from orchestration.lib.store import staged_entry
from orchestration.runs import ensure_dagster_home
from orchestration.settings import load_settings
from sample_corpus import generate_corpus

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


@pytest.fixture
def instance(tmp_path):
    (tmp_path / "dagster_home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster_home"), set_dagster_home=False) as instance:
        yield instance


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    generated = generate_corpus(folder / "inbox", folder / "expected", n=5, seed=31, formats=("txt", "docx"),
                                layouts="classic")
    return [g.path for g in generated]


class Inbox:
    """An inbox and a warehouse in a temporary folder, and the sensor evaluated on them as the daemon would:
    the returned cursor is the next tick's, requested partitions are added to the instance."""

    def __init__(self, root: Path, instance: dg.DagsterInstance):
        self.path, self.instance, self.cursor = root / "inbox", instance, None
        self.path.mkdir()
        self.warehouse = WarehouseResource(warehouse=str(root / "warehouse" / "gongkai.duckdb"), inbox=str(self.path))

    def drop(self, source: Path, name: str | None = None, age_seconds: float = 60) -> Path:
        target = self.path / (name or source.name)
        shutil.copyfile(source, target)
        settled = time.time() - age_seconds  # copied a while ago, unless the test says it is still arriving
        os.utime(target, (settled, settled))
        return target

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(instance=self.instance, cursor=self.cursor,
                                          resources={"warehouse": self.warehouse})
        result = inbox_sensor(context)
        self.cursor = result.cursor
        for request in result.dynamic_partitions_requests or []:
            self.instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        return result

    @property
    def store(self) -> Path:
        return self.warehouse.settings.store_dir

    def seen(self) -> dict[str, str]:
        """The files the sensor remembers as handled, under the cursor of the last tick."""
        return inbox_state.load(self.store / "inbox_seen", self.cursor)


@pytest.fixture
def inbox(tmp_path, instance) -> Inbox:
    return Inbox(tmp_path, instance)


@pytest.fixture
def staged(monkeypatch) -> list[str]:
    """The files the sensor hashes and stores, in order."""
    calls: list[str] = []
    original = ingestion.stage_file

    def counting(path, *args, **kwargs):
        calls.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(ingestion, "stage_file", counting)
    return calls


def _partition_range(instance: dg.DagsterInstance, request: dg.RunRequest) -> list[str]:
    keys = instance.get_dynamic_partitions(documents_partitions.name)
    return keys[keys.index(request.tags[RANGE_START]): keys.index(request.tags[RANGE_END]) + 1]


def test_a_new_file_is_one_run_over_its_new_partition(inbox, staged, documents):
    inbox.drop(documents[0])
    result = inbox.tick()
    (request,) = result.run_requests
    (partitions,) = result.dynamic_partitions_requests
    document_id = hashlib.sha256(documents[0].read_bytes()).hexdigest()
    assert partitions.partitions_def_name == "documents" and list(partitions.partition_keys) == [document_id]
    assert request.tags[RANGE_START] == request.tags[RANGE_END] == document_id
    assert _partition_range(inbox.instance, request) == [document_id]
    assert staged == [documents[0].name]
    assert str(inbox.path / documents[0].name) in inbox.seen()


def test_the_same_files_again_are_not_hashed_again(inbox, staged, documents):
    for document in documents[:2]:
        inbox.drop(document)
    inbox.tick()
    cursor = inbox.cursor
    again = inbox.tick()
    assert not again.run_requests and not again.dynamic_partitions_requests
    assert again.cursor == cursor
    assert "none new" in again.skip_reason.skip_message
    assert staged == sorted(d.name for d in documents[:2])  # the first tick's two, nothing on the second


def test_a_changed_file_is_hashed_again(inbox, staged, documents):
    target = inbox.drop(documents[0])
    inbox.tick()
    target.write_bytes(documents[1].read_bytes())
    os.utime(target, (time.time() - 60, time.time() - 60))
    result = inbox.tick()
    assert len(result.run_requests) == 1 and staged == [documents[0].name, documents[0].name]


def test_a_renamed_copy_of_known_bytes_adds_no_partition(inbox, staged, documents):
    inbox.drop(documents[0])
    first = inbox.tick()
    (document_id,) = first.dynamic_partitions_requests[0].partition_keys
    inbox.drop(documents[0], name="the same document, renamed.txt")
    result = inbox.tick()
    assert not result.run_requests and not result.dynamic_partitions_requests
    assert inbox.instance.get_dynamic_partitions("documents") == [document_id]
    # hashed once to learn it is known, and the store remembers both names for the registry
    assert staged == [documents[0].name, "the same document, renamed.txt"]
    sources = {Path(s).name for s in staged_entry(inbox.store, document_id).sources}
    assert sources == {documents[0].name, "the same document, renamed.txt"}


def test_a_burst_of_files_is_one_run_not_one_per_file(inbox, documents):
    inbox.drop(documents[0])
    inbox.tick()  # one document known before the burst: the burst's range must not include it
    for document in documents[1:]:
        inbox.drop(document)
    result = inbox.tick()
    (request,) = result.run_requests
    new = list(result.dynamic_partitions_requests[0].partition_keys)
    assert len(new) == len(documents) - 1 == len(set(new))
    assert _partition_range(inbox.instance, request) == new
    assert request.run_key == f"inbox-{new[0][:16]}-{len(new)}"


def test_a_file_still_arriving_waits_for_the_next_tick(inbox, staged, documents):
    target = inbox.drop(documents[0], age_seconds=0)
    waiting = inbox.tick()
    assert not waiting.run_requests and staged == []
    assert "1 still arriving" in waiting.skip_reason.skip_message
    assert str(target) not in inbox.seen()
    os.utime(target, (time.time() - 60, time.time() - 60))  # the copy has finished
    assert len(inbox.tick().run_requests) == 1


def test_a_file_that_cannot_be_read_is_tried_again(inbox, documents, monkeypatch):
    inbox.drop(documents[0])
    original = ingestion.stage_file
    monkeypatch.setattr(ingestion, "stage_file", lambda path, *a: original(path.with_name("gone"), *a))
    failed = inbox.tick()
    assert not failed.run_requests and inbox.seen() == {}
    monkeypatch.setattr(ingestion, "stage_file", original)
    assert len(inbox.tick().run_requests) == 1


def test_a_drop_larger_than_one_tick_reads_is_staged_over_several(inbox, staged, documents, monkeypatch):
    monkeypatch.setattr(ingestion, "TICK_BYTES", 1)  # every file is over: one file per tick
    for document in documents[:3]:
        inbox.drop(document)
    requested = [len(inbox.tick().dynamic_partitions_requests[0].partition_keys) for _ in range(3)]
    assert requested == [1, 1, 1] and len(staged) == 3
    assert not inbox.tick().run_requests


def test_the_cursor_stays_small_and_a_reset_cursor_finds_nothing_new(inbox, staged, documents):
    """Dagster copies the cursor into every tick it records: it names the remembered state, it is not the state."""
    for document in documents:
        inbox.drop(document)
    first = inbox.tick()
    assert len(first.cursor) <= 64 and len(inbox.seen()) == len(documents)
    for _ in range(4):
        inbox.tick()
    assert len(list((inbox.store / "inbox_seen").glob("*.json"))) <= 3
    inbox.cursor = None  # reset in the UI: every file is hashed again, every document is known
    again = inbox.tick()
    assert not again.run_requests and not again.dynamic_partitions_requests
    assert len(staged) == 2 * len(documents) and again.cursor == first.cursor


# --- the warehouse sensor ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def definitions():
    from orchestration.definitions import build_definitions
    from orchestration.lib.dbt_manifest import ensure_manifest

    ensure_manifest()
    return build_definitions()


def _materialize(instance, key: dg.AssetKey, partition: str | None = None) -> None:
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key, partition=partition))


def _warehouse_tick(definitions, instance):
    sensor = definitions.get_repository_def().get_sensor_def("warehouse_sensor")
    return sensor(dg.build_sensor_context(instance=instance, definitions=definitions))


def test_an_extraction_requests_one_warehouse_rebuild(definitions, instance):
    assert "no document extracted" in _warehouse_tick(definitions, instance).skip_message
    instance.add_dynamic_partitions("documents", ["a" * 64, "b" * 64])
    for key in ("a" * 64, "b" * 64):
        _materialize(instance, EXTRACTIONS_KEY, key)
    first, again = _warehouse_tick(definitions, instance), _warehouse_tick(definitions, instance)
    assert isinstance(first, dg.RunRequest) and first.job_name in (None, "warehouse_job")
    assert definitions.get_repository_def().get_sensor_def("warehouse_sensor").job_name == "warehouse_job"
    # the daemon starts one run per run key: later ticks before the rebuild ask for the same one
    assert again.run_key == first.run_key
    _materialize(instance, RAW_KEYS["documents"])  # the rebuild loaded what was extracted
    assert "holds every extraction" in _warehouse_tick(definitions, instance).skip_message
    _materialize(instance, EXTRACTIONS_KEY, "a" * 64)  # a re-extraction: another rebuild, another key
    assert _warehouse_tick(definitions, instance).run_key != first.run_key


def test_the_rebuild_waits_for_runs_in_flight(definitions, instance):
    instance.add_dynamic_partitions("documents", ["c" * 64])
    _materialize(instance, EXTRACTIONS_KEY, "c" * 64)
    origin = RemoteJobOrigin(RemoteRepositoryOrigin(RegisteredCodeLocationOrigin("gongkai"), "__repository__"),
                             "extract_documents_job")
    run = instance.add_run(dg.DagsterRun(job_name="extract_documents_job", run_id=str(uuid.uuid4()),
                                         remote_job_origin=origin))
    for event in (DagsterEventType.RUN_ENQUEUED, DagsterEventType.RUN_START):  # waiting in the queue, then running
        instance.report_dagster_event(DagsterEvent(event.value, job_name=run.job_name), run.run_id)
        skipped = _warehouse_tick(definitions, instance)
        assert isinstance(skipped, dg.SkipReason) and "waiting for 1 unfinished runs" in skipped.skip_message
    instance.report_run_failed(run)
    assert isinstance(_warehouse_tick(definitions, instance), dg.RunRequest)


def test_nothing_launches_subsets_of_the_warehouse(definitions):
    """No asset carries an automation condition (Dagster would add a sensor launching partial rebuilds) and every
    run executes its steps in one process, as `gongkai run` does."""
    repository = definitions.get_repository_def()
    assert sorted(s.name for s in repository.sensor_defs) == ["inbox_sensor", "warehouse_sensor"]
    graph = repository.asset_graph
    assert not [key for key in graph.get_all_asset_keys() if graph.get(key).automation_condition is not None]
    for job in ("warehouse_job", "extract_documents_job"):
        assert definitions.resolve_job_def(job).executor_def is dg.in_process_executor


# --- the instance both `gongkai ui` and `gongkai run` use -------------------------------------------------


def test_the_instance_queues_runs_one_at_a_time_and_retries_failures(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    home = ensure_dagster_home(load_settings(tmp_path / "warehouse" / "gongkai.duckdb"))
    instance = dg.DagsterInstance.from_config(str(home))
    config = instance.get_concurrency_config()
    assert config.run_queue_config.max_concurrent_runs == 1 and config.pool_config.default_pool_limit == 1
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert instance.run_retries_enabled and instance.run_retries_max_retries == 2 and instance.run_monitoring_enabled
    assert instance.get_settings("sensors")["use_threads"]


def test_an_instance_configured_by_hand_is_left_alone(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    ensure_dagster_home(load_settings(tmp_path / "warehouse" / "gongkai.duckdb"))
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"
    assert "not written by gongkai" in capsys.readouterr().err
