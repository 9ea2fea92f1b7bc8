"""Comparison and change words against the amounts they relate (warning).

- "决算数小于（大于、等于、与…持平）全年预算数" against the 预算 and 决算 amounts its paragraph prints;
- "A X万元，大于 B Y万元": a comparison word between two amounts of one sentence;
- "比2023年增加（减少、持平）…": the change word, and the change amount or percentage, against the prior-year and
  current amounts the sentence prints; a change stated with words of both directions ("减少X万元，增长Y%").

Each finding quotes the sentence and says what it should have printed."""

from __future__ import annotations

import re

from expectations.base import EPS, Rule
from expectations.families.prose import amounts_in, finding, frame, paragraphs, quote, sentences, where
from ingestion.text.normalise import fold
from ingestion.text.numbers import NUMBER, to_wan

UP = ("大于", "高于", "超过", "多于", "超出")
DOWN = ("小于", "低于", "少于")
SAME = ("等于", "持平", "相等", "一致", "相同")
WORDS = {**{w: ">" for w in UP}, **{w: "<" for w in DOWN}, **{w: "=" for w in SAME}}
# "基本持平": close, not equal (the corpus prints it for equal amounts; a reviewer reads it as within a percent)
NEARLY = 0.01

# the budget and actual amounts a paragraph states: "年初预算为1560.05万元，支出决算为1511.89万元"
BUDGET_RE = re.compile(rf"(年初|全年|调整后?)?预算(?:数|金额)?(?:为|是|共计)?\s*({NUMBER})\s*(亿元|万元|千元|元)")
ACTUAL_RE = re.compile(rf"(?:支出)?决算(?:数|金额)?(?:为|是|共计)?\s*({NUMBER})\s*(亿元|万元|千元|元)")
# "完成预算94.77%", "完成全年预算数的98.69%"
RATE_RE = re.compile(rf"完成(?:了)?(?:年初|全年|调整后?)?的?预算(?:数)?的?\s*({NUMBER})\s*%")
# "决算数小于全年预算数" / "决算数与预算数基本持平"
VERSUS_RE = re.compile(r"决算数?\s*(?:(大于|高于|超过|多于|超出|小于|低于|少于|等于)\s*(年初|全年|调整后?)?预算数?"
                       r"|(?:与|和|同)\s*(年初|全年|调整后?)?预算数?\s*(基本)?\s*(持平|相等|一致|相同))")
# "A X万元，大于 B Y万元" inside one sentence, with nothing but words between the amounts and the comparison
BETWEEN_RE = re.compile(rf"({NUMBER})\s*(亿元|万元|千元|元)[^\d。；;，,]{{0,3}}[，,]?\s*(?:均|都)?\s*(大于|高于|小于|低于|等于|超过|少于|多于)"
                        rf"[^\d。；;]{{0,20}}?({NUMBER})\s*(亿元|万元|千元|元)")


def _holds(actual: float, relation: str, budget: float, nearly: bool) -> bool:
    if relation == ">":
        return actual > budget + 0.005
    if relation == "<":
        return actual < budget - 0.005
    if nearly:
        return abs(actual - budget) <= max(0.005 + EPS, NEARLY * abs(budget))
    return abs(actual - budget) <= 0.005 + EPS


def _relation_text(relation: str) -> str:
    return {">": "大于", "<": "小于", "=": "等于"}[relation]


def _true_relation(actual: float, budget: float) -> str:
    return "与预算数持平" if abs(actual - budget) <= 0.005 + EPS else ("大于" if actual > budget else "小于") + "预算数"


def _budget_for(budgets: dict[str, float], named: str | None) -> float | None:
    """The budget a comparison means: the one it names, else the 全年 (adjusted) one the template compares with."""
    if named:
        return budgets.get(named, budgets.get("any"))
    return next((budgets[b] for b in ("full", "any", "initial") if b in budgets), None)


def _amounts(folded: str):
    budgets: dict[str, float] = {}
    for m in BUDGET_RE.finditer(folded):
        basis = "initial" if m.group(1) == "年初" else ("full" if m.group(1) else "any")
        budgets.setdefault(basis, to_wan(float(m.group(2).replace(",", "")), m.group(3)))
    return budgets, ACTUAL_RE.search(folded), RATE_RE.search(folded)


def _budget_versus_actual(t):
    rows = []
    previous: tuple | None = None  # the paragraph before, in the same document and section
    for paragraph, _ in paragraphs(t):
        folded = fold("".join(s["text"] for s in paragraph))
        budgets, actual_m, rate_m = _amounts(folded)
        here = (paragraph[0]["document_id"], paragraph[0]["section"])
        if not budgets and actual_m is None and rate_m is None and previous and previous[0] == here:
            # "决算数小于预算数的主要原因：…" printed as a paragraph of its own after the amounts it compares
            budgets, actual_m, rate_m = previous[1]
        previous = (here, (budgets, actual_m, rate_m))
        for m in VERSUS_RE.finditer(folded):
            word = m.group(1) or m.group(5)
            basis_word = m.group(2) or m.group(3)
            nearly = bool(m.group(4))
            relation = WORDS[word]
            sentence = next((s for s in paragraph if m.group(0) in fold(s["text"])), paragraph[0])
            said = f"决算数{'与' if relation == '=' else ''}{basis_word or ''}预算数{'基本' if nearly else ''}{word}"
            budget = _budget_for(budgets, "initial" if basis_word == "年初" else ("full" if basis_word else None))
            if actual_m is not None and budget is not None:
                actual = to_wan(float(actual_m.group(1).replace(",", "")), actual_m.group(2))
                rows.append(finding(
                    sentence, _holds(actual, relation, budget, nearly),
                    f"“{quote(sentence['text'])}” ({where(sentence)}) says {said}, but its paragraph prints 决算 {actual:g} "
                    f"and {basis_word or ''}预算 {budget:g}: it should say 决算数{_true_relation(actual, budget)}",
                    observed=actual, expected=budget))
            elif rate_m is not None:
                # no budget printed: the completion rate says which side of the budget the actual is
                rate = float(rate_m.group(1).replace(",", ""))
                truth = "<" if rate < 100 else (">" if rate > 100 else None)
                ok = truth is None or truth == relation or (nearly and abs(rate - 100) <= 100 * NEARLY)
                rows.append(finding(
                    sentence, ok, f"“{quote(sentence['text'])}” ({where(sentence)}) says {said}, but its paragraph states "
                    f"完成预算{rate_m.group(1)}%: it should say 决算数{_relation_text(truth or '=')}预算数",
                    observed=rate, expected=100.0))
    return rows


# "收入总计2995.39万元与支出总计2995.39万元相等"
SAME_PAIR_RE = re.compile(rf"({NUMBER})\s*(亿元|万元|千元|元)[^\d。；;]{{0,4}}?(?:与|和|同)[^\d。；;]{{0,20}}?({NUMBER})\s*(亿元|万元|千元|元)"
                          rf"[^\d。；;，,]{{0,8}}?(基本)?(持平|相等|一致|相同)")


def _between_amounts(t):
    rows = []
    for sentence, _ in sentences(t, ("sentence", "cell")):
        folded = fold(sentence["text"])
        for m in SAME_PAIR_RE.finditer(folded):
            left = to_wan(float(m.group(1).replace(",", "")), m.group(2))
            right = to_wan(float(m.group(3).replace(",", "")), m.group(4))
            truth = "等于" if abs(left - right) <= 0.005 + EPS else ("大于" if left > right else "小于")
            rows.append(finding(
                sentence, _holds(left, "=", right, bool(m.group(5))),
                f"“{quote(sentence['text'])}” ({where(sentence)}) says {m.group(1)}{m.group(2)} and {m.group(3)}{m.group(4)} "
                f"are {m.group(5) or ''}{m.group(6)}: the first is {truth} the second", observed=left, expected=right))
        for m in BETWEEN_RE.finditer(folded):
            left = to_wan(float(m.group(1).replace(",", "")), m.group(2))
            right = to_wan(float(m.group(4).replace(",", "")), m.group(5))
            relation = WORDS[m.group(3)]
            ok = _holds(left, relation, right, False)
            truth = "等于" if abs(left - right) <= 0.005 + EPS else ("大于" if left > right else "小于")
            rows.append(finding(
                sentence, ok, f"“{quote(sentence['text'])}” ({where(sentence)}) says {m.group(1)}{m.group(2)} "
                f"{m.group(3)} {m.group(4)}{m.group(5)}: it should say {truth}", observed=left, expected=right))
    return rows


def _comparison_words(t):
    return frame(_budget_versus_actual(t) + _between_amounts(t))


# ------------------------------------------------------------------ change words

INCREASE = ("增加", "增长", "上升", "提高", "上涨")
DECREASE = ("减少", "下降", "降低")
FLAT = ("持平", "相同", "一致", "不变", "无变化")
# "比2023年预算执行数增加32.33%", "较上年度减少1.14万元", "与2023年度相比，…减少56.95万元"
COMPARE_RE = re.compile(r"(?:比|较|与|同)\s*(上年度?|去年|上一年度?|(20\d\d)\s*年度?)([^，,。；;%\d]{0,14}?)(?:相比)?[，,]?")
CHANGE_RE = re.compile(rf"(增加|增长|上升|提高|上涨|减少|下降|降低|持平|相同|一致|不变|无变化)了?\s*(?:({NUMBER})\s*(万元|元|%|个百分点))?")
# the clause a change belongs to ends at a stop or where the reasons begin
CLAUSE_END_RE = re.compile(r"[。；;]|主要原因|原因是|原因为|原因：|原因:")
REASONS_RE = re.compile(r"主要原因|原因是|原因为|原因：|原因:|主要是|主要用于")
FISCAL_RE = re.compile(r"支出|收入|经费|预算|决算|拨款|费用|资金")


def _direction(word: str) -> str:
    return "+" if word in INCREASE else ("-" if word in DECREASE else "=")


_GAP_STOP_RE = re.compile(r"[。；;]|20\d\d年|增加|增长|减少|下降|上升|降低|持平|比|较")


def _labelled_amount(text: str, year: int | None, words: tuple[str, ...], before: int) -> float | None:
    """The first amount printed after a label naming `year` (or one of `words`) and before `before`, with no other
    year, stop or change word between them (a change amount is not the amount of a year)."""
    labels = [f"{year}年"] if year else []
    labels += list(words)
    for label in labels:
        for m in re.finditer(re.escape(label), text[:before]):
            for start, end, value, _ in amounts_in(text[m.end():before]):
                gap = text[m.end(): m.end() + start]
                if _GAP_STOP_RE.search(gap) or len(gap) > 24:
                    break
                return value
    return None


def _change_words(t):
    rows = []
    for sentence, doc in sentences(t, ("sentence",)):
        text = fold(sentence["text"])
        if not FISCAL_RE.search(text):
            continue
        # the reasons that follow a change name other amounts (the parts that moved, other units): not the compared ones
        reasons = REASONS_RE.search(text)
        text = text[:reasons.start()] if reasons else text
        year = doc.get("fiscal_year")
        for cmp_m in COMPARE_RE.finditer(text):
            end_m = CLAUSE_END_RE.search(text, cmp_m.end())
            clause_end = end_m.start() if end_m else len(text)
            changes = [m for m in CHANGE_RE.finditer(text, cmp_m.end(), clause_end)]
            if not changes:
                continue
            directions = {_direction(m.group(1)) for m in changes if m.group(2) or _direction(m.group(1)) == "="}
            words = "、".join(m.group(0) for m in changes)
            if "+" in directions and "-" in directions:
                rows.append(finding(sentence, False, f"“{quote(sentence['text'])}” ({where(sentence)}) states the change "
                                    f"with words of both directions ({words}): it should say 增加…增长 or 减少…下降"))
                continue
            prior_year = int(cmp_m.group(2)) if cmp_m.group(2) else (year - 1 if year else None)
            # the comparison itself names the prior year: its own words are no label of an amount
            masked = text[:cmp_m.start()] + "□" * (clause_end - cmp_m.start()) + text[clause_end:]
            prior = _labelled_amount(masked, prior_year, ("上年", "上年度", "去年"), len(masked))
            current = _labelled_amount(masked, year, ("本年", "本年度", "今年"), cmp_m.start())
            if prior is None or current is None or prior_year == year:
                continue
            for m in changes:
                rows.append(_change_row(sentence, m, prior, current))
    return frame(rows)


def _change_row(sentence: dict, m: re.Match, prior: float, current: float) -> dict:
    word, number, unit = m.group(1), m.group(2), m.group(3)
    direction = _direction(word)
    delta = current - prior
    truth = "持平" if abs(delta) <= 0.005 + EPS else ("增加" if delta > 0 else "减少")
    ok = {"+": delta > 0.005, "-": delta < -0.005, "=": abs(delta) <= 0.005 + EPS}[direction]
    expected, observed = None, None
    if ok and number is not None and unit in ("万元", "元"):
        observed, expected = to_wan(float(number.replace(",", "")), unit), abs(delta)
        ok = abs(observed - expected) <= 0.02 + EPS
    elif ok and number is not None and unit == "%" and abs(prior) > EPS:
        observed, expected = float(number.replace(",", "")), 100 * abs(delta) / abs(prior)
        digits = len(number.split(".")[1]) if "." in number else 0
        ok = abs(observed - expected) <= 0.5 * 10 ** -digits + 100 * 0.01 / abs(prior) + EPS
    shown = f"{expected:.2f}" if expected is not None else ""
    # where the word is right and only the size is off, the size or one of the two amounts is misprinted: the
    # sentence alone cannot tell which, so both are named
    either = " — or one of the two amounts is misprinted" if shown and direction == _direction(truth) else ""
    return finding(sentence, ok, f"“{quote(sentence['text'])}” ({where(sentence)}) says {m.group(0)}, but it prints "
                   f"{prior:g} the year before and {current:g} now: it should say {truth}"
                   + (f" {shown}{'%' if unit == '%' else '万元'}" if shown and truth != "持平" else "") + either,
                   observed=observed if observed is not None else current, expected=expected if expected is not None else prior)


TEXT = ("sentences", "documents")

RULES = [
    Rule("text.comparison_words", "warning", "“大于、小于、等于、持平”等比较用语应与其所比较的两个金额一致",
         "A comparison word (决算数大于/小于/等于/与预算数持平, or between two amounts of a sentence) agrees with the amounts it "
         "relates", "to the cent; 基本持平 within 1%", _comparison_words, "true", inputs=TEXT),
    Rule("text.change_words", "warning", "“增加、减少、增长、下降、持平”等增减用语及增减额、增减率应与所列上年数和本年数一致",
         "A change word (增加, 减少, 增长, 下降, 持平) and the change amount or percentage agree with the prior-year and current "
         "amounts the sentence prints; one change is not stated with words of both directions",
         "direction exact; 0.02 万元 for the change amount; half the last printed digit of a percentage plus the amounts' "
         "rounding", _change_words, "true", inputs=TEXT),
]
