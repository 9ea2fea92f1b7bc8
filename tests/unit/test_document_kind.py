"""A blank template (附件：部门决算模板) is told apart from a disclosure, and from a disclosure whose tables failed."""

from __future__ import annotations

import re

from ingestion.document import extract_document
from sample_corpus import generate_corpus
from tests.conftest import corpus_file


def test_the_national_template_is_a_template():
    extraction = extract_document(corpus_file("pdf/national-final-accounts-template.pdf"))
    assert extraction.doc_kind == "template"
    assert extraction.tables and all(f.value_kind == "blank" for f in extraction.facts)


def test_a_real_disclosure_is_not_a_template():
    extraction = extract_document(corpus_file("pdf/putuo-social-work-dept-2024-final.pdf"))
    assert extraction.doc_kind == "final_accounts"


def test_a_disclosure_with_every_figure_blanked_is_not_passed_off_as_a_template(tmp_path):
    """No printed value and no placeholder: a broken document, for the extraction-sanity rules to catch."""
    doc = generate_corpus(tmp_path / "inbox", tmp_path / "expected", n=1, seed=5, formats=("txt",), layouts="classic")[0]
    # every number but the years goes: no table cell and no sentence states a value any more
    blanked = re.sub(r"(?<!20)\d[\d,]*(?:\.\d+)?", "", doc.path.read_text(encoding="utf-8"))
    path = tmp_path / "blanked.txt"
    path.write_text(blanked, encoding="utf-8")
    extraction = extract_document(path)
    assert extraction.tables and all(f.value_kind == "blank" for f in extraction.facts)
    assert all(f.value is None for f in extraction.narrative)
    assert extraction.doc_kind == "final_accounts"


def test_placeholders_with_printed_figures_are_a_disclosure(tmp_path):
    """A department that writes "XX" somewhere but prints its figures is still a disclosure."""
    doc = generate_corpus(tmp_path / "inbox", tmp_path / "expected", n=1, seed=5, formats=("txt",), layouts="classic")[0]
    text = doc.path.read_text(encoding="utf-8")
    path = tmp_path / "with-placeholders.txt"
    path.write_text("XX " * 20 + "\n" + text, encoding="utf-8")
    assert extract_document(path).doc_kind == "final_accounts"
