"""`gongkai sql` output: a terminal table that says how many rows it left out, or every row as CSV, JSON or Parquet
to a file (or, for the text formats, to standard output)."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

FORMATS = ("table", "csv", "json", "parquet")
_CHUNK = 10_000


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def format_table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line(columns), "  ".join("-" * w for w in widths), *(line(r) for r in cells)])


def write_query(con, query: str, fmt: str, output: Path | None, limit: int | None, out=None) -> str:
    """Run `query` and write its result; returns a note for standard error (rows written, rows left out)."""
    out = out or sys.stdout
    if fmt == "table":
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        shown = cursor.fetchmany(limit) if limit is not None else cursor.fetchall()
        left_out = 0
        while limit is not None:
            chunk = cursor.fetchmany(_CHUNK)
            if not chunk:
                break
            left_out += len(chunk)
        text = format_table(columns, shown)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            print(text, file=out)
        note = f"({len(shown):,} rows"
        if left_out:
            note += f"; {left_out:,} more not shown: raise --limit, or --format csv --output FILE for every row"
        return note + ")"
    frame: pl.DataFrame = con.sql(query).pl()
    if limit is not None:
        frame = frame.head(limit)
    if fmt == "parquet":
        if output is None:
            raise ValueError("--format parquet needs --output FILE")
        frame.write_parquet(output)
    elif fmt == "csv":
        if output:
            # a byte-order mark, so that a spreadsheet reads the Chinese text as UTF-8
            frame.write_csv(output, include_bom=True)
        else:
            out.write(frame.write_csv())
    elif fmt == "json":
        text = frame.write_json()
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            out.write(text + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return f"({frame.height:,} rows" + (f" written to {output})" if output else ")")


