"""Resources the definitions share: where the warehouse lives (resolved at run time), and the dbt project."""


import dagster as dg
from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, Settings, load_settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse lives. Empty fields fall back to GONGKAI_* settings at run time."""

    warehouse: str = ""
    inbox: str = ""

    @property
    def settings(self) -> Settings:
        return load_settings(self.warehouse or None, self.inbox or None)


def build_resources(warehouse: str | None = None, inbox: str | None = None) -> dict:
    return {
        "warehouse": WarehouseResource(warehouse=str(warehouse or ""), inbox=str(inbox or "")),
    }
