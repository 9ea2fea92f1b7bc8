"""Opening a published warehouse to read it, with an error a person can act on (no traceback) when the path is
missing, is not a DuckDB file, or is a DuckDB file that no gongkai run built."""

from __future__ import annotations

from pathlib import Path

import duckdb


class NotAWarehouse(Exception):
    """The path cannot be read as a gongkai warehouse; the message says why and what to do."""


def open_warehouse(path: Path):
    """A read-only connection to the warehouse at `path` (the caller closes it)."""
    path = Path(path)
    if not path.exists():
        raise NotAWarehouse(f"no warehouse at {path} (run `gongkai run --inbox DIR --warehouse {path}` first)")
    if path.is_dir():
        raise NotAWarehouse(f"{path} is a folder; give the warehouse file (…/gongkai.duckdb)")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NotAWarehouse(f"{path} is not a DuckDB warehouse file ({first})") from None
    schemas = {r[0] for r in con.execute("select schema_name from information_schema.schemata").fetchall()}
    if "marts" not in schemas:
        con.close()
        raise NotAWarehouse(f"{path} is a DuckDB file but not a gongkai warehouse (it has no marts schema)")
    return con
