"""Folding printed text into comparable forms.

Three forms exist because extractors need different guarantees: `normalise_text` folds widths (NFKC)
for matching, `compact` also drops every space (PDF cells and Word conversions break words and put
spaces inside labels such as "项 目 名 称"), and `fold` keeps the text's length so that positions found
in the folded text are positions in the printed text (the narrative reports where a figure is printed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


# The extractors fold the same labels and cells again and again (a header row once per body row, a label once per
# rule that looks at it): 590,000 calls for 12 documents, and remembering the answers took 8% off extraction. Only
# short texts are remembered: a paragraph is folded once or twice, and a worker lives for thousands of documents.
_REMEMBERED_LENGTH = 64


def normalise_text(text: str) -> str:
    """NFKC folds full-width digits, letters and punctuation; the ideographic space becomes a space."""
    return _remembered_normalise(text) if len(text) <= _REMEMBERED_LENGTH else _normalise(text)


def compact(text: str) -> str:
    """Text with all whitespace removed."""
    return _remembered_compact(text) if len(text) <= _REMEMBERED_LENGTH else _compact(text)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u3000", " ").strip()


def _compact(text: str) -> str:
    return _SPACES.sub("", normalise_text(text))


_remembered_normalise = lru_cache(maxsize=1 << 15)(_normalise)
_remembered_compact = lru_cache(maxsize=1 << 15)(_compact)


def fold(text: str) -> str:
    """NFKC per character where that keeps the length (full-width digits, brackets, ，；： → ASCII)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def unspaced(text: str) -> str:
    """The characters as printed (no width folding) without the spaces and breaks layout put inside them."""
    return re.sub(r"\s+", "", text.replace("\u3000", " "))


def trim_cell(text: str) -> str:
    """A cell without surrounding spaces, the ideographic one included."""
    return text.replace("\u3000", " ").strip()
