"""A file that vanishes or changes between the scan and its read during indexing.

Behaviour: the vanished file is skipped with the reason "file vanished" (never a crash, never a
half entry); the changed file is indexed as read; the next update sees that the fingerprint
taken at scan time no longer matches and re-reads it, and drops the vanished one, so the index
ends equal to a clean build of the files as they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tui_reader.corpus.articles as corpus_module
from tui_reader.corpus.loader import FileEntry
from tui_reader.services.library import Library


def _write(root: Path) -> None:
    root.mkdir()
    for i in range(5):
        (root / f"{i}.txt").write_text(f"Story {i}\n\nThe council met about item uniq{i}x.\n")


def _passages(library: Library) -> list[tuple[str, str]]:
    return [
        (info.id, passage.text)
        for info in library.sources()
        for passage in library.backend.passages(info.id)
    ]


def test_file_vanishing_or_changing_between_scan_and_read_is_caught_up_next_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "c"
    _write(root)
    real_read = corpus_module.read_entry
    done: set[str] = set()

    def racing_read(entry: FileEntry) -> tuple[str, str, str | None]:
        # Another program acts after our scan, just before we read: once per file.
        if entry.rel not in done:
            done.add(entry.rel)
            if entry.rel == "1.txt":
                Path(entry.path).unlink()
            elif entry.rel == "2.txt":
                with Path(entry.path).open("a", encoding="utf-8") as handle:
                    handle.write("\nA later paragraph about zeppelins.\n")
        return real_read(entry)

    monkeypatch.setattr(corpus_module, "read_entry", racing_read)
    library = Library(root)
    stats = library.update()
    assert {(s.path, s.reason) for s in stats.skipped} == {("1.txt", "file vanished")}
    assert library.search("zeppelins").total == 1  # indexed as read
    assert library.search("uniq1x").total == 0
    monkeypatch.setattr(corpus_module, "read_entry", real_read)

    again = library.update()
    # 2.txt read again (its size differs from the scan-time fingerprint), 1.txt dropped.
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 1, 1, 3)
    assert not again.skipped
    assert library.search("zeppelins").total == 1 and library.search("uniq2x").total == 1
    library.close()

    clean_root = tmp_path / "clean"
    _write(clean_root)
    (clean_root / "1.txt").unlink()
    with (clean_root / "2.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA later paragraph about zeppelins.\n")
    clean = Library(clean_root)
    clean.update()
    assert _passages(Library(root)) == _passages(clean)
    clean.close()
