"""Standard tables of generated documents (PDF, Word, Excel, text) against the generator's expected figures.

The sample corpus prints the same invented disclosure in every format and writes the figures a
correct extraction must find (sample_corpus/expected.py). Every 功能分类 row of 公开03 and 公开05,
every printed 经济分类 row of 公开06, the 三公 budget and actual pairs and the totals are compared.
A zero the document leaves blank must read blank; one it prints as 0.00 must read zero.
"""

from __future__ import annotations

import json

import pytest

from ingestion.readers import read_document
from ingestion.tables import STANDARD_TABLE_KINDS, extract_tables
from sample_corpus import generate_corpus

SEED = 1
FORMATS = ("pdf", "docx", "txt", "xlsx")
N = 8  # two documents per format: with and without 0.00 cells, an empty and a full 三公 table …


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    documents = generate_corpus(root / "inbox", root / "expected", n=N, seed=SEED, formats=FORMATS, layouts="classic")
    parsed = []
    for doc in documents:
        tables, facts = extract_tables(read_document(doc.path).blocks)
        expected = json.loads(doc.expected_path.read_text(encoding="utf-8"))
        parsed.append((doc.format, expected, tables, facts))
    return parsed


@pytest.fixture(params=range(N), ids=lambda i: f"{FORMATS[i % len(FORMATS)]}-{i + 1}")
def document(request, corpus):
    return corpus[request.param]


def _amounts(facts, kind, code=None, label=None, measure=None, column=None):
    return [
        f for f in facts
        if f.table_kind == kind
        and (code is None or f.subject_code == code)
        and (label is None or f.row_label == label)
        and (measure is None or f.measure == measure)
        and (column is None or column in f.column_label)
    ]


def _assert_cell(hits, expected: float, what: str) -> None:
    """One printed cell: the amount, or for a zero either a blank cell or a printed 0.00."""
    assert len(hits) == 1, f"{what}: {len(hits)} cells"
    fact = hits[0]
    if expected == 0:
        assert fact.value_kind in ("blank", "zero"), f"{what}: {fact.raw_text!r}"
        assert fact.amount_wan in (None, 0.0)
    else:
        assert (fact.value_kind, fact.amount_wan) == ("number", expected), f"{what}: {fact.raw_text!r}"


def test_every_standard_table_recognised(document):
    file_format, expected, tables, _ = document
    by_kind = {}
    for t in tables:
        by_kind.setdefault(t.table_kind, []).append(t)
    for table in expected["tables"]:
        found = by_kind.get(table["table_kind"], [])
        assert len(found) == 1, (file_format, table["table_kind"], len(found))
        assert found[0].table_code == table["code"]
        assert found[0].is_empty == table["empty"], table["table_kind"]
        assert found[0].unit == expected["unit"]
    assert set(STANDARD_TABLE_KINDS) <= set(by_kind)
    assert "unrecognised" not in by_kind
    assert len(by_kind.get("project_performance", [])) == len(expected["projects"])


def test_every_functional_row(document):
    _, expected, _, facts = document
    rows = expected["functional_expense"]
    printed = {f.subject_code for f in facts if f.table_kind == "expense" and f.classification == "functional"}
    assert printed == {r["subject_code"] for r in rows}
    for r in rows:
        code = r["subject_code"]
        for measure in ("total", "basic", "project"):
            _assert_cell(_amounts(facts, "expense", code=code, measure=measure), r[measure], f"公开03 {code} {measure}")
        names = {f.subject_name for f in _amounts(facts, "expense", code=code)}
        assert names == {r["subject_name"]}


def test_every_general_public_budget_row(document):
    _, expected, _, facts = document
    rows = expected["general_public_budget_expense"]
    printed = {f.subject_code for f in facts if f.table_kind == "general_public_budget_expense" and f.subject_code}
    assert printed == {r["subject_code"] for r in rows}
    for r in rows:
        for measure in ("total", "basic", "project"):
            hits = _amounts(facts, "general_public_budget_expense", code=r["subject_code"], measure=measure)
            _assert_cell(hits, r[measure], f"公开05 {r['subject_code']} {measure}")


def test_every_printed_economic_row(document):
    _, expected, _, facts = document
    printed = {
        f.subject_code: f
        for f in facts
        if f.table_kind == "general_public_budget_basic_expense" and f.subject_code and f.value_kind in ("number", "zero")
    }
    assert set(printed) == {r["subject_code"] for r in expected["basic_expense_economic"]}
    for r in expected["basic_expense_economic"]:
        fact = printed[r["subject_code"]]
        assert (fact.subject_name, fact.amount_wan, fact.classification) == (r["subject_name"], r["amount"], "economic")


_THREE_PUBLIC = [
    ("budget_total", "actual_total", "合计"),
    ("outbound_travel_budget", "outbound_travel", "因公出国"),
    ("vehicle_total_budget", "vehicle_total", "小计"),
    ("vehicle_purchase_budget", "vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation_budget", "vehicle_operation", "公务用车运行维护费"),
    ("reception_budget", "reception", "公务接待费"),
]


def test_three_public_budget_and_actual(document):
    _, expected, tables, facts = document
    t = expected["three_public"]
    table = next(x for x in tables if x.table_kind == "three_public")
    if table.is_empty:
        assert not [f for f in facts if f.table_kind == "three_public" and f.value_kind in ("number", "zero")]
        assert all(t[budget] == 0 and t[actual] == 0 for budget, actual, _ in _THREE_PUBLIC)
        return
    for budget, actual, column in _THREE_PUBLIC:
        for key, measure, header in ((budget, "budget", "预算数"), (actual, "actual", "决算数")):
            hits = [f for f in _amounts(facts, "three_public", measure=measure, column=column) if header in f.column_label]
            _assert_cell(hits, t[key], f"三公 {key}")


def test_totals(document):
    _, expected, _, facts = document
    f = expected["finance"]

    def one(kind, label, measure=None, column=None):
        hits = [x for x in _amounts(facts, kind, label=label, measure=measure, column=column) if x.value_kind in ("number", "zero")]
        assert hits, (kind, label, measure, column)
        return hits[0].amount_wan if hits[0].amount_wan is not None else hits[0].value

    assert one("income_expense_summary", "本年收入合计", column="收入") == f["income_total"]
    assert one("income_expense_summary", "本年支出合计", column="支出") == f["expense_total"]
    assert one("income_expense_summary", "一、一般公共预算财政拨款收入", column="收入") == f["income_general_public_budget"]
    assert one("expense", "合计", measure="total") == f["expense_total"]
    assert one("expense", "合计", measure="basic") == f["expense_basic"]
    assert one("expense", "合计", measure="project") == f["expense_project"]
    assert one("fiscal_income_expense_summary", "本年支出合计", measure="general_public_budget") == f["expense_general_public_budget"]
    assert one("general_public_budget_expense", "合计", measure="total") == f["expense_general_public_budget"]
    assert one("general_public_budget_basic_expense", "人员经费合计") == f["personnel_expense"]
    assert one("general_public_budget_basic_expense", "公用经费合计") == f["public_expense"]
    for label, key in (("合计", "procurement_total"), ("货物", "procurement_goods"), ("服务", "procurement_services"),
                       ("(一)行政单位", "org_operating_expense")):
        _assert_cell(_amounts(facts, "related_info", label=label), f[key], f"相关信息 {label}")
    if f["vehicles_owned"]:
        vehicles = [x for x in _amounts(facts, "related_info", label="(一)车辆数合计(辆)") if x.value_kind == "number"]
        assert [(x.value, x.unit, x.amount_wan) for x in vehicles] == [(f["vehicles_owned"], "辆", None)]


def test_provenance(document):
    file_format, _, _, facts = document
    for fact in facts:
        assert fact.raw_text is not None and fact.column_label
        if file_format in ("pdf", "xlsx"):
            assert fact.page is not None  # the PDF page, the workbook sheet
        assert fact.line_no > 0 and fact.col_index >= 0
    amounts = [f for f in facts if f.value_kind == "number" and f.unit == "万元"]
    assert amounts and all(f.amount_wan == f.value for f in amounts)
