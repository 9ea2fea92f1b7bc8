"""The report's parts without a warehouse: the scorecard's order and "new since the previous run", the charts, the
text source view, and evidence images found by the printed value on a real PDF page."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from expectations.findings import Finding
from expectations.report import render_report
from expectations.report.assemble import assemble, finding_key
from expectations.report.evidence import PageText, locate, open_pdf, render_evidence, value_strings
from expectations.report.source_view import render_source
from expectations.report.svg import Bar, Segment, bar_chart, line_chart
from tests.conftest import corpus_file


def _finding(document_id, rule="narrative.components_sum", severity="warning", outcome="failed", line=10, page=None):
    return Finding(rule, severity, document_id, "narrative", None, None, "income_total", page, line, 2.0, 1.0, 1.0,
                   outcome, "parts do not add up")


def _doc(document_id, name, status="loaded"):
    return {"document_id": document_id, "department_name": name, "fiscal_year": 2024, "doc_kind": "final_accounts",
            "status": status, "file_name": f"{document_id}.txt", "table_figures_printed": 10,
            "table_figures_captured": 9, "figures_missed": 1}


def test_scorecard_puts_blocked_then_errors_then_warnings_first_and_marks_what_is_new():
    docs = [_doc("quiet", "甲局"), _doc("warn", "乙局"), _doc("err", "丙局"), _doc("blocked", "丁局", "blocked")]
    old = _finding("warn", line=10)
    findings = [old, _finding("warn", line=20), _finding("err", "sanity.amounts_numeric", "error"),
                _finding("quiet", outcome="passed")]
    data = assemble("run-2", findings, docs, previous_run_id="run-1", previous_failed={finding_key(old)},
                    previous_documents={"quiet", "warn", "blocked"})
    assert [c.document_id for c in data.cards] == ["blocked", "err", "warn", "quiet"]
    warn = data.cards[2]
    assert warn.counts["warning"] == 2 and warn.counts["new"] == 1  # line 20 is new, line 10 failed before too
    assert data.cards[1].is_new and not warn.is_new  # "err" was not checked by the previous run
    page = render_report(data)
    # the scorecard comes before every chart and document section
    assert page.index("id='scorecard'") < page.index("<svg") < page.index("id='doc-quiet'")
    assert "new since the previous run <code>run-1</code>: <b>2</b> failed" in page


def test_a_first_run_calls_every_finding_new():
    data = assemble("run-1", [_finding("a")], [_doc("a", "甲局")])
    assert data.findings[0].is_new and "first run" in render_report(data)


def test_bar_chart_scales_bars_and_keeps_chinese_labels_as_text():
    svg = bar_chart([Bar("一般公共服务支出", (Segment("x", 300.0, "#000"),)), Bar("教育支出", (Segment("x", 100.0, "#000"),))],
                    "支出功能分类 <mix>")
    widths = [float(w) for w in re.findall(r"<rect x='[\d.]+' y='\d+' width='([\d.]+)'", svg)]
    assert widths[0] == pytest.approx(3 * widths[1], rel=0.01)
    assert "一般公共服务支出" in svg and "&lt;mix&gt;" in svg  # text, escaped
    # one year is no trend: a bar per series instead of a lone dot
    assert "<polyline" not in line_chart({"收入": [(2024, 5.0)]}, "t") and "<rect" in line_chart({"收入": [(2024, 5.0)]}, "t")
    two = line_chart({"收入": [(2023, 5.0), (2024, 7.0)], "支出": [(2023, None), (2024, 6.0)]}, "t")
    assert two.count("<polyline") == 1 and two.count("<circle") == 3  # a missing year is a gap, not a zero


def test_text_source_view_anchors_every_line_and_marks_the_findings():
    data = "第一行\n本年收入合计100万元\n第三行".encode("gb18030")
    page = render_source("t.txt", data, {2: ["warning narrative.components_sum"]})
    assert "<li id='L1'>第一行</li>" in page
    assert "<li id='L2' class='hit'" in page and "本年收入合计100万元" in page
    assert page.count("<li id='L") == 3


def test_evidence_boxes_the_printed_value_on_its_page():
    path = corpus_file("pdf/putuo-social-work-dept-2024-final.pdf")
    pdf = open_pdf(path)
    try:
        text = PageText(pdf[19])  # p.20: 一般公共预算财政拨款基本支出105.58万元
        found = locate(text, value_strings(105.58), "一般公共预算财政拨款基本支出105.58万元")
        assert found is not None and found.value is not None
        assert found.value.left > found.line.left and found.value.right < found.line.right
        start = text.text.find("105.58")
        assert found.value == text.box(start, len("105.58"))
        png = render_evidence(pdf, 20, value_strings(105.58), "一般公共预算财政拨款基本支出105.58万元")
        assert render_evidence(pdf, 20, ["987654.32"], "") is None  # not on the page: no image rather than a wrong one
    finally:
        pdf.close()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert 300 < image.width < 1000 and 150 < image.height < 400  # a region, not the page
    red = sum(1 for r, g, b in image.getdata() if r > 180 and g < 80 and b < 80)
    assert red > 50  # the value's box is drawn
