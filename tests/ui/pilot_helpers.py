"""Helpers shared by the Pilot and snapshot tests: wait for the app, look at its parts."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled

from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main import MainScreen

SETTLE_SECONDS = 30.0


async def workers_done(app: App[Any]) -> None:
    """Wait for every worker; one cancelled because a newer request replaced it is expected
    (exclusive workers), a failed one still raises."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


def main_screen(app: ReaderApp) -> MainScreen:
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


async def settle(pilot: Pilot[int]) -> None:
    """Wait until no worker runs (bounded, not a sleep)."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        if not main_screen(app).busy:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


async def ready(pilot: Pilot[int]) -> MainScreen:
    """Wait for indexing and the first article; blink off, toasts gone (stable screenshots)."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, ReaderApp)
    screen = main_screen(app)
    for box in screen.query(Input):
        box.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()
    return screen


async def search(pilot: Pilot[int], query: str) -> MainScreen:
    """Type ``query`` the way a person does: "/" then the keys."""
    await pilot.press("slash", *query)
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, ReaderApp)
    return main_screen(app)


def status_text(screen: MainScreen) -> str:
    return str(screen.query_one("#search-status", Static).render())


def notice_text(screen: MainScreen) -> str:
    label = screen.query_one("#search-notice", Static)
    return str(label.render()) if label.display else ""
