"""Settings read from the environment: defaults, and values gongkai cannot use refused naming the variable."""

from __future__ import annotations

import pytest

from orchestration.settings import SettingsError, dbt_memory_limit, load_settings


def test_the_dbt_memory_limit_defaults_to_a_share_per_thread():
    assert dbt_memory_limit(None, 2) == dbt_memory_limit("", 1) == dbt_memory_limit(" ", 2) == "512MB"
    assert dbt_memory_limit(None, 16) == "4096MB"
    assert dbt_memory_limit(" 3GB ", 2) == "3GB" and dbt_memory_limit("1.5GiB", 64) == "1.5GiB"


@pytest.mark.parametrize("bad", ["512", "lots", "2 G B", "-1GB"])
def test_a_dbt_memory_limit_that_is_not_a_size_is_refused(bad, monkeypatch):
    monkeypatch.setenv("GONGKAI_DBT_MEMORY_LIMIT", bad)
    with pytest.raises(SettingsError, match="GONGKAI_DBT_MEMORY_LIMIT"):
        load_settings()


def test_settings_carry_the_dbt_memory_limit(monkeypatch):
    monkeypatch.setenv("GONGKAI_DBT_THREADS", "8")
    monkeypatch.delenv("GONGKAI_DBT_MEMORY_LIMIT", raising=False)
    assert load_settings().dbt_memory_limit == "2048MB"
    monkeypatch.setenv("GONGKAI_DBT_MEMORY_LIMIT", "6GB")
    assert load_settings().dbt_memory_limit == "6GB"
