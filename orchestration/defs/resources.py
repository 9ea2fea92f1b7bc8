"""Resources the definitions share: where the warehouse lives (resolved at run time) and dbt."""


import sys
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.lib.dbt_manifest import dbt_executable
from orchestration.settings import DBT_PROJECT_DIR, Settings, load_settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse lives. Empty fields fall back to GONGKAI_* settings at run time."""

    warehouse: str = ""
    inbox: str = ""

    @property
    def settings(self) -> Settings:
        return load_settings(self.warehouse or None, self.inbox or None)


class DbtCli(DbtCliResource):
    """dagster-dbt's resource, told the dbt version instead of asking the executable.

    dagster-dbt runs `dbt --version` in a subprocess once per run (1.7 s here). The dbt a run executes is, unless
    the venv has none, the one beside this Python (lib.dbt_manifest.dbt_executable): the dbt-core installed here."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).parent != Path(sys.executable).parent:
            return super()._cli_version
        return version.parse(installed_version("dbt-core"))


def build_resources(warehouse: str | None = None, inbox: str | None = None) -> dict:
    return {
        "warehouse": WarehouseResource(warehouse=str(warehouse or ""), inbox=str(inbox or "")),
        "dbt": DbtCli(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()),
    }
