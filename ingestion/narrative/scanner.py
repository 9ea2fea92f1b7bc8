"""The scanner that reads one paragraph's figures: dedicated statements first (equipment, scores,
projects evaluated), then chart captions, vehicles, and the amounts with their subjects and relations.

An amount whose words name no subject takes the subject of the amount before it in the same paragraph,
but only when the words in between are filler (比上年度, 支出决算为 …). Reason clauses (主要原因是…) and
purpose clauses (主要用于…) are masked so that the amounts they quote create no facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.classification import lookup_functional_code
from ingestion.narrative.subjects import (
    ACTUAL_TAIL, BUDGET_TAIL, CAPTION_PAIR_RE, COMPLETION_TAIL, EQUIPMENT_RE, FUNCTIONAL_RE, IGNORE_TAIL,
    MASK_RES, PRIOR_TAIL, PROJECTS_RES, SCORE_RE, SCORE_SCOPE, SHARE_TAIL, SPENDING_SIDE, THEN_SPENT_RE,
    THREE_PUBLIC_OUTBOUND, THREE_PUBLIC_RECEPTION, UNITLESS_FOLLOW_RE, VEHICLE_OWNED_TAIL, VEHICLE_PURCHASED_TAIL,
    VEHICLE_TYPE_RES, YOY_TAIL, Subject, class_subject, derive, is_filler, keyword_subject,
)
from ingestion.text.numbers import AMOUNT_IN_TEXT_RE, MONEY_UNITS
from ingestion.text.paragraphs import Unit, sentence_spans


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



def _mask(folded: str) -> str:
    work = list(folded)
    for start_re, end_re in MASK_RES:
        for m in start_re.finditer(folded):
            end = end_re.search(folded, m.end())
            stop = end.start() if end else len(folded)
            for i in range(m.start(), stop):
                work[i] = "\x00"
    return "".join(work)


def _blank(work: str, start: int, end: int) -> str:
    return work[:start] + "\x00" * (end - start) + work[end:]


class _UnitScanner:
    def __init__(self, unit: Unit):
        self.unit = unit
        self.folded = unit.folded
        self.work = _mask(self.folded)
        self.spans = sentence_spans(self.folded) or [(0, len(self.folded))]
        self.found: list[Found] = []
        self.in_three_public = bool(unit.section and "三公" in unit.section)

    # -- helpers ---------------------------------------------------------------------------
    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.spans:
            if start <= pos < end:
                return start, end
        return self.spans[-1]

    def emit(self, figure: str, value: float, unit: str | None, pos: int, subject: Subject | None = None) -> None:
        """Record a figure; its sentence is the clause (between ；) that states it, from where its subject is named."""
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
                figure,
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
                self.emit(figure, count, "台(套)", m.start())
            work = _blank(work, m.start(), m.end())
        for m in SCORE_RE.finditer(work):
            s_start, _ = self.sentence_of(m.start())
            window_start = max(work.rfind(";", s_start, m.start()), s_start - 1) + 1
            window = work[window_start : m.end()]
            clause = work[max(work.rfind(",", window_start, m.start()) + 1, window_start) : m.end()]
            if "权重" in window or "平均" in window or "项目" in clause:
                continue  # sub-scores of the index system, project scores, project averages
            if not any(scope in window for scope in SCORE_SCOPE):
                continue
            self.emit("department_performance_score", float(m.group(1)), "分", m.start())
            work = _blank(work, m.start(), m.end())
        for pattern in PROJECTS_RES:
            for m in pattern.finditer(work):
                self.emit("projects_evaluated", float(m.group(1)), "个", m.start())
                work = _blank(work, m.start(), m.end())
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
        for m in FUNCTIONAL_RE.finditer(work):
            code = lookup_functional_code(m.group("cls"), m.group("kuan"), m.group("xiang"))
            label = "".join(
                f"{m.group(g).strip()}({lvl})" for g, lvl in (("cls", "类"), ("kuan", "款"), ("xiang", "项")) if m.group(g)
            )
            functional.append((m.start(), m.end(), Subject(("functional_expense",), code=code, label=label, pos=m.start())))
        functional_spans = [(s, e) for s, e, _ in functional]

        current: Subject | None = None
        prev_end = 0
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
                continue
            self.emit_amount(subject, relation, value, unit, pos, sign)

    def emit_amount(self, subject: Subject, relation: str, value: float, unit: str | None, pos: int, sign: float) -> None:
        if unit is None:
            return  # a bare number after 决算数为: the subject is noted, the amount not kept
        signed = -abs(value) if sign < 0 else value
        if unit in MONEY_UNITS:
            if relation in ("share", "completion"):
                return
            kind = "yoy_change" if relation == "yoy" else relation
            for base in subject.bases:
                self.emit(derive(base, kind), signed, unit, pos, subject)
            return
        if unit == "%":
            kinds = {"share": "share", "completion": "completion", "yoy": "yoy_pct"}
            if relation not in kinds:
                return
            for base in subject.bases:
                self.emit(derive(base, kinds[relation]), signed, "%", pos, subject)
            return
        if relation != "actual" or unit == "辆":
            return  # vehicles are read by scan_vehicles
        base = subject.bases[0]
        if base == THREE_PUBLIC_OUTBOUND:
            if unit in ("个", "次"):
                self.emit("three_public_outbound_groups", value, "个", pos, subject)
            elif unit in ("人", "人次"):
                self.emit("three_public_outbound_persons", value, unit, pos, subject)
        elif base in THREE_PUBLIC_RECEPTION:
            suffix = base[len("three_public_reception") :]
            if unit in ("批次", "次"):
                self.emit(f"three_public_reception_batches{suffix}", value, "批次", pos, subject)
            elif unit in ("人次", "人"):
                self.emit(f"three_public_reception_persons{suffix}", value, unit, pos, subject)

    def scan_vehicles(self) -> None:
        work = self.work
        owned = False
        last_end = 0
        for m in AMOUNT_IN_TEXT_RE.finditer(work):
            unit = m.group(2)
            if unit is None:
                continue
            seg = work[last_end : m.start()]
            last_end = m.end()
            if unit != "辆":
                continue
            value = float(m.group(1).replace(",", ""))
            clause = seg[max(seg.rfind(d) for d in ",;:。!?\x00、") + 1 :].strip()
            if VEHICLE_PURCHASED_TAIL.search(clause):
                self.emit("three_public_vehicles_purchased", value, "辆", m.start())
                continue
            if VEHICLE_OWNED_TAIL.search(clause):
                owned = True
                name = "three_public_vehicles_owned" if self.in_three_public else "vehicles_owned"
                self.emit(name, value, "辆", m.start())
                continue
            if owned:
                # the 三公 section's breakdown (轿车, 越野车 …) is not the 国有资产 one (机要通信用车 …): kept apart
                prefix = "three_public_vehicles_owned" if self.in_three_public else "vehicles_owned"
                for pattern, kind in VEHICLE_TYPE_RES:
                    if pattern.search(clause):
                        self.emit(f"{prefix}_{kind}", value, "辆", m.start())
                        break


def scan_unit(unit: Unit) -> list[Found]:
    scanner = _UnitScanner(unit)
    scanner.scan_dedicated()
    scanner.scan_caption()
    scanner.scan_vehicles()
    scanner.scan_amounts()
    found = sorted(scanner.found, key=lambda f: f.pos)
    return found
