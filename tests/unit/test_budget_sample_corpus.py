"""Generated 部门预算 (sample_corpus/budget*.py) read by the real extractor, against the generator's expected JSON.

Each department of a small corpus gets its budget beside its 决算: the document must be read as a 部门预算 of the same
department and year, its nine tables recognised (units, empty 政府性基金 / 国有资本经营 tables), every 功能分类 row of
the 支出预算总表 and the 一般公共预算支出功能分类预算表, every 经济分类 row, the 三公 预算数 and the prose's figures read
as printed. The budget prints what the 决算 says it started from (its 年初预算), and the same seed gives the same bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingestion.document import extract_document
from sample_corpus import generate_corpus
from tests.property.compare import narrative_outcomes

SEED = 20240601
FORMATS = ("pdf", "docx", "txt", "xlsx")
N = 4


def _corpus(root: Path, layouts: str, n: int, seed: int) -> list[tuple[dict, dict, object]]:
    """(budget's expected, its 决算's expected, the budget's extraction) per department."""
    docs = generate_corpus(root / "inbox", root / "expected", n=n, seed=seed, formats=FORMATS, layouts=layouts, budgets=n)
    finals = {(d.department_name, d.fiscal_year): d for d in docs[:n]}
    out = []
    for doc in docs[n:]:
        expected = json.loads(doc.expected_path.read_text(encoding="utf-8"))
        final = json.loads(finals[(doc.department_name, doc.fiscal_year)].expected_path.read_text(encoding="utf-8"))
        out.append((expected, final, extract_document(doc.path)))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    varied = _corpus(tmp_path_factory.mktemp("budgets_varied"), "varied", N, SEED)
    classic = _corpus(tmp_path_factory.mktemp("budgets_classic"), "classic", 2, 7)
    return varied + classic


@pytest.fixture(params=range(N + 2), ids=lambda i: f"{'varied' if i < N else 'classic'}-{FORMATS[i % N] if i < N else i - N + 1}")
def budget(request, corpus):
    return corpus[request.param]


def _cell(e, kind: str, expected: float, what: str, **where) -> None:
    """The one printed cell of a row and column: the amount (万元), or for a zero a blank, a dash or 0.00."""
    hits = [f for f in e.facts if f.table_kind == kind and all(getattr(f, k) == v for k, v in where.items())]
    assert len(hits) == 1, f"{what}: {[(f.column_label, f.raw_text) for f in hits]}"
    fact = hits[0]
    if expected == 0:
        assert fact.value_kind in ("blank", "zero", "dash") and fact.amount_wan in (None, 0.0), f"{what}: {fact.raw_text!r}"
    else:
        assert fact.value_kind == "number" and fact.amount_wan == pytest.approx(expected, abs=5e-5), f"{what}: {fact.raw_text!r}"


def test_a_generated_budget_is_read_as_the_departments_budget_of_the_year(budget):
    expected, final, e = budget
    assert (e.doc_kind, e.scope, e.department_name, e.fiscal_year) == ("budget", "department", expected["department_name"],
                                                                       expected["fiscal_year"])
    assert (expected["department_name"], expected["fiscal_year"]) == (final["department_name"], final["fiscal_year"])


def test_every_budget_table_recognised_once_with_its_unit(budget):
    expected, _, e = budget
    by_kind = {}
    for t in e.tables:
        by_kind.setdefault(t.table_kind, []).append(t)
    assert sorted(by_kind) == sorted(t["table_kind"] for t in expected["tables"])
    for table in expected["tables"]:
        (found,) = by_kind[table["table_kind"]]
        assert found.is_empty == table["empty"], table["table_kind"]
        if not table["empty"]:  # the unit a table prints (on a line of its own or in its column heads)
            units = {f.unit for f in e.facts if f.table_kind == table["table_kind"] and f.value_kind == "number"}
            assert units == {table["unit"]}, table["table_kind"]


def test_every_functional_row_of_the_expense_and_general_public_budget_tables(budget):
    expected, _, e = budget
    for kind, rows in (("budget_expense", expected["functional_expense"]),
                       ("budget_general_public_budget_expense", expected["general_public_budget_expense"])):
        for row in rows:
            for measure in ("total", "basic", "project"):
                _cell(e, kind, row[measure], f"{kind} {row['subject_code']} {measure}", subject_code=row["subject_code"],
                      measure=measure)


def test_every_economic_row_and_the_three_public_budget(budget):
    expected, _, e = budget
    for row in expected["basic_expense_economic"]:
        _cell(e, "budget_basic_expense_economic", row["amount"], row["subject_code"], subject_code=row["subject_code"],
              measure="total")
    t = expected["three_public"]
    three = [f for f in e.facts if f.table_kind == "budget_three_public" and f.value_kind in ("number", "zero")]
    # the column's own header, without the unit a layout prints in headers (机关运行经费预算数（万元）)
    by_column = {re.sub(r"[（(][^）)]*[）)]$", "", f.column_label.split("/")[-1]): f.amount_wan for f in three}
    assert by_column["合计"] == pytest.approx(t["budget_total"])
    assert by_column["公务接待费"] == pytest.approx(t["reception_budget"])
    assert by_column["购置费"] == pytest.approx(t["vehicle_purchase_budget"])
    assert by_column["运行费"] == pytest.approx(t["vehicle_operation_budget"])
    assert by_column["机关运行经费预算数"] == pytest.approx(expected["finance"]["org_operating_expense"])


def test_the_prose_states_the_budgets_figures(budget):
    expected, _, e = budget
    stated = [f for f in e.narrative if not f.is_restatement and f.subject_code is None]
    wrong = [o for o in narrative_outcomes(expected["narrative"], stated) if not o.ok]
    assert not wrong, [(o.name, o.expected, o.got) for o in wrong]


def test_the_statement_states_each_codes_budget(budget):
    expected, _, e = budget
    stated = {f.subject_code: f.value_wan for f in e.narrative
              if f.subject_code and f.figure == "functional_expense" and not f.is_restatement}
    assert stated == {r["subject_code"]: pytest.approx(r["amount"]) for r in expected["narrative_functional"]}


def test_the_budget_prints_the_initial_budget_its_final_accounts_state(budget):
    expected, final, _ = budget
    # per 项 code: the 一般公共预算 budget is the 决算's 年初预算 of the code (a code with none is not budgeted)
    published = {r["subject_code"]: r["total"] for r in expected["general_public_budget_expense"]}
    initial = {r["subject_code"]: r["budget"] for r in final["general_public_budget_expense"] if r["budget"]}
    assert {c: v for c, v in published.items() if len(c) == 7} == {c: v for c, v in initial.items() if len(c) == 7}
    assert expected["finance"]["expense_general_public_budget"] == pytest.approx(
        sum(v for c, v in initial.items() if len(c) == 3))
    assert expected["three_public"]["budget_total"] == final["three_public"]["budget_total"]


def test_same_seed_same_budget_bytes(tmp_path):
    first = generate_corpus(tmp_path / "a", tmp_path / "ae", n=2, seed=SEED, formats=("pdf", "txt"), budgets=2)
    second = generate_corpus(tmp_path / "b", tmp_path / "be", n=2, seed=SEED, formats=("pdf", "txt"), budgets=2)
    budgets = [(a, b) for a, b in zip(first, second) if "部门预算" in a.path.name]
    assert len(budgets) == 2
    for a, b in budgets:
        assert a.path.name == b.path.name and a.path.read_bytes() == b.path.read_bytes()
        assert a.expected_path.read_bytes() == b.expected_path.read_bytes()


def test_no_budgets_unless_asked(tmp_path):
    docs = generate_corpus(tmp_path / "i", tmp_path / "e", n=2, seed=SEED, formats=("txt",))
    assert [d.path.name for d in docs if "预算" in d.path.name] == []


def test_code_lines_wrapped_by_a_text_conversion_are_read_whole(tmp_path):
    """“一般公共服务支出-统计信息事务-一般行政管理事务”科 / 目1,287.53万元 …: a numbered code line cut inside its quoted
    path or its amount is one paragraph, never a title line of its own (text files whose prose wraps at the page width)."""
    import random

    from sample_corpus import build_disclosure
    from sample_corpus.budget import build_budget, render_budget
    from sample_corpus.budget_document import statement_lines
    from sample_corpus.layout import draw_layout

    checked = 0
    for seed in range(40):
        layout = draw_layout(random.Random(f"{seed}:0:layout"))
        if not layout.is_("text.prose", "wrapped"):
            continue
        b = build_budget(build_disclosure(random.Random(f"{seed}:0"), 0, layout))
        path = tmp_path / f"{seed}.txt"
        path.write_bytes(render_budget(b, "txt")[0])
        e = extract_document(path)
        stated = {f.subject_code: round(f.value_wan, 2) for f in e.narrative
                  if f.subject_code and f.figure == "functional_expense" and not f.is_restatement}
        assert stated == {r.code: round(r.total / 100, 2) for r in statement_lines(b)}, seed
        checked += 1
    assert checked >= 5
