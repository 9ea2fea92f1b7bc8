"""Scans (warning): what OCR read with doubt, could not read, or most likely misread.

A scanned page's amounts come from the recogniser, not from the document's own text; a misread digit would reach the
marts as a wrong number that nothing else flags. Three rules name the place to look, each on its cell:
- a low-confidence amount: the weakest character of the number read with less than LOW_CONFIDENCE (the threshold
  ingestion.ocr declares and the OCR benchmark measures: every misread amount there fell below it);
- unreadable pages: pages OCR read with no usable confidence, whose content is left out;
- a misread that breaks a sum: a printed sum of a scanned table (the table family's sums, read from the same cells)
  that does not add up; of the OCR'd cells in it, the one where most broken sums cross (a misread cell breaks its
  row and its column), then the one that one changed character would make right, then the least sure, is named
  with the value the sums say it should read. The table family reports the sum; this rule says which cell.
"""

from __future__ import annotations

import polars as pl

from expectations.base import Rule, check_frame, empty_frame, fmt
from expectations.families.tables import CELL_KEYS, SUMS
from expectations.figures import AMOUNT_KINDS, table_title
from ingestion.ocr.model import LOW_CONFIDENCE, USABLE_PAGE_CONFIDENCE

_BOX = ("bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom")


def _box() -> pl.Expr:
    return fmt("({}, {}, {}, {}) pt", *[pl.col(c).round(1) for c in _BOX])


def _files(t) -> pl.DataFrame:
    return t["documents"].select("document_id", "file_name")


def _amount_cells(t) -> pl.DataFrame:
    cells = t["ocr_cells"].filter(pl.col("value_kind").is_in(AMOUNT_KINDS) & pl.col("ocr_confidence").is_not_null())
    return cells.join(_files(t), on="document_id", how="left").with_columns(
        pl.col("table_kind").map_elements(table_title, return_dtype=pl.String).alias("title"))


def _confidence_checked() -> list[pl.Expr]:
    """Where the amount stands and whether its confidence reaches the threshold."""
    return [pl.col("page").cast(pl.Int64), pl.col("line_no").cast(pl.Int64),
            pl.col("ocr_confidence").cast(pl.Float64).alias("observed"), pl.lit(LOW_CONFIDENCE).alias("expected"),
            (pl.col("ocr_confidence") >= LOW_CONFIDENCE).alias("ok"), pl.lit(True).alias("checkable")]


def _low_confidence(t):
    cells = _amount_cells(t)
    tables = cells.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("table_index").cast(pl.Int64),
        *_confidence_checked(),
        fmt("{} p.{} {} · row {} · column {}: OCR read {} with confidence {} (below {}), box {}", pl.col("file_name"),
            pl.col("page"), pl.col("title"), pl.coalesce(pl.col("subject_code"), pl.lit("")) + pl.lit(" ")
            + pl.col("row_label").fill_null(""), pl.col("column_label"), pl.col("raw_text"),
            pl.col("ocr_confidence").round(3), pl.lit(LOW_CONFIDENCE), _box()).alias("message"),
    )
    figures = t["narrative_figures"]
    if "ocr_confidence" not in figures.columns:
        return check_frame(tables)
    figures = figures.filter(pl.col("ocr_confidence").is_not_null()).join(_files(t), on="document_id", how="left")
    narrative = figures.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        "figure",
        *_confidence_checked(),
        fmt("{} p.{} narrative {}: OCR read {} {} with confidence {} (below {}) in “{}”, box {}", pl.col("file_name"),
            pl.col("page"), pl.col("figure"), pl.col("value"), pl.col("unit").fill_null(""),
            pl.col("ocr_confidence").round(3), pl.lit(LOW_CONFIDENCE), pl.col("sentence"), _box()).alias("message"),
    )
    return check_frame(pl.concat([check_frame(tables), check_frame(narrative)], how="vertical_relaxed"))


def _unreadable_pages(t):
    docs = t["documents"]
    if "ocr_pages" not in docs.columns:
        return empty_frame()
    scanned = docs.filter(pl.col("ocr_pages").is_not_null()).with_columns(pl.col("ocr_unreadable_pages").cast(pl.String))
    first = pl.col("ocr_unreadable_pages").str.split(",").list.first().cast(pl.Int64, strict=False)
    return check_frame(scanned.select(
        "document_id",
        first.alias("page"),
        pl.col("ocr_unreadable_pages").is_null().alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{}: OCR could not read page(s) {} with usable confidence (page mean below {}); their content is not in the "
            "warehouse and needs reading by hand", pl.col("file_name"), pl.col("ocr_unreadable_pages"),
            pl.lit(USABLE_PAGE_CONFIDENCE)).alias("message"),
    ))


def _one_edit(read: str, would: str) -> bool:
    """Whether one changed, dropped or added character turns what was read into what the sums say."""
    if read == would:
        return False
    if len(read) == len(would):
        return sum(a != b for a, b in zip(read, would)) == 1
    short, long = sorted((read, would), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _sum_misread(t):
    cells = _amount_cells(t)
    if cells.is_empty():
        return empty_frame()
    # the sums of the scanned documents only: the table family already checks them all
    scoped = {**t, "table_facts": t["table_facts"].join(cells.select("document_id").unique(), on="document_id", how="semi")}
    sums, members = [], []
    for build in SUMS.values():
        built = build(scoped)
        if built.sums is not None and not built.sums.is_empty():
            sums.append(built.sums.select("sum_key", "document_id", "observed", "expected", "tolerance", "checkable"))
            members.append(built.cells)
    if not sums:
        return empty_frame()
    sums = pl.concat(sums, how="vertical_relaxed")
    broken = sums.filter(pl.col("checkable") & ((pl.col("observed") - pl.col("expected")).abs() > pl.col("tolerance")))
    taking_part = pl.concat(members, how="vertical_relaxed").join(cells, on=CELL_KEYS, how="inner")
    # what the cell would have to print for the broken sum to hold (in the table's printed unit)
    printed_per_wan = pl.when(pl.col("unit") == "元").then(pl.lit(10000.0)).otherwise(pl.lit(1.0))
    gap = (pl.col("observed") - pl.col("expected")) * printed_per_wan
    suspects = taking_part.join(broken.select("sum_key", "observed", "expected"), on="sum_key", how="inner").with_columns(
        pl.when(pl.col("is_total")).then(pl.col("value") - gap).otherwise(pl.col("value") + gap).round(2).alias("would_be"),
    ).with_columns(
        pl.struct("raw_text", "would_be").map_elements(
            lambda r: _one_edit((r["raw_text"] or "").replace(",", "").replace(" ", ""), f"{r['would_be']:.2f}"),
            return_dtype=pl.Boolean).alias("one_edit"),
        pl.len().over(CELL_KEYS).alias("broken_sums"),
    )
    named = (
        suspects.sort(["broken_sums", "one_edit", "ocr_confidence"], descending=[True, True, False])
        .group_by("sum_key", maintain_order=True).first()
        .unique(CELL_KEYS).select(*CELL_KEYS, "would_be", "broken_sums")
    )
    checked = taking_part.unique(CELL_KEYS).join(named, on=CELL_KEYS, how="left")
    return check_frame(checked.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("table_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("value").cast(pl.Float64).alias("observed"),
        pl.col("would_be").cast(pl.Float64).alias("expected"),
        pl.col("would_be").is_null().alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{} p.{} {} · row {} · column {}: OCR read {} (confidence {}, box {}); {} printed sum(s) through this cell do "
            "not add up and would if it read {}: a likely misread", pl.col("file_name"), pl.col("page"), pl.col("title"),
            pl.coalesce(pl.col("subject_code"), pl.lit("")) + pl.lit(" ") + pl.col("row_label").fill_null(""),
            pl.col("column_label"), pl.col("raw_text"), pl.col("ocr_confidence").round(3), _box(),
            pl.col("broken_sums"), pl.col("would_be").map_elements(lambda v: f"{v:,.2f}", return_dtype=pl.String),
            ).alias("message"),
    ))


_TABLE_INPUTS = ("ocr_cells", "table_facts", "documents")

RULES = [
    Rule("ocr.low_confidence_amount", "warning", "OCR 识别置信度低的金额需人工核对（指明文件、页、表、行、列、识别值、置信度和位置）",
         "An amount OCR read with low confidence is checked by hand: the finding names file, page, table, row, column, "
         "the value read, its confidence and its box", f"the weakest character's confidence ≥ {LOW_CONFIDENCE}",
         _low_confidence, "true", ("ocr_cells", "narrative_figures", "documents")),
    Rule("ocr.unreadable_pages", "warning", "OCR 无法以可用置信度识别的页面须列出，其内容未入库",
         "Pages OCR could not read with usable confidence are named: their content is not in the warehouse",
         f"page mean confidence ≥ {USABLE_PAGE_CONFIDENCE}", _unreadable_pages, "true", ("documents",)),
    Rule("ocr.sum_misread", "warning", "扫描表格中合计不平时，指出最可能被 OCR 误识的单元格及使合计成立的值",
         "Where a printed sum of a scanned table does not add up, the cell OCR most likely misread is named, with the "
         "value that makes the sums hold", "a cent per summed part (the table rules' tolerance)", _sum_misread, "true",
         _TABLE_INPUTS),
]
