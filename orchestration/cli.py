"""The `gongkai` command: run, reprocess, status, sql, export, profile, ui, prepare."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from pathlib import Path

from orchestration.settings import SettingsError, load_settings


def _print_table(columns: list[str], rows: list[tuple]) -> None:
    from orchestration.lib.query_output import format_table

    print(format_table(columns, rows))


def _open(path):
    """The warehouse read-only, or None after saying (without a traceback) why it cannot be read."""
    from orchestration.lib.warehouse_file import NotAWarehouse, open_warehouse

    try:
        return open_warehouse(path)
    except NotAWarehouse as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return None


def cmd_run(args) -> int:
    from orchestration.runs import run_pipeline

    settings = load_settings(args.warehouse, args.inbox)
    if not settings.inbox.is_dir():
        print(f"gongkai: inbox {settings.inbox} is not a folder", file=sys.stderr)
        return 2
    summary = run_pipeline(settings)
    print(f"gongkai run: {summary.files_seen} files in {settings.inbox}")
    if summary.nothing_to_do:
        print("  nothing new: no extraction, warehouse unchanged")
    print(f"  documents extracted this run: {summary.documents_extracted}")
    print(f"  documents failed, needing OCR or blocked by error-level findings: {len(summary.failed)}")
    for name, status, reason in summary.failed:
        print(f"    - {name}: {status}: {reason}")
    for problem in summary.unreadable_files:
        print(f"    - unreadable: {problem}")
    print("  facts per mart:")
    for table, count in summary.mart_rows.items():
        print(f"    marts.{table:<28} {count:>8}")
    findings, standing = summary.findings, summary.standing
    print(
        f"  quality findings of the {summary.documents_checked} documents checked (failed checks): "
        f"error {findings.get('error', 0)}, warning {findings.get('warning', 0)}, info {findings.get('info', 0)}; "
        f"could not check {findings.get('could_not_check', 0)}"
    )
    print(f"  standing over the warehouse (each document's latest check): error {standing.get('error', 0)}, "
          f"warning {standing.get('warning', 0)}, info {standing.get('info', 0)}")
    print(f"  quality report: {summary.report_path}")
    print(f"  warehouse: {summary.warehouse}  ({summary.seconds:.1f} s)")
    return 0


def cmd_reprocess(args) -> int:
    from ingestion import PARSER_VERSION
    from orchestration.runs import reprocess

    settings = load_settings(args.warehouse)
    if not settings.warehouse.exists():
        print(f"gongkai: no warehouse at {settings.warehouse}", file=sys.stderr)
        return 2
    report = reprocess(settings)
    print(f"gongkai reprocess: {report.documents} stored documents re-extracted with parser {PARSER_VERSION} "
          f"({report.seconds:.1f} s)")
    if not report.changed:
        print("  nothing changed")
    else:
        _print_table(["file", "what", "before", "after"], report.changed)
    return 0


def cmd_status(args) -> int:
    from orchestration.lib import duckdb_io as wh

    settings = load_settings(args.warehouse)
    con = _open(settings.warehouse)
    if con is None:
        return 2
    with con:
        rows = con.execute(
            "select status, count(*) from marts.dim_document group by all order by 1"
        ).fetchall()
        print("documents by status:")
        _print_table(["status", "documents"], rows)
        docs = con.execute(
            "select left(document_id, 12), file_name, department_name, fiscal_year, doc_kind, status, "
            "coalesce(status_reason, '') from marts.dim_document order by ingested_at"
        ).fetchall()
        print()
        _print_table(["document", "file", "department", "year", "kind", "status", "reason"], docs)
        last = wh.first_row(con, "select run_id, finished_at, report_path from quality.runs order by finished_at desc limit 1")
        if last:
            print(f"\nlast run: {last[0]} at {last[1]:%Y-%m-%d %H:%M:%S}; report {last[2]}")
            # a run checks only what changed: what stands is each document's latest check, as the marts use it
            findings = con.execute(
                "select severity, outcome, count(*) from staging.stg_quality__check_results where outcome <> 'passed' "
                "group by all order by 1, 2"
            ).fetchall()
            print("findings standing (each document's latest check) by severity:")
            _print_table(["severity", "outcome", "count"], findings)
    return 0


def cmd_sql(args) -> int:
    import duckdb

    from orchestration.lib.query_output import write_query

    settings = load_settings(args.warehouse)
    if args.format == "parquet" and not args.output:
        print("gongkai sql: --format parquet needs --output FILE", file=sys.stderr)
        return 2
    con = _open(settings.warehouse)
    if con is None:
        return 2
    # a terminal table stops at 200 rows unless told otherwise; a file gets every row unless told otherwise
    limit = args.limit if args.limit is not None else (200 if args.format == "table" else None)
    try:
        note = write_query(con, args.query, args.format, Path(args.output) if args.output else None, limit)
    except (duckdb.Error, OSError) as exc:
        print(f"gongkai sql: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(note, file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    from orchestration.lib.dbt_manifest import ensure_manifest
    from orchestration.lib.export import export_marts

    settings = load_settings(args.warehouse)
    con = _open(settings.warehouse)
    if con is None:
        return 2
    try:
        try:
            manifest = ensure_manifest()
        except RuntimeError as exc:  # the export still runs; the README then lacks descriptions
            print(f"gongkai export: no dbt manifest, columns undescribed ({exc})", file=sys.stderr)
            manifest = Path("/nonexistent")
        exported = export_marts(con, Path(args.to), manifest)
    finally:
        con.close()
    for item in exported:
        print(f"  marts.{item.name:<28} {item.rows:>9,} rows")
    print(f"gongkai export: {len(exported)} marts as Parquet and CSV, columns in {Path(args.to) / 'README.md'}")
    return 0


def cmd_profile(args) -> int:
    from orchestration.lib.profile import profile_file_name, write_profiles
    from orchestration.lib.profile_data import match_department

    settings = load_settings(args.warehouse)
    con = _open(settings.warehouse)
    if con is None:
        return 2
    try:
        names = match_department(con, args.department)
        if len(names) != 1:
            print(f"gongkai profile: {len(names) or 'no'} departments match {args.department!r}"
                  + (": " + ", ".join(names[:20]) if names else ""), file=sys.stderr)
            return 2
        output = Path(args.output) if args.output else Path.cwd() / profile_file_name(names[0])
        written = write_profiles(con, output.parent, names)
    finally:
        con.close()
    if written[names[0]] != output:
        written[names[0]].replace(output)
    print(f"gongkai profile: {names[0]} → {output}")
    return 0


def cmd_prepare(args) -> int:
    """Build what the definitions are read from (the dbt files derived from the figure catalogue, then the dbt
    manifest), as a fresh install does."""
    from orchestration.lib.dbt_manifest import ensure_manifest
    from orchestration.lib.figure_catalogue import write_derived

    for path in write_derived():
        print(f"derived from the figure catalogue: {path}")
    print(f"dbt manifest: {ensure_manifest()}")
    return 0


def cmd_ui(args) -> int:
    """The Dagster UI and daemon on the warehouse's own instance, the one `gongkai run` records its runs in."""
    from orchestration.lib.dbt_manifest import ensure_manifest
    from orchestration.runs import ensure_dagster_home

    settings = load_settings(args.warehouse, args.inbox)
    home = ensure_dagster_home(settings)
    ensure_manifest()
    settings.inbox.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DAGSTER_HOME": str(home), "GONGKAI_WAREHOUSE": str(settings.warehouse),
           "GONGKAI_INBOX": str(settings.inbox),
           # dagster-dbt looks for `dbt` on PATH: the venv's, beside this Python
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    if args.only == "init":  # docker-compose: the instance's dagster.yaml and the inbox, before the services start
        print(f"gongkai ui: instance {home} ready", flush=True)
        return 0
    # `dagster dev` runs both in one process tree; a deployment runs them as two services (docker-compose.yml)
    program, arguments = {
        "": ("dagster", ["dev", "-m", "orchestration.definitions", "-h", args.host, "-p", str(args.port)]),
        "webserver": ("dagster-webserver", ["-m", "orchestration.definitions", "-h", args.host, "-p", str(args.port)]),
        "daemon": ("dagster-daemon", ["run", "-m", "orchestration.definitions"]),
    }[args.only]
    dagster = str(Path(sys.executable).parent / program)
    command = [dagster, *arguments]
    print(f"gongkai ui: http://{args.host}:{args.port}  inbox {settings.inbox}  warehouse {settings.warehouse}  "
          f"instance {home}", flush=True)
    os.execve(dagster, command, env)
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai", description="Chinese fiscal disclosures → DuckDB warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest the inbox and rebuild the warehouse")
    run.add_argument("--inbox", required=False)
    run.add_argument("--warehouse", required=False)
    run.set_defaults(func=cmd_run)
    reprocess = sub.add_parser("reprocess", help="re-extract stored documents with the current parser; report changes")
    reprocess.add_argument("--warehouse")
    reprocess.set_defaults(func=cmd_reprocess)
    status = sub.add_parser("status", help="documents, statuses, last run and findings")
    status.add_argument("--warehouse")
    status.set_defaults(func=cmd_status)
    sql = sub.add_parser("sql", help="run a read-only query on the published warehouse")
    sql.add_argument("query")
    sql.add_argument("--warehouse")
    sql.add_argument("--limit", type=int, default=None, help="rows at most (a table: 200 unless given)")
    sql.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    sql.add_argument("--output", help="write to this file (needed for parquet)")
    sql.set_defaults(func=cmd_sql)
    export = sub.add_parser("export", help="every mart as Parquet and CSV, with a README of columns")
    export.add_argument("--warehouse")
    export.add_argument("--to", required=True, help="the folder to write")
    export.set_defaults(func=cmd_export)
    profile = sub.add_parser("profile", help="one self-contained HTML page about a department")
    profile.add_argument("department", help="the department's name, or a part of it that only it contains")
    profile.add_argument("--warehouse")
    profile.add_argument("--output", help="the HTML file to write (default: <department>.html here)")
    profile.set_defaults(func=cmd_profile)
    ui = sub.add_parser("ui", help="the Dagster UI and daemon (inbox sensor, automation) on this warehouse")
    ui.add_argument("--inbox")
    ui.add_argument("--warehouse")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--only", choices=["init", "webserver", "daemon"], default="",
                    help="one part, for a deployment that runs them as separate services (docker-compose.yml)")
    ui.set_defaults(func=cmd_ui)
    prepare = sub.add_parser("prepare", help="parse the dbt project into the manifest the definitions read")
    prepare.set_defaults(func=cmd_prepare)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return 2


def console() -> None:
    """The installed `gongkai` command: main(), then out of the process once its exit handlers have run.

    Tearing the interpreter down after a run (Dagster's, dbt's, Great Expectations' and polars' modules freed one by
    one) took 2.1 s of a one-document re-run's 23 s here, and writes nothing. Non-daemon threads and every exit handler
    (logging's, multiprocessing's) still finish first: the handler below is registered before any other (importing
    this module registers none: a test holds it to that), so it runs last. main() ending in an exception or
    SystemExit tears down as ever, with its traceback and status."""
    finished: list = []
    atexit.register(_leave_at_once, finished)
    status = main()
    finished.append(status)
    sys.exit(status)


def _leave_at_once(finished: list) -> None:
    if not finished:
        return
    status = finished[0]
    status = status if isinstance(status, int) else 0 if status is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that went away (`gongkai sql … | head`), a closed stream
            pass
        except OSError as exc:  # output lost (a full disk): never a success, as Python's own exit would say (120)
            os.write(2, f"gongkai: could not write the command's output: {exc}\n".encode())
            status = status or 120
    os._exit(status)


if __name__ == "__main__":
    console()
