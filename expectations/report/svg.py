"""Charts as inline SVG, drawn here so that pages need no script and no network: horizontal bars (optionally
stacked), lines over years, and a scatter. Text is left to the page's CSS font list, which names the CJK fonts a
reviewer's machine is likely to have, so that Chinese labels render as text rather than boxes."""

from __future__ import annotations

import html
from dataclasses import dataclass

# Colours that stay apart for a reader with red-green colour blindness (blue, orange, grey, purple, teal …).
PALETTE = ["#3b6fb6", "#e08a1e", "#7a7a7a", "#8e5ea2", "#2a9d8f", "#c44e52", "#b5a33a", "#5a8fd6"]
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e08a1e", "info": "#3b6fb6"}

_FONT = 12


def text_width(text: str, size: int = _FONT) -> float:
    """The width a label needs: a CJK character is about one em, a Latin one about 0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") or "0"


def _clip(text: str, width: float, size: int = _FONT) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class Segment:
    label: str
    value: float
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    note: str = ""  # printed after the bar (a share, a source)
    href: str = ""


def bar_chart(bars: list[Bar], title: str, unit: str = "", width: int = 640, legend: bool = True) -> str:
    """Horizontal bars, one row per Bar; a Bar of several segments is stacked. Zero or no bars: a short note."""
    if not bars:
        return f"<p class='nochart'>{_esc(title)}: nothing to chart</p>"
    row, label_w = 22, min(max(text_width(b.label) for b in bars) + 12, width * 0.45)
    note_w = min(max([text_width(b.note) for b in bars] + [0]) + 8, 180)
    plot_w = max(width - label_w - note_w - 60, 80)
    biggest = max(sum(max(s.value, 0) for s in b.segments) for b in bars) or 1.0
    legend_items = {s.label: s.colour for b in bars for s in b.segments} if legend else {}
    legend_h = 20 if len(legend_items) > 1 else 0
    top = 22 + legend_h
    height = top + row * len(bars) + 6
    out = [f"<svg class='chart' role='img' aria-label='{_esc(title)}' width='{width}' height='{height}' "
           f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>",
           f"<title>{_esc(title)}</title>",
           f"<text x='0' y='14' class='ct'>{_esc(title)}{(' (' + _esc(unit) + ')') if unit else ''}</text>"]
    x = 0.0
    for name, colour in legend_items.items() if legend_h else []:
        out.append(f"<rect x='{x:.0f}' y='{22}' width='10' height='10' fill='{colour}'/>"
                   f"<text x='{x + 14:.0f}' y='{31}'>{_esc(name)}</text>")
        x += text_width(name) + 30
    for i, bar in enumerate(bars):
        y = top + i * row
        label = _esc(_clip(bar.label, label_w - 8))
        if bar.href:
            label = f"<a href='{_esc(bar.href)}'>{label}</a>"
        out.append(f"<text x='{label_w - 6:.0f}' y='{y + 15}' text-anchor='end'>{label}</text>")
        x = label_w
        for seg in bar.segments:
            w = plot_w * max(seg.value, 0) / biggest
            if w > 0:
                out.append(f"<rect x='{x:.1f}' y='{y + 4}' width='{max(w, 1):.1f}' height='{row - 8}' fill='{seg.colour}'>"
                           f"<title>{_esc(seg.label)}: {fmt(seg.value)}</title></rect>")
            x += w
        total = sum(s.value for s in bar.segments)
        tail = fmt(total) + (f"  {bar.note}" if bar.note else "")
        out.append(f"<text x='{x + 4:.1f}' y='{y + 15}' class='cv'>{_esc(tail)}</text>")
    out.append("</svg>")
    return "".join(out)


def line_chart(series: dict[str, list[tuple[int, float | None]]], title: str, unit: str = "", width: int = 520,
               height: int = 220) -> str:
    """Values by year, one line per series; a year with no value leaves a gap (never interpolated)."""
    points = [(x, y) for values in series.values() for x, y in values if y is not None]
    if not points:
        return f"<p class='nochart'>{_esc(title)}: nothing to chart</p>"
    xs = sorted({x for x, _ in points})
    if len(xs) == 1:  # one year is no trend: its values as bars read better than lone dots
        bars = [Bar(name, tuple(Segment(name, y, PALETTE[i % len(PALETTE)]) for _, y in values if y is not None))
                for i, (name, values) in enumerate(series.items())]
        return bar_chart([b for b in bars if b.segments], f"{title} {xs[0]}", unit, width=width, legend=False)
    low, high = min(0.0, min(y for _, y in points)), max(y for _, y in points) or 1.0
    left, right, top, bottom = 64, 16, 40, 28
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: int) -> float:
        return left + (plot_w * (xs.index(x) + 0.5) / len(xs))

    def py(y: float) -> float:
        return top + plot_h * (1 - (y - low) / ((high - low) or 1))

    out = [f"<svg class='chart' role='img' aria-label='{_esc(title)}' width='{width}' height='{height}' "
           f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'><title>{_esc(title)}</title>",
           f"<text x='0' y='14' class='ct'>{_esc(title)}{(' (' + _esc(unit) + ')') if unit else ''}</text>",
           f"<line x1='{left}' y1='{top + plot_h}' x2='{width - right}' y2='{top + plot_h}' class='axis'/>"]
    for tick in (low, (low + high) / 2, high):
        out.append(f"<text x='{left - 4}' y='{py(tick) + 4:.1f}' text-anchor='end' class='cv'>{fmt(tick)}</text>"
                   f"<line x1='{left}' y1='{py(tick):.1f}' x2='{width - right}' y2='{py(tick):.1f}' class='grid'/>")
    for x in xs:
        out.append(f"<text x='{px(x):.1f}' y='{height - 8}' text-anchor='middle'>{x}</text>")
    lx = left
    for i, (name, values) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f"<rect x='{lx}' y='22' width='10' height='10' fill='{colour}'/><text x='{lx + 14}' y='31'>{_esc(name)}</text>")
        lx += int(text_width(name)) + 30
        run: list[str] = []
        for x, y in sorted(values):
            if y is None:
                if len(run) > 1:
                    out.append(f"<polyline fill='none' stroke='{colour}' stroke-width='2' points='{' '.join(run)}'/>")
                run = []
                continue
            run.append(f"{px(x):.1f},{py(y):.1f}")
            out.append(f"<circle cx='{px(x):.1f}' cy='{py(y):.1f}' r='3.5' fill='{colour}'>"
                       f"<title>{_esc(name)} {x}: {fmt(y)}</title></circle>")
        if len(run) > 1:
            out.append(f"<polyline fill='none' stroke='{colour}' stroke-width='2' points='{' '.join(run)}'/>")
    out.append("</svg>")
    return "".join(out)


def scatter(points: list[tuple[float, float, str, str]], title: str, x_label: str, y_label: str,
            width: int = 520, height: int = 300, x_max: float = 100.0, y_max: float = 100.0) -> str:
    """(x, y, label, colour) points on 0…max axes; the label shows on hover."""
    if not points:
        return f"<p class='nochart'>{_esc(title)}: nothing to chart</p>"
    x_max = max([x_max] + [p[0] for p in points])
    y_max = max([y_max] + [p[1] for p in points])
    left, right, top, bottom = 48, 16, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    out = [f"<svg class='chart' role='img' aria-label='{_esc(title)}' width='{width}' height='{height}' "
           f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'><title>{_esc(title)}</title>",
           f"<text x='0' y='14' class='ct'>{_esc(title)}</text>",
           f"<rect x='{left}' y='{top}' width='{plot_w}' height='{plot_h}' class='frame'/>",
           f"<text x='{left + plot_w / 2:.0f}' y='{height - 6}' text-anchor='middle'>{_esc(x_label)}</text>",
           f"<text x='12' y='{top + plot_h / 2:.0f}' transform='rotate(-90 12 {top + plot_h / 2:.0f})' "
           f"text-anchor='middle'>{_esc(y_label)}</text>"]
    for frac in (0, 0.5, 1):
        out.append(f"<text x='{left + plot_w * frac:.0f}' y='{top + plot_h + 14}' text-anchor='middle' class='cv'>{fmt(x_max * frac)}</text>"
                   f"<text x='{left - 4}' y='{top + plot_h * (1 - frac) + 4:.0f}' text-anchor='end' class='cv'>{fmt(y_max * frac)}</text>")
    for x, y, label, colour in points:
        cx, cy = left + plot_w * x / x_max, top + plot_h * (1 - y / y_max)
        out.append(f"<circle cx='{cx:.1f}' cy='{cy:.1f}' r='4' fill='{colour}' fill-opacity='0.75'>"
                   f"<title>{_esc(label)}: {fmt(x)}, {fmt(y)}</title></circle>")
    out.append("</svg>")
    return "".join(out)
