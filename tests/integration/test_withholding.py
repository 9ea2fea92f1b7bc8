"""What analysts see when a document is partly broken: only the broken part is withheld, an unknown code is kept
and reported, a blocked correction leaves the version before it current, and a plain `dbt build` (every document)
gives the marts `gongkai run` built incrementally (withholding and version ranking live in dbt, read from the
stored findings)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.runs import run_pipeline
from orchestration.settings import DBT_PROJECT_DIR, load_settings
from sample_corpus import generate_corpus

pytestmark = pytest.mark.slow

MARTS = ["dim_document", "fct_department_finance", "fct_department_figures", "fct_functional_expense",
         "fct_basic_expense_economic", "fct_three_public_costs", "fct_project_performance", "fct_performance_indicators"]


def _query(path: Path, sql: str, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _section(lines: list[str], title: str) -> range:
    start = next(i for i, line in enumerate(lines) if line.startswith("## ") and title in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return range(start, end)


def _plant_unknown_code(text: str) -> str:
    """A row of the 基本支出 table (公开06) with a code the lookup lacks, printed with a name and a 0."""
    lines = text.split("\n")
    for i in _section(lines, "基本支出决算明细表"):
        cells = lines[i].split("\t")
        for j in range(len(cells) - 2):
            if re.fullmatch(r"3\d{4}", cells[j]) and cells[j + 2] == "":
                cells[j:j + 3] = ["30198", "测试新设款项", "0.00"]
                lines[i] = "\t".join(cells)
                return "\n".join(lines)
    raise AssertionError("no blank economic row to plant a code in")


def _break_expense_table(text: str) -> str:
    """The 合计 row of the 支出决算表 (公开03) prints its total in words: that table cannot be read."""
    lines = text.split("\n")
    for i in _section(lines, "支出决算表"):
        cells = lines[i].split("\t")
        if cells and cells[0] == "合计":
            cells[2] = "七百九十三"
            lines[i] = "\t".join(cells)
            return "\n".join(lines)
    raise AssertionError("no 合计 row in the 支出决算表")


@pytest.fixture(scope="module")
def withheld(tmp_path_factory):
    root = tmp_path_factory.mktemp("withheld")
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    inbox = root / "inbox"
    a, b, c = generate_corpus(root / "generated", root / "expected", n=3, seed=31, formats=("txt",), layouts="classic")
    inbox.mkdir()
    (inbox / "unknown-code.txt").write_text(_plant_unknown_code(a.path.read_text(encoding="utf-8")), encoding="utf-8")
    (inbox / "broken-expense-table.txt").write_text(_break_expense_table(b.path.read_text(encoding="utf-8")),
                                                     encoding="utf-8")
    shutil.copyfile(c.path, inbox / "good-version.txt")
    settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
    run_pipeline(settings)
    # a "correction" of the good document that prints its name and year and nothing else: blocked whole
    (inbox / "empty-correction.txt").write_text(
        f"{c.department_name}\n\n{c.fiscal_year}年度部门决算\n\n本文件内容缺失。\n", encoding="utf-8")
    run_pipeline(settings)
    return {"settings": settings, "root": root, "a": a, "b": b, "c": c}


def _status(withheld, file_name: str) -> tuple:
    return _query(withheld["settings"].warehouse, "select status, status_reason, withheld_parts, withheld_summary, "
                  "is_current, document_id from marts.dim_document where file_name = ?", [file_name])[0]


def test_an_unknown_code_is_kept_with_its_printed_name_and_reported(withheld):
    status, _, parts, _, current, document_id = _status(withheld, "unknown-code.txt")
    assert (status, parts, current) == ("loaded", 0, True)
    warehouse = withheld["settings"].warehouse
    assert _query(warehouse, "select subject_name, amount, in_classification from marts.fct_basic_expense_economic "
                  "where document_id = ? and subject_code = '30198'", [document_id]) == [("测试新设款项", 0.0, False)]
    findings = _query(warehouse, "select severity, message from quality.check_results where document_id = ? and "
                      "rule_id = 'sanity.economic_code_known' and outcome = 'failed'", [document_id])
    assert findings and {s for s, _ in findings} == {"warning"} and "30198" in findings[0][1]


def test_a_broken_table_is_withheld_and_the_rest_of_its_document_is_not(withheld):
    status, _, parts, summary, current, document_id = _status(withheld, "broken-expense-table.txt")
    assert (status, parts, current) == ("loaded", 1, True)
    assert "sanity.amounts_numeric" in summary
    warehouse = withheld["settings"].warehouse
    # nothing of the 支出决算表 (公开03) reaches the marts; the 一般公共预算 table (公开05) still does
    rows = _query(warehouse, "select count(*) filter (where total is not null), "
                  "count(*) filter (where general_public_budget_total is not null) "
                  "from marts.fct_functional_expense where document_id = ?", [document_id])[0]
    assert rows[0] == 0 and rows[1] > 0
    # its figures from other tables stay (公开01's 本年收入合计)
    assert _query(warehouse, "select income_total_source from marts.fct_department_finance where document_id = ?",
                  [document_id]) == [("table",)]


def test_a_blocked_correction_leaves_the_version_before_it_current(withheld):
    status, reason, _, _, current, _ = _status(withheld, "empty-correction.txt")
    assert status == "blocked" and not current and "sanity.text_layer" in reason
    status, _, _, _, current, document_id = _status(withheld, "good-version.txt")
    assert (status, current) == ("loaded", True)
    assert _query(withheld["settings"].warehouse, "select count(*) from marts.fct_department_finance "
                  "where document_id = ?", [document_id]) == [(1,)]


def _marts(path: Path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {m: sorted(con.execute(f"select * exclude (ingested_at, extracted_at) from marts.{m}"
                                      if m == "dim_document" else f"select * from marts.{m}").fetchall(), key=repr)
                for m in MARTS}
    finally:
        con.close()


def test_a_plain_dbt_build_gives_the_marts_the_incremental_runs_published(withheld, tmp_path):
    # the second run built the fact marts incrementally (the correction's department only); a plain `dbt build`
    # rebuilds every document from the stored findings and must agree
    published = withheld["settings"].warehouse
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(published, copy)
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "build", "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs")],
        cwd=DBT_PROJECT_DIR, env=os.environ | {"GONGKAI_DBT_PATH": str(copy)}, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert _marts(copy) == _marts(published)


def test_a_blocked_document_shows_as_blocked_in_dagster_and_first_in_the_report(withheld):
    import dagster as dg

    from orchestration.defs.ingestion import EXTRACTIONS_KEY

    _, reason, _, _, _, document_id = _status(withheld, "empty-correction.txt")
    instance = dg.DagsterInstance.get()
    # the asset check on marts/dim_document fails and names the file
    check = dg.AssetCheckKey(dg.AssetKey(["marts", "dim_document"]), "no_document_blocked")
    evaluation = instance.event_log_storage.get_latest_asset_check_execution_by_key([check])[check]
    event = evaluation.event.dagster_event.event_specific_data
    assert event.passed is False
    assert "empty-correction.txt" in event.metadata["documents"].value
    # its extraction partition, green by itself, carries an observation saying blocked and why
    records = instance.fetch_observations(
        dg.AssetRecordsFilter(asset_key=EXTRACTIONS_KEY, asset_partitions=[document_id]), limit=1).records
    metadata = records[0].event_log_entry.asset_observation.metadata
    assert metadata["status"].value == "blocked" and metadata["reason"].value == reason
    # the report's scorecard lists it first, marked blocked
    report = _query(withheld["settings"].warehouse, "select report_path from quality.runs order by finished_at desc "
                    "limit 1")[0][0]
    page = Path(report).read_text(encoding="utf-8")
    scorecard = page[page.index("id='scorecard'"):page.index("</table>", page.index("id='scorecard'"))]
    first_row = scorecard.split("<tr>")[2]
    assert "empty-correction.txt" in first_row and "<span class='blocked'>blocked</span>" in first_row
