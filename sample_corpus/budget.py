"""The 部门预算 beside a generated 决算: built from the disclosure (budget_model), printed (budget_document,
budget_tables) by the same renderers, with its expected figures."""

from __future__ import annotations

import json
from pathlib import Path

from sample_corpus.budget_document import budget_outline, budget_title, expected_budget_figures
from sample_corpus.budget_model import Budget, build_budget
from sample_corpus.model import Disclosure

__all__ = ["Budget", "build_budget", "render_budget", "write_budget"]


def render_budget(b: Budget, file_format: str) -> tuple[bytes, int | None]:
    from sample_corpus import render_blocks

    return render_blocks(budget_outline(b), file_format, b.layout, budget_title(b), b.font_size)


def write_budget(inbox_dir: Path, expected_dir: Path, index: int, d: Disclosure, file_format: str):
    from sample_corpus import GeneratedDocument

    b = build_budget(d)
    data, pages = render_budget(b, file_format)
    name = f"{index + 1:03d}_{b.department_name}{b.fiscal_year}年部门预算.{file_format}"
    path = inbox_dir / name
    path.write_bytes(data)
    expected_path = expected_dir / f"{name}.json"
    figures = expected_budget_figures(b, name, file_format, pages)
    expected_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return GeneratedDocument(path, expected_path, file_format, b.department_name, b.fiscal_year, pages)
