"""Shared fixtures: the real corpus (optional) and a temporary warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_file(relative: str) -> Path:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"real corpus file {relative} not found under {CORPUS} (../shared/corpus is absent)")
    return path
