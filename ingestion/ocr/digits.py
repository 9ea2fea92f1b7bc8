"""Digits as printed, from what the recogniser read: the confusions that matter for amounts undone.

The recogniser reads a glyph at a time, so inside a number it may give a letter that looks like a digit (O for 0,
l or I for 1), a full-width comma or stop, or a space where the scan left a gap after a separator ("1759. 10").
A character is changed only where digits stand on both sides of it or the whole token is otherwise a number, so
words keep their letters; a changed character keeps the recogniser's confidence, capped below the review
threshold when it was a letter, because the reading was a guess.
"""

from __future__ import annotations

from ingestion.ocr.model import LOW_CONFIDENCE

Chars = list[tuple[str, float]]

_LOOKALIKE = {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1", "!": "1",
              "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9", "b": "6", "G": "6"}
_SEPARATORS = {"，": ",", "、": ",", "。": ".", "·": ".", "．": ".", "‚": ",", "٫": "."}
_MINUS = set("—－–―-一")
_WIDE_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}


def _is_digit(ch: str) -> bool:
    return ch.isascii() and ch.isdigit()


def clean(chars: Chars, numeric_cell: bool = False) -> Chars:
    """`chars` with number confusions undone. `numeric_cell`: the text stands alone in a table cell, where a
    token of digits and look-alikes is an amount."""
    out = [(_WIDE_DIGITS.get(ch, ch), conf) for ch, conf in chars]
    if numeric_cell:
        out = _clean_cell(out)
    return _inside_numbers(out)


def _inside_numbers(chars: Chars) -> Chars:
    out: Chars = []
    for i, (ch, conf) in enumerate(chars):
        before = out[-1][0] if out else ""
        rest = "".join(c for c, _ in chars[i + 1:i + 6]).lstrip(" ")
        after = rest[:1]
        between = _is_digit(before) and _is_digit(after)
        if ch == " " and _splits_number(out, before, after, rest):
            continue
        if ch in ".," and conf < LOW_CONFIDENCE and _is_digit(after) and not _is_digit(before) and before != "-":
            continue  # a speck read as a point before a number ("设备.2台"): a number never starts with one
        if between and ch in _SEPARATORS:
            out.append((_SEPARATORS[ch], conf))
        elif between and ch in _LOOKALIKE:
            out.append((_LOOKALIKE[ch], min(conf, LOW_CONFIDENCE - 0.01)))
        else:
            out.append((ch, conf))
    # a separator after the last digit is a speck or the tail of a ruling, never part of an amount
    while len(out) > 1 and out[-1][0] in ",." and _is_digit(out[-2][0]):
        out.pop()
    return out


def _splits_number(out: Chars, before: str, after: str, rest: str) -> bool:
    """A gap the scan left inside one number: after its decimal point ("1759. 10"), before it ("1759 .10"), or
    after a thousands comma followed by exactly three digits ("2, 940.05"). Two numbers side by side
    ("1,234.00 567.00") stay two."""
    if before == "." and _is_digit(after) and len(out) > 1 and _is_digit(out[-2][0]):
        return True
    if _is_digit(before) and after == "." and rest[1:2].isdigit():
        return True
    if before == "," and len(out) > 1 and _is_digit(out[-2][0]):
        return rest[:3].isdigit() and not rest[3:4].isdigit()
    return False


def _clean_cell(chars: Chars) -> Chars:
    """A table cell holding one token that is a number but for look-alike letters, separators or a minus sign."""
    text = "".join(ch for ch, _ in chars).strip()
    if text.strip(".,·") in ("o", "O", "〇", "○", "0"):
        # a lone circle in a cell is a zero (a blank-but-zero amount): the shape is read right, only its name is
        # in doubt, so it keeps the recogniser's confidence
        return [("0", min(c for ch, c in chars if ch.strip(".,·")))]
    core = text.strip("()（）")
    if not core or not any(_is_digit(ch) for ch in core):
        return chars
    known = set("0123456789,.-+ :;：；") | set(_LOOKALIKE) | set(_SEPARATORS) | _MINUS | set("()（）%")
    if not set(core) <= known:
        return chars
    letters = sum(1 for ch in core if ch in _LOOKALIKE)
    digits = sum(1 for ch in core if _is_digit(ch))
    if letters > max(1, digits // 3):
        return chars
    out: Chars = []
    for i, (ch, conf) in enumerate(chars):
        if ch == " ":
            continue
        if ch in ":;：；" and out and _is_digit(out[-1][0]):
            out.append((".", conf))  # a decimal point read with a speck beside it
        elif ch in _LOOKALIKE:
            out.append((_LOOKALIKE[ch], min(conf, LOW_CONFIDENCE - 0.01)))
        elif ch in _SEPARATORS:
            out.append((_SEPARATORS[ch], conf))
        elif ch in _MINUS and not out:
            out.append(("-", conf))
        elif ch in "（":
            out.append(("(", conf))
        elif ch in "）":
            out.append((")", conf))
        else:
            out.append((ch, conf))
    # a separator after the last digit is a speck or the tail of a ruling, never part of an amount
    while len(out) > 1 and out[-1][0] in ",." and _is_digit(out[-2][0]):
        out.pop()
    return out
