"""A random campaign over damaged headings beyond the fixed examples of test_key_headings: N cases, each one drawn
standard table with its code, name or amount headings cut by a character or blanked (test_key_headings.DAMAGE),
rendered in a drawn format; prints the wrong cases per damage and format, and each with the command that reproduces
its table.

    .venv/bin/python -m tests.property.heading_campaign --seed 11 --cases 400
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter

from tests.property.run import outcomes_for
from tests.property.test_key_headings import DAMAGE, KeyHeadingCase, _targeted

FORMATS = ("pdf", "docx", "xlsx", "txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.property.heading_campaign", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--damage", choices=("code", "name", "amount"), help="only this heading (default: any)")
    args = parser.parse_args(argv)

    draw = random.Random(args.seed)
    damages = [d for d in DAMAGE if args.damage in (None, d[0])]
    tried, wrong = Counter(), Counter()
    for _ in range(args.cases):
        (which, how, kind), file_format, seed = draw.choice(damages), draw.choice(FORMATS), draw.randrange(2**31)
        case = KeyHeadingCase(f"table:{kind}", file_format, seed, None, which=which, how=how)
        grid = case.grids()[0]
        if not grid.figures or not any(_targeted(c, which) for row in grid.header for c in row):
            continue  # an empty table, or none of the headings this damage cuts
        shape = case.disclosure.layout["text.tables"] if file_format == "txt" else file_format
        key = (which, how, shape)
        tried[key] += 1
        bad = [o for o in outcomes_for(case) if not o.ok]
        if bad:
            wrong[key] += 1
            print(f"{which} {how} {shape}: {len(bad)} wrong, e.g. {bad[0].name}: expected {bad[0].expected!r}, "
                  f"extracted {bad[0].got!r}  ({case.describe()})", flush=True)
    for key in sorted(tried):
        print(f"{' '.join(key):28s} {wrong[key]:4d} wrong of {tried[key]}")
    print(f"{sum(tried.values())} cases, {sum(wrong.values())} with a wrong figure")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
