"""三公 counts wherever the narrative states them: 接待 批次 and 人次 (国内, 外事, or their sum), 公务用车保有量,
因公出国（境）团组 and 人次, 公务用车购置 数量; in the wordings departments use, and in every corpus document
as read by eye."""

from __future__ import annotations

import pytest

from ingestion.narrative import extract_narrative
from ingestion.records import Block, NarrativeFigure
from tests.conftest import corpus_file

THREE_PUBLIC = "七、财政拨款“三公”经费支出决算情况说明"
COUNTS = (
    "three_public_outbound_groups", "three_public_outbound_persons", "three_public_vehicles_purchased",
    "three_public_vehicles_owned", "three_public_reception_batches", "three_public_reception_persons",
    "three_public_reception_batches_domestic", "three_public_reception_persons_domestic",
    "three_public_reception_batches_foreign", "three_public_reception_persons_foreign", "vehicles_owned",
)


def read(*lines: str) -> list[NarrativeFigure]:
    return extract_narrative([Block("text", (line,), None, i) for i, line in enumerate(lines, start=1)])


def counts(figures: list[NarrativeFigure]) -> dict[str, float]:
    """The first statement of each count."""
    found: dict[str, float] = {}
    for f in figures:
        if f.figure in COUNTS and not f.is_restatement:
            found.setdefault(f.figure, f.value)
    return found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("公务接待费支出2万元，接待12批次150人次。",
         {"three_public_reception_batches": 12, "three_public_reception_persons": 150}),
        ("公务接待费支出2万元，共接待国内来访团组12个、150人次。",
         {"three_public_reception_batches_domestic": 12, "three_public_reception_persons_domestic": 150}),
        ("国内公务接待30批次，200人，其中外事接待2批次，10人。",
         {"three_public_reception_batches_domestic": 30, "three_public_reception_persons_domestic": 200,
          "three_public_reception_batches_foreign": 2, "three_public_reception_persons_foreign": 10}),
        ("公务用车保有量为5辆。", {"three_public_vehicles_owned": 5}),
        ("年末实有公务用车3辆。", {"three_public_vehicles_owned": 3}),
        ("截至2024年12月31日，公务用车4辆。", {"three_public_vehicles_owned": 4}),
        ("因公出国（境）费支出3万元，组织出国团组2个，出国10人次。",
         {"three_public_outbound_groups": 2, "three_public_outbound_persons": 10}),
        ("因公出国（境）团组数1个，出国（境）人数3人。",
         {"three_public_outbound_groups": 1, "three_public_outbound_persons": 3}),
        ("公务用车购置费15万元，本年度更新公务用车1辆。", {"three_public_vehicles_purchased": 1}),
        ("公务用车购置数量0辆。", {"three_public_vehicles_purchased": 0}),
    ],
)
def test_count_wordings(sentence, expected):
    assert counts(read(THREE_PUBLIC, sentence)) == expected


def test_a_vehicle_count_outside_the_three_public_section_is_the_asset_one():
    figs = read("十、其他重要事项的情况说明", "截至2024年12月31日，本部门共有车辆3辆，其中：机要通信用车1辆、其他用车2辆。")
    assert counts(figs) == {"vehicles_owned": 3}
    assert {f.figure: f.value for f in figs if f.figure.startswith("vehicles_owned_")} == {
        "vehicles_owned_confidential_communication": 1, "vehicles_owned_other": 2}


def test_a_planned_purchase_and_its_breakdown():
    figs = read("五、国有资产占有使用情况", "2025年部门预算安排购置车辆1辆，其中：执法执勤用车0辆、其他用车1辆。")
    assert {f.figure: f.value for f in figs} == {
        "three_public_vehicles_purchased": 1, "three_public_vehicles_purchased_law_enforcement": 0,
        "three_public_vehicles_purchased_other": 1}


def test_a_count_after_an_aside_keeps_its_subject():
    figs = read(THREE_PUBLIC, "国内公务接待66批次，726人次（不包括陪同人员），共计支出8.63万元。")
    assert counts(figs) == {"three_public_reception_batches_domestic": 66, "three_public_reception_persons_domestic": 726}
    assert [f.value for f in figs if f.figure == "three_public_reception_domestic"] == [8.63]


# --------------------------------------------------------------------------------------------
# the corpus: every count each document's 三公 section (and 国有资产 paragraph) states, read by eye
# --------------------------------------------------------------------------------------------

CORPUS_COUNTS = {
    # 1、…出国团组共0个，0人次 / 2、…共购置公务用车0辆 / 3、…公务用车保有量共0辆车 / 4、…共接待0批次，0人次。国内接待费0万元，
    # 共接待0批次，0人次，其中外事接待费0万元，共接待0批次，0人次 … / 十(三) 共有车辆1辆
    "texts/jincheng-big-data-bureau-2023-final.txt": {
        "three_public_outbound_groups": 0, "three_public_outbound_persons": 0, "three_public_vehicles_purchased": 0,
        "three_public_vehicles_owned": 0, "three_public_reception_batches": 0, "three_public_reception_persons": 0,
        "three_public_reception_batches_domestic": 0, "three_public_reception_persons_domestic": 0,
        "three_public_reception_batches_foreign": 0, "three_public_reception_persons_foreign": 0, "vehicles_owned": 1,
    },
    # 团组0次，出国（境）0人 / 更新购置公务用车0辆，…单位共有公务用车5辆 / 国内公务接待0批次，0人次 / 外事接待0批次，0人次 / 共有车辆5辆
    "texts/leshan-data-bureau-2024-final.txt": {
        "three_public_outbound_groups": 0, "three_public_outbound_persons": 0, "three_public_vehicles_purchased": 0,
        "three_public_vehicles_owned": 5, "three_public_reception_batches_domestic": 0,
        "three_public_reception_persons_domestic": 0, "three_public_reception_batches_foreign": 0,
        "three_public_reception_persons_foreign": 0, "vehicles_owned": 5,
    },
    # 团组0次，出国（境）0人 / 单位共有车辆4辆 / 国内公务接待66批次，726人次 / 市经济和信息化局共有车辆4辆
    "texts/luzhou-economy-it-bureau-2023-final.txt": {
        "three_public_outbound_groups": 0, "three_public_outbound_persons": 0, "three_public_vehicles_owned": 4,
        "three_public_reception_batches_domestic": 66, "three_public_reception_persons_domestic": 726, "vehicles_owned": 4,
    },
    # the 三公 analysis states amounts only
    "texts/junshan-data-bureau-2024-performance.txt": {},
    # no 三公 spending, no counts; 其他重要事项: 共有车辆0辆
    "pdf/putuo-finance-bureau-2024-final.pdf": {"vehicles_owned": 0},
    "pdf/putuo-social-work-dept-2024-final.pdf": {"vehicles_owned": 0},
    # 国有资产占有使用情况: 共有车辆N辆; 部门预算安排购置车辆N辆
    "budget/putuo-wanli-subdistrict-2024-budget-department.pdf": {"vehicles_owned": 7, "three_public_vehicles_purchased": 1},
    "budget/putuo-wanli-subdistrict-2025-budget-department.pdf": {"vehicles_owned": 8, "three_public_vehicles_purchased": 1},
    "budget/putuo-district-office-2025-budget-department.pdf": {"vehicles_owned": 0, "three_public_vehicles_purchased": 0},
    "budget/putuo-commerce-commission-2025-budget-unit.pdf": {"vehicles_owned": 0, "three_public_vehicles_purchased": 0},
}


@pytest.mark.parametrize("relative", sorted(CORPUS_COUNTS))
def test_corpus_counts_read_by_eye(relative):
    from ingestion.readers import read_document

    figures = extract_narrative(read_document(corpus_file(relative)).blocks)
    assert counts(figures) == CORPUS_COUNTS[relative]
