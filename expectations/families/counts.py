"""Counts a document states twice (warning): how many projects it set targets for, monitored and evaluated, said
in two places, and the projects per grade against the number evaluated ("绩效自评的项目4个…绩效评级为“优”的项目4个；
“良”的项目0个；“合格”的项目0个；“不合格”的项目0个" must add up); the staff in post against the 编制 and the 控制率
where a sentence states all three."""

from __future__ import annotations

import re

from expectations.base import Rule
from expectations.families.prose import finding, frame, paragraphs, quote, sentences, where
from ingestion.text.normalise import fold

# activity → the ways a sentence states how many projects it covered
ACTIVITIES = {
    "绩效目标": [r"(?:编报|编制|设置)(?:了)?绩效目标的?(?:20\d\d年度?)?[^。；;，,\d]{0,12}?项目\s*(\d+)\s*个",
                 r"对[^。；;]{0,20}?(\d+)\s*个项目编(?:报|制)(?:了)?绩效目标"],
    "绩效监控": [r"(?:绩效跟踪|绩效监控|跟踪评价)的?(?:20\d\d年度?)?[^。；;，,\d]{0,12}?项目\s*(\d+)\s*个",
                 r"(?:选取|对)\s*(\d+)\s*个项目开展(?:了)?绩效(?:监控|跟踪)"],
    "绩效自评": [r"绩效自评的?(?:20\d\d年度?)?[^。；;，,\d]{0,12}?项目\s*(\d+)\s*个", r"对\s*(\d+)\s*个项目开展(?:了)?绩效自评"],
}
ACTIVITY_RES = {a: [re.compile(p) for p in ps] for a, ps in ACTIVITIES.items()}
GRADED_RE = re.compile(r"(?:绩效)?评级为\s*[“\"]?\s*(优|良|中|合格|不合格|差)\s*[”\"]?\s*的项目\s*(\d+)\s*个")
# "编制数20人，实际在职人数37人，控制率185%"
STAFF_RE = re.compile(r"编制(?:数)?[^。；;\d]{0,6}?(\d+)\s*(?:人|名)?[^。；;\d]{0,16}?在职(?:人数)?[^。；;\d]{0,6}?(\d+)\s*(?:人|名)?"
                      r"[^。；;\d]{0,10}?控制率[^。；;\d]{0,4}?(\d+(?:\.\d+)?)\s*%")


def _stated_twice(t) -> list[dict]:
    rows = []
    first: dict[tuple[str, str], tuple[int, dict, str]] = {}
    for sentence, _ in sentences(t, ("sentence",)):
        text = fold(sentence["text"])
        for activity, patterns in ACTIVITY_RES.items():
            for pattern in patterns:
                for m in pattern.finditer(text):
                    count = int(m.group(1))
                    key = (sentence["document_id"], activity)
                    if key not in first:
                        first[key] = (count, sentence, m.group(0))
                        continue
                    earlier, where_first, words = first[key]
                    if sentence["sentence_index"] == where_first["sentence_index"] and count == earlier:
                        continue
                    rows.append(finding(sentence, count == earlier,
                                        f"“{quote(sentence['text'])}” ({where(sentence)}) counts {count} projects for {activity} "
                                        f"(“{m.group(0)}”), but “{words}” ({where(where_first)}) counts {earlier}: the document "
                                        f"should state one number", observed=float(count), expected=float(earlier)))
    return rows


def _graded(t) -> list[dict]:
    rows = []
    for paragraph, _ in paragraphs(t, ("sentence",)):
        text = fold("".join(s["text"] for s in paragraph))
        grades = GRADED_RE.findall(text)
        evaluated = next((int(m.group(1)) for p in ACTIVITY_RES["绩效自评"] for m in [p.search(text)] if m), None)
        if len(grades) < 2 or evaluated is None:
            continue
        total = sum(int(n) for _, n in grades)
        at = next((s for s in paragraph if GRADED_RE.search(fold(s["text"]))), paragraph[0])
        listed = "、".join(f"{g} {n}" for g, n in grades)
        rows.append(finding(at, total == evaluated, f"“{quote(at['text'])}” ({where(at)}) grades {total} projects ({listed}) "
                            f"but evaluated {evaluated}: the grades should add up to the projects evaluated",
                            observed=float(total), expected=float(evaluated)))
    return rows


def _staff(t) -> list[dict]:
    rows = []
    for paragraph, _ in paragraphs(t, ("sentence", "cell")):
        text = fold("".join(s["text"] for s in paragraph))
        for m in STAFF_RE.finditer(text):
            quota, in_post, rate = int(m.group(1)), int(m.group(2)), float(m.group(3))
            if quota == 0:
                continue
            computed = 100 * in_post / quota
            digits = len(m.group(3).split(".")[1]) if "." in m.group(3) else 0
            at = paragraph[0]
            rows.append(finding(at, abs(computed - rate) <= 0.5 * 10 ** -digits + 1e-9,
                                f"“{quote(at['text'])}” ({where(at)}) states 编制 {quota}, 在职 {in_post} and 控制率 {rate:g}%: "
                                f"{in_post} / {quota} is {computed:.2f}%", observed=rate, expected=computed))
    return rows


def _counts(t):
    return frame(_stated_twice(t) + _graded(t) + _staff(t))


RULES = [
    Rule("consistency.counts_agree", "warning", "同一数量多处陈述应一致（绩效目标、监控、自评项目数；各等级项目数之和；编制、在职人数与控制率）",
         "A count stated twice agrees: projects with targets, monitored and self-evaluated; the projects per grade add up to "
         "those evaluated; staff in post over the 编制 is the stated 控制率", "exact (a rate to its last printed digit)", _counts,
         "true", inputs=("sentences", "documents")),
]
