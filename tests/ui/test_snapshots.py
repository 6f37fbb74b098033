"""Snapshots of the main screen (the real factory over the bundled seeds) at 120x40 and 80x24.

Update after reviewing the report: ``uv run pytest tests/ui/test_snapshots.py --snapshot-update``.
Nothing time-dependent is on screen: no clock, no timings, toasts cleared, cursor blink off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.pilot_helpers import ready, search, settle
from tui_reader.ui.app import make_app

Compare = Callable[..., bool]


async def idle(pilot: Pilot[int]) -> None:
    await ready(pilot)


async def pokrovsk_opened(pilot: Pilot[int]) -> None:
    """The README journey: "/", the word, enter."""
    await ready(pilot)
    await search(pilot, "pokrovsk")
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", [idle, pokrovsk_opened], ids=["no-query", "pokrovsk"])
def test_main_screen(
    snap_compare: Compare,
    seeds_dir: Path,
    size: tuple[int, int],
    scene: Callable[[Pilot[int]], Any],
) -> None:
    assert snap_compare(make_app(seeds_dir), terminal_size=size, run_before=scene)
