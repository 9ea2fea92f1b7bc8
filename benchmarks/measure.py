"""Measuring a command: wall time, the memory of its whole process tree, and the stages Dagster recorded."""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # the process ended while we looked
            continue
        # the command name (field 2) may hold spaces and parentheses: fields after the last ')'
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every descendant (dbt, extraction workers), summed."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * _PAGE
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


class TreeSampler(threading.Thread):
    """Samples the process tree's RSS every `interval` seconds while a command runs."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append((time.time(), tree_rss(self.pid)))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        """Largest sample within [start, end] (the nearest sample when none falls inside)."""
        if not self.samples:
            return 0
        start = self.samples[0][0] if start is None else start
        end = self.samples[-1][0] if end is None else end
        inside = [rss for t, rss in self.samples if start <= t <= end]
        if inside:
            return max(inside)
        middle = (start + end) / 2
        return min(self.samples, key=lambda s: abs(s[0] - middle))[1]


@dataclass
class Measured:
    seconds: float
    started: float  # epoch seconds
    ended: float
    sampler: TreeSampler
    stdout: str
    returncode: int

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        return self.sampler.peak(start, end)


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None, log: Path | None = None) -> Measured:
    """Run a command to the end, sampling the memory of its process tree."""
    started = time.time()
    clock = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    seconds = time.perf_counter() - clock
    sampler.stop()
    if log is not None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"$ {' '.join(cmd)}\n{stdout}\n")
    return Measured(seconds, started, time.time(), sampler, stdout, proc.returncode)


@dataclass
class Stage:
    name: str
    seconds: float
    start: float | None = None
    end: float | None = None
    note: str = ""


@dataclass
class PipelineStages:
    stages: list[Stage] = field(default_factory=list)
    documents_extracted: int = 0
    load_seconds: float = 0.0

    def get(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name), None)


# Dagster step keys → benchmark stage names
_STEP_STAGES = {
    "disclosures__documents": "extract + load",  # the step of asset disclosures/documents
    "warehouse_models": "dbt build",
    "quality__check_results": "Great Expectations",
    "great_expectations_checks": "Great Expectations",
    "warehouse__published": "publish",
}
BOOKKEEPING = "Dagster bookkeeping"


def pipeline_stages(dagster_home: Path, run: Measured) -> PipelineStages:
    """Stage times of one `gongkai run` from the events and step timings its Dagster runs recorded.

    Dagster's own work is kept apart: creating a run (it records a "planned" event per asset and
    partition, and per asset check) and, after the extraction step's work, one materialization event
    per raw table and document partition.
    """
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(dagster_home)
    result = PipelineStages()
    spans: dict[str, Stage] = {}

    def add(name: str, start: float, end: float) -> None:
        span = spans.setdefault(name, Stage(name, 0.0, start, end))
        span.seconds += end - start
        span.start, span.end = min(span.start, start), max(span.end, end)

    with dg.DagsterInstance.get() as instance:
        records = [instance.get_run_record_by_id(r.run_id) for r in instance.get_runs()]
        records = sorted((r for r in records if r.create_timestamp.timestamp() >= run.started),
                         key=lambda r: r.create_timestamp.timestamp())
        for record in records:
            run_id = record.dagster_run.run_id
            stats = instance.get_run_stats(run_id)
            add(BOOKKEEPING, record.create_timestamp.timestamp(), stats.start_time)
            events = instance.all_logs(run_id)
            for step in instance.get_run_step_stats(run_id):
                name = _STEP_STAGES.get(step.step_key, step.step_key)
                end = step.end_time
                if step.step_key == "disclosures__documents":
                    outputs = [e.timestamp for e in events if e.step_key == step.step_key and e.dagster_event
                               and e.dagster_event.event_type_value == "STEP_OUTPUT"]
                    if outputs:
                        end = min(outputs)
                        add(BOOKKEEPING, end, step.end_time)
                add(name, step.start_time, end)
            # a run over many partitions records the same metadata once per partition: read it once
            for event in events:
                if not event.dagster_event or event.dagster_event.event_type_value != "ASSET_MATERIALIZATION":
                    continue
                materialization = event.dagster_event.event_specific_data.materialization
                if materialization.asset_key == dg.AssetKey(["disclosures", "documents"]):
                    metadata = {k: v.value for k, v in materialization.metadata.items()}
                    result.documents_extracted += int(metadata.get("documents_extracted", 0))
                    result.load_seconds += float(metadata.get("load_seconds", 0.0))
                    break
    first_start = min((s.start for s in spans.values()), default=run.ended)
    result.stages.append(Stage("stage inbox + start-up", first_start - run.started, run.started, first_start,
                               "imports, hash and store inbox files, registry, Dagster definitions"))
    for name in ("extract + load", "dbt build", "Great Expectations", "publish", BOOKKEEPING):
        if name in spans:
            result.stages.append(spans.pop(name))
    result.stages.extend(spans.values())  # any step not named above
    bookkeeping = result.get(BOOKKEEPING)
    if bookkeeping:  # scattered over the run: no single window to read the memory of
        bookkeeping.note = "run creation (planned events per asset × partition) and per-partition materializations"
        bookkeeping.start = bookkeeping.end = None
    accounted = sum(s.seconds for s in result.stages)
    result.stages.append(Stage("other (between runs and steps, summary)", max(run.seconds - accounted, 0.0)))
    return result


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    return {
        "cpu": f"{model} × {os.cpu_count()} cores",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def code_version(root: Path) -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"
    if not commit:
        return f"{root} (not a git checkout)"
    return f"{commit}{' + uncommitted changes' if dirty else ''}"
