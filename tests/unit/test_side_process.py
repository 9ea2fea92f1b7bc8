"""Work a run hands to a process of its own (orchestration.lib.side_process): results and streams come back as the
function gives them, errors and deaths are named, and Great Expectations' verdicts through its process are the
ones validating here gives, without the caller importing Great Expectations."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from expectations import runner
from expectations.rules import RULES
from orchestration.lib.side_process import SideProcess, SideProcessDied, SideProcessError
from tests.unit.rule_breaks import BREAKS, inputs

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "table.income_total_sum"


# what the side process runs: module-level, so that they travel by name
def pid() -> int:
    return os.getpid()


def squares(n: int):
    for i in range(n):
        yield i * i


def refuses(why: str):
    raise ValueError(why)


def dies():
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def side():
    process = SideProcess("test")
    yield process
    process.stop()


def test_calls_and_streams_come_back_from_one_process_that_is_not_this_one(side):
    first = side.call(pid)
    assert first != os.getpid()
    assert list(side.stream(squares, 5)) == [0, 1, 4, 9, 16]
    assert side.call(pid) == first  # one process for the run's calls


def test_an_error_there_is_raised_here_with_its_traceback(side):
    with pytest.raises(SideProcessError, match=r"refuses failed in the test process:(.|\n)*ValueError: no unit"):
        side.call(refuses, "no unit")
    assert list(side.stream(squares, 2)) == [0, 1]  # the process goes on


def test_a_process_that_dies_is_named_and_the_next_call_starts_another(side):
    first = side.call(pid)
    with pytest.raises(SideProcessDied, match="the test process ended during dies"):
        side.call(dies)
    assert side.call(pid) != first


def test_a_stream_left_unread_ends_its_process_so_its_rest_never_reaches_the_next_call(side):
    first = side.call(pid)
    stream = side.stream(squares, 100_000)
    assert next(stream) == 0
    with pytest.raises(SideProcessError, match="busy"):  # while it is open, another call would read its items
        side.call(pid)
    stream.close()
    second = side.call(pid)
    assert second != first and second == side._process.pid  # a new process, and its own answer, not an old item
    assert list(side.stream(squares, 3)) == [0, 1, 4]


def test_an_argument_that_does_not_pickle_fails_here_and_leaves_the_process_be(side):
    first = side.call(pid)
    with pytest.raises(Exception, match="pickle"):
        side.call(squares, lambda: 1)
    assert side.call(pid) == first


_PARENT = """
import sys
sys.path.insert(0, {root!r})
from orchestration.lib.side_process import SideProcess
from tests.unit.test_side_process import pid, take_a_lock
side = SideProcess("test")
print(side.call(pid), flush=True)
side.call(take_a_lock)
{end}
"""


def take_a_lock():
    # what dbt does in its process: a lock of the spawn context, a semaphore the resource tracker follows
    global LOCK
    LOCK = multiprocessing.get_context("spawn").RLock()


def _gone(process_id: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(process_id, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_a_run_that_ends_takes_its_process_along_and_leaks_nothing():
    script = _PARENT.format(root=str(ROOT), end="")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _gone(int(done.stdout.split()[0]), 5)
    assert "leaked" not in done.stderr  # the process left through its exit handlers, not killed mid-exit


def busy_for_a_minute():
    time.sleep(60)


def test_a_run_killed_while_its_process_works_takes_the_process_along(tmp_path):
    # as dbt mid-build when the run is killed: busy, not reading the pipe, so its closing says nothing
    end = ("from tests.unit.test_side_process import busy_for_a_minute\nside.start(busy_for_a_minute)\n"
           "import os, signal, time\ntime.sleep(0.5)\nos.kill(os.getpid(), signal.SIGKILL)")
    out = tmp_path / "out"
    with out.open("w") as handle:  # a file, not a pipe: the process would hold a pipe open and run() wait for it
        done = subprocess.run([sys.executable, "-c", _PARENT.format(root=str(ROOT), end=end)], cwd=ROOT,
                              stdout=handle, stderr=subprocess.STDOUT, timeout=120)
    assert done.returncode == -signal.SIGKILL, out.read_text()[-3000:]
    assert _gone(int(out.read_text().split()[0]), 10)


# a fresh interpreter, as `gongkai run` is: validate through the process, then say whether it imported GX itself
_CALLER = f"""
import json, sys
from expectations import runner
from expectations.rules import RULES
from orchestration.lib import gx_process
from tests.unit.rule_breaks import BREAKS, inputs
validation, _ = runner.prepare_checks(inputs(mutate=BREAKS[{BROKEN!r}].mutate), RULES)
failed = gx_process.validate(validation, RULES)
rows = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in validation[sorted(failed)].to_dicts())
print(json.dumps({{"failed": rows, "imported_here": "great_expectations" in sys.modules}}))
"""


def test_great_expectations_fails_the_same_rows_through_its_process_and_the_caller_never_imports_it():
    done = subprocess.run([sys.executable, "-c", _CALLER], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    there = json.loads(done.stdout.strip().splitlines()[-1])
    validation, _ = runner.prepare_checks(inputs(mutate=BREAKS[BROKEN].mutate), RULES)
    failed_here = validation[sorted(runner.validate(validation, RULES))]
    # the frame's row order may differ between interpreters: the failed rows are compared by their content
    assert there["failed"] == sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in failed_here.to_dicts())
    assert BROKEN in set(failed_here["rule_id"].to_list())  # the broken value fails through either path
    assert there["imported_here"] is False
