"""The quality step: read the rules' inputs from the staging and intermediate models, validate them, and stream
each group's findings into quality.check_results (stamped with the run and one checked_at, which dbt's
stg_quality__check_results reads to decide what to withhold: each document's findings of the latest run that checked it).

A run checks what changed: the departments of the documents loaded since their last check, every document of those
departments (the rules that compare a document with its department's other years and kinds see them all). The rest
keep the findings of the run that last checked them. A change to the rules, the models they read or the seeds
(their fingerprint) checks everything again.
"""

from __future__ import annotations

import gc
from pathlib import Path

import polars as pl

from expectations.findings import FINDING_SCHEMA
from expectations.inputs import RULE_INPUTS
from expectations.memory import release_freed_memory
from expectations.runner import run_rules
from orchestration.lib import duckdb_io as db
from orchestration.lib import gx_process
from orchestration.lib.fingerprints import rules_fingerprint

# The rules run on groups of about this many documents, so that their inputs and validation frames stay bounded
# however many documents the warehouse holds. A department's documents always share a group: some rules compare a
# document with the department's other years.
GROUP_DOCUMENTS = 1000


def departments_to_check(con, fingerprint: str) -> list[str] | None:
    """The departments (name, '' for none read) whose documents need checking; None: all of them (the rules have
    changed since the last check, or nothing was ever checked). A reloaded document whose department reads
    differently now touches both departments: the old one's documents were compared with it."""
    last = db.scalar(con, "select fingerprint from quality.rule_versions order by checked_at desc limit 1")
    if last != fingerprint:
        return None
    rows = con.execute("""
        with last_check as (
            select document_id, max(checked_at) as checked_at, arg_max(department_name, checked_at) as department_then
            from quality.check_results where document_id is not null group by all
        ),
        changed as (
            select d.department_name as department_now, q.document_id is not null as checked_before, q.department_then
            from staging.stg_disclosures__documents as d
            join raw.documents as r using (document_id)
            left join last_check as q using (document_id)
            where q.checked_at is null or q.checked_at < r.extracted_at
        )
        select coalesce(department_now, '') from changed
        union
        select coalesce(department_then, '') from changed where checked_before
        order by 1
    """).fetchall()
    return [d for d, in rows]


def document_groups(con, size: int = GROUP_DOCUMENTS, departments: list[str] | None = None) -> list[list[str]]:
    """Groups of documents to check, a department's documents together; with `departments`, only theirs."""
    con.execute("create or replace temp table departments_checked as select unnest(?::varchar[]) as department",
                [departments or []])
    rows = con.execute(f"""
        select document_id, coalesce(department_name, '') as department from staging.stg_disclosures__documents
        {"" if departments is None else "where department in (select department from departments_checked)"}
        order by 2, 1
    """).fetchall()
    groups: list[list[str]] = []
    current: list[str] = []
    previous = None
    for document_id, department in rows:
        if len(current) >= size and department != previous:
            groups.append(current)
            current = []
        current.append(document_id)
        previous = department
    if current:
        groups.append(current)
    return groups


def load_rule_inputs(con, document_ids: list[str] | None = None) -> dict[str, pl.DataFrame]:
    """The rules' inputs; with `document_ids`, only those documents' rows (lookups stay whole)."""
    if document_ids is None:
        return {name: con.sql(sql).pl() for name, sql in RULE_INPUTS.items()}
    con.execute("create or replace temp table rule_group as select unnest(?::varchar[]) as document_id", [document_ids])
    tables = {}
    for name, sql in RULE_INPUTS.items():
        if "document_id" in con.sql(sql).columns:
            sql = f"select * from ({sql}) where document_id in (select document_id from rule_group)"
        tables[name] = con.sql(sql).pl()
    return tables


_STORED = ["run_id", *FINDING_SCHEMA, "passed", "checked_at", "file_name", "department_name", "fiscal_year"]


def store_findings(con, findings: pl.DataFrame, run_id: str, checked_at) -> None:
    documents = con.sql(
        "select document_id, file_name, department_name, fiscal_year from staging.stg_disclosures__documents"
    ).pl()
    frame = findings.join(documents, on="document_id", how="left").with_columns(
        pl.lit(run_id).alias("run_id"), pl.lit(checked_at).alias("checked_at"),
        (pl.col("outcome") == "passed").alias("passed"),
    ).select(_STORED)
    con.register("incoming", frame.to_arrow())
    columns = ", ".join(_STORED)
    con.execute(f"insert into quality.check_results ({columns}) select {columns} from incoming")
    con.unregister("incoming")


def run_quality(build_path: Path, data_docs_dir: Path | None, run_id: str, verdicts=None,
                everything: bool = False) -> dict[str, int]:
    """Validate the groups of documents that changed (every group with `everything`); findings go to
    quality.check_results as each group finishes. Returns failed findings by severity, the count that could not be
    checked, and the documents checked. (`verdicts`: see run_rules.)"""
    counts = {"error": 0, "warning": 0, "info": 0, "could_not_check": 0, "checks": 0, "documents_checked": 0}
    checked_at = db.now()
    fingerprint = rules_fingerprint()
    if verdicts is None:
        gx_process.start()  # a run from the UI: its import overlaps reading the inputs
    with db.connect(build_path) as con:
        con.execute("delete from quality.check_results where run_id = ?", [run_id])
        departments = None if everything else departments_to_check(con, fingerprint)
        groups = document_groups(con, departments=departments)
        counts["documents_checked"] = sum(len(g) for g in groups)
        # the heap the step starts with (Dagster's, dbt's and Great Expectations' modules: 530,000 objects) is not
        # the groups' garbage: frozen, each collection between groups looks at the groups' objects alone (0.01 s
        # against 0.35 s). The young garbage of the steps before is collected first, so that little of it is kept
        # through the step. (Not for a caller that freezes the heap itself: the unfreeze below thaws all of it.)
        gc.collect(1)
        gc.freeze()
        try:
            _check_groups(con, groups, data_docs_dir, run_id, checked_at, verdicts, counts)
        finally:
            gc.unfreeze()
        con.execute("insert into quality.rule_versions values (?, ?, ?, ?)",
                    [fingerprint, run_id, checked_at, departments is None])
    return counts


def _check_groups(con, groups: list[list[str]], data_docs_dir: Path | None, run_id: str, checked_at, verdicts,
                  counts: dict[str, int]) -> None:
    # a run whose documents all stand checked still runs the rules once on nothing, so a rule that cannot run
    # says so and the run has its own (empty) results
    for i, document_ids in enumerate(groups or [[]]):
        findings = run_rules(load_rule_inputs(con, document_ids), data_docs_dir=data_docs_dir,
                             verdicts=verdicts or gx_process.validate)
        # a rule that cannot run at all says so once, not once per group
        findings = findings.filter(pl.col("document_id").is_not_null() | pl.lit(i == 0))
        store_findings(con, findings, run_id, checked_at)
        failed = findings.filter(pl.col("outcome") == "failed")
        for severity, n in failed.group_by("severity").len().iter_rows():
            counts[severity] = counts.get(severity, 0) + n
        counts["could_not_check"] += findings.filter(pl.col("outcome") == "could_not_check").height
        counts["checks"] += findings.height
        del findings, failed
        release_freed_memory()
