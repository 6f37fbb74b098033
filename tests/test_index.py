"""The Whoosh backend as a cache: incremental updates, damage and crash recovery, locks."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from tui_reader.corpus import load_source, scan
from tui_reader.index import manifest, store, writer
from tui_reader.index.lock import update_lock
from tui_reader.index.manifest import MANIFEST
from tui_reader.index.store import WhooshBackend
from tui_reader.locations import LocationError, index_dir
from tui_reader.models import Progress
from tui_reader.services.backend import BackendError
from tui_reader.services.query import parse_query

SEED_IDS = [
    "000_15444799d16b97f2",
    "001_bbe6e142eb0c3a87",
    "002_f61de47c43c6cb98",
    "003_df1a8881b1c4b02e",
    "004_ad5b41631710ae11",
]


def total(backend: WhooshBackend, text: str) -> int:
    return backend.search(parse_query(text), 1000)[1]


def live(backend: WhooshBackend) -> Path:
    return backend._live()[0]


def write(path: Path, *paragraphs: str) -> None:
    path.write_text("A title line\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def forbid_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a Whoosh writer was opened")

    monkeypatch.setattr(writer, "build", refuse)
    monkeypatch.setattr(writer, "apply", refuse)


@pytest.fixture
def backend(corpus_copy: Path) -> WhooshBackend:
    b = WhooshBackend(corpus_copy)
    stats = b.update()
    assert stats.rebuilt and stats.added == 5 and stats.reason == "no index yet"
    return b


# --------------------------------------------------------------------------- building


def test_first_update_builds_and_reports_progress(corpus_copy: Path) -> None:
    seen: list[Progress] = []
    stats = WhooshBackend(corpus_copy).update(seen.append)
    assert stats.rebuilt and stats.added == 5 and stats.seconds > 0
    assert [p.done for p in seen] == [1, 2, 3, 4, 5]
    assert {p.total for p in seen} == {5}
    assert seen[0].current == f"{SEED_IDS[0]}.txt"


def test_sources_and_passages_come_from_the_index(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> object:
        raise AssertionError("a file was read again")

    monkeypatch.setattr(writer, "load_source", refuse)
    infos = backend.sources()
    assert [i.id for i in infos] == SEED_IDS
    assert all(i.passages > 0 and i.words > 0 and i.title for i in infos)
    assert infos[0].path == f"{SEED_IDS[0]}.txt"

    entries, _ = scan(corpus_copy)
    monkeypatch.undo()
    source = load_source(corpus_copy, entries[3])
    assert not isinstance(source, type(None))
    assert backend.passages(SEED_IDS[3]) == list(source.passages)  # type: ignore[union-attr]
    assert backend.passages("no-such-source") == []


def test_unchanged_corpus_is_a_stat_scan_only(
    backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_writers(monkeypatch)
    hashed: list[Path] = []
    monkeypatch.setattr(manifest, "sha1_of", lambda p: hashed.append(p) or "")
    before = (live(backend) / MANIFEST).stat().st_mtime_ns
    stats = backend.update()
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (0, 0, 0, 5)
    assert not stats.rebuilt and hashed == []
    assert (live(backend) / MANIFEST).stat().st_mtime_ns == before


def test_touch_without_change_does_not_reindex(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = corpus_copy / f"{SEED_IDS[2]}.txt"
    later = time.time_ns() + 5_000_000_000
    os.utime(path, ns=(later, later))
    forbid_writers(monkeypatch)
    stats = backend.update()
    assert (stats.added, stats.updated, stats.unchanged) == (0, 0, 5)
    # The new mtime is remembered: the next update does not hash the file again.
    monkeypatch.setattr(manifest, "sha1_of", lambda p: pytest.fail("hashed again"))
    assert backend.update().unchanged == 5


def test_add_change_delete(backend: WhooshBackend, corpus_copy: Path) -> None:
    assert total(backend, "xylophonequartz") == 0
    write(corpus_copy / "new.txt", "A xylophonequartz was heard in Kyiv.")
    stats = backend.update()
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (1, 0, 0, 5)
    assert total(backend, "xylophonequartz") == 1
    assert "new" in [i.id for i in backend.sources()]

    write(corpus_copy / "new.txt", "Only a marimbaquartz now, in Lviv.")
    stats = backend.update()
    assert (stats.added, stats.updated, stats.removed) == (0, 1, 0)
    assert total(backend, "xylophonequartz") == 0
    assert total(backend, "marimbaquartz") == 1

    (corpus_copy / "new.txt").unlink()
    (corpus_copy / f"{SEED_IDS[4]}.txt").unlink()
    stats = backend.update()
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (0, 0, 2, 4)
    assert total(backend, "marimbaquartz") == 0
    assert total(backend, "pokrovsk") == 1  # only seed 001 is left
    assert [i.id for i in backend.sources()] == SEED_IDS[:4]


def test_skipped_files_are_reported_and_not_reread(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus_copy / "binary.txt").write_bytes(b"abc\x00def" * 10)
    stats = backend.update()
    assert stats.added == 0 and [s.path for s in stats.skipped] == ["binary.txt"]
    forbid_writers(monkeypatch)
    again = backend.update()
    assert [s.path for s in again.skipped] == ["binary.txt"] and again.unchanged == 5


def test_rebuild_on_request(backend: WhooshBackend) -> None:
    old = live(backend)
    stats = backend.update(rebuild=True)
    assert stats.rebuilt and stats.reason == "rebuild requested" and stats.added == 5
    assert live(backend) != old and not old.exists()
    assert total(backend, "pokrovsk") == 3


# --------------------------------------------------------------------------- damage


def _segment(folder: Path) -> Path:
    """The largest file of a segment (its postings)."""
    files = [p for p in folder.iterdir() if p.name.startswith("MAIN_") and "LOCK" not in p.name]
    return max(files, key=lambda p: p.stat().st_size)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda f: os.truncate(_segment(f), _segment(f).stat().st_size // 2), "changed size"),
        (lambda f: _segment(f).unlink(), "missing"),
        (lambda f: (f / MANIFEST).write_bytes(b"\x00garbage{"), "manifest unreadable"),
        (lambda f: (f / MANIFEST).write_text("[1, 2]"), "not a tui-reader index"),
        (lambda f: (f / MANIFEST).unlink(), "no manifest"),
        (lambda f: (f.parent / "CURRENT").write_text("../../etc"), "pointer"),
        (lambda f: (f.parent / "CURRENT").unlink(), "no index yet"),
    ],
)
def test_damaged_index_is_rebuilt(backend: WhooshBackend, damage: object, reason: str) -> None:
    damage(live(backend))  # type: ignore[operator]
    stats = backend.update()
    assert stats.rebuilt and stats.reason is not None and reason in stats.reason
    assert total(backend, "pokrovsk") == 3
    assert total(backend, '"end the bloodshed"') == 2


def test_schema_change_rebuilds(backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    stats = backend.update()
    assert stats.rebuilt and stats.reason is not None and "schema" in stats.reason
    assert total(backend, "pokrovsk") == 3
    assert not backend.update().rebuilt


def test_manifest_disagreeing_with_the_index_is_rebuilt(
    backend: WhooshBackend, corpus_copy: Path
) -> None:
    folder = live(backend)
    data = json.loads((folder / MANIFEST).read_text())
    row = data["files"]["rel"].index(f"{SEED_IDS[0]}.txt")
    data["files"]["passages"][row] += 3
    (folder / MANIFEST).write_text(json.dumps(data))
    write(corpus_copy / "new.txt", "Fresh words.")
    stats = backend.update()
    assert stats.rebuilt and stats.reason is not None and "passages" in stats.reason
    assert total(backend, "fresh") == 1


def test_a_foreign_index_is_never_opened(corpus_copy: Path, tmp_path: Path) -> None:
    from tui_reader.index._whoosh import fields, index

    root = tmp_path / "idx"
    root.mkdir()
    foreign = index.create_in(str(root), fields.Schema(x=fields.TEXT(stored=True)))
    with foreign.writer() as w:
        w.add_document(x="pokrovsk")
    backend = WhooshBackend(corpus_copy, root)
    with pytest.raises(BackendError):
        backend.search(parse_query("pokrovsk"), 10)
    stats = backend.update()
    assert stats.rebuilt and stats.reason == "no index yet"
    assert total(backend, "pokrovsk") == 3
    assert any(p.name.startswith("_MAIN_") for p in root.iterdir())  # left alone, not deleted


# --------------------------------------------------------------------------- crashes


class Crash(BaseException):
    """Stands in for kill -9: nothing after it runs, no clean-up beyond what a kill allows."""


def test_crash_after_commit_before_manifest_is_repaired(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_apply = writer.apply

    def commit_then_die(*args: object, **kwargs: object) -> object:
        real_apply(*args, **kwargs)  # type: ignore[arg-type]
        raise Crash

    write(corpus_copy / f"{SEED_IDS[1]}.txt", "Replaced with a harpsichordquartz.")
    write(corpus_copy / "new.txt", "A xylophonequartz.")
    monkeypatch.setattr(writer, "apply", commit_then_die)
    with pytest.raises(Crash):
        backend.update()
    monkeypatch.undo()
    stats = backend.update()
    assert not stats.rebuilt
    assert total(backend, "harpsichordquartz") == 1
    assert total(backend, "xylophonequartz") == 1
    assert total(backend, "pokrovsk") == 2  # the old seed 001 text is gone, not doubled
    assert backend.update().unchanged == 6


def test_crash_mid_write_is_repaired(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus_copy / f"{SEED_IDS[3]}.txt").unlink()
    write(corpus_copy / "a.txt", "First xylophonequartz.")
    write(corpus_copy / "b.txt", "Second xylophonequartz.")
    real_add = writer._add
    calls = []

    def add_once_then_die(w: object, source: object) -> int:
        calls.append(source)
        if len(calls) > 1:
            raise Crash
        return real_add(w, source)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "_add", add_once_then_die)
    with pytest.raises(Crash):
        backend.update()
    monkeypatch.undo()
    stats = backend.update()
    assert not stats.rebuilt
    assert total(backend, "xylophonequartz") == 2
    assert SEED_IDS[3] not in [i.id for i in backend.sources()]
    assert backend.search(parse_query('"stressed that several"'), 10)[1] == 0


def test_crash_during_full_build_keeps_the_old_index(
    backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = live(backend)

    def die(*args: object, **kwargs: object) -> object:
        raise Crash

    monkeypatch.setattr(writer, "_add", die)
    with pytest.raises(Crash):
        backend.update(rebuild=True)
    monkeypatch.undo()
    assert live(backend) == old and total(backend, "pokrovsk") == 3
    assert [p.name for p in old.parent.iterdir() if p.name.startswith("gen-")] == [old.name]


def test_update_killed_in_another_process_is_repaired(corpus_copy: Path, tmp_path: Path) -> None:
    """A real kill -9 in the middle of a full build, then of an incremental update."""
    import signal
    import subprocess
    import sys

    root = tmp_path / "idx"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from tui_reader.index import writer\n"
        "from tui_reader.index.store import WhooshBackend\n"
        "real = writer._add\n"
        "def add(w, s):\n"
        "    n = real(w, s)\n"
        "    if s.id == sys.argv[3]:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return n\n"
        "writer._add = add\n"
        "WhooshBackend(Path(sys.argv[1]), Path(sys.argv[2])).update()\n"
    )
    run = [sys.executable, "-c", script, str(corpus_copy), str(root)]
    done = subprocess.run([*run, SEED_IDS[2]], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL
    backend = WhooshBackend(corpus_copy, root)
    assert backend.update().rebuilt
    write(corpus_copy / "new.txt", "A xylophonequartz.")
    write(corpus_copy / f"{SEED_IDS[4]}.txt", "Seed four, rewritten.")
    done = subprocess.run([*run, "new"], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL
    stats = backend.update()
    assert not stats.rebuilt
    assert total(backend, "xylophonequartz") == 1
    assert total(backend, "pokrovsk") == 1
    assert total(backend, "rewritten") == 1


# --------------------------------------------------------------------------- lock and places


def test_second_updater_waits_for_the_lock(backend: WhooshBackend) -> None:
    lock = backend.index_root / store.LOCK
    released = threading.Event()

    def hold() -> None:
        with update_lock(lock):
            time.sleep(0.4)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.05)
    started = time.perf_counter()
    stats = backend.update()
    waited = time.perf_counter() - started
    holder.join()
    assert released.is_set() and waited >= 0.3 and stats.unchanged == 5
    assert total(backend, "pokrovsk") == 3  # searches never wait for the lock


def test_lock_wait_is_bounded(corpus_copy: Path) -> None:
    backend = WhooshBackend(corpus_copy, lock_timeout=0.2)
    backend.update()
    with update_lock(backend.index_root / store.LOCK), pytest.raises(BackendError):
        backend.update()
    assert total(backend, "pokrovsk") == 3


def test_index_is_private_and_outside_the_corpus(backend: WhooshBackend, corpus_copy: Path) -> None:
    root = backend.index_root
    assert root == index_dir(corpus_copy)
    assert not root.is_relative_to(corpus_copy.resolve())
    for folder in (root, live(backend)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in (MANIFEST,):
        assert stat.S_IMODE((live(backend) / name).stat().st_mode) == 0o600
    assert not any(p.name.startswith(("_MAIN", "MAIN", "gen-")) for p in corpus_copy.rglob("*"))


def test_index_inside_or_above_the_corpus_is_refused(corpus_copy: Path) -> None:
    with pytest.raises(LocationError):
        WhooshBackend(corpus_copy, corpus_copy / "index")
    with pytest.raises(LocationError):
        WhooshBackend(corpus_copy, corpus_copy.parent)
    with pytest.raises(LocationError):
        WhooshBackend(corpus_copy, corpus_copy)


def test_missing_corpus_folder_raises_the_corpus_error(tmp_path: Path) -> None:
    from tui_reader.corpus import CorpusError

    with pytest.raises(CorpusError):
        WhooshBackend(tmp_path / "absent", tmp_path / "idx").update()


def test_parallel_build_equals_a_serial_one(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.index import parallel

    for i in range(6):
        write(corpus_copy / f"extra{i}.txt", f"Extra {i} on Pokrovsk.", "Second xylophonequartz.")
    serial = WhooshBackend(corpus_copy, tmp_path / "serial")
    serial.update()
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    assert parallel.workers_for(11) >= 2 or (os.cpu_count() or 1) < 2
    seen: list[Progress] = []
    backend = WhooshBackend(corpus_copy, tmp_path / "parallel")
    stats = backend.update(seen.append)
    assert stats.rebuilt and stats.added == 11
    assert seen[-1].done == seen[-1].total == 11
    assert backend.sources() == serial.sources()
    assert not any(p.name.startswith("part-") for p in live(backend).iterdir())
    for text in ("pokrovsk", "xylophonequartz", '"end the bloodshed"', "zelenskiy", "p*"):
        a, b = backend.search(parse_query(text), 50), serial.search(parse_query(text), 50)
        assert a[1] == b[1] and {(h.source_id, h.ordinal) for h in a[0]} == {
            (h.source_id, h.ordinal) for h in b[0]
        }
    # The stitched index takes incremental updates like any other.
    write(corpus_copy / "extra0.txt", "Now about a marimbaquartz.")
    (corpus_copy / "extra1.txt").unlink()
    stats = backend.update()
    assert (stats.updated, stats.removed, stats.rebuilt) == (1, 1, False)
    assert total(backend, "marimbaquartz") == 1 and total(backend, "xylophonequartz") == 4
    # Most files new: a (parallel) rebuild instead of a long incremental update.
    for i in range(12):
        write(corpus_copy / f"more{i}.txt", f"Zanzibarquartz {i}.")
    stats = backend.update()
    assert stats.rebuilt and stats.reason is not None and "new or changed" in stats.reason
    assert total(backend, "zanzibarquartz") == 12


def test_no_parallel_build_when_workers_could_not_start(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types
    from concurrent.futures.process import BrokenProcessPool

    from tui_reader.index import parallel

    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = "<stdin>"
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    assert parallel.workers_for(100) == 1  # `python -` : a spawned worker could not import main
    monkeypatch.undo()

    def broken(*args: object, **kwargs: object) -> object:
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(parallel, "workers_for", lambda files: 2)
    monkeypatch.setattr(parallel, "build", broken)
    backend = WhooshBackend(corpus_copy)
    stats = backend.update()
    assert stats.rebuilt and stats.added == 5  # built in this process instead
    assert total(backend, "pokrovsk") == 3


def test_cached_postings_never_outlive_their_segment(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.index import evaluate

    monkeypatch.setattr(evaluate, "CACHE_MIN", 1)
    assert total(backend, "pokrovsk") == 3
    assert total(backend, '"end the bloodshed"') == 2
    assert evaluate._cache  # the lists above are now kept between searches
    (corpus_copy / f"{SEED_IDS[4]}.txt").unlink()
    backend.update()
    assert total(backend, "pokrovsk") == 1  # deletions apply to cached lists
    write(corpus_copy / f"{SEED_IDS[1]}.txt", "No city named here; the end of the bloodshed.")
    backend.update()
    assert total(backend, "pokrovsk") == 0
    assert total(backend, '"end the bloodshed"') == 1
    assert total(backend, '"the bloodshed"') == 2
    backend.update(rebuild=True)
    assert total(backend, "pokrovsk") == 0 and total(backend, '"end the bloodshed"') == 1
