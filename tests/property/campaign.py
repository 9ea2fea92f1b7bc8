"""A random campaign beyond the fixed-seed fuzz set: N cases of drawn layouts, every wrong case listed with the
command that reproduces it.

    .venv/bin/python -m tests.property.campaign --seed 9 --cases 4000

The property tests run a fixed set (the same every run, so CI is stable); a campaign draws new seeds to find
layouts that set does not reach. Prints one line per wrong case and a summary; exits 1 when any case is wrong.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from tests.property.cases import UNITS, Case
from tests.property.run import outcomes_for

FORMATS = ("txt", "docx", "xlsx", "pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.property.campaign", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="draws the cases' units, formats and seeds")
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args(argv)

    draw = random.Random(args.seed)
    started, wrong_cases, figures, wrong_figures = time.perf_counter(), 0, 0, 0
    for _ in range(args.cases):
        unit, file_format, seed = draw.choice(UNITS), draw.choice(FORMATS), draw.randrange(2**31)
        outcomes = outcomes_for(Case(unit, file_format, seed, None))
        wrong = [o for o in outcomes if not o.ok]
        figures, wrong_figures = figures + len(outcomes), wrong_figures + len(wrong)
        if wrong:
            wrong_cases += 1
            first = wrong[0]
            print(f"{len(wrong)} wrong of {len(outcomes)}, e.g. {first.source} {first.name}: expected {first.expected!r}, "
                  f"extracted {first.got!r}\n  python -m tests.property.reproduce --unit {unit} --format {file_format} "
                  f"--seed {seed}", flush=True)
    print(f"{args.cases} cases, {wrong_cases} with a wrong figure; {figures - wrong_figures} / {figures} figures right; "
          f"{time.perf_counter() - started:.0f} s")
    return 1 if wrong_cases else 0


if __name__ == "__main__":
    sys.exit(main())
