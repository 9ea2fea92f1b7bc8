"""The scanner that reads one paragraph's figures: dedicated statements first (equipment, scores,
projects evaluated), then chart captions, vehicles, and the amounts with their subjects and relations.

An amount whose words name no subject takes the subject of the amount before it in the same paragraph,
but only when the words in between are filler (比上年度, 支出决算为 …). Reason clauses (主要原因是…) and
purpose clauses (主要用于…) are masked so that the amounts they quote create no facts. A department figure
whose sentence makes it a project's, another unit's or another fund's (ingestion.narrative.attribution) is
kept under an unattributed_ name with the words that name its subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.classification import lookup_functional_code
from ingestion.narrative.attribution import UNATTRIBUTED, Attribution, Scope, attribute
from ingestion.narrative.subjects import (
    ACTUAL_TAIL, BUDGET_TAIL, CAPTION_PAIR_RE, CHANGE_BASES, CHANGE_BASIS_RE, COMPLETION_TAIL, EQUIPMENT_RE,
    FUNCTIONAL_DASHED_RE, FUNCTIONAL_RE, IGNORE_TAIL, MASK_RES, PRIOR_EXECUTED_TAIL, PRIOR_TAIL, PROJECTS_AMOUNT_RE,
    DEPARTMENT_EXECUTION_RE, MONITORED_RE, PRE_ASSESSED_RE, PROJECTS_RES, SCORE_RE, SCORE_SCOPE, SHARE_TAIL,
    SPENDING_SIDE, TARGET_PROJECTS_RE, TARGETS_SET_RE, THEN_SPENT_RE,
    THREE_PUBLIC_OUTBOUND, THREE_PUBLIC_RECEPTION, UNITLESS_FOLLOW_RE, YOY_TAIL, Subject, class_subject, derive,
    is_filler, keyword_subject,
)
from ingestion.narrative.vehicles import vehicle_counts
from ingestion.text.numbers import AMOUNT_IN_TEXT_RE, MONEY_UNITS
from ingestion.text.paragraphs import Unit, sentence_spans

_CN = "一二三四五六七八九十"


@dataclass
class Found:
    figure: str
    value: float
    unit: str | None
    subject_code: str | None
    key_label: str | None
    span: tuple[int, int]  # sentence span in the unit
    caption: bool
    pos: int  # where the amount is printed in the unit
    anchor: int | None = None  # where the statement starts on the page: its subject, else the clause
    subject_words: str | None = None  # an unattributed figure's subject, as printed


def _mask(folded: str) -> str:
    work = list(folded)
    for start_re, end_re in MASK_RES:
        for m in start_re.finditer(folded):
            stop = _clause_end(folded, m.end(), end_re)
            # a reason listed over several clauses ("主要原因是：2022年…；2023年…", "一是…；二是…") goes on
            # while the next clause reads as its next point and states no figure of its own
            while folded.startswith(";", stop):
                next_end = _clause_end(folded, stop + 1, end_re)
                if not _continues_reason(folded[stop + 1 : next_end]):
                    break
                stop = next_end
            for i in range(m.start(), stop):
                work[i] = "\x00"
    return "".join(work)


def _clause_end(folded: str, start: int, end_re) -> int:
    end = end_re.search(folded, start)
    return end.start() if end else len(folded)


_NEXT_POINT_RE = re.compile(rf"^\s*(?:20\d\d年|[{_CN}]是|其次|另外|此外|同时|\(?\d{{1,2}}\)|\d{{1,2}}[.、](?!\d))")


def _continues_reason(clause: str) -> bool:
    return _NEXT_POINT_RE.match(clause) is not None and not _states_a_figure(clause)


def _states_a_figure(clause: str) -> bool:
    """A clause that names a subject and then, after filler only, an amount ("项目支出50万元")."""
    amount = next((m for m in AMOUNT_IN_TEXT_RE.finditer(clause) if m.group(2)), None)
    if amount is None:
        return False
    found = keyword_subject(clause[: amount.start()], 0, [])
    if found is None:
        return False
    rest = clause[found[0] : amount.start()]
    for tail in (BUDGET_TAIL, ACTUAL_TAIL):
        found_tail = tail.search(rest)
        rest = rest[: found_tail.start()] if found_tail else rest
    return is_filler(rest)


def _blank(work: str, start: int, end: int) -> str:
    return work[:start] + "\x00" * (end - start) + work[end:]


class _UnitScanner:
    def __init__(self, unit: Unit, scope: Scope):
        self.unit = unit
        self.scope = scope
        self.folded = unit.folded
        self.masked = _mask(self.folded)
        self.work = self.masked
        self.spans = sentence_spans(self.folded) or [(0, len(self.folded))]
        self.found: list[Found] = []
        self.ignored: list[int] = []  # amounts left out on purpose (节约/结余 …): positions in the unit
        self.in_three_public = bool(unit.section and "三公" in unit.section)

    # -- helpers ---------------------------------------------------------------------------
    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.spans:
            if start <= pos < end:
                return start, end
        return self.spans[-1]

    def emit(self, figure: str, value: float, unit: str | None, pos: int, subject: Subject | None = None,
             other: str | None = None) -> None:
        """Record a figure; its sentence is the clause (between ；) that states it, from where its subject is named.
        `other` names the subject that makes it no department figure."""
        text = self.folded
        s_start, s_end = self.sentence_of(pos)
        start = max(text.rfind(";", s_start, pos) + 1, s_start)
        end = text.find(";", pos, s_end)
        end = s_end if end < 0 else end + 1
        if subject is not None and subject.pos < start:
            named_start, _ = self.sentence_of(subject.pos)
            start = max(text.rfind(";", named_start, subject.pos) + 1, named_start)
        if end == s_end:
            # carry the reason that follows ("主要原因是…") into the sentence
            for s, e in self.spans:
                if s == s_end and "原因" in text[s:e]:
                    end = e
                    break
        self.found.append(
            Found(
                UNATTRIBUTED + figure if other else figure,
                value,
                unit,
                subject.code if subject else None,
                subject.label if subject else None,
                (start, end),
                self.unit.caption,
                pos,
                # a clause glued to the line before ("…具体情况如下：" + "因公出国（境）费支出0万元") is located
                # where its subject is printed, not where the clause began
                subject.pos if subject is not None and subject.pos >= start else None,
                other,
            )
        )

    # -- dedicated statements ----------------------------------------------------------------
    def scan_dedicated(self) -> None:
        work = self.work
        for m in EQUIPMENT_RE.finditer(work):
            threshold, kind, count = int(m.group(1)), m.group(2), float(m.group(3))
            figure = None
            if threshold == 100 and kind is None:
                figure = "equipment_over_1m"
            elif threshold == 100 and kind == "专用":
                figure = "equipment_special_over_1m"
            elif threshold == 50 and kind == "通用":
                figure = "equipment_general_over_500k"
            if figure:
                self.emit(figure, count, "台(套)", m.start(3))
            self.ignored.append(m.start(1))  # the 单价 threshold
            work = _blank(work, m.start(), m.end())
        for m in SCORE_RE.finditer(work):
            s_start, _ = self.sentence_of(m.start())
            window_start = max(work.rfind(";", s_start, m.start()), s_start - 1) + 1
            window = work[window_start : m.end()]
            clause = work[max(work.rfind(",", window_start, m.start()) + 1, window_start) : m.end()]
            if "权重" in window or "平均" in window or "项目" in clause or not any(s in window for s in SCORE_SCOPE):
                # sub-scores of the index system, project scores and averages, scores of something unnamed
                self.ignored.append(m.start(1))
                continue
            self.emit("department_performance_score", float(m.group(1)), "分", m.start(1))
            work = _blank(work, m.start(), m.end())
        for m in DEPARTMENT_EXECUTION_RE.finditer(work):
            s_start, _ = self.sentence_of(m.start())
            if "项目" in work[s_start : m.start()] or self.scope.project is not None:
                continue  # a project's budget: its form's to read
            for figure, at, unit in (("department_budget", 1, m.group(2)), ("department_executed", 3, m.group(4)),
                                     ("department_execution_rate_pct", 5, "%")):
                self.emit(figure, float(m.group(at).replace(",", "")), unit, m.start(at))
            work = _blank(work, m.start(), m.end())
        counted = ([("projects_evaluated", p) for p in PROJECTS_RES]
                   + [("performance_target_projects", p) for p in (TARGET_PROJECTS_RE, TARGETS_SET_RE)]
                   + [("projects_pre_assessed", PRE_ASSESSED_RE), ("projects_monitored", MONITORED_RE)])
        for name, pattern in counted:
            for m in pattern.finditer(work):
                self.emit(name, float(m.group(1)), "个", m.start(1))
                amount = PROJECTS_AMOUNT_RE.match(work, m.end())
                end = m.end()
                if amount:
                    value = float(amount.group(1).replace(",", ""))
                    self.emit(f"{name}_amount", value, amount.group(2), amount.start(1))
                    end = amount.end()
                work = _blank(work, m.start(), end)
        self.work = work

    def scan_caption(self) -> None:
        """Chart legends "一般公共预算财政拨款收入：1636.45, 78%": kept only where they restate a figure."""
        if not self.unit.caption:
            return
        work = self.work
        prev = 0
        for m in CAPTION_PAIR_RE.finditer(work):
            seg = work[prev : m.start()]
            found = keyword_subject(seg, prev, []) or class_subject(seg, prev)
            prev = m.end()
            if found is None or found[0] < m.start() - 2:
                continue  # the label must stand right before the numbers
            subject = found[1]
            for base in subject.bases:
                if self.unit.caption_unit:
                    self.emit(derive(base, "actual"), float(m.group(1)), self.unit.caption_unit, m.start(), subject)
                self.emit(derive(base, "share"), float(m.group(2)), "%", m.start(2), subject)
            work = _blank(work, m.start(), m.end())
        self.work = work

    # -- amounts -----------------------------------------------------------------------------
    def scan_amounts(self) -> None:
        work = self.work
        functional = []
        for m in [*FUNCTIONAL_RE.finditer(work), *FUNCTIONAL_DASHED_RE.finditer(work)]:
            code = lookup_functional_code(m.group("cls"), m.group("kuan"), m.group("xiang"))
            label = "".join(
                f"{m.group(g).strip()}({lvl})" for g, lvl in (("cls", "类"), ("kuan", "款"), ("xiang", "项")) if m.group(g)
            )
            functional.append((m.start(), m.end(), Subject(("functional_expense",), code=code, label=label, pos=m.start())))
        functional_spans = [(s, e) for s, e, _ in functional]

        current: Subject | None = None
        prev_end = 0
        stated_end = 0  # where the last amount given to a subject ends: a unit named before it is not ours
        for m in AMOUNT_IN_TEXT_RE.finditer(work):
            number, unit = m.group(1), m.group(2)
            if unit is None and not UNITLESS_FOLLOW_RE.match(work, m.end()):
                continue  # a year, a date, a code: not an amount
            value = float(number.replace(",", ""))
            pos = m.start()
            s_start, _ = self.sentence_of(pos)
            seg_start = max(prev_end, s_start)
            # a functional line named in an earlier sentence (…（项）。主要用于…。年初预算为…)
            earlier = [f for s, e, f in functional if prev_end <= s and e <= seg_start]
            if earlier:
                current = earlier[-1]
            prev_end = m.end()
            seg = work[seg_start:pos]

            relation: str | None = None
            sign = 1.0
            core = seg
            share = SHARE_TAIL.search(seg)
            if share:
                relation, core = "share", seg[: share.start()]

            candidates = []
            kw = keyword_subject(core, seg_start, functional_spans)
            if kw:
                candidates.append(kw)
            for s, e, f in functional:
                if seg_start <= s and e <= seg_start + len(core):
                    candidates.append((e, f))
            subject: Subject | None = None
            rest = core
            if candidates:
                end, subject = max(candidates, key=lambda c: c[0])
                rest = core[end - seg_start :]
            else:
                cls = class_subject(core, seg_start)
                if cls:
                    subject, rest = cls[1], core[cls[0] - seg_start :]

            # a bare 支出总计 in a sentence about 财政拨款 totals is the 财政拨款 total
            if (
                subject is not None
                and subject.bases in (("income_grand_total",), ("expense_grand_total",))
                and current is not None
                and current.bases == ("fiscal_income_expense_total",)
                and current.pos >= s_start
            ):
                subject = Subject(current.bases, pos=subject.pos)

            rest = rest.rstrip(" :")
            if relation is None:
                for name, pattern in (
                    ("ignore", IGNORE_TAIL),
                    ("completion", COMPLETION_TAIL),
                    ("prior", PRIOR_TAIL),
                    ("yoy", YOY_TAIL),
                    ("prior_executed", PRIOR_EXECUTED_TAIL),
                    ("budget", BUDGET_TAIL),
                ):
                    tail = pattern.search(rest)
                    if tail:
                        relation = name
                        if name == "yoy" and tail.group(1) in ("减少", "下降", "降低", "减"):
                            sign = -1.0
                        if name == "budget" and tail.group(1) == "年初":
                            relation = "budget_initial"
                        rest = rest[: tail.start()]
                        break
                else:
                    tail = ACTUAL_TAIL.search(rest)
                    relation = "actual"
                    rest = rest[: tail.start()] if tail else rest
            basis = CHANGE_BASIS_RE.search(rest) if relation == "yoy" else None
            if basis:  # a budget's change against last year's budget or its execution: named by its basis
                relation, rest = f"yoy_vs_{CHANGE_BASES[basis.group('basis')]}", rest[: basis.start()]
            if not is_filler(rest):
                # other words stand between the subject (or the previous amount) and this amount
                current = None
                continue
            if subject is None and current is not None:
                subject = current
                if THEN_SPENT_RE.search(seg) and all(b in SPENDING_SIDE for b in current.bases):
                    # "政府性基金预算财政拨款收入120万元，支出118万元": the spending side of the same fund
                    subject = Subject(tuple(SPENDING_SIDE[b] for b in current.bases), pos=current.pos)
            if subject is None:
                continue
            current = subject
            if relation == "ignore":
                self.ignored.append(pos)
                continue
            sentence_start, _ = self.sentence_of(subject.pos)
            clause_start = stated_end if sentence_start <= stated_end <= subject.pos else sentence_start
            between = work[max(seg_start, subject.end) : pos]
            verdict = attribute(self.masked, sentence_start, subject, self.scope, clause_start, between)
            self.emit_amount(subject, relation, value, unit, pos, sign, verdict)
            stated_end = m.end()

    def emit_amount(self, subject: Subject, relation: str, value: float, unit: str | None, pos: int, sign: float,
                    verdict: Attribution) -> None:
        if unit is None:
            return  # a bare number after 决算数为: the subject is noted, the amount not kept
        other = verdict.other
        if verdict.prior_year:
            # "上年一般公共预算财政拨款支出…": the prior year's figure; any other relation to it is not ours to name
            if relation in ("actual", "prior"):
                relation = "prior"
            elif relation != "prior_executed" and not relation.startswith("yoy_vs_"):
                other = other or f"上年 › {self.masked[subject.pos:subject.end]}"
        signed = -abs(value) if sign < 0 else value
        if unit in MONEY_UNITS:
            if relation in ("share", "completion"):
                return
            kind, versus = ("yoy_change", relation[3:]) if relation.startswith("yoy") else (relation, "")
            for base in subject.bases:
                self.emit(derive(base, kind) + versus, signed, unit, pos, subject, other)
            return
        if unit == "%":
            kinds = {"share": "share", "completion": "completion", "yoy": "yoy_pct"}
            versus = relation[3:] if relation.startswith("yoy_vs_") else ""
            if versus:
                relation = "yoy"
            if relation not in kinds:
                return
            for base in subject.bases:
                self.emit(derive(base, kinds[relation]) + versus, signed, "%", pos, subject, other)
            return
        if relation != "actual" or unit == "辆":
            return  # vehicles are read by scan_vehicles
        base = subject.bases[0]
        if base == THREE_PUBLIC_OUTBOUND:
            if unit in ("个", "次", "批"):
                self.emit("three_public_outbound_groups", value, "个", pos, subject, other)
            elif unit in ("人", "人次"):
                self.emit("three_public_outbound_persons", value, unit, pos, subject, other)
        elif base in THREE_PUBLIC_RECEPTION:
            # a reception is counted in 批次 (or 团组 received: "接待国内来访团组12个") and in 人次
            suffix = base[len("three_public_reception") :]
            if unit in ("批次", "批", "次", "个"):
                self.emit(f"three_public_reception_batches{suffix}", value, "批次", pos, subject, other)
            elif unit in ("人次", "人"):
                self.emit(f"three_public_reception_persons{suffix}", value, unit, pos, subject, other)

    def scan_vehicles(self) -> None:
        counts = vehicle_counts(self.work, self.masked, lambda pos: self.sentence_of(pos)[0], self.in_three_public,
                                self.scope.department)
        for count in counts:
            self.emit(count.figure, count.value, "辆", count.pos, other=count.other)


@dataclass
class Scanned:
    """One paragraph read: its figures in reading order, and what coverage needs to know of the rest."""

    found: list[Found]
    masked: str  # the paragraph's folded text with reason and purpose clauses blanked (\x00)
    ignored: list[int]  # positions of amounts left out on purpose (节约/结余/差额 …)


def scan_unit(unit: Unit, scope: Scope | None = None) -> Scanned:
    scanner = _UnitScanner(unit, scope or Scope(section=unit.section))
    scanner.scan_dedicated()
    scanner.scan_caption()
    scanner.scan_vehicles()
    scanner.scan_amounts()
    found = sorted(scanner.found, key=lambda f: f.pos)
    return Scanned(found, scanner.masked, scanner.ignored)
