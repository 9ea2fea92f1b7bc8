"""The quality rules on the real pipeline: generated documents with one known fault each, an
untouched control, and the real corpus texts, all run ONCE together (dbt, Great Expectations,
Dagster, a temporary warehouse). Each fault must be reported by the right rule, on the right
document and line; no generated document may raise an error-level finding."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.runs import run_pipeline
from orchestration.settings import load_settings
from sample_corpus import generate_corpus

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REAL_TEXTS = ROOT.parent / "shared" / "corpus" / "texts"
AMOUNT = re.compile(r"-?\d[\d,]*\.\d+|-?\d+")


@dataclass
class Expected:
    """A fault planted in a document and where the report must point."""

    rule_id: str
    line_no: int | None
    table_name: str | None = None


# ------------------------------------------------------------------ editing a generated text document

def _number(cell: str) -> float | None:
    cell = cell.strip()
    if not cell or not AMOUNT.fullmatch(cell):
        return None
    return float(cell.replace(",", ""))


def _fmt(value: float, like: str) -> str:
    return f"{value:,.2f}" if "," in like else f"{value:.2f}"


def _block(lines: list[str], title: str) -> tuple[int, int]:
    """[start, end) of the "## <title>" block of a text document (0-based line indexes)."""
    start = next(i for i, line in enumerate(lines) if line.strip() == f"## {title}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return start, end


def break_expense_cell(lines: list[str]) -> list[Expected]:
    """支出决算表: a 项 row's 本年支出合计 one 万元 higher than its 基本支出 + 项目支出."""
    start, end = _block(lines, "支出决算表")
    for i in range(start, end):
        cells = lines[i].split("\t")
        if re.fullmatch(r"\d{7}", cells[0].strip()) and len(cells) > 2 and (_number(cells[2]) or 0) > 0:
            cells[2] = _fmt(_number(cells[2]) + 1, cells[2])
            lines[i] = "\t".join(cells)
            parent = next(j for j in range(i - 1, start, -1) if lines[j].split("\t")[0].strip() == cells[0].strip()[:5])
            return [Expected("table.expense_row_basic_plus_project", i + 1, "expense"),
                    Expected("table.functional_hierarchy_sum", parent + 1, "expense")]
    raise AssertionError("no 项 row with an amount in the 支出决算表")


def break_narrative_income(lines: list[str]) -> list[Expected]:
    """收入决算情况说明: 一般公共预算财政拨款收入 stated one 万元 higher than the table prints it."""
    section = next(i for i, line in enumerate(lines) if "二、收入决算情况说明" in line)
    pattern = re.compile(r"(一般公共预算财政拨款收入)(\d[\d,]*\.\d{2})(万元)")
    for i in range(section, section + 12):
        m = pattern.search(lines[i])
        if m:
            new = _fmt(_number(m.group(2)) + 1, m.group(2))
            lines[i] = lines[i][: m.start(2)] + new + lines[i][m.end(2):]
            return [Expected("narrative.matches_table", i + 1, "narrative")]
    raise AssertionError("the income section names no 一般公共预算财政拨款收入 amount")


def drop_state_capital_table(lines: list[str]) -> list[Expected]:
    start, end = _block(lines, "国有资本经营预算财政拨款支出决算表")
    del lines[start:end]
    return [Expected("completeness.standard_tables", None, "state_capital")]


def break_vehicle_subtotal(lines: list[str]) -> list[Expected]:
    """三公 table: the 决算数 公务用车 小计 one 万元 above 购置费 + 运行维护费."""
    start, end = _block(lines, "财政拨款“三公”经费支出决算表")
    header = next(i for i in range(start, end) if lines[i].split("\t")[:3] == ["1", "2", "3"])
    row = header + 1
    cells = lines[row].split("\t")
    assert _number(cells[8]), f"no 决算 小计 printed: {lines[row]!r}"
    cells[8] = _fmt(_number(cells[8]) + 1, cells[8])
    lines[row] = "\t".join(cells)
    return [Expected("three_public.vehicle_subtotal_actual", row + 1, "three_public")]


def break_project_score(lines: list[str]) -> list[Expected]:
    """First 项目支出绩效自评表: 总分 five points below 预算执行得分 + the indicator scores."""
    heading = next(i for i, line in enumerate(lines) if line.startswith("## ") and line.endswith("项目支出绩效自评表"))
    total = next(i for i in range(heading, len(lines)) if lines[i].startswith("总分"))
    cells = lines[total].split("\t")
    score_at = max(k for k, c in enumerate(cells) if _number(c) is not None)
    cells[score_at] = _fmt(_number(cells[score_at]) - 5, cells[score_at])
    lines[total] = "\t".join(cells)
    return [Expected("performance.total_score_sum", heading + 1, "project_performance")]


MUTATIONS = [break_expense_cell, break_narrative_income, drop_state_capital_table, break_vehicle_subtotal, break_project_score]
# a real document laid out like the template gets the same table-cell fault (it replaces the original in the inbox)
REAL_MUTATIONS = {"jincheng-big-data-bureau-2023-final.txt": break_expense_cell}


# ------------------------------------------------------------------ one pipeline run for everything

@dataclass
class QualityRun:
    warehouse: Path
    planted: dict[str, list[Expected]]  # file name → faults
    controls: list[str]
    generated: list[str]
    real: list[str]

    def query(self, sql: str, params=None):
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def failed(self, file_name: str) -> list[tuple]:
        """(rule_id, severity, table_name, page, line_no, observed, expected, message) of the last run."""
        return self.query(
            """select rule_id, severity, table_name, page, line_no, observed, expected, message
               from quality.check_results r join marts.dim_document d using (document_id)
               where r.outcome = 'failed' and d.file_name = ?
                 and r.run_id = (select run_id from quality.runs order by finished_at desc limit 1)
               order by rule_id, line_no""",
            [file_name],
        )


@pytest.fixture(scope="module")
def quality_run(tmp_path_factory) -> QualityRun:
    root = tmp_path_factory.mktemp("quality")
    inbox = root / "inbox"
    documents = generate_corpus(inbox, root / "expected", n=len(MUTATIONS) + 1, seed=7, formats=("txt",), layouts="classic")
    planted: dict[str, list[Expected]] = {}
    for document, mutate in zip(documents, MUTATIONS):
        lines = document.path.read_text(encoding="utf-8").split("\n")
        planted[document.path.name] = mutate(lines)
        document.path.write_text("\n".join(lines), encoding="utf-8")
    controls = [d.path.name for d in documents[len(MUTATIONS):]]
    real = []
    if REAL_TEXTS.is_dir():
        for text in sorted(REAL_TEXTS.glob("*.txt")):
            shutil.copy(text, inbox / text.name)
            real.append(text.name)
            if text.name in REAL_MUTATIONS:
                lines = text.read_text(encoding="utf-8").split("\n")
                planted[text.name] = REAL_MUTATIONS[text.name](lines)
                (inbox / text.name).write_text("\n".join(lines), encoding="utf-8")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
        run_pipeline(settings)
        dagster_home = os.environ["DAGSTER_HOME"]
    assert dagster_home.endswith("dagster_home")
    return QualityRun(settings.warehouse, planted, controls, [d.path.name for d in documents], real)


def _planted(quality_run, name: str) -> str:
    if name not in quality_run.planted:
        pytest.skip(f"real corpus texts not found under {REAL_TEXTS}")
    return name


@pytest.mark.parametrize("index", range(len(MUTATIONS)), ids=[m.__name__ for m in MUTATIONS])
def test_each_planted_fault_is_reported_by_its_rule_on_its_document_and_line(quality_run, index):
    name = sorted(n for n in quality_run.planted if n not in REAL_MUTATIONS)[index]
    _assert_reported(quality_run, name)


@pytest.mark.parametrize("name", sorted(REAL_MUTATIONS))
def test_a_fault_planted_in_a_real_document_is_reported_on_its_line(quality_run, name):
    _assert_reported(quality_run, _planted(quality_run, name))


def _assert_reported(quality_run, name: str) -> None:
    failed = quality_run.failed(name)
    for expected in quality_run.planted[name]:
        hits = [f for f in failed if f[0] == expected.rule_id and f[4] == expected.line_no
                and (expected.table_name is None or f[2] == expected.table_name)]
        assert hits, f"{name}: expected {expected}, got {[(f[0], f[2], f[4], f[7]) for f in failed]}"
        assert all(f[3] is None for f in hits)  # a text document has lines, not pages


def test_no_generated_document_raises_an_error_level_finding(quality_run):
    for name in quality_run.generated:
        errors = [f for f in quality_run.failed(name) if f[1] == "error"]
        assert not errors, f"{name}: {errors}"


def test_the_untouched_control_passes_every_rule(quality_run):
    assert quality_run.controls
    for name in quality_run.controls:
        assert quality_run.failed(name) == [], name


def test_every_rule_ran_and_unchecked_is_counted_apart(quality_run):
    run_id = quality_run.query("select run_id from quality.runs order by finished_at desc limit 1")[0][0]
    outcomes = dict(quality_run.query(
        "select outcome, count(*) from quality.check_results where run_id = ? group by all", [run_id]))
    assert outcomes.get("passed", 0) > 0 and outcomes.get("failed", 0) > 0
    not_loaded = quality_run.query(
        "select rule_id, message from quality.check_results where run_id = ? and message like '%inputs not loaded%'", [run_id])
    assert not_loaded == []
    report = Path(quality_run.query("select report_path from quality.runs where run_id = ?", [run_id])[0][0])
    page = report.read_text(encoding="utf-8")
    assert f"{outcomes['failed']} failed" in page
    assert f"{outcomes.get('could_not_check', 0)} could not be checked" in page


def test_leshan_income_total_against_its_parts_is_listed_as_rounding(quality_run):
    """2098.1 against parts adding to 2098.09: a cent with two non-zero parts is 尾差, info with the sum shown."""
    if "leshan-data-bureau-2024-final.txt" not in quality_run.real:
        pytest.skip(f"real corpus texts not found under {REAL_TEXTS}")
    hits = [f for f in quality_run.failed("leshan-data-bureau-2024-final.txt")
            if f[0].startswith("narrative.components_sum") and f[4] == 18]
    assert len(hits) == 1, quality_run.failed("leshan-data-bureau-2024-final.txt")
    assert hits[0][0] == "narrative.components_sum_rounding" and hits[0][1] == "info"
    assert hits[0][5] == pytest.approx(2098.1) and hits[0][6] == pytest.approx(2098.09)
