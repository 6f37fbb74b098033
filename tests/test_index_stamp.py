"""The stamp: a no-op update answered without reading the manifest, and never a wrong answer."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tui_reader.index import manifest, stamp, store
from tui_reader.index.manifest import MANIFEST, STAMP
from tui_reader.index.store import WhooshBackend
from tui_reader.services.backend import BackendError
from tui_reader.services.query import parse_query


def live(backend: WhooshBackend) -> Path:
    return backend._live()[0]


def forbid_manifest_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(folder: Path) -> object:
        raise AssertionError("the manifest was read")

    monkeypatch.setattr(store, "read_manifest", refuse)


@pytest.fixture
def backend(corpus_copy: Path) -> WhooshBackend:
    (corpus_copy / "binary.txt").write_bytes(b"abc\x00def" * 10)
    b = WhooshBackend(corpus_copy)
    assert b.update().rebuilt
    return b


def test_a_build_writes_the_stamp_of_its_manifest(backend: WhooshBackend) -> None:
    folder = live(backend)
    found = stamp.read_stamp(folder)
    assert found is not None
    assert found.manifest == stamp.manifest_stat(folder)
    recorded = manifest.read_manifest(folder)
    assert found.rels == sorted(recorded.files)
    assert list(found.sizes) == [recorded.files[r].size for r in found.rels]
    assert list(found.mtimes) == [recorded.files[r].mtime_ns for r in found.rels]
    assert found.skipped == [("binary.txt", recorded.files["binary.txt"].skipped)]
    assert STAMP not in recorded.index_files


def test_no_op_start_reads_the_stamp_not_the_manifest(
    corpus_copy: Path, backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = WhooshBackend(corpus_copy)  # nothing cached, as at a start
    forbid_manifest_reads(monkeypatch)
    stats = fresh.update()
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (0, 0, 0, 5)
    assert not stats.rebuilt and [s.path for s in stats.skipped] == ["binary.txt"]


@pytest.mark.parametrize(
    "change",
    [
        lambda c: (c / "extra.txt").write_text("A title\n\nNew words about Geneva.\n"),
        lambda c: (c / "004_ad5b41631710ae11.txt").unlink(),
        lambda c: (c / "001_bbe6e142eb0c3a87.txt").write_text("Short\n\nNow only this.\n"),
    ],
    ids=["added", "removed", "changed"],
)
def test_any_change_is_seen_through_the_stamp(
    corpus_copy: Path, backend: WhooshBackend, change: object
) -> None:
    change(corpus_copy)  # type: ignore[operator]
    stats = WhooshBackend(corpus_copy).update()
    assert (stats.added, stats.updated, stats.removed) != (0, 0, 0)
    assert not stats.rebuilt
    # ... and the stamp follows the new manifest: the next start is a no-op again.
    again = WhooshBackend(corpus_copy).update()
    assert (again.added, again.updated, again.removed) == (0, 0, 0)


def test_a_touched_file_is_hashed_once_then_the_stamp_has_its_mtime(
    corpus_copy: Path, backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = time.time_ns() + 5_000_000_000
    os.utime(corpus_copy / "002_f61de47c43c6cb98.txt", ns=(later, later))
    assert WhooshBackend(corpus_copy).update().unchanged == 5
    forbid_manifest_reads(monkeypatch)
    monkeypatch.setattr(manifest, "sha1_of", lambda p: pytest.fail("hashed again"))
    assert WhooshBackend(corpus_copy).update().unchanged == 5


@pytest.mark.parametrize(
    "damage",
    [
        lambda f: (f / STAMP).write_bytes(b"\x00garbage"),
        lambda f: (f / STAMP).write_bytes((f / STAMP).read_bytes()[:-3]),
        lambda f: (f / STAMP).unlink(),
    ],
    ids=["garbage", "truncated", "missing"],
)
def test_a_damaged_or_missing_stamp_falls_back_to_the_manifest_and_is_rewritten(
    corpus_copy: Path, backend: WhooshBackend, damage: object
) -> None:
    folder = live(backend)
    damage(folder)  # type: ignore[operator]
    stats = WhooshBackend(corpus_copy).update()
    assert not stats.rebuilt and stats.unchanged == 5
    assert stamp.read_stamp(folder) is not None


def test_a_stamp_of_another_manifest_is_not_believed(
    corpus_copy: Path, backend: WhooshBackend
) -> None:
    folder = live(backend)
    old = (folder / STAMP).read_bytes()
    (corpus_copy / "extra.txt").write_text("A title\n\nGeneva talks resume.\n")
    assert WhooshBackend(corpus_copy).update().added == 1
    # A stamp left from before (a crash, a copy) lists the old files: it must not hide the new one.
    (folder / STAMP).write_bytes(old)
    (corpus_copy / "extra.txt").unlink()
    stats = WhooshBackend(corpus_copy).update()
    assert stats.removed == 1
    # The next no-op start finds the stale stamp replaced by the stamp of the manifest.
    assert WhooshBackend(corpus_copy).update().unchanged == 5
    found = stamp.read_stamp(folder)
    assert found is not None and found.manifest == stamp.manifest_stat(folder)


def test_a_stale_stamp_is_replaced_at_the_next_no_op_start(
    corpus_copy: Path, backend: WhooshBackend
) -> None:
    folder = live(backend)
    recorded = manifest.read_manifest(folder)
    stamp.write_stamp(folder, recorded, (0, 0, 0))  # a stamp that belongs to no manifest
    assert WhooshBackend(corpus_copy).update().unchanged == 5
    found = stamp.read_stamp(folder)
    assert found is not None and found.manifest == stamp.manifest_stat(folder)


def test_a_pending_manifest_has_no_stamp(corpus_copy: Path, backend: WhooshBackend) -> None:
    folder = live(backend)
    recorded = manifest.read_manifest(folder)
    recorded.pending.append("001_bbe6e142eb0c3a87")  # as an update does before it writes
    del recorded.files["001_bbe6e142eb0c3a87.txt"]
    WhooshBackend(corpus_copy)._write_manifest(folder, recorded)
    assert not (folder / STAMP).exists()
    stats = WhooshBackend(corpus_copy).update()  # repairs the pending source
    assert not stats.rebuilt and (stats.added, stats.unchanged) == (1, 4)
    assert stamp.read_stamp(folder) is not None


def test_names_with_undecodable_bytes_round_trip(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = os.fsdecode(b"caf\xe9 report.txt")
    (corpus / name).write_text("Title\n\nA passage about Kyiv.\n", encoding="utf-8")
    (corpus / "plain.txt").write_text("Title\n\nAnother passage.\n", encoding="utf-8")
    assert WhooshBackend(corpus).update().added == 2
    found = stamp.read_stamp(live(WhooshBackend(corpus)))
    assert found is not None and name in found.rels
    stats = WhooshBackend(corpus).update()
    assert (stats.added, stats.unchanged) == (0, 2)


def test_the_stamp_is_not_an_index_file(backend: WhooshBackend) -> None:
    folder = live(backend)
    assert STAMP not in manifest.index_files(folder)
    assert (folder / MANIFEST).exists() and (folder / STAMP).exists()


def test_a_search_checks_the_generation_by_its_stamp(
    corpus_copy: Path, backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = WhooshBackend(corpus_copy)
    forbid_manifest_reads(monkeypatch)
    hits, total = fresh.search(parse_query("pokrovsk"), 10)
    assert total == 3 and len(hits) == 3


def test_a_search_on_an_index_of_another_version_says_so(
    corpus_copy: Path, backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    with pytest.raises(BackendError, match="another version"):
        WhooshBackend(corpus_copy).search(parse_query("pokrovsk"), 10)
