"""Splitting the token stream into forms: a title, a 项目名称 or a second 主管部门 starts one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.tables import recognise_title
from ingestion.text.normalise import normalise_text
from ingestion.performance.tokens import Tok, label_key
from ingestion.performance.vocabulary import CODE_LABELS, COMPETENT_LABELS, IMPLEMENTING_LABELS, NAME_LABELS


# ---------------------------------------------------------------------------------------------
# Segmentation into tables
# ---------------------------------------------------------------------------------------------


def title_kind(tok: Tok) -> str | None:
    key = tok.key
    if len(key) > 60 or "。" in key or "详见" in key or "，" in key:
        return None
    while re.search(r"[（(][^（）()]*[)）]$", key):
        key = re.sub(r"[（(][^（）()]*[)）]$", "", key)
    if not key.endswith("表"):
        return None
    if "评分表" in key or "基础数据表" in key or "考核" in key:
        return "other"
    if "整体支出绩效自评表" in key or "部门整体绩效自评表" in key or "整体支出绩效目标完成情况自评表" in key:
        return "department"
    if "项目支出绩效自评表" in key or key.endswith("项目绩效自评表"):
        return "project"
    if not tok.row and key.endswith("表") and 4 <= len(key) <= 40:
        kind = recognise_title(tok.raw)  # another standard table ends the one before it
        if kind and kind not in ("project_performance", "department_performance"):
            return "other"
    return None


@dataclass
class Region:
    kind: str  # project / department
    start: int  # index of the first token (title, 项目名称 or 主管部门)
    end: int = 0
    title: Tok | None = None
    has_name: bool = False
    has_competent: bool = False


def inline_label(tok: Tok) -> str | None:
    """'项目名称：XXX' in one cell: the label part, when it is a project-info label."""
    head, sep, tail = normalise_text(tok.raw).partition(":")
    label = label_key(head)
    if sep and tail.strip() and label in NAME_LABELS | COMPETENT_LABELS | IMPLEMENTING_LABELS | CODE_LABELS:
        return label
    return None


def segment(toks: list[Tok]) -> list[Region]:
    """Split the token stream into tables: a title, a 项目名称 or a second 主管部门 starts one."""
    regions: list[Region] = []
    current: Region | None = None

    def close(at: int) -> None:
        nonlocal current
        if current is not None:
            current.end = at
            regions.append(current)
        current = None

    for i, tok in enumerate(toks):
        kind = title_kind(tok)
        if kind is not None:
            close(i)
            if kind in ("project", "department"):
                current = Region(kind, i, title=tok)
            continue
        label = inline_label(tok) or tok.label
        if label in NAME_LABELS:
            if current is None or current.kind != "project" or current.has_name or current.has_competent:
                close(i)
                current = Region("project", i)
            current.has_name = True
        elif label in COMPETENT_LABELS:
            if current is not None and current.kind == "department":
                continue
            if current is None or current.has_competent:
                close(i)
                current = Region("project", i)
            current.has_competent = True
    close(len(toks))
    return regions
