"""The space of layouts real disclosures use, as named choices each document draws from.

Provinces print the same figures in different shapes: other label wording, units inside labels
or on a unit line, amounts in 元, spaced-out labels, other code columns, numbered and placeholder
rows, points inside level labels, tables over page breaks, and the text conversions converters
leave (one cell per line, tab-separated rows, PDF fragments). Each such difference is one
Dimension with a name and a few values; a Layout holds one value per dimension and is written to
the expected JSON, so a test can tell which variation an extractor fails on.

The first value of every dimension is the "classic" layout the generator printed before this space
existed; `classic_layout` rebuilds exactly that (with the few choices it already varied).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    name: str
    values: tuple[str, ...]  # values[0] is the classic layout's value
    note: str  # what real documents do, so a failing value can be looked up


SPACE: tuple[Dimension, ...] = (
    # ---- the standard tables 公开01–10
    Dimension(
        "table.title",
        ("plain", "department_year", "部门", "单位"),
        "title alone, after the department and year, or with a 部门/单位 prefix",
    ),
    Dimension(
        "table.code_label",
        ("line_below", "line_above", "in_title", "none"),
        "公开NN表 on its own line below or above the title, inside it, or not printed",
    ),
    Dimension(
        "table.unit_label",
        ("unit_line", "short_unit_line", "in_header", "meta_row"),
        "金额单位：万元 line, 单位：万元 line, （万元） in the column headers, or a 编制单位 … 单位 row inside the grid",
    ),
    Dimension("table.money_unit", ("万元", "元", "mixed"), "amounts in 万元, in 元, or each table its own"),
    Dimension(
        "table.wording",
        ("national", "short", "provincial"),
        "label synonyms: 本年收入合计/收入合计, 科目编码/功能分类科目编码, 决算数/金额 …",
    ),
    Dimension("table.label_spacing", ("none", "spaced", "fullwidth"), "short labels spread over their cell: 项 目, 合　计"),
    Dimension(
        "table.code_columns",
        ("code_name", "lkx_split", "lkx_carry", "spaced_code", "code_in_name"),
        "科目代码 + 名称, codes over 类/款/项 columns (every part printed, or only the part that changes), 201 05 01, code and name in one cell",
    ),
    Dimension(
        "table.ordinal_row",
        ("栏次", "numbers", "none"),
        "the column-number row under the header: 栏次 1 2 3, only numbers, or none",
    ),
    Dimension(
        "table.line_numbers",
        ("template", "everywhere", "nowhere"),
        "行次 columns as the template prints them, also in the code tables, or nowhere",
    ),
    Dimension(
        "table.blank_cells", ("blank", "zeros", "dash", "long_dash"), "a zero printed as an empty cell, 0.00, - or ——"
    ),
    Dimension("table.total_label", ("plain", "with_unit"), "合计 or 合计（万元）"),
    Dimension("table.row_numbering", ("一、", "（一）", "1.", "none"), "how the summary tables number their row labels"),
    Dimension("table.filler_rows", ("none", "ellipsis", "blank_row"), "a trailing …… row or an empty row with blank cells"),
    Dimension(
        "table.split_cells",
        ("none", "name_over_two_rows"),
        "a long name wrapped into a second row whose other cells are blank",
    ),
    Dimension(
        "table.page_split",
        ("none", "repeat_header", "no_header", "continued_title"),
        "a table broken over a page: header repeated, not repeated, or under a 续表 title",
    ),
    # ---- the 项目支出绩效自评表
    Dimension(
        "form.preset",
        ("random", "shanxi", "sichuan", "hunan"),
        "each choice drawn alone, or a province's whole form (overrides the form.* choices)",
    ),
    Dimension(
        "form.title",
        ("name", "generic", "year_generic"),
        "XX项目支出绩效自评表, 部门预算项目支出绩效自评表 (Sichuan), 2024年度项目支出绩效自评表 (Hunan)",
    ),
    Dimension("form.name_label", ("项目名称", "项目支出名称"), "the project name's label"),
    Dimension("form.competent_label", ("主管部门及代码", "主管部门"), "主管部门 with its code (102-XX局) or the name alone"),
    Dimension("form.implementing_label", ("实施单位", "预算单位", "实施单位及代码"), "the implementing unit's label"),
    Dimension("form.initial_label", ("年初预算数", "年初预算", "预算数"), "the initial budget column"),
    Dimension(
        "form.adjusted_label",
        ("全年预算数", "调整后预算数", "预算下达数"),
        "the budget the execution rate is measured against",
    ),
    Dimension("form.executed_label", ("全年执行数", "执行数", "实际执行数", "预算执行数"), "the executed amount column"),
    Dimension("form.weight_label", ("分值", "权重"), "indicator weight column"),
    Dimension("form.score_label", ("得分", "自评得分"), "indicator score column"),
    Dimension("form.total_label", ("总分", "合计", "合计得分"), "the total score row"),
    Dimension(
        "form.indicator_columns",
        ("target_actual", "initial_adjusted_actual", "operator_value_unit"),
        "年度指标值/实际完成值; 年初指标值/调整后指标值/实际完成值 (Shanxi); 指标性质/指标值/度量单位/完成值 (Sichuan)",
    ),
    Dimension("form.target_label", ("年度指标值", "指标值"), "the target column"),
    Dimension("form.actual_label", ("实际完成值", "完成值", "全年实际值"), "the actual column"),
    Dimension("form.money_unit", ("万元", "元"), "budget amounts in 万元 or 元"),
    Dimension(
        "form.unit_placement",
        ("row_label", "column_labels", "unit_line"),
        "项目资金（万元） label, 年初预算数（万元） columns, or a 金额单位 line",
    ),
    Dimension(
        "form.label_spacing", ("none", "spaced", "fullwidth"), "short labels spread over their cell: 项 目 名 称, 得　分"
    ),
    Dimension(
        "form.level_points",
        ("none", "level1", "level1_ascii", "level1_and_execution"),
        "points inside level labels: 产出指标（50分）, 产出指标(50分), 预算执行率（10分）",
    ),
    Dimension(
        "form.indicator_rows",
        ("plain", "numbered", "placeholder", "numbered_placeholder"),
        "1. before names, 指标1：/…… rows with blank cells",
    ),
    Dimension(
        "form.level_cells",
        ("once", "merged", "repeated"),
        "一级/二级指标 printed on a group's first row, in one cell merged down the group, or repeated on every row",
    ),
    Dimension(
        "form.fund_rows",
        ("none", "fiscal", "sichuan", "hunan"),
        "其中 rows under the total: none, 财政拨款, 财政资金/财政专户/单位/其他, 当年财政拨款/上年结转/其他",
    ),
    Dimension("form.money_total_label", ("资金总额", "年度资金总额", "总额"), "the budget total row"),
    Dimension("form.project_code", ("in_name", "own_row"), "a project code before the name or in a 项目编码 row"),
    Dimension("form.grade", ("in_total_row", "absent"), "the grade beside the total score, or not printed"),
    Dimension(
        "form.split_cells",
        ("none", "name_over_two_rows", "wrapped_labels"),
        "a long indicator name over two rows, or header labels broken inside their cell",
    ),
    # ---- the 情况说明
    Dimension("narrative.variant", ("0", "1", "2"), "phrasing family of the narrative"),
    Dimension("narrative.commas", ("yes", "no"), "thousands separators in narrative amounts"),
    Dimension("narrative.unit", ("万元", "元"), "narrative amounts in 万元 or 元"),
    # ---- how a text file was converted (plain-text documents only)
    Dimension(
        "text.tables",
        ("tab_rows", "cell_lines", "fragments"),
        "tab-separated rows (jincheng), one cell per line (leshan), PDF fragments (luzhou)",
    ),
    Dimension(
        "text.prose", ("paragraphs", "wrapped", "fragments"), "paragraphs, lines broken at the page width, or PDF fragments"
    ),
    Dimension("text.headings", ("markdown", "plain"), "## before headings, or none"),
    Dimension(
        "text.row_separator",
        ("tabs", "spaces", "spaces_by_characters"),
        "row cells apart by tabs, or laid out with spaces (pdftotext -layout): empty cells only spaces; columns "
        "counted in display columns, or in characters with each page of a table on a grid of its own (pdftotext)",
    ),
    Dimension(
        "text.wrapped_names",
        ("none", "below", "above", "amounts_below"),
        "tab-separated rows: a long subject name over two lines of its cell, the rest on a row below, its start on a "
        "row above, or the code on the first line and the amounts on the second",
    ),
)

DIMENSIONS: dict[str, Dimension] = {d.name: d for d in SPACE}

# Dimensions added after corpora were generated from seeds: drawn from the layout's own seed, so that every earlier
# choice of a seed (and the bundled sample corpus's other choices) stays as it was; with the values drawn. Tables laid
# out with spaces are drawn only where a test asks for them (tests/property/test_space_aligned.py): the reader gets
# every figure of them in the classic layout, not yet with every other table.* choice (benchmarks/RESULTS.md).
DRAWN_APART = {"text.wrapped_names": ("none", "below", "above", "amounts_below"), "text.row_separator": ("tabs",)}

# Dimensions the classic layout already varied, drawn from these values (the rest keep values[0]).
CLASSIC_CHOICES = ("table.blank_cells", "form.project_code", "form.fund_rows", "narrative.variant", "narrative.commas")

# Whole provincial forms, seen in the development corpus (jincheng: Shanxi, leshan/luzhou: Sichuan,
# junshan: Hunan); a preset fixes these choices and draws the rest.
FORM_PRESETS: dict[str, dict[str, str]] = {
    "shanxi": {
        "form.title": "name",
        "form.competent_label": "主管部门及代码",
        "form.implementing_label": "预算单位",
        "form.initial_label": "年初预算数",
        "form.adjusted_label": "全年预算数",
        "form.executed_label": "全年执行数",
        "form.weight_label": "分值",
        "form.score_label": "得分",
        "form.total_label": "总分",
        "form.indicator_columns": "initial_adjusted_actual",
        "form.unit_placement": "column_labels",
        "form.level_points": "level1_ascii",
        "form.indicator_rows": "numbered_placeholder",
        "form.label_spacing": "spaced",
        "form.money_total_label": "资金总额",
        "form.grade": "in_total_row",
    },
    "sichuan": {
        "form.title": "generic",
        "form.name_label": "项目名称",
        "form.competent_label": "主管部门",
        "form.implementing_label": "实施单位",
        "form.initial_label": "年初预算",
        "form.adjusted_label": "调整后预算数",
        "form.executed_label": "预算执行数",
        "form.weight_label": "权重",
        "form.score_label": "得分",
        "form.total_label": "合计",
        "form.indicator_columns": "operator_value_unit",
        "form.target_label": "指标值",
        "form.actual_label": "完成值",
        "form.unit_placement": "column_labels",
        "form.level_points": "level1_and_execution",
        "form.fund_rows": "sichuan",
        "form.money_total_label": "总额",
        "form.grade": "absent",
    },
    "hunan": {
        "form.title": "year_generic",
        "form.name_label": "项目支出名称",
        "form.competent_label": "主管部门",
        "form.implementing_label": "实施单位",
        "form.initial_label": "年初预算数",
        "form.adjusted_label": "全年预算数",
        "form.executed_label": "全年执行数",
        "form.weight_label": "分值",
        "form.score_label": "得分",
        "form.total_label": "总分",
        "form.indicator_columns": "target_actual",
        "form.target_label": "年度指标值",
        "form.actual_label": "实际完成值",
        "form.unit_placement": "row_label",
        "form.level_points": "level1",
        "form.fund_rows": "hunan",
        "form.money_total_label": "年度资金总额",
        "form.split_cells": "wrapped_labels",
    },
}


class Layout(Mapping[str, str]):
    """One value per dimension, plus the seed that fixes the layout's own small draws (split points …)."""

    def __init__(self, values: Mapping[str, str], seed: int):
        unknown = set(values) - set(DIMENSIONS)
        missing = set(DIMENSIONS) - set(values)
        if unknown or missing:
            raise ValueError(f"layout dimensions unknown {sorted(unknown)}, missing {sorted(missing)}")
        for name, value in values.items():
            if value not in DIMENSIONS[name].values:
                raise ValueError(f"{name}={value!r} is not one of {DIMENSIONS[name].values}")
        if coherent(dict(values)) != dict(values):
            raise ValueError("a fragment dump of blank cells leaves figures no reader can place (see coherent())")
        self._values = dict(values)
        self.seed = seed

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Layout(seed={self.seed}, {self._values!r})"

    def is_(self, name: str, value: str) -> bool:
        return self._values[name] == value

    def rng(self, *salt: object) -> random.Random:
        """A generator for one small choice of this layout (a split row, a table's unit), stable per salt."""
        return random.Random(":".join(str(s) for s in (self.seed, *salt)))

    def replace(self, **changes: str) -> "Layout":
        values = dict(self._values)
        values.update({name.replace("__", "."): value for name, value in changes.items()})
        return Layout(values, self.seed)

    def to_json(self) -> dict[str, str | int]:
        return {"seed": self.seed, **self._values}


def coherent(values: dict[str, str], filler: str = "zeros") -> dict[str, str]:
    """The choices with the one combination no real document has replaced.

    A PDF dumped as text fragments loses its empty cells, and with them the column of every figure
    beside one: no reader could recover those figures. The PDFs that reach us in that shape print
    0.00 or a dash in empty amount cells (luzhou-*.txt prints 0.00 and /), so such a document does too.
    """
    if values["text.tables"] == "fragments" and values["table.blank_cells"] == "blank":
        return {**values, "table.blank_cells": filler}
    return values


def draw_layout(rng: random.Random) -> Layout:
    """A layout with every dimension drawn uniformly; a provincial form preset overrides its choices."""
    values = {d.name: rng.choice(d.values) for d in SPACE if d.name not in DRAWN_APART}
    values.update(FORM_PRESETS.get(values["form.preset"], {}))
    values = coherent(values, rng.choice(DIMENSIONS["table.blank_cells"].values[1:]))
    seed = rng.randrange(2**31)
    apart = random.Random(f"{seed}:apart")
    values.update({name: apart.choice(drawn) for name, drawn in DRAWN_APART.items()})
    return Layout(values, seed)


def classic_layout(
    blank_zeros: bool, code_in_name: bool, fund_detail_row: bool, variant: int, commas: bool, seed: int = 0
) -> Layout:
    """The layout every document had before the layout space existed, with its few seeded choices."""
    values = {d.name: d.values[0] for d in SPACE}
    values["table.blank_cells"] = "zeros" if blank_zeros else "blank"
    values["form.project_code"] = "in_name" if code_in_name else "own_row"
    values["form.fund_rows"] = "fiscal" if fund_detail_row else "none"
    values["narrative.variant"] = str(variant)
    values["narrative.commas"] = "yes" if commas else "no"
    return Layout(values, seed)


def relevant_dimensions(layout: Layout, part: str, file_format: str) -> dict[str, str]:
    """The choices that shape one part of a document (table, form or narrative) in one format.

    text.* choices exist only in plain text; a page break inside a table shows in a PDF and in a
    tab-row or fragment dump of one, never in a Word table converted to text.
    """
    prefix = {"table": "table.", "form": "form.", "narrative": "narrative."}[part]
    chosen = {name: value for name, value in layout.items() if name.startswith(prefix)}
    if file_format == "txt":
        chosen["text.headings"] = layout["text.headings"]
        if part == "narrative":
            chosen["text.prose"] = layout["text.prose"]
        else:
            chosen["text.tables"] = layout["text.tables"]
            if layout.is_("text.tables", "tab_rows"):
                chosen["text.wrapped_names"] = layout["text.wrapped_names"]
                chosen["text.row_separator"] = layout["text.row_separator"]
    shows_breaks = file_format == "pdf" or (file_format == "txt" and not layout.is_("text.tables", "cell_lines"))
    if part == "table" and not shows_breaks:
        chosen.pop("table.page_split")
    return chosen
