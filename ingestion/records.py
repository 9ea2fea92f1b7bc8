"""Typed records that ingestion returns and the loader writes to DuckDB's raw schema.

Provenance convention: `page` is the 1-based page for PDF and XLSX (sheet) sources and
NULL for text and Word sources, where `line_no` (1-based position in the block stream)
locates the fact instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["text", "row"]


@dataclass(frozen=True)
class Block:
    """One line of text or one table row, in reading order."""

    kind: BlockKind
    cells: tuple[str, ...]
    page: int | None
    line_no: int
    # Position of the source table on its page (PDF/DOCX/XLSX); rows of one printed
    # table share it. None for text lines and text dumps.
    source_table: int | None = None
    # Cell coordinates inside the source table: the row's index among that table's rows, and,
    # for text dumps that print one cell per line (Word converted to text), the column of the
    # cell the line belongs to. Such a line stays a "text" block (its line is its provenance)
    # and carries source_table too (text dumps set it only there); the table code regroups
    # lines sharing (source_table, row_index) into a row.
    row_index: int | None = None
    col_index: int | None = None
    # For such a line: how many cells its row prints, blank ones included. Blank cells leave no line
    # behind and a cell merged across columns is printed once, so a row with fewer cells than its table
    # is wide has merged cells, and the table code must tell which.
    row_width: int | None = None

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


@dataclass
class ParsedDocument:
    """What a reader returns: the block stream plus facts about the file itself."""

    file_format: str
    page_count: int | None
    blocks: list[Block]
    has_text_layer: bool = True
    warnings: list[str] = field(default_factory=list)
    # Blocks read by OCR (ingestion.ocr): line_no → the reading (box, per-character confidence) of each of the
    # block's cells; the pages read by OCR and each one's mean character confidence. Empty where every page has a
    # text layer.
    ocr_readings: dict = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_page_confidence: dict = field(default_factory=dict)
    ocr_unreadable_pages: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class TableRecord:
    table_index: int
    table_kind: str  # e.g. income_expense_summary, or "unrecognised"
    title: str
    table_code: str | None  # 公开01表 … where printed
    unit: str | None  # printed unit: 万元 / 元
    page_start: int | None
    page_end: int | None
    line_start: int
    row_count: int
    is_empty: bool
    empty_marker: str | None  # "本表无数据" or similar, as printed
    # Text lines inside the table that print two or more amounts but are no table row (a table
    # drawn without ruling lines, read as text): the table may hold figures we did not read.
    unread_lines: int = 0


ValueKind = Literal["number", "blank", "dash", "zero", "text"]


@dataclass(frozen=True)
class TableFact:
    table_index: int
    table_kind: str
    page: int | None
    line_no: int
    row_index: int
    col_index: int
    row_label: str | None
    classification: Literal["functional", "economic", "none"]
    subject_code: str | None
    subject_name: str | None
    column_label: str  # header path joined by "/"
    measure: str  # coarse meaning of the column: total, basic, project, budget, actual, …
    raw_text: str
    value_kind: ValueKind
    value: float | None  # the number as printed
    unit: str | None  # printed unit of the table or row (万元, 元, 辆, 个 …)
    amount_wan: float | None  # money converted to 万元; NULL for counts
    row_group: str | None = None  # sub-section heading inside a table (一、政府采购情况 …)
    # A cell read by OCR: the confidence of its weakest character (0–1) and the cell's box on the page in points
    # from the top left (x0, top, x1, bottom). NULL for cells of a text layer.
    ocr_confidence: float | None = None
    bbox_x0: float | None = None
    bbox_top: float | None = None
    bbox_x1: float | None = None
    bbox_bottom: float | None = None


@dataclass(frozen=True)
class NarrativeFigure:
    figure: str  # e.g. income_total, expense_basic, expense_basic_share, three_public_actual_total
    value: float
    unit: str | None  # 万元, 元, %, 辆, 个, 人, 分 …
    value_wan: float | None  # money converted to 万元
    subject_code: str | None
    section: str | None
    sentence: str
    page: int | None
    line_no: int
    is_restatement: bool = False
    # An amount whose sentence gives it to something other than the department (a project, another unit or
    # fund, another year) is named `unattributed_<figure>`; these are the printed words naming that subject
    # ("智慧城市建设项目 › 一般公共预算财政拨款支出"). NULL for the department's own figures.
    subject_words: str | None = None
    # A figure read by OCR: the confidence of the weakest character of its number (0–1) and the box of the line
    # it stands on, in points from the top left of the page. NULL for a text layer.
    ocr_confidence: float | None = None
    bbox_x0: float | None = None
    bbox_top: float | None = None
    bbox_x1: float | None = None
    bbox_bottom: float | None = None


@dataclass(frozen=True)
class ProjectRecord:
    project_index: int
    project_name: str
    project_code: str | None
    competent_dept: str | None
    implementing_unit: str | None
    budget_initial: float | None
    budget_adjusted: float | None
    executed: float | None
    execution_rate_pct: float | None
    execution_score: float | None
    execution_weight: float | None
    total_score: float | None
    grade: str | None
    page: int | None
    line_no: int
    # Where the budget figures came from: "table" (the 总额 row) or "narrative" (the table's
    # 项目实施和预算执行情况 text, used when the 总额 row is left blank); None when neither states them.
    budget_source: str | None = None
    # What the form prints, so that a NULL above tells "printed but not read" from "left blank":
    # budget_printed: the 总额 / 资金总额 row prints a figure (any figure of the budget block where no such
    # row is found); total_score_printed: the 总分 / 合计 row prints a number besides the points it adds up
    # to; indicator_rows_printed: rows of the indicator section printing something beside their names
    # (placeholder rows such as 指标1： / …… print nothing).
    budget_printed: bool = False
    total_score_printed: bool = False
    indicator_rows_printed: int = 0
    # The grade word as printed (优秀, 良, 合格, 不合格 …); `grade` keeps only 优/良/中/差.
    grade_printed: str | None = None


@dataclass(frozen=True)
class IndicatorRecord:
    project_index: int
    indicator_index: int
    level1: str | None
    level2: str | None
    level3: str | None
    operator: str | None
    target_text: str | None
    target_value: float | None
    unit: str | None
    actual_text: str | None
    actual_value: float | None
    weight: float | None
    score: float | None
    reason: str | None
    page: int | None
    line_no: int


SentenceKind = Literal["heading", "toc", "title", "sentence", "cell"]


@dataclass(frozen=True)
class NarrativeSentence:
    """One sentence of the prose as printed, or a heading, a title, a table-of-contents entry, or a form cell that
    reads as prose; sentences of one paragraph share `paragraph_index`. Text rules read these: what a heading
    names, what a comparison word claims, whether a sentence is complete."""

    sentence_index: int  # reading order in the document
    paragraph_index: int
    kind: SentenceKind
    level: int | None  # a heading's level: 0 第X部分 / 附件, 1 一、…, 2 （一）…
    section: str | None  # the 一、… section (annexes named in it) the sentence stands in
    text: str  # as printed, runs of spaces collapsed
    page: int | None
    line_no: int


@dataclass(frozen=True)
class BudgetProjectRecord:
    """One project description of a budget (专项经费情况说明): its parts as printed, and the total its 年度预算安排
    states. `amount_printed` says the 年度预算安排 prints an amount, so a NULL amount beside it means "printed but
    not stated as the project's total" (quarterly plans only), not "left blank"."""

    project_index: int
    project_name: str | None  # NULL where the title names no project ("项目经费情况说明")
    title: str  # the description's title as printed
    overview: str | None  # 项目概述 / 项目概况
    basis: str | None  # 立项依据
    implementing_unit: str | None  # 实施主体
    plan: str | None  # 实施方案
    period: str | None  # 实施周期
    budget_text: str | None  # 年度预算安排
    amount_wan: float | None  # the total the 年度预算安排 states, in 万元
    amount_unit: str | None  # the unit printed with it (万, 万元, 元)
    amount_printed: bool
    performance_targets: str | None  # 绩效目标
    page: int | None
    line_no: int


CoveredPart = Literal["table", "project", "narrative_section"]


@dataclass(frozen=True)
class PartCoverage:
    """How much of one recognised part (a table, a project form, a narrative section) became records.

    `amounts_printed` counts the numbers the part prints where a figure can stand (amount, rate, score, count
    cells; amounts with a unit in prose); `amounts_captured` those that became a fact or a record field;
    `amounts_skipped` those deliberately not kept (行次/栏次 numbers, codes, years, page numbers, ordinals).
    `uncaptured` quotes a few printed-but-not-captured numbers with where they stand ("p.3 row 5: 1,234.00"),
    so a reviewer sees at once where extraction fell short.
    """

    part: CoveredPart
    part_index: int  # table_index, project_index, or the section's ordinal in the document
    title: str | None
    page: int | None
    line_no: int | None
    amounts_printed: int
    amounts_captured: int
    amounts_skipped: int = 0
    uncaptured: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document_id: str
    file_format: str
    page_count: int | None
    status: str  # loaded, failed, needs_ocr
    error: str | None
    department_name: str | None
    fiscal_year: int | None
    doc_kind: str  # final_accounts, budget, performance_self_evaluation, template, other
    parser_version: str
    scope: str | None = None  # department (部门预算/决算: the 主管部门 with its units) or unit (单位预算/决算)
    # Where department_name was read: the printed line (a cover's lines joined where it splits the name, spaces
    # dropped), its page and line, and what it was (cover_title, cover_field, title, name_field, prose), so a
    # check can confirm that the stored name is the one the cover or title prints.
    department_evidence: str | None = None
    department_evidence_page: int | None = None
    department_evidence_line: int | None = None
    department_evidence_source: str | None = None
    tables: list[TableRecord] = field(default_factory=list)
    facts: list[TableFact] = field(default_factory=list)
    narrative: list[NarrativeFigure] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    coverage: list[PartCoverage] = field(default_factory=list)
    sentences: list[NarrativeSentence] = field(default_factory=list)
    budget_projects: list[BudgetProjectRecord] = field(default_factory=list)  # a budget's 专项经费情况说明
    # Pages read by OCR ("1,2,5"; NULL when none was), the engine, the mean confidence of the characters read, and
    # the pages OCR could not read with usable confidence, whose content is left out.
    ocr_pages: str | None = None
    ocr_engine: str | None = None
    ocr_confidence: float | None = None
    ocr_unreadable_pages: str | None = None
