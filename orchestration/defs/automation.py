"""When the warehouse rebuilds without a person starting it: after new extractions, once, not once per file."""


import dagster as dg


def rebuild_when_upstream_changes() -> dg.AutomationCondition:
    """Eager, but not held back by document partitions that are missing (a file the inbox lost, a partition added
    by hand): a new extraction rebuilds the raw tables and everything downstream of them in one run, after the
    extraction runs in flight have finished."""
    return (
        dg.AutomationCondition.eager()
        .without(~dg.AutomationCondition.any_deps_missing())
        .with_label("rebuild when upstream changes")
    )


def automation_sensor(target: dg.AssetSelection) -> dg.AutomationConditionSensorDefinition:
    return dg.AutomationConditionSensorDefinition(
        "warehouse_automation_sensor", target=target, default_status=dg.DefaultSensorStatus.RUNNING,
        minimum_interval_seconds=30,
    )
