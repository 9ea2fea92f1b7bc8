"""The fuzzing runs: random layouts drawn by hypothesis (derandomized, so CI sees the same cases every
run), and each variation alone. Units are cheap where they can be (one table, one form or the
narrative, mostly as plain text); fewer Word, Excel and PDF units, and a few whole documents.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.property.cases import TABLE_KINDS, Case
from tests.property.run import outcomes_for
from tests.property.sweep import SEEDS, variation_cases
from tests.property.tally import Tally

# The same examples every run, none stored between runs, no shrinking: a wrong figure is tallied,
# never raised, so the runs must not stop at the first one.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
SEED = st.integers(min_value=0, max_value=2**31 - 1)
TABLE_UNITS = st.sampled_from([f"table:{kind}" for kind in TABLE_KINDS])
ANY_UNIT = st.one_of(TABLE_UNITS, st.sampled_from(["form", "form", "narrative"]))

# cases per run: at least 1,000 layouts in all, with the slow formats kept few
TEXT_TABLES, TEXT_FORMS, TEXT_NARRATIVES, OFFICE_UNITS, PDF_UNITS = 380, 220, 70, 60, 24


def _run(tally: Tally, unit: str, file_format: str, seed: int) -> None:
    case = Case(unit, file_format, seed)
    tally.add(case, outcomes_for(case))


@settings(FUZZ, max_examples=TEXT_TABLES)
@given(seed=SEED, unit=TABLE_UNITS)
def fuzz_text_tables(tally: Tally, seed: int, unit: str) -> None:
    _run(tally, unit, "txt", seed)


@settings(FUZZ, max_examples=TEXT_FORMS)
@given(seed=SEED)
def fuzz_text_forms(tally: Tally, seed: int) -> None:
    _run(tally, "form", "txt", seed)


@settings(FUZZ, max_examples=TEXT_NARRATIVES)
@given(seed=SEED)
def fuzz_text_narratives(tally: Tally, seed: int) -> None:
    _run(tally, "narrative", "txt", seed)


@settings(FUZZ, max_examples=OFFICE_UNITS)
@given(seed=SEED, unit=ANY_UNIT, file_format=st.sampled_from(["docx", "xlsx"]))
def fuzz_office_units(tally: Tally, seed: int, unit: str, file_format: str) -> None:
    _run(tally, unit, file_format, seed)


@settings(FUZZ, max_examples=PDF_UNITS)
@given(seed=SEED, unit=ANY_UNIT)
def fuzz_pdf_units(tally: Tally, seed: int, unit: str) -> None:
    _run(tally, unit, "pdf", seed)


# whole documents, one per format and a second text one (a text file shows the most variations)
DOCUMENTS = (("txt", 101), ("txt", 202), ("docx", 303), ("xlsx", 404), ("pdf", 505))


def run_documents(tally: Tally) -> None:
    for file_format, seed in DOCUMENTS:
        _run(tally, "document", file_format, seed)


def run_variations_alone(tally: Tally) -> None:
    for dimension, value, case in variation_cases():
        tally.add_alone(dimension, value, case, outcomes_for(case))
    for seed in SEEDS:
        for unit in [f"table:{kind}" for kind in TABLE_KINDS] + ["form", "narrative"]:
            case = Case(unit, "txt", seed, {})
            tally.add_alone("layout", "classic", case, outcomes_for(case))


def run_all() -> Tally:
    tally = Tally()
    runs = (fuzz_text_tables, fuzz_text_forms, fuzz_text_narratives, fuzz_office_units, fuzz_pdf_units, run_documents,
            run_variations_alone)
    for run in runs:
        started = time.perf_counter()
        run(tally)
        tally.seconds[run.__name__] = time.perf_counter() - started
    return tally
