"""Report folders keep Data Docs' assets once on disk (lib.shared_files): the pages still read every file where
they link it, and a run's own files are never merged with another run's different ones."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.shared_files import link_to_shared


def _folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_the_same_bytes_in_two_runs_are_stored_once_and_read_as_before(tmp_path):
    assets = {"styles/site.css": b"body { margin: 0 }", "images/logo.png": b"\x89PNG" + bytes(range(200))}
    first = _folder(tmp_path / "run1" / "static", assets)
    second = _folder(tmp_path / "run2" / "static", assets)
    shared = tmp_path / ".shared"

    assert link_to_shared(first, shared) == 0  # the first copy becomes the shared one
    assert link_to_shared(second, shared) == sum(len(d) for d in assets.values())

    for name, data in assets.items():
        one, two = first / name, second / name
        assert one.read_bytes() == two.read_bytes() == data
        assert one.stat().st_ino == two.stat().st_ino
        assert one.stat().st_nlink == 3  # both runs and the store
    assert len(list(shared.iterdir())) == 2
    assert link_to_shared(second, shared) == 0  # linked already: nothing to do again


def test_different_bytes_under_the_same_name_stay_apart(tmp_path):
    first = _folder(tmp_path / "run1", {"site.css": b"old"})
    second = _folder(tmp_path / "run2", {"site.css": b"new"})
    shared = tmp_path / ".shared"
    link_to_shared(first, shared)
    link_to_shared(second, shared)
    assert (first / "site.css").read_bytes() == b"old"
    assert (second / "site.css").read_bytes() == b"new"
    assert (first / "site.css").stat().st_ino != (second / "site.css").stat().st_ino


def test_a_missing_folder_is_nothing_to_share(tmp_path):
    assert link_to_shared(tmp_path / "none", tmp_path / ".shared") == 0
