"""Shared fixtures: every test gets its own cache and state folders, never the user's."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    base = tmp_path_factory.mktemp("tui-reader-home")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("TUI_READER_STATE_DIR", str(base / "state"))
    yield


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds, for tests that add, change or delete files."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target
