"""The fuzzing report: overall accuracy, accuracy per variation (alone and in random layouts), the
most frequent kinds of wrong figure, and the smallest layouts that still fail, with the command that
reproduces each."""

from __future__ import annotations

from sample_corpus.layout import SPACE
from tests.property.tally import THRESHOLD, Culprit, Tally


def _ratio(cell: list[int] | None) -> str:
    if not cell or not cell[1]:
        return f"{'-':>22}"
    right, total = cell
    mark = " " if right / total >= THRESHOLD else "<"
    return f"{right:>7} / {total:<7} {right / total:>6.1%}{mark}"


def render(tally: Tally, culprits: list[Culprit]) -> str:
    lines = [
        "fuzzed layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.cases.items()))
        + f" = {sum(tally.cases.values())} cases",
        f"figures right {tally.right} / {tally.compared} = {tally.accuracy:.2%} (threshold {THRESHOLD:.1%}; < marks a value below it)",
        f"the classic layout alone (every table, a form, the narrative):{_ratio(tally.alone.get(('layout', 'classic')))}",
        "seconds per run: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in tally.seconds.items()),
        "",
        f"{'dimension':24} {'value':24} {'alone (classic + this choice)':>30} {'in random layouts':>24}",
    ]
    dimensions = [(d.name, v) for d in SPACE for v in d.values]
    extra = sorted(k for k in tally.cells if k[0] not in {d.name for d in SPACE})
    for name, value in dimensions + extra:
        lines.append(f"{name:24} {value:24} {_ratio(tally.alone.get((name, value))):>30} {_ratio(tally.cells.get((name, value))):>24}")
    lines += ["", f"kinds of wrong figure: {len(tally.wrong_by_kind)}, most frequent first"]
    lines += [f"  {count:6}  {kind}" for kind, count in tally.wrong_by_kind.most_common(40)]
    if culprits:
        lines += ["", "smallest failing layouts (the classic layout plus only the choices listed):"]
    for k, c in enumerate(culprits, start=1):
        f, o = c.failure, c.outcome
        needs = ", ".join(f"{n}={v}" for n, v in sorted(c.needs.items())) or "nothing: fails on the classic layout"
        also = f"; alone it also breaks {len(c.explained)} other kinds of figure" if c.explained else ""
        lines.append(f"[{k}] {f.file_format} {o.source}: {needs}")
        lines.append(f"     {o.kind} ({f.unit}, seed {f.seed}){also}")
        lines.append(f"     {o.name}: expected {o.expected!r}, extracted {o.got!r}")
        lines.append(f"     {c.command}")
    return "\n".join(lines)
