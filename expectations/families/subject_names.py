"""Classification names in tables and prose (warning).

- A code a table prints with a name that is another code's official name, or nothing like its own (2080505 printed
  as 购房补贴): the code or the name is wrong. Widths, spaces and a dropped 支出 are no difference, nor is a name
  close to its own (房屋建筑物构建 for 购建: a typo, not another subject).
- A narrative line "一般公共服务（类）财政事务（款）行政运行（项）" naming, at some level, a name that is neither the official
  name of the code it stands for nor the name the tables print for that code.
- A "主要包括…" list (人员经费/公用经费 主要包括 基本工资、奖金、…) naming an item the 基本支出 table prints as 0 or blank."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import polars as pl

from expectations.base import Rule
from expectations.families.prose import finding, frame, quote, sentences, where
from expectations.figures import table_title
from ingestion.text.normalise import fold

LEVEL_RE = re.compile(r"([^（()）“”\"，,。；;:：、\d]{2,40}?)\s*[（(]\s*(类|款|项)\s*[)）]")
# the items of a list end at 等, a stop, or the next clause
LIST_RE = re.compile(r"主要(?:包括|用于)[:：]?\s*([^。；;]+)")
LIST_END_RE = re.compile(r"等(?:支出|方面|费用)?$|等$")


def name_key(name: str | None) -> str:
    """A name as compared: widths folded, spaces, quotes and the level marks dropped, a trailing 支出 dropped."""
    key = fold(name or "")
    key = re.sub(r"[\s\"“”'‘’]", "", key)
    key = re.sub(r"\((?:类|款|项)\)", "", key)
    key = re.sub(r"^(?:[一二三四五六七八九十]+|\d+)[、.]", "", key)
    return key.removesuffix("支出") or key


def _close(a: str, b: str) -> bool:
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a in b or b in a)) or SequenceMatcher(None, a, b).ratio() >= 0.6


def _official(t, lookup: str) -> dict[str, str]:
    return {str(code): name for code, name in t[lookup].select("subject_code", "subject_name").iter_rows()}


def _another_code(key: str, code: str, official_keys: dict[str, str]) -> str | None:
    """The sibling (same parent) whose official name the printed name is. Names repeat across parents (行政运行 under
    every 款, 培训费 in both 经济分类 lists), so only a sibling's name says the row took the wrong code or name."""
    parent = code[:-2]
    for other, other_key in official_keys.items():
        if other != code and other_key == key and len(other) == len(code) and other[:-2] == parent:
            return other
    return None


def _table_named(kind: str | None) -> str:
    """The standard table's printed title; a table we could not name is "a table" (the page says which)."""
    return "a table" if kind in (None, "unrecognised") else table_title(kind)


def _table_names(t):
    rows = []
    for classification, lookup in (("functional", "functional_classification"), ("economic", "economic_classification")):
        official = _official(t, lookup)
        keys = {code: name_key(name) for code, name in official.items()}
        printed = t["table_facts"].filter((pl.col("classification") == classification) & pl.col("subject_code").is_not_null()
                                          & pl.col("subject_name").is_not_null())
        printed = printed.group_by("document_id", "table_kind", "table_index", "subject_code", "subject_name").agg(
            pl.col("page").min(), pl.col("line_no").min())
        for r in printed.iter_rows(named=True):
            code = r["subject_code"]
            if code not in official:
                continue  # an unknown code is sanity.*_code_known's finding
            key = name_key(r["subject_name"])
            other = _another_code(key, code, keys)
            ok = other is None and _close(key, keys[code])
            why = f"the official name of {other}" if other else "not the official name of the code"
            rows.append(finding(r, ok, f"{_table_named(r['table_kind'])} prints {code} as “{r['subject_name']}” ({where(r)}), {why}: "
                                f"{code} is “{official[code]}”; the row should print its own code and name",
                                table_name=r["table_kind"], table_index=r["table_index"]))
    return rows


def _narrative_names(t):
    official = _official(t, "functional_classification")
    table_names: dict[tuple[str, str], str] = {}
    facts = t["table_facts"].filter((pl.col("classification") == "functional") & pl.col("subject_name").is_not_null())
    for document_id, code, name in facts.select("document_id", "subject_code", "subject_name").unique().iter_rows():
        table_names.setdefault((document_id, code), name)
    coded = t["narrative_figures"].filter(pl.col("subject_code").is_not_null() & (pl.col("subject_code").str.len_chars() == 7))
    coded = coded.unique(subset=["document_id", "subject_code", "line_no"], keep="first", maintain_order=True)
    rows = []
    for r in coded.iter_rows(named=True):
        levels = LEVEL_RE.findall(fold(r["sentence"] or ""))
        if len(levels) < 3:
            continue
        for (name, level), length in zip(levels[-3:], (3, 5, 7)):
            code = r["subject_code"][:length]
            if code not in official:
                continue
            key = name_key(name)
            table = table_names.get((r["document_id"], code))
            known = [n for n in (official[code], table) if n]
            ok = any(_close(key, name_key(n)) for n in known)
            rows.append(finding(r, ok, f"“{quote(r['sentence'])}” ({where(r)}) names the {level} “{name}” for {code}, which is "
                                f"“{official[code]}”{f' (the table prints “{table}”)' if table else ''}: the line should name "
                                f"{official[code]}"))
    return rows


def _narrative_codes_in_tables(t):
    """A (类)(款)(项) the narrative spends on must be a row of the document's tables, where it prints coded rows: a
    name changed to a sibling's ("行政运行" made "机关服务") reads as a code the tables never print."""
    # the standard tables that print every 项 spent (a table we did not recognise, or one printing 类 only, proves nothing)
    facts = t["table_facts"].filter((pl.col("classification") == "functional") & pl.col("subject_code").is_not_null()
                                    & pl.col("table_kind").is_in(["expense", "general_public_budget_expense", "income"]))
    printed = facts.group_by("document_id").agg(pl.col("subject_code").unique().alias("codes"))
    codes = {r["document_id"]: set(r["codes"]) for r in printed.iter_rows(named=True)
             if any(len(c) == 7 for c in r["codes"])}
    coded = t["narrative_figures"].filter((pl.col("figure") == "functional_expense") & pl.col("subject_code").is_not_null())
    coded = coded.unique(subset=["document_id", "subject_code", "line_no"], keep="first", maintain_order=True)
    official = _official(t, "functional_classification")
    rows = []
    for r in coded.iter_rows(named=True):
        table = codes.get(r["document_id"])
        if not table:
            continue  # no coded table to hold the line against
        code = r["subject_code"]
        rows.append(finding(r, code in table, f"“{quote(r['sentence'])}” ({where(r)}) spends on {code} "
                            f"{official.get(code, '')}, a row no table of the document prints: the line should name a "
                            f"subject the tables print"))
    return rows


def _code_names(t):
    return frame(_table_names(t) + _narrative_names(t) + _narrative_codes_in_tables(t))


def _listed_items(t):
    official = _official(t, "economic_classification")
    by_key = {name_key(name): code for code, name in official.items() if len(code) == 5}
    cells = t["table_facts"].filter((pl.col("table_kind") == "general_public_budget_basic_expense")
                                    & (pl.col("classification") == "economic") & (pl.col("subject_code").str.len_chars() == 5))
    printed = cells.group_by("document_id", "subject_code").agg(
        (pl.col("value_kind").is_in(["number"]) & (pl.col("value").fill_null(0).abs() > 1e-9)).any().alias("spent"),
        pl.col("subject_name").first(), pl.col("page").min(), pl.col("line_no").min())
    table = {(r["document_id"], r["subject_code"]): r for r in printed.iter_rows(named=True)}
    rows = []
    for sentence, _ in sentences(t, ("sentence",)):
        for m in LIST_RE.finditer(fold(sentence["text"])):
            items = [i.strip() for i in re.split(r"[、，,和及]", m.group(1)) if i.strip()]
            for item in items:
                item = LIST_END_RE.sub("", item)
                code = by_key.get(name_key(item))
                row = table.get((sentence["document_id"], code)) if code else None
                if row is None:
                    continue
                rows.append(finding(sentence, row["spent"],
                                    f"“{quote(sentence['text'])}” ({where(sentence)}) lists “{item}” but the 基本支出 table prints "
                                    f"{code} {row['subject_name'] or official[code]} as 0 or blank ({where(row)}): the list "
                                    f"should name only what was spent"))
    return frame(rows)


RULES = [
    Rule("text.code_names", "warning", "科目名称应与科目编码的官方名称及表中名称一致（表格与文字说明）",
         "The name a table or the narrative gives a classification code is its official name (or the tables' name for it), "
         "not another code's", "equal after widths, spaces and a trailing 支出; a close variant passes", _code_names, "true",
         inputs=("table_facts", "narrative_figures", "functional_classification", "economic_classification")),
    Rule("text.listed_items_in_table", "warning", "“主要包括”所列项目在基本支出决算表中不应为0或空白",
         "What a “主要包括…” list names is spent: the 基本支出 table does not print it as 0 or blank", "exact", _listed_items,
         "true", inputs=("sentences", "documents", "table_facts", "economic_classification")),
]
