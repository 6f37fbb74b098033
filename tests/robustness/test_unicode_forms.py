"""NFD text (as macOS tools write it) gives the same results as NFC: files, queries, names.

Behaviour: files are read as NFC (loader), ``clean`` makes any text NFC, queries and where-else
statements are NFC before they are parsed, and a source name typed in one form finds a file
named in the other.
"""

from __future__ import annotations

import io
import json
import os
import sys
import unicodedata
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.corpus import build_source
from tui_reader.index.memory import MemoryBackend
from tui_reader.services.library import Library


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


BODY = (
    "Herr Müller met the café owner in Zürich on Tuesday.\n\n"
    "Đorđe Škrtić told Señora Núñez that the Ærøskøbing ferry was late.\n\n"
    "Tiếng Việt and Ελληνικά are in the last line, with Łódź.\n"
)
QUERIES = ["Müller", "café", "Zürich", "Škrtić", "Núñez", '"café owner"', "Mül*", "Tiếng", "Łódź"]


@pytest.fixture
def two_forms(tmp_path: Path) -> Path:
    """``composed.txt`` holds NFC text, ``decomposed.txt`` the same text in NFD bytes."""
    root = tmp_path / "forms"
    root.mkdir()
    (root / "composed.txt").write_bytes(nfc("Composed\n\n" + BODY).encode("utf-8"))
    (root / "decomposed.txt").write_bytes(nfd("Decomposed\n\n" + BODY).encode("utf-8"))
    assert nfd(BODY) != nfc(BODY)
    return root


def _answers(library: Library, query: str) -> tuple[int, list[tuple[str, int, object]]]:
    result = library.search(query)
    assert result.notice is None, (query, result.notice)
    return result.total, sorted((h.source_id, h.ordinal, h.highlights) for h in result.hits)


@pytest.mark.parametrize("backend", ["disk", "memory"])
def test_nfd_file_and_nfd_query_give_the_same_results_as_nfc(two_forms: Path, backend: str) -> None:
    library = Library(two_forms, MemoryBackend(two_forms) if backend == "memory" else None)
    library.update()
    for query in QUERIES:
        total, hits = _answers(library, nfc(query))
        assert total == 2, query  # the NFD file matches the NFC query
        assert {sid for sid, _o, _h in hits} == {"composed", "decomposed"}
        # same passage, same highlight offsets in both files
        by_source = {sid: (ordinal, spans) for sid, ordinal, spans in hits}
        assert by_source["composed"] == by_source["decomposed"], query
        assert _answers(library, nfd(query)) == (total, hits), query  # NFD query: same answer
    library.close()


def test_nfd_article_cleans_and_segments_like_nfc(tmp_path: Path) -> None:
    composed = build_source("a", tmp_path / "a.txt", nfc("Title\n\n" + BODY))
    decomposed = build_source("a", tmp_path / "a.txt", nfd("Title\n\n" + BODY))
    assert decomposed.text == composed.text
    assert [(p.start, p.end, p.sentences) for p in decomposed.passages] == [
        (p.start, p.end, p.sentences) for p in composed.passages
    ]


def test_where_else_with_an_nfd_statement_finds_nfc_passages(two_forms: Path) -> None:
    library = Library(two_forms)
    library.update()
    sentence = "Herr Müller met the café owner in Zürich on Tuesday."
    expected = sorted(h.source_id for h in library.where(nfc(sentence)))
    assert expected == ["composed", "decomposed"]
    assert sorted(h.source_id for h in library.where(nfd(sentence))) == expected
    library.close()


def test_source_named_in_nfd_is_found_by_its_nfc_name_and_back(tmp_path: Path) -> None:
    root = tmp_path / "names"
    root.mkdir()
    (root / nfd("Zürich report.txt")).write_text("Report\n\nThe lake was calm.\n")
    (root / nfc("Málaga notes.txt")).write_text("Notes\n\nThe port was busy.\n")
    library = Library(root)
    library.update()
    assert library.resolve(nfc("Zürich report")) == nfd("Zürich report")
    assert library.resolve(nfc("Zü")) == nfd("Zürich report")  # a prefix too
    assert library.resolve(nfd("Málaga notes")) == nfc("Málaga notes")
    library.close()


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("form", [nfc, nfd], ids=["nfc-query", "nfd-query"])
def test_cli_search_and_where_in_either_form_find_both_files(
    monkeypatch: pytest.MonkeyPatch, two_forms: Path, form: object
) -> None:
    assert callable(form)
    corpus = str(two_forms)
    code, out, err = _cli(monkeypatch, "search", form("Škrtić Núñez"), "--json", "--corpus", corpus)
    assert code == 0, err
    assert sorted(json.loads(line)["source"] for line in out.splitlines()) == [
        "composed",
        "decomposed",
    ]
    sentence = form("Herr Müller met the café owner in Zürich on Tuesday.")
    code, out, err = _cli(monkeypatch, "where", sentence, "--json", "--corpus", corpus)
    assert code == 0, err
    assert sorted(json.loads(line)["source"] for line in out.splitlines()) == [
        "composed",
        "decomposed",
    ]


def test_cli_passages_finds_an_nfd_file_name_typed_in_nfc(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "names"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), nfd("Zürich.txt").encode("utf-8")), "wb") as f:
        f.write(b"Report\n\nThe lake was calm.\n")
    code, out, err = _cli(monkeypatch, "passages", nfc("Zürich"), "--corpus", str(root))
    assert code == 0, err
    assert "The lake was calm." in out


def test_the_written_out_mark_class_is_what_this_python_computes() -> None:
    from tui_reader.corpus import tokens

    assert tokens._mark_class() == tokens._MARKS


def test_words_with_combining_marks_stay_one_word(tmp_path: Path) -> None:
    from tui_reader.corpus import tokenize

    for word in ("مَرحبا", "שָׁלוֹם", "हिन्दी", "x\u0301yz"):
        assert len(tokenize(word)) == 1, (word, tokenize(word))
    root = tmp_path / "marks"
    root.mkdir()
    (root / "ar.txt").write_text("Greeting\n\nقال مَرحبا للجميع.\n", encoding="utf-8")
    library = Library(root)
    library.update()
    assert library.search("مرحبا").total == 1  # typed without harakat
    library.close()
