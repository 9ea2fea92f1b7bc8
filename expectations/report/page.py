"""What every page we write shares: the style sheet (inline, so a page opened from a folder or a mail works offline),
the font list that renders Chinese in text and charts, and small formatting helpers."""

from __future__ import annotations

import html
from urllib.parse import quote

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Fonts that carry CJK glyphs on Linux (Noto/Source Han, WenQuanYi), Windows (Microsoft YaHei, SimSun) and macOS
# (PingFang): without one of them named, a browser may pick a Latin font and draw boxes in the SVG charts.
FONTS = ('"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",'
         '"SimSun",sans-serif')

STYLE = f"""
body{{font-family:{FONTS};margin:1em 1.5em;max-width:90em;color:#222;font-size:14px}}
h1{{font-size:20px;margin:0 0 .3em}}h2{{font-size:17px;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}}
h3{{font-size:15px;margin:1em 0 .3em}}
table{{border-collapse:collapse;margin-bottom:.8em}}
td,th{{border:1px solid #d4d4d4;padding:3px 6px;font-size:13px;vertical-align:top;text-align:left}}
th{{background:#f2f2f2;position:sticky;top:0}}
.num{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}
.error{{color:#b0281a;font-weight:bold}}.warning{{color:#9a5a00}}.info{{color:#2d5f9a}}
.zero{{color:#bbb}}td.new{{font-weight:bold}}span.new{{background:#ffe9a8;border-radius:3px;padding:0 4px;font-size:12px;white-space:nowrap}}
.blocked{{background:#b0281a;color:#fff;border-radius:3px;padding:0 4px}}
.muted{{color:#666;font-size:12px}}.quote{{font-family:{FONTS};background:#f7f7f2;border-left:3px solid #ccb;padding:1px 6px}}
.summary{{margin:.2em 0 .6em}}.downloads a{{margin-right:1em}}
details{{margin:.4em 0}}summary{{cursor:pointer}}
img.evidence{{max-width:480px;border:1px solid #ccc;display:block;margin-top:4px}}
svg.chart{{display:block;margin:.3em 0 .8em;font-family:{FONTS};font-size:12px}}
svg.chart text{{fill:#333}}svg.chart .ct{{font-weight:bold;font-size:13px}}svg.chart .cv{{fill:#555;font-size:11px}}
svg.chart .axis{{stroke:#999}}svg.chart .grid{{stroke:#eee}}svg.chart .frame{{fill:none;stroke:#ccc}}
.charts{{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}}
#scorecard td:first-child{{max-width:28em}}
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def href(path: str) -> str:
    """A relative link to a file we wrote: path segments URL-encoded (Chinese file names included)."""
    base, _, fragment = path.partition("#")
    return quote(base) + (f"#{fragment}" if fragment else "")


def page(title: str, body: list[str] | str, lang: str = "zh") -> str:
    content = body if isinstance(body, str) else "\n".join(body)
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>\n{content}\n</body></html>")


def num(value) -> str:
    if value is None:
        return ""
    if abs(value - round(value, 2)) > 1e-9:
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{value:,.2f}"


def pct(part: int | None, whole: int | None) -> str:
    if not whole:
        return "—"
    return f"{100 * (part or 0) / whole:.0f}%"


def count_cell(n: int, css: str = "") -> str:
    return f"<td class='num {css if n else 'zero'}'>{n}</td>"
