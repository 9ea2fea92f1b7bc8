"""Figures right and compared, per layout variation, and the smallest layouts that still fail.

Every compared figure counts once for each layout choice that shaped it (the choices of its part of
the document, its format and unit), so a weak variation shows as a low accuracy on its row; the
one-variation cases count for their one choice only (the "alone" column).

To say which variation causes a failure: a variation failing alone is its own smallest example. A
failing random case that no known culprit reproduces on its own (other formats, combinations) is
shrunk: its non-classic choices are set back to the classic layout one at a time, keeping each change
under which the same figure still fails; what is left is what the extractor cannot read.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sample_corpus.layout import relevant_dimensions
from tests.property.cases import Case, non_classic
from tests.property.compare import Outcome
from tests.property.run import outcomes_for

THRESHOLD = 0.995
FORMAT_COST = {"txt": 0, "xlsx": 1, "docx": 1, "pdf": 2}  # cheaper cases are shrunk first
SAMPLES_PER_FORMAT = 2  # failing cases kept per kind of wrong figure and format, to shrink


@dataclass(frozen=True)
class Failure:
    unit: str
    file_format: str
    seed: int
    layout: tuple[tuple[str, str], ...]  # the failing case's non-classic choices
    outcome: Outcome


@dataclass
class Culprit:
    failure: Failure
    needs: dict[str, str]  # the non-classic choices the failure needs
    outcome: Outcome  # the failing figure in the shrunk case
    command: str
    explained: list[str] = field(default_factory=list)  # other kinds of wrong figure it alone reproduces

    def could_explain(self, failure: Failure) -> bool:
        """Same part, same format, and the failing case makes all of this culprit's choices."""
        return (
            failure.outcome.source == self.failure.outcome.source
            and failure.file_format == self.failure.file_format
            and set(self.needs.items()) <= set(failure.layout)
        )


class Tally:
    def __init__(self):
        self.cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # random layouts
        self.alone: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # one variation at a time
        self.right = self.compared = 0
        self.cases: Counter[str] = Counter()
        self.drawn: set[tuple[str, str]] = set()  # every layout choice a random case drew
        self.samples: dict[str, list[Failure]] = defaultdict(list)  # a few failing cases per kind of figure
        self.alone_failures: dict[tuple[str, str], tuple[Case, Outcome]] = {}  # the first per failing variation
        self.wrong_by_kind: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}  # per run, for the report

    def add_alone(self, dimension: str, value: str, case: Case, outcomes: list[Outcome]) -> None:
        """A case of the classic layout with one choice changed: its figures count for that choice only."""
        self.cases["one variation"] += 1
        cell = self.alone[(dimension, value)]
        cell[0] += sum(o.ok for o in outcomes)
        cell[1] += len(outcomes)
        wrong = next((o for o in outcomes if not o.ok), None)
        if wrong is not None and dimension != "layout":
            self.alone_failures.setdefault((dimension, value), (case, wrong))
        self._count(case, outcomes)

    def add(self, case: Case, outcomes: list[Outcome]) -> None:
        self.cases[case.file_format if case.unit != "document" else "document"] += 1
        self.drawn.update(case.layout.items())
        for o in outcomes:
            part = o.source if o.source in ("table", "form", "narrative") else None
            dims = relevant_dimensions(case.layout, part, case.file_format) if part else {}
            dims.update(o.tags)
            dims["format"] = case.file_format
            dims["unit"] = case.unit if case.unit != "document" else f"document ({o.source})"
            for name, value in dims.items():
                cell = self.cells[(name, value)]
                cell[0] += o.ok
                cell[1] += 1
        self._count(case, outcomes)

    def _count(self, case: Case, outcomes: list[Outcome]) -> None:
        wrong = [o for o in outcomes if not o.ok]
        self.right += len(outcomes) - len(wrong)
        self.compared += len(outcomes)
        for o in wrong:
            self.wrong_by_kind[o.kind] += 1
            kept = self.samples[o.kind]
            if sum(1 for f in kept if f.file_format == case.file_format) < SAMPLES_PER_FORMAT:
                kept.append(Failure(case.unit, case.file_format, case.seed, tuple(sorted(non_classic(case.layout).items())), o))

    @property
    def accuracy(self) -> float:
        return self.right / self.compared if self.compared else 0.0

    def culprits_alone(self) -> list[Culprit]:
        """Every variation that fails on its own: its case is already as small as a failing layout gets."""
        culprits = []
        for (dimension, value), (case, outcome) in sorted(self.alone_failures.items()):
            failure = Failure(case.unit, case.file_format, case.seed, tuple(sorted(non_classic(case.layout).items())), outcome)
            culprits.append(Culprit(failure, dict(case.overrides or {}), outcome, case.describe()))
        return culprits

    def shrink(self, budget_seconds: float) -> list[Culprit]:
        """The variations failing alone, then the smallest failing layouts of random cases they do not
        explain (other formats, combinations), most frequent kinds of wrong figure first, within a budget."""
        culprits = self.culprits_alone()
        started = time.perf_counter()
        for kind, _ in self.wrong_by_kind.most_common():
            # one failing case of this kind per format (whole documents are too slow to shrink; their
            # parts fail as single units too)
            firsts: dict[str, Failure] = {}
            for f in self.samples[kind]:
                if f.unit != "document" and f.outcome.source != "identity":
                    firsts.setdefault(f.file_format, f)
            for failure in sorted(firsts.values(), key=lambda f: FORMAT_COST[f.file_format]):
                if time.perf_counter() - started > budget_seconds:
                    return culprits
                known = next((c for c in culprits if c.could_explain(failure) and _reproduces(c, failure)), None)
                if known is not None:
                    known.explained.append(kind)
                    continue
                culprit = _shrink(failure)
                if culprit is not None:
                    culprits.append(culprit)
        return culprits


def _reproduces(culprit: Culprit, failure: Failure) -> bool:
    """Whether the failing figure fails with only the culprit's choices too."""
    return _fails(Case(failure.unit, failure.file_format, failure.seed, dict(culprit.needs)), failure.outcome.name) is not None


def _fails(case: Case, name: str) -> Outcome | None:
    return next((o for o in outcomes_for(case) if not o.ok and o.name == name), None)


def _shrink(failure: Failure) -> Culprit | None:
    needs = dict(failure.layout)
    needs.pop("form.preset", None)  # a preset only names the choices it made; they are in the layout
    case = Case(failure.unit, failure.file_format, failure.seed, needs)
    # first drop, in one step, every choice that does not shape the failing part
    relevant = relevant_dimensions(case.layout, failure.outcome.source, failure.file_format)
    needs = {k: v for k, v in needs.items() if k in relevant}
    outcome = _fails(Case(failure.unit, failure.file_format, failure.seed, needs), failure.outcome.name)
    if outcome is None:
        return None
    for name in sorted(needs):
        trial = {k: v for k, v in needs.items() if k != name}
        still = _fails(Case(failure.unit, failure.file_format, failure.seed, trial), failure.outcome.name)
        if still is not None:
            needs, outcome = trial, still
    case = Case(failure.unit, failure.file_format, failure.seed, needs)
    return Culprit(failure, needs, outcome, case.describe())
