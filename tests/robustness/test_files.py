"""Hostile files and folders: indexed or skipped with a reason; the corpus is never touched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tui_reader.corpus.loader import scan
from tui_reader.services.library import Library

from .conftest import HOSTILE_NAMES


def _hashes(root: Path) -> dict[bytes, tuple[str, int]]:
    out: dict[bytes, tuple[str, int]] = {}
    for dirpath, _dirs, files in os.walk(os.fsencode(root)):
        for name in files:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            with open(path, "rb") as f:
                out[path] = (hashlib.sha256(f.read()).hexdigest(), st.st_mtime_ns)
    return out


def test_hostile_file_names_are_indexed_searchable_and_readable(hostile_corpus: Path) -> None:
    # An undecodable byte in one file name used to abort the whole build (UnicodeEncodeError in
    # Whoosh's term encoder and in the manifest writer).
    library = Library(hostile_corpus)
    stats = library.update()
    assert stats.added == len(HOSTILE_NAMES) and not stats.skipped
    for i in range(len(HOSTILE_NAMES)):
        result = library.search(f"token{i}")
        assert result.total == 1, i
        sid = result.hits[0].source_id
        assert any(f"token{i}" in p.text for p in library.backend.passages(sid))
        assert f"token{i}" in library.source(sid).text
    # Incremental: deleting the undecodable file removes exactly its passages.
    os.remove(os.path.join(os.fsencode(hostile_corpus), b"bad\xff\xfe.txt"))
    stats = library.update()
    assert stats.removed == 1
    assert library.search("token2").total == 0
    assert library.search("zebra").total == len(HOSTILE_NAMES) - 1
    library.close()


def test_corpus_is_never_modified_by_indexing_searching_and_comparing(
    hostile_corpus: Path,
) -> None:
    (hostile_corpus / "sub").mkdir()
    (hostile_corpus / "sub" / "other.md").write_text("# Other\n\nThe zebra swam.\n")
    (hostile_corpus / "empty.txt").write_bytes(b"")
    (hostile_corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    before = _hashes(hostile_corpus)
    listing = sorted(os.listdir(hostile_corpus))
    library = Library(hostile_corpus)
    library.update()
    library.update(rebuild=True)
    ids = [s.id for s in library.sources()]
    library.search("zebra OR river")
    library.compare(ids[0], ids[1])
    library.where("The zebra crossed the river")
    library.facts()
    library.close()
    assert _hashes(hostile_corpus) == before
    assert sorted(os.listdir(hostile_corpus)) == listing


def test_folder_with_10000_tiny_files_scans_and_counts(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(10_000):
        (root / f"{i:05d}.txt").write_bytes(b"" if i % 2 else b"x")
    entries, skipped = scan(root)
    assert len(entries) + len(skipped) == 10_000
    assert len({e.rel for e in entries}) == len(entries)
