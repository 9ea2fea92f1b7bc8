"""Punctuation a reviewer sends back (warning): doubled stops (。。 ，，), a comma run into a full stop (，。), quotes
and brackets opened and not closed within their paragraph, and a sentence cut off after its cue ("主要原因是。",
"其中：。", "主要用于：" with nothing after it)."""

from __future__ import annotations

import re

from expectations.base import Rule
from expectations.families.prose import finding, frame, looks_tabular, paragraphs, quote, sentences, where, with_passes

DOUBLED_RE = re.compile(r"。{2,}|[，,]{2,}|[；;]{2,}|、{2,}|[：:]{2,}|[，,、；;：:]\s*。|。\s*[，,、；;]")
# a cue that announces what follows, with nothing following it
# ("如下。" is followed by a table or list: it announces, it is not cut off)
CUT_OFF_RE = re.compile(r"(主要原因(?:是|为|有)?|原因(?:是|为)|主要用于|主要包括|具体包括|包括|其中|分别为|分别是|具体为)"
                        r"\s*[：:]?\s*[。；;]")
# a full-width bracket closed by a half-width one ("（款)") is closed: widths are mixed freely by typists
PAIRS = [("（(", "）)"), ("“", "”"), ("‘", "’"), ("《", "》"), ("【", "】"), ("〔", "〕")]
# "1）…" "a)" opening a list item closes a bracket it never opened
LIST_CLOSER_RE = re.compile(r"(?:^|[。；;：:\s])[\da-zA-Z一二三四五六七八九十①-⑳]{1,3}[)）]")


def _doubled(t) -> list[dict]:
    rows = []
    for sentence, _ in sentences(t, ("sentence", "cell", "title", "heading")):
        if looks_tabular(sentence["text"]):
            continue
        for m in DOUBLED_RE.finditer(sentence["text"]):
            fix = "。" if "。" in m.group(0) else m.group(0)[0]
            rows.append(finding(sentence, False, f"“{quote(sentence['text'])}” ({where(sentence)}) prints “{m.group(0)}”: "
                                f"one mark is enough, it should print “{fix}”"))
    return rows


def _unbalanced(t) -> list[dict]:
    rows = []
    for paragraph, _ in paragraphs(t, ("sentence",)):
        text = "".join(s["text"] for s in paragraph)
        if "\ufffd" in text or looks_tabular(text):
            continue  # a converter cut this paragraph short, or it is a table read as text: its marks prove nothing
        listed = text
        for m in LIST_CLOSER_RE.finditer(text):
            listed = listed[:m.end() - 1] + " " + listed[m.end():]
        for opening, closing in PAIRS:
            count = lambda text, marks: sum(text.count(m) for m in marks)  # noqa: E731
            opened, closed = count(listed, opening), count(listed, closing)
            if opened == closed:
                continue
            at = paragraph[0]
            for s in paragraph:  # the sentence where the count first goes wrong
                if count(s["text"], opening) != count(s["text"], closing):
                    at = s
                    break
            opening, closing = opening[0], closing[0]
            missing = closing if opened > closed else opening
            rows.append(finding(at, False, f"“{quote(at['text'])}” ({where(at)}) opens {opened} “{opening}” and closes "
                                f"{closed} “{closing}” in its paragraph: a “{missing}” is missing"))
    return rows


def _cut_off(t) -> list[dict]:
    rows = []
    for s, _ in sentences(t, ("sentence",)):
        for m in CUT_OFF_RE.finditer(s["text"]):
            rows.append(finding(s, False, f"“{quote(s['text'])}” ({where(s)}) stops right after “{m.group(1)}”: the "
                                f"sentence is cut off and should say what follows {m.group(1)}"))
    return rows


def _punctuation(t):
    return frame(with_passes(t, _doubled(t) + _unbalanced(t) + _cut_off(t), "punctuation faults"))


RULES = [
    Rule("text.punctuation", "warning", "标点：不应有重复标点（。。、，，）、未配对的引号括号、被截断的句子（“主要原因是。”）",
         "Punctuation: no doubled stops (。。 ，，), quotes and brackets closed within their paragraph, no sentence cut off "
         "after its cue (主要原因是。)", "exact", _punctuation, "true", inputs=("sentences", "documents")),
]
