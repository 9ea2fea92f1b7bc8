"""Dagster resources: the warehouse (paths resolved at run time) and dbt."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject

from orchestration.settings import DBT_PROJECT_DIR, Settings, load_settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse lives. Empty fields fall back to GONGKAI_* settings at run time."""

    warehouse: str = ""
    inbox: str = ""

    @property
    def settings(self) -> Settings:
        return load_settings(self.warehouse or None, self.inbox or None)

    @property
    def build_path(self) -> Path:
        return self.settings.build_path


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv's), whether or not the venv is on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_resources(warehouse: str | None = None, inbox: str | None = None) -> dict:
    return {
        "warehouse": WarehouseResource(warehouse=str(warehouse or ""), inbox=str(inbox or "")),
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()),
    }
