"""Each dbt invocation writes a target folder of its own (lib.dbt_build.new_target); old ones are pruned so the
project folder does not grow by some 10 MB a run without end."""

from __future__ import annotations

import os
import time

from orchestration.lib import dbt_build


def test_target_folders_older_than_a_week_go_but_never_the_newest(tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_build, "TARGETS", tmp_path)
    now = time.time()
    old = []
    for i in range(dbt_build.TARGETS_KEPT_NEWEST + 5):  # all older than a week, the first five the oldest
        folder = tmp_path / f"models_after_quality-abc{i:04d}-{i:08d}"
        (folder / "dbt.log").parent.mkdir()
        (folder / "dbt.log").write_text("log")
        stamp = now - 8 * 86400 - (100 - i) * 60
        os.utime(folder, (stamp, stamp))
        old.append(folder)
    recent = tmp_path / "parse-recent12"  # a day old, beyond the newest twenty
    recent.mkdir()
    os.utime(recent, (now - 86400, now - 86400))
    dbts_own = tmp_path / "compiled"  # what a plain `dbt build` leaves: not ours to remove
    dbts_own.mkdir()
    os.utime(dbts_own, (now - 30 * 86400, now - 30 * 86400))
    (tmp_path / "manifest.json").write_text("{}")

    made = dbt_build.new_target("models_before_quality-1234567")

    survivors = {p.name for p in tmp_path.iterdir()}
    assert made.name in survivors and recent.name in survivors and "compiled" in survivors and "manifest.json" in survivors
    # of the folders there before, the twenty newest stay (the recent one and 19 old ones); the six oldest go
    assert [f.name for f in old[:6]] == sorted(set(f.name for f in old) - survivors)
    assert all(f.name in survivors for f in old[6:])


def test_nothing_young_is_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_build, "TARGETS", tmp_path)
    for i in range(dbt_build.TARGETS_KEPT_NEWEST + 10):
        (tmp_path / f"parse-{i:08d}").mkdir()
    assert dbt_build.prune_targets() == []
