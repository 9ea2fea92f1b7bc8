"""Great Expectations rules after the marts, surfaced as asset checks; then the atomic publish."""


from collections import defaultdict

import dagster as dg

from expectations.rules import RULES
from orchestration import warehouse as wh
from orchestration.quality import run_quality, severity_counts
from orchestration.resources import WarehouseResource

MARTS = sorted({rule.mart for rule in RULES} | {
    "fct_functional_expense", "fct_basic_expense_economic", "fct_performance_indicators"
})
QUALITY_KEY = dg.AssetKey(["quality", "check_results"])
PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


@dg.asset(
    key=QUALITY_KEY,
    deps=[dg.AssetKey(["marts", name]) for name in MARTS],
    group_name="quality",
    pool="duckdb_writer",
    description="quality.check_results: every rule's outcome for this run, and the run's HTML quality report.",
)
def quality_check_results(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    findings, report = run_quality(settings.build_path, settings.runs_dir, context.run_id)
    counts = severity_counts(findings)
    unchecked = sum(f.outcome == "could_not_check" for f in findings)
    return dg.MaterializeResult(
        metadata={
            "checks": len(findings),
            "failed_error": counts["error"],
            "failed_warning": counts["warning"],
            "could_not_check": unchecked,
            "report": dg.MetadataValue.path(str(report)),
        }
    )


def _rule_checks():
    by_mart = defaultdict(list)
    for rule in RULES:
        by_mart[rule.mart].append(rule)
    return by_mart


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            name=f"gx_{rule.rule_id.replace('.', '__')}",
            asset=dg.AssetKey(["marts", rule.mart]),
            additional_deps=[QUALITY_KEY],
            description=f"{rule.description_zh} / {rule.description_en} ({rule.severity})",
            blocking=False,
        )
        for rule in RULES
    ],
)
def great_expectations_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    """Report each rule's stored outcome for this run as a Dagster asset check."""
    with wh.connect(warehouse.build_path, read_only=True) as con:
        rows = con.execute(
            """select rule_id, outcome, count(*), string_agg(distinct left(message, 160), '; ')
               filter (where outcome = 'failed')
               from quality.check_results where run_id = ? group by all""",
            [context.run.run_id],
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
            asset_key=dg.AssetKey(["marts", rule.mart]),
            passed=s["failed"] == 0,
            severity=dg.AssetCheckSeverity.ERROR if rule.severity == "error" else dg.AssetCheckSeverity.WARN,
            metadata={
                "passed": s["passed"],
                "failed": s["failed"],
                "could_not_check": s["could_not_check"],
                "failing_examples": s["examples"][:1000],
            },
        )


@dg.asset(
    key=PUBLISHED_KEY,
    deps=[QUALITY_KEY],
    group_name="quality",
    pool="duckdb_writer",
    description="Atomically publish the run's build file as the warehouse analysts read.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with wh.connect(settings.build_path) as con:
        docs = dict(con.execute("select status, count(*) from marts.dim_document group by all").fetchall())
        report = settings.runs_dir / context.run_id / "quality_report.html"
        con.execute(
            "insert into quality.runs values (?, ?, ?, ?, ?, ?)",
            [context.run_id, wh.now(), wh.now(), sum(docs.values()),
             docs.get("failed", 0) + docs.get("needs_ocr", 0) + docs.get("blocked", 0), str(report)],
        )
    wh.publish(settings.build_path, settings.warehouse)
    return dg.MaterializeResult(metadata={"warehouse": dg.MetadataValue.path(str(settings.warehouse)),
                                          "documents_by_status": dg.MetadataValue.json(docs)})
