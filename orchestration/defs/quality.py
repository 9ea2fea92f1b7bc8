"""Quality: the rules between dbt's two selections, their outcomes as asset checks, the run's report and the
atomic publish of the warehouse analysts read."""


from collections import defaultdict

import dagster as dg

from expectations.rules import RULES
from orchestration.defs.resources import WarehouseResource
from orchestration.lib import duckdb_io as db
from orchestration.lib.quality import run_quality
from orchestration.lib.report import write_report

QUALITY_KEY = dg.AssetKey(["quality", "check_results"])
REPORT_KEY = dg.AssetKey(["quality", "report"])
PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])

# the models the rules read (expectations/inputs.py), and where each rule's asset check shows
RULE_MODELS = sorted({rule.model for rule in RULES} | {
    "stg_disclosures__narrative_figures", "stg_disclosures__indicators", "int_department_figures_reconciled",
    "int_table_figures_matched",
})


def model_key(model: str) -> dg.AssetKey:
    return dg.AssetKey(["intermediate" if model.startswith("int_") else "staging", model])


@dg.asset(
    key=QUALITY_KEY,
    deps=[model_key(m) for m in RULE_MODELS],
    group_name="quality",
    pool="duckdb_writer",
    description="quality.check_results: every rule's outcome for the documents this run checks (the departments "
    "whose documents changed; all of them when the rules changed), as Great Expectations suites per rule family, "
    "read by dbt to withhold what our extraction got wrong.",
)
def quality_check_results(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    counts = run_quality(settings.build_path, settings.runs_dir / context.run_id / "data_docs", context.run_id)
    return dg.MaterializeResult(metadata={
        "documents_checked": counts["documents_checked"],
        "checks": counts["checks"],
        "failed_error": counts["error"],
        "failed_warning": counts["warning"],
        "failed_info": counts["info"],
        "could_not_check": counts["could_not_check"],
    })


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            name=f"gx_{rule.rule_id.replace('.', '__')}",
            asset=model_key(rule.model),
            additional_deps=[QUALITY_KEY],
            description=f"{rule.description_zh} / {rule.description_en} ({rule.severity})",
            blocking=False,
        )
        for rule in RULES
    ],
    # it only reads the build file, but DuckDB lets no other process open a file another one writes
    pool="duckdb_writer",
)
def great_expectations_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    """Each rule's outcome in the latest quality run, as a Dagster asset check on the model whose rows it checks."""
    with db.connect(warehouse.settings.build_path, read_only=True) as con:
        run_id = db.first_row(con, "select run_id from quality.check_results order by checked_at desc limit 1")
        rows = con.execute(
            """select rule_id, outcome, count(*),
                      string_agg(distinct left(coalesce(file_name, '') || ': ' || message, 160), '; ')
                      filter (where outcome = 'failed')
               from quality.check_results where run_id = ? group by all""",
            [run_id[0] if run_id else ""],
        ).fetchall()
    stats: dict[str, dict] = defaultdict(lambda: {"passed": 0, "failed": 0, "could_not_check": 0, "examples": ""})
    for rule_id, outcome, count, examples in rows:
        stats[rule_id][outcome] = count
        if examples:
            stats[rule_id]["examples"] = examples
    for rule in RULES:
        s = stats[rule.rule_id]
        yield dg.AssetCheckResult(
            check_name=f"gx_{rule.rule_id.replace('.', '__')}",
            asset_key=model_key(rule.model),
            passed=s["failed"] == 0,
            severity=dg.AssetCheckSeverity.ERROR if rule.severity == "error" else dg.AssetCheckSeverity.WARN,
            metadata={"passed": s["passed"], "failed": s["failed"], "could_not_check": s["could_not_check"],
                      "failing_examples": s["examples"][:1000]},
        )


DIM_DOCUMENT_KEY = dg.AssetKey(["marts", "dim_document"])


@dg.asset_check(asset=DIM_DOCUMENT_KEY, name="no_document_blocked", blocking=False, pool="duckdb_writer",
                description="A document withheld whole (status blocked: its identity is lost or nothing in it parses) "
                            "fails this check, named with its file and reason; its partition stays green otherwise.")
def no_document_blocked(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with db.connect(warehouse.settings.build_path, read_only=True) as con:
        blocked = con.execute(
            "select document_id, file_name, coalesce(department_name, ''), coalesce(status_reason, '') "
            "from marts.dim_document where status = 'blocked' order by file_name").fetchall()
    return dg.AssetCheckResult(
        passed=not blocked, severity=dg.AssetCheckSeverity.WARN,
        metadata={"blocked": len(blocked),
                  "documents": dg.MetadataValue.md("\n".join(f"- `{d[:12]}` {f} {dep}: {r}" for d, f, dep, r in blocked)
                                                   or "none")},
    )


@dg.asset(
    key=REPORT_KEY,
    deps=[dg.AssetKey(["marts", "dim_document"]), QUALITY_KEY],
    group_name="quality",
    pool="duckdb_writer",
    description="The run's HTML quality report: findings per document and rule, with the documents as published.",
)
def quality_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with db.connect(settings.build_path, read_only=True) as con:
        run_id = db.first_row(con, "select run_id from quality.check_results order by checked_at desc limit 1")
    report = write_report(settings.build_path, settings.runs_dir / run_id[0], run_id[0]) if run_id else None
    return dg.MaterializeResult(metadata={"report": dg.MetadataValue.path(str(report)) if report else "no run yet"})


@dg.asset(
    key=PUBLISHED_KEY,
    deps=[REPORT_KEY],
    group_name="quality",
    pool="duckdb_writer",
    description="Atomically publish the run's build file as the warehouse analysts read.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    run = context.instance.get_run_record_by_id(context.run_id)
    started = db.now() if run is None or run.start_time is None else _utc(run.start_time)
    with db.connect(settings.build_path) as con:
        docs = dict(con.execute("select status, count(*) from marts.dim_document group by all").fetchall())
        stopped = con.execute(
            "select document_id, file_name, coalesce(department_name, ''), status, coalesce(status_reason, '') "
            "from marts.dim_document where status in ('blocked', 'failed', 'needs_ocr')").fetchall()
        last = db.first_row(con, "select run_id from quality.check_results order by checked_at desc limit 1")
        report = settings.runs_dir / last[0] / "quality_report.html" if last else None
        con.execute(
            "insert into quality.runs values (?, ?, ?, ?, ?, ?)",
            [context.run_id, started, db.now(), sum(docs.values()),
             docs.get("failed", 0) + docs.get("needs_ocr", 0) + docs.get("blocked", 0), str(report) if report else None],
        )
    db.publish(settings.build_path, settings.warehouse)
    _observe_stopped(context, stopped)
    return dg.MaterializeResult(metadata={"warehouse": dg.MetadataValue.path(str(settings.warehouse)),
                                          "documents_by_status": dg.MetadataValue.json(docs)})


def _observe_stopped(context, stopped: list[tuple]) -> None:
    """A document withheld whole or unreadable, as an observation on its extraction partition: the partition's
    page then says blocked (or failed) and why, where its successful extraction alone would show it green."""
    from orchestration.defs.ingestion import EXTRACTIONS_KEY, documents_partitions

    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    for document_id, file_name, department, status, reason in stopped:
        if document_id in known:
            context.log_event(dg.AssetObservation(
                asset_key=EXTRACTIONS_KEY, partition=document_id,
                metadata={"status": status, "reason": reason, "file_name": file_name or "", "department": department}))


def _utc(timestamp: float):
    from datetime import datetime, timezone

    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)
