"""A text source as an HTML page with one anchor per line (#L123), the lines findings point at highlighted, so that
a link from the report opens the document at the line (a browser opens a .txt at its top, and no fragment moves it).

Line numbers are the text reader's (ingestion/readers/text.py): the n-th line of the decoded text, counted from 1.
"""

from __future__ import annotations

from ingestion.readers.text import decode_text

from expectations.report.page import esc, page

_STYLE = """<style>
ol.src{font-family:monospace;font-size:13px;white-space:pre-wrap;padding-left:5em}
ol.src li:target{background:#ffe08a;outline:2px solid #e0a000;scroll-margin-top:40vh}
ol.src li.hit{background:#fff4cc}
ol.src li::marker{color:#999}
</style>"""


def text_lines(data: bytes) -> list[str]:
    text, _ = decode_text(data)
    return text.splitlines()


def render_source(title: str, data: bytes, notes: dict[int, list[str]] | None = None, back: str = "") -> str:
    """`notes`: line number → short descriptions shown beside that line (highlighted); the line a link points at
    (#L123) is highlighted in any case."""
    notes = notes or {}
    lines = text_lines(data)
    out = [_STYLE, f"<h1>{esc(title)}</h1>",
           f"<p class='muted'>{len(lines):,} lines; highlighted: the line the link points at"
           + (f" — <a href='{esc(back)}'>back to the report</a>" if back else "") + "</p>", "<ol class='src'>"]
    for number, line in enumerate(lines, start=1):
        note = notes.get(number)
        if note:
            out.append(f"<li id='L{number}' class='hit' title='{esc('; '.join(note))}'>{esc(line) or ' '}"
                       f"  <span class='muted'>◀ {esc('; '.join(note)[:200])}</span></li>")
        else:
            out.append(f"<li id='L{number}'>{esc(line) or ' '}</li>")
    out.append("</ol>")
    return page(title, out)


def quote_line(lines: list[str], line_no: int | None, width: int = 160) -> str:
    if not line_no or line_no > len(lines):
        return ""
    return " ".join(lines[line_no - 1].split())[:width]
