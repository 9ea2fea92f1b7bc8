"""Work a run hands to a process of its own (orchestration.lib.side_process): results and streams come back as the
function gives them, errors and deaths are named, and Great Expectations' verdicts through its process are the
ones validating here gives, without the caller importing Great Expectations."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
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
    stream.close()
    assert side.call(pid) != first
    assert list(side.stream(squares, 3)) == [0, 1, 4]


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
