"""The sample-corpus generator: determinism, figures that add up, and a readable PDF text layer.

The layout-specific checks (exact text lines, the PDF's label line, Word table cells) use the classic
layout; varied layouts are covered by tests/property.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from sample_corpus import build_disclosure, format_schedule, generate_corpus
from sample_corpus.__main__ import main
from sample_corpus.expected import expected_figures
from sample_corpus.layout import DIMENSIONS
from sample_corpus.money import fmt

SEED = 20240601


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    docs = generate_corpus(root / "inbox", root / "expected", n=3, seed=SEED, formats=("pdf", "docx", "txt"), layouts="classic")
    return root, docs


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _c(x: float) -> int:
    """万元 float → integer cents, so sums compare exactly."""
    return round(x * 100)


def test_one_document_per_requested_format(corpus):
    _, docs = corpus
    assert [d.format for d in docs] == ["pdf", "docx", "txt"]
    for doc in docs:
        assert doc.path.exists() and doc.expected_path.exists()
        assert doc.expected_path.parent != doc.path.parent
        assert doc.expected_path.name == doc.path.name + ".json"
        assert _load(doc.expected_path)["file"] == doc.path.name


def test_same_seed_gives_identical_files(corpus, tmp_path):
    _, first = corpus
    second = generate_corpus(tmp_path / "inbox", tmp_path / "expected", n=3, seed=SEED, formats=("pdf", "docx", "txt"), layouts="classic")
    for a, b in zip(first, second):
        assert a.path.name == b.path.name
        assert a.path.read_bytes() == b.path.read_bytes(), a.format
        assert _load(a.expected_path) == _load(b.expected_path)


def test_other_seed_gives_other_departments():
    a = build_disclosure(random.Random(f"{SEED}:0"), 0)
    b = build_disclosure(random.Random(f"{SEED + 1}:0"), 0)
    assert (a.department_name, a.expense_total) != (b.department_name, b.expense_total)


def test_large_corpora_are_mostly_pdf():
    schedule = format_schedule(100, ("pdf", "docx", "txt"))
    assert schedule.count("pdf") == 70 and schedule.count("docx") == 15 and schedule.count("txt") == 15
    assert format_schedule(100, ("pdf", "docx", "txt")) == schedule
    with pytest.raises(ValueError):
        format_schedule(3, ("pdf", "odt"))


def _check_consistency(e: dict) -> None:
    f = e["finance"]
    rows = e["functional_expense"]
    for r in rows:
        assert _c(r["total"]) == _c(r["basic"]) + _c(r["project"]), r
    for parent in (r for r in rows if r["subject_level"] < 3):
        children = [r for r in rows if r["subject_level"] == parent["subject_level"] + 1 and r["subject_code"].startswith(parent["subject_code"])]
        assert 1 <= len(children) <= 3
        for key in ("total", "basic", "project"):
            assert _c(parent[key]) == sum(_c(c[key]) for c in children), (parent, key)
    classes = [r for r in rows if r["subject_level"] == 1]
    assert 2 <= len(classes) <= 5
    assert sum(_c(r["total"]) for r in classes) == _c(f["expense_total"])
    assert sum(_c(r["basic"]) for r in classes) == _c(f["expense_basic"])
    assert sum(_c(r["project"]) for r in classes) == _c(f["expense_project"])

    gpb = e["general_public_budget_expense"]
    gpb_classes = [r for r in gpb if len(r["subject_code"]) == 3]
    assert sum(_c(r["total"]) for r in gpb_classes) == _c(f["expense_general_public_budget"])
    for r in gpb:
        assert _c(r["total"]) == _c(r["basic"]) + _c(r["project"])
    # all basic spending is paid from the 一般公共预算 and broken down in 公开06
    gpb_basic = sum(_c(r["basic"]) for r in gpb_classes)
    assert _c(f["personnel_expense"]) + _c(f["public_expense"]) == gpb_basic == _c(f["expense_basic"])

    economic = {r["subject_code"]: _c(r["amount"]) for r in e["basic_expense_economic"]}
    for code in [c for c in economic if len(c) == 3]:
        assert economic[code] == sum(v for k, v in economic.items() if len(k) == 5 and k.startswith(code))
    assert economic.get("301", 0) + economic.get("303", 0) == _c(f["personnel_expense"])

    assert _c(f["procurement_total"]) == _c(f["procurement_goods"]) + _c(f["procurement_works"]) + _c(f["procurement_services"])

    t = e["three_public"]
    for suffix in ("", "_budget"):
        assert _c(t["vehicle_total" + suffix]) == _c(t["vehicle_purchase" + suffix]) + _c(t["vehicle_operation" + suffix])
        parts = _c(t["outbound_travel" + suffix]) + _c(t["vehicle_total" + suffix]) + _c(t["reception" + suffix])
        assert _c(t["actual_total" if not suffix else "budget_total"]) == parts
    assert t["vehicles_owned"] == f["vehicles_owned"]

    assert 2 <= len(e["projects"]) <= 4
    for p in e["projects"]:
        assert 5 <= p["indicator_count"] == len(p["indicators"]) <= 9
        assert sum(_c(i["weight"]) for i in p["indicators"]) == 9000
        assert all(0 <= _c(i["score"]) <= _c(i["weight"]) for i in p["indicators"])
        assert _c(p["total_score"]) == _c(p["execution_score"]) + sum(_c(i["score"]) for i in p["indicators"])
        assert p["execution_rate_pct"] == round(p["executed"] / p["budget_adjusted"] * 100, 2)
        score = p["total_score"]
        if p["grade"] is not None:  # None where the layout prints no grade
            assert p["grade"] == ("优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差")

    assert len(e["tables"]) == 10  # each with its 公开NN表 code, or None where the layout prints none
    assert all(t["code"] in (None, f"公开{k:02d}表") for k, t in enumerate(e["tables"], start=1))


def test_expected_figures_add_up(corpus):
    _, docs = corpus
    for doc in docs:
        _check_consistency(_load(doc.expected_path))


def test_figures_add_up_across_many_seeds():
    # no rendering: cheap enough to cover the rarer branches (funds, balances, empty 三公)
    for index in range(150):
        d = build_disclosure(random.Random(f"7:{index}"), index)
        assert d.grand_total == d.expense_total + d.closing_balance
        _check_consistency(expected_figures(d, "x.txt", "txt", None))


def test_pdf_text_layer_carries_names_and_printed_figures(corpus):
    _, docs = corpus
    doc = next(d for d in docs if d.format == "pdf")
    e = _load(doc.expected_path)
    with pdfplumber.open(doc.path) as pdf:
        assert len(pdf.pages) == e["page_count"] >= 15
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert f"部门名称：{e['department_name']}" in text
    assert f"{e['finance']['income_total']:,.2f}" in text  # as the 收入支出决算总表 prints it
    assert "收入支出决算总表" in text and "公开06表" in text
    assert "项目支出绩效自评表" in text


def test_text_layout_follows_the_converted_documents(corpus):
    _, docs = corpus
    doc = next(d for d in docs if d.format == "txt")
    e = _load(doc.expected_path)
    lines = doc.path.read_text(encoding="utf-8").splitlines()
    start = lines.index("## 收入支出决算总表")
    assert lines[start + 2 : start + 9 : 2] == ["公开01表", f"部门名称：{e['department_name']}", f"{e['fiscal_year']}年度", "金额单位：万元"]
    income = fmt(_c(e["finance"]["income_total"]))
    assert any(line.startswith(f"本年收入合计\t27\t{income}\t本年支出合计\t58\t") for line in lines)
    assert "项目\t行次\t金额\t项目\t行次\t金额" in lines
    assert f"部门名称：{e['department_name']}" in lines


def test_docx_has_real_word_tables(corpus):
    _, docs = corpus
    doc = next(d for d in docs if d.format == "docx")
    e = _load(doc.expected_path)
    word = Document(str(doc.path))
    assert len(word.tables) == 10 + len(e["projects"])
    first = word.tables[0]
    assert first.rows[1].cells[0].text == "项目"
    texts = [p.text for p in word.paragraphs]
    assert f"部门名称：{e['department_name']}" in texts


def test_varied_layouts_are_drawn_per_document_and_recorded(tmp_path):
    docs = generate_corpus(tmp_path / "inbox", tmp_path / "expected", n=4, seed=SEED, formats=("txt",))
    layouts = [_load(doc.expected_path)["layout"] for doc in docs]
    assert all(set(layout) == {"seed"} | set(DIMENSIONS) for layout in layouts)
    assert len({tuple(sorted(layout.items())) for layout in layouts}) == 4
    again = generate_corpus(tmp_path / "again", tmp_path / "again_expected", n=4, seed=SEED, formats=("txt",))
    assert [d.path.read_bytes() for d in docs] == [d.path.read_bytes() for d in again]
    for doc in docs:
        _check_consistency(_load(doc.expected_path))


def test_cli_writes_documents_and_expectations(tmp_path, capsys):
    assert main(["--inbox", str(tmp_path / "in"), "--expected", str(tmp_path / "exp"), "--n", "2", "--seed", "3", "--formats", "txt,xlsx"]) == 0
    # each department's 决算 and, beside it by default, its 部门预算 in the same format
    assert sorted(p.suffix for p in (tmp_path / "in").iterdir()) == [".txt", ".txt", ".xlsx", ".xlsx"]
    assert sum("部门预算" in p.name for p in (tmp_path / "in").iterdir()) == 2
    assert len(list((tmp_path / "exp").glob("*.json"))) == 4
    assert "xlsx" in capsys.readouterr().out
    assert main(["--inbox", str(tmp_path / "only"), "--expected", str(tmp_path / "only_exp"), "--n", "2", "--seed", "3",
                 "--formats", "txt", "--budgets", "0"]) == 0
    assert not any("预算" in p.name for p in (tmp_path / "only").iterdir())
