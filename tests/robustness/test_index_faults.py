"""Index faults: killed builds, concurrent indexers, a cache folder that cannot be written."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.index.memory import MemoryBackend
from tui_reader.services.library import Library


def _corpus(root: Path, n: int) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"{i:04d}.txt").write_text(
            f"Story {i}\n\nThe council met on day {i} and voted uniq{i}x.\n\n"
            f"A second paragraph about the budget, item {i}.\n"
        )
    return root


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui_reader", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env or dict(os.environ),
    )


def _counts(corpus: Path, n: int) -> tuple[int, list[int]]:
    library = Library(corpus)
    library.update()
    total = sum(info.passages for info in library.sources())
    hits = [library.search(f"uniq{i}x").total for i in range(n)]
    library.close()
    return total, hits


def test_kill_9_during_a_build_then_index_again_is_consistent(tmp_path: Path) -> None:
    n = 600
    corpus = _corpus(tmp_path / "c", n)
    clean = _corpus(tmp_path / "clean", n)
    expected_total, _ = _counts(clean, n)
    cache = Path(os.environ["TUI_READER_CACHE_DIR"])
    seeded = random.Random(7)
    proc = _cli("index", "--json", "--corpus", str(corpus))
    deadline = time.monotonic() + 30
    while not any(cache.rglob("gen-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(seeded.random() * 0.1)  # somewhere inside the build
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    again = _cli("index", "--json", "--corpus", str(corpus))
    _out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    total, hits = _counts(corpus, n)
    assert total == expected_total
    assert hits == [1] * n  # no passage lost, none duplicated


def test_two_concurrent_indexers_both_succeed_consistently(tmp_path: Path) -> None:
    n = 200
    corpus = _corpus(tmp_path / "c", n)
    procs = [_cli("index", "--json", "--corpus", str(corpus)) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1] for r in results]
    stats = [json.loads(out) for out, _err in results]
    assert sorted(s["added"] + s["unchanged"] for s in stats) == [n, n]
    total, hits = _counts(corpus, n)
    assert total == 2 * n and hits == [1] * n


def _unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be created: works as root too, where chmod stops nothing."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(blocker / "cache"))


def test_unwritable_cache_folder_cli_still_searches_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "c", 5)
    _unwritable_cache(tmp_path, monkeypatch)
    assert main(["search", "uniq3x", "--json", "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["source"] for line in out.splitlines()] == ["0003"]
    notes = err.strip().splitlines()
    assert len(notes) == 1 and "cannot create the index folder" in notes[0]
    assert "in memory" in notes[0]


def test_read_only_cache_folder_cli_still_searches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "c", 5)
    cache = tmp_path / "ro-cache"
    cache.mkdir(mode=0o500)
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(cache))
    real_mkdir = os.mkdir

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        if str(path).startswith(str(cache)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    if os.geteuid() == 0:  # root writes through 0o500: refuse like the kernel would for a user
        monkeypatch.setattr(os, "mkdir", refuse)
    assert main(["search", "uniq2x", "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert "1 hit in 1 source" in out and "0002" in out
    assert "in memory" in err and "Traceback" not in err


def test_full_disk_during_build_cli_still_searches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui_reader.index import store

    corpus = _corpus(tmp_path / "c", 5)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "write_manifest", full)
    assert main(["search", "budget", "--json", "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 5
    assert "No space left on device" in err and "in memory" in err
    assert main(["index", "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert "added 5" in out and "in memory" in err


def test_memory_backend_answers_like_the_disk_index(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", 20)
    disk = Library(corpus)
    disk.update()
    memory = Library(corpus, backend=MemoryBackend(corpus))
    memory.update()
    assert memory.sources() == disk.sources()
    for query in ("council", "uniq7x", '"second paragraph"', "budg*", "council NOT uniq3x"):
        a, b = disk.search(query), memory.search(query)
        assert [(h.source_id, h.ordinal, h.highlights) for h in a.hits] == [
            (h.source_id, h.ordinal, h.highlights) for h in b.hits
        ], query
        assert a.total == b.total
    assert memory.backend.passages("0004") == disk.backend.passages("0004")
