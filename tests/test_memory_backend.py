"""The in-memory index (used when the cache folder cannot hold one) reports what changed."""

from __future__ import annotations

from pathlib import Path

from tui_reader.index.memory import MemoryBackend


def test_reindexing_in_memory_reports_changes_not_a_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (corpus / f"{name}.txt").write_text(f"Title {name}\n\nBody of {name}.\n", encoding="utf-8")
    backend = MemoryBackend(corpus)
    first = backend.update()
    assert first.rebuilt and first.added == 3
    again = backend.update()
    assert not again.rebuilt and (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == 3
    (corpus / "a.txt").write_text("Title a\n\nBody of a.\n\nAnd one more passage.\n", "utf-8")
    (corpus / "c.txt").unlink()
    (corpus / "d.txt").write_text("Title d\n\nBody of d.\n", encoding="utf-8")
    changed = backend.update()
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (1, 1, 1, 1)
    assert [info.id for info in backend.sources()] == ["a", "b", "d"]
    backend.close()
