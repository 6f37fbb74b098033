"""UI test plumbing: run ``async def`` (Pilot) tests, and share one index cache per test session.

The project has no async pytest plugin, so coroutine tests run under ``asyncio.run``. The index is
a cache keyed by the corpus path: letting every UI test in a worker reuse it saves an index build
per test, while tests that change a corpus work on their own copy (another key).
"""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui-index-cache")


@pytest.fixture(autouse=True)
def shared_index_cache(
    private_dirs: None, session_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(session_cache))
