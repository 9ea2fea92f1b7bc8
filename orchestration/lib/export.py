"""`gongkai export`: every mart (tables and analyst views) as Parquet and CSV, with a README that describes each
mart and column in the words of the dbt docs (the manifest's descriptions, 中文 / English), so the files make
sense to someone who never opens dbt."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from orchestration.lib.dbt_manifest import MANIFEST


@dataclass
class Exported:
    name: str
    rows: int
    files: list[Path]


def manifest_docs(manifest: Path = MANIFEST) -> dict[str, dict]:
    """model name → {"description": …, "columns": {column: description}} for the marts' models."""
    if not manifest.exists():
        return {}
    nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
    out = {}
    for node in nodes.values():
        if node.get("resource_type") == "model":
            out[node["name"]] = {"description": node.get("description", ""),
                                 "columns": {c: v.get("description", "") for c, v in node.get("columns", {}).items()}}
    return out


def export_marts(con, target: Path, manifest: Path = MANIFEST) -> list[Exported]:
    import polars as pl

    target.mkdir(parents=True, exist_ok=True)
    marts = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name").fetchall()]
    docs = manifest_docs(manifest)
    exported, readme = [], _readme_head(len(marts))
    for name in marts:
        frame: pl.DataFrame = con.sql(f'select * from marts."{name}"').pl()
        parquet, csv = target / f"{name}.parquet", target / f"{name}.csv"
        frame.write_parquet(parquet)
        frame.write_csv(csv, include_bom=True)  # the mark makes spreadsheets read the Chinese text as UTF-8
        exported.append(Exported(name, frame.height, [parquet, csv]))
        types = dict(con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? order by ordinal_position", [name]).fetchall())
        doc = docs.get(name, {})
        readme += [f"## {name}", "", f"{frame.height:,} rows — `{name}.parquet`, `{name}.csv`", "",
                   _one_line(doc.get("description")) or "(no description in the dbt docs)", "",
                   "| column | type | description |", "|---|---|---|"]
        readme += [f"| `{c}` | {types.get(c, '')} | {_one_line(doc.get('columns', {}).get(c)) or ''} |" for c in frame.columns]
        readme.append("")
    (target / "README.md").write_text("\n".join(readme), encoding="utf-8")
    return exported


def _readme_head(count: int) -> list[str]:
    return ["# gongkai marts export", "",
            f"{count} marts of a gongkai warehouse, each as Parquet and as CSV (UTF-8 with a byte-order mark). "
            "Amounts are 万元; a figure the document does not print is empty, never derived. Only the current "
            "version of each document is in the fact tables. Column descriptions come from the dbt docs.", ""]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")
