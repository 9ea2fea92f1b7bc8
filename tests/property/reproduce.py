"""Rebuild one fuzzed case, write its file, and print every wrong figure (expected vs extracted).

    .venv/bin/python -m tests.property.reproduce --unit table:expense --format txt --seed 3 \\
        [--classic] [--set table.code_columns=lkx_carry --set text.tables=cell_lines] [--out DIR] [--all]

Without --classic the case uses the layout drawn for its seed; with it, the classic layout plus the
--set choices (the shrunk layouts the property tests report).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.property.cases import UNITS, Case, non_classic
from tests.property.run import outcomes_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.property.reproduce", description=__doc__.splitlines()[0])
    parser.add_argument("--unit", required=True, choices=UNITS)
    parser.add_argument("--format", required=True, choices=("txt", "docx", "xlsx", "pdf"))
    parser.add_argument("--seed", required=True, type=int)
    parser.add_argument("--classic", action="store_true", help="start from the classic layout, not the drawn one")
    parser.add_argument("--set", action="append", default=[], metavar="DIMENSION=VALUE")
    parser.add_argument("--out", type=Path, default=Path("/tmp"), help="folder the case's file is written to")
    parser.add_argument("--all", action="store_true", help="print right figures too")
    args = parser.parse_args(argv)

    overrides = dict(item.split("=", 1) for item in args.set) if (args.classic or args.set) else None
    case = Case(args.unit, args.format, args.seed, overrides)
    path = args.out / f"fuzz_{args.unit.replace(':', '_')}_{args.seed}.{args.format}"
    args.out.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.data)
    print(f"file: {path}")
    print("layout (non-classic choices):", ", ".join(f"{k}={v}" for k, v in sorted(non_classic(case.layout).items())) or "none")
    outcomes = outcomes_for(case)
    wrong = [o for o in outcomes if not o.ok]
    for o in outcomes if args.all else wrong:
        print(f"{'ok   ' if o.ok else 'WRONG'} {o.source:9} {o.name}: expected {o.expected!r}, extracted {o.got!r}")
    print(f"{len(outcomes) - len(wrong)} / {len(outcomes)} figures right")
    return 0 if not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
