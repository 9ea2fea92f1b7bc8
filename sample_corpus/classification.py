"""Official names of classification codes, read from the warehouse's dbt seeds.

The generator prints the names the warehouse itself recognises, so a generated document can
never carry a code or a name the seeds disagree with. The seeds are read once, on first use.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"


@lru_cache(maxsize=None)
def seed_names(seed: str) -> dict[str, str]:
    """subject_code → subject_name of one classification seed (functional_classification …)."""
    path = SEEDS / f"{seed}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["subject_code"]: row["subject_name"] for row in csv.DictReader(handle)}


class OfficialNames(Mapping[str, str]):
    """The official names of the codes the generator uses; a code missing from the seed is an error."""

    def __init__(self, seed: str, codes: tuple[str, ...]):
        self._seed = seed
        self._codes = codes

    @property
    def _names(self) -> dict[str, str]:
        return _resolve(self._seed, self._codes)

    def __getitem__(self, code: str) -> str:
        return self._names[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


@lru_cache(maxsize=None)
def _resolve(seed: str, codes: tuple[str, ...]) -> dict[str, str]:
    names = seed_names(seed)
    missing = [code for code in codes if code not in names]
    if missing:
        raise KeyError(f"codes {missing} are not in dbt_project/seeds/{seed}.csv")
    return {code: names[code] for code in codes}
