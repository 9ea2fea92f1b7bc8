"""Runs the fuzzing once per session and prints its report: with -s when it is made, and in the
terminal summary of every run (pytest -q included) that used it."""

from __future__ import annotations

import time

import pytest

from tests.property.fuzzing import run_all
from tests.property.report import render
from tests.property.tally import Culprit, Tally

SHRINK_SECONDS = 15  # time given to finding the smallest failing layouts

_reports: list[str] = []


class FuzzResults:
    def __init__(self, tally: Tally, culprits: list[Culprit], report: str, seconds: float):
        self.tally, self.culprits, self.report, self.seconds = tally, culprits, report, seconds


@pytest.fixture(scope="session")
def fuzz_results() -> FuzzResults:
    started = time.perf_counter()
    tally = run_all()
    culprits = tally.shrink(SHRINK_SECONDS)
    seconds = time.perf_counter() - started
    report = render(tally, culprits) + f"\n(fuzzing took {seconds:.0f} s)"
    _reports.append(report)
    return FuzzResults(tally, culprits, report, seconds)


def pytest_terminal_summary(terminalreporter) -> None:
    for report in _reports:
        terminalreporter.section("fuzzed layouts: accuracy per variation")
        terminalreporter.write_line(report)
