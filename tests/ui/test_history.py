"""Query history: deduplicated, capped, kept between runs, never fatal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui_reader.ui.history import HistoryCursor, QueryHistory


def test_add_dedupes_caps_and_persists(tmp_path: Path) -> None:
    path = tmp_path / "state" / "history.txt"
    history = QueryHistory(path, limit=3)
    for query in ["putin", "kremlin", "putin", "  ", "a  b", "witkoff"]:
        history.add(query)
    assert history.entries == ["putin", "a b", "witkoff"]
    assert QueryHistory(path, limit=3).entries == ["putin", "a b", "witkoff"]
    assert path.read_text(encoding="utf-8") == "putin\na b\nwitkoff\n"


def test_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "state" / "history.txt"
    QueryHistory(path).add("x")
    assert (path.parent.stat().st_mode & 0o777) == 0o700


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_not_fatal(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    history = QueryHistory(locked / "sub" / "history.txt")
    history.add("pokrovsk")  # must not raise
    assert history.entries == ["pokrovsk"]


def test_unreadable_file_is_an_empty_history(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    path.mkdir()  # a folder where the file should be
    history = QueryHistory(path)
    assert history.entries == []
    history.add("x")  # must not raise


def test_cursor_walks_back_and_returns_the_draft(tmp_path: Path) -> None:
    history = QueryHistory(tmp_path / "h.txt")
    for query in ["one", "two", "three"]:
        history.add(query)
    cursor = HistoryCursor(history)
    assert cursor.older("dra") == "three"
    assert cursor.older("three") == "two"
    assert cursor.older("two") == "one"
    assert cursor.older("one") is None
    assert cursor.newer() == "two"
    assert cursor.newer() == "three"
    assert cursor.newer() == "dra"
    assert cursor.newer() is None
