"""Extraction accuracy over fuzzed layouts: every figure of every fuzzed case against the generator's.

Run alone: .venv/bin/pytest tests/property -k test_fuzzed_layouts_accuracy -q
The report (accuracy per variation, the most frequent kinds of wrong figure, the smallest failing
layouts with the command that reproduces each) prints in the terminal summary, and with -s.
"""

from __future__ import annotations

from sample_corpus.layout import DRAWN_APART, SPACE
from tests.property.tally import THRESHOLD


def test_fuzzed_layouts_accuracy(fuzz_results):
    tally = fuzz_results.tally
    weakest = sorted(
        ((right / total, name, value) for (name, value), (right, total) in tally.alone.items() if total),
    )[:8]
    listing = "; ".join(f"{name}={value} {share:.1%}" for share, name, value in weakest)
    assert tally.accuracy >= THRESHOLD, (
        f"{tally.right} of {tally.compared} fuzzed figures right ({tally.accuracy:.2%} < {THRESHOLD:.1%}); "
        f"weakest variations alone: {listing}. See the report in the terminal summary."
    )


def test_at_least_a_thousand_layouts_are_extracted(fuzz_results):
    tally = fuzz_results.tally
    assert sum(tally.cases.values()) >= 1000, tally.cases
    assert tally.compared >= 20 * sum(tally.cases.values()), "too few figures compared per case for the accuracy to mean much"


def test_every_variation_is_drawn_and_compared_alone(fuzz_results):
    tally = fuzz_results.tally
    # a value the draws leave out (layout.DRAWN_APART) is compared alone, and in tests/property/test_space_aligned.py
    drawn = {d.name: DRAWN_APART.get(d.name, d.values) for d in SPACE}
    never_drawn = [(d.name, v) for d in SPACE for v in drawn[d.name] if (d.name, v) not in tally.drawn]
    assert not never_drawn, f"random layouts never drew {never_drawn}"
    never_compared = [(d.name, v) for d in SPACE for v in d.values[1:] if not tally.alone.get((d.name, v), [0, 0])[1]]
    assert not never_compared, f"no figure was compared with only {never_compared} changed"
