"""A missing, empty or unreadable corpus folder: one clear line and exit 2 (CLI), a message (app).

The unreadable folder is simulated (``os.scandir`` refuses it) so the tests also run as root,
where ``chmod 0`` stops nothing. The missing folder is covered in ``tests/test_cli.py`` and
``tests/ui/test_flows.py``; the empty folder in the app in ``tests/ui/test_flows.py``.
"""

from __future__ import annotations

import asyncio
import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.pilot_helpers import main_screen
from tui_reader.cli import main
from tui_reader.corpus import loader
from tui_reader.ui.app import make_app


def _unreadable(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.path.realpath(os.fspath(path)) == os.path.realpath(root):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(loader.os, "scandir", scandir)


@pytest.mark.parametrize("command", [["search", "zebra"], ["sources"], ["index"], ["facts"]])
def test_unreadable_corpus_folder_cli_is_one_line_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    root = tmp_path / "locked"
    root.mkdir()
    (root / "a.txt").write_text("A\n\nThe zebra.\n")
    _unreadable(root, monkeypatch)
    assert main([*command, "--corpus", str(root)]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "cannot read corpus folder" in lines[0], err
    assert "permission denied" in lines[0].lower() and "Traceback" not in err
    assert out == ""


async def _until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    """Pause until ``done()`` (bounded); not ``settle``, whose wait re-raises a failed worker."""
    deadline = time.monotonic() + 30
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert done(), "the app did not get there"
    await pilot.pause()


def test_unreadable_corpus_folder_app_shows_a_message_and_stays_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "locked"
    root.mkdir()
    (root / "a.txt").write_text("A\n\nThe zebra.\n")
    _unreadable(root, monkeypatch)

    async def run() -> None:
        app = make_app(root)
        async with app.run_test(size=(100, 30)) as pilot:
            await _until(
                pilot, lambda: any(n.title == "Indexing failed" for n in app._notifications)
            )
            failed = [n for n in app._notifications if n.title == "Indexing failed"]
            assert failed and "cannot read corpus folder" in failed[0].message
            screen = main_screen(app)

            def reader_text() -> str:
                return " ".join(str(w.render()) for w in screen.reader.query("Static"))

            await _until(pilot, lambda: "cannot read corpus folder" in reader_text())
            await pilot.press("slash", *"zebra")
            await pilot.pause(0.3)
            assert app.is_running

    asyncio.run(run())


@pytest.mark.parametrize("command", [["search", "zebra"], ["sources"]])
def test_empty_corpus_folder_cli_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    assert main([*command, "--corpus", str(root)]) == 2
    _out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
