"""Great Expectations in its own process (expectations.gx_process): the same verdicts as validating in the caller,
no Great Expectations in the caller, and a process that dies is named as such."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from expectations import gx_process, runner
from expectations.rules import RULES
from tests.unit.rule_breaks import BREAKS, inputs

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "table.income_total_sum"

# a fresh interpreter, as `gongkai run` is: validate through the process, then say whether it imported GX itself
_CALLER = f"""
import json, sys
from expectations import gx_process, runner
from expectations.rules import RULES
from tests.unit.rule_breaks import BREAKS, inputs
validation, _ = runner.prepare_checks(inputs(mutate=BREAKS[{BROKEN!r}].mutate), RULES)
failed = gx_process.validate(validation, RULES)
rows = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in validation[sorted(failed)].to_dicts())
print(json.dumps({{"failed": rows, "imported_here": "great_expectations" in sys.modules}}))
"""


def _validation():
    validation, _ = runner.prepare_checks(inputs(mutate=BREAKS[BROKEN].mutate), RULES)
    return validation


def test_the_process_fails_the_rows_validating_here_fails_and_the_caller_never_imports_gx():
    done = subprocess.run([sys.executable, "-c", _CALLER], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    there = json.loads(done.stdout.strip().splitlines()[-1])
    validation = _validation()
    failed_here = validation[sorted(runner.validate(validation, RULES))]
    # the frame's row order may differ between interpreters: the failed rows are compared by their content
    assert there["failed"] == sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in failed_here.to_dicts())
    assert BROKEN in set(failed_here["rule_id"].to_list())  # the broken value fails through either path
    assert there["imported_here"] is False


def test_a_process_that_dies_is_named_and_the_next_validation_starts_another():
    gx_process.stop()
    before = {p.pid for p in multiprocessing.active_children()}
    gx_process.start()
    started = [p for p in multiprocessing.active_children() if p.pid not in before]
    assert len(started) == 1
    os.kill(started[0].pid, signal.SIGKILL)
    started[0].join(30)
    validation = _validation()
    try:
        with pytest.raises(gx_process.GreatExpectationsProcessDied, match="Great Expectations process ended"):
            gx_process.validate(validation, RULES)
        assert gx_process.validate(validation, RULES) == runner.validate(validation, RULES)
    finally:
        gx_process.stop()
