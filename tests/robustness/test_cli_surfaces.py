"""The CLI's human output for the surfaces not covered in ``test_display_safety.py``: facts
(table and markdown), index (skipped files), compare headers, and error lines that name files
(an ambiguous name, a file that vanished since indexing). Names stay visible and on one line;
nothing that drives a terminal is written; markup is printed as text."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main

DRIVES_A_TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NAMES = {
    "markup": b"[bold]x[@click=app.quit]y[link=https:]z.txt",
    "escape": b"esc\x1b[31mred\x1b]0;pwned\x07.txt",
    "escape2": b"esc\x1b]8;;http:evil\x07two.txt",
    "bidi": b"bidi\xe2\x80\xaeevil.txt",
    "c1": b"c1\xc2\x9bname.txt",
    "newline": b"new\nline.txt",
}
BODY = (
    "Officials said 1,200 troops moved to Pokrovsk, Olek Zhovberg said.\n\n"
    "“We will [bold]not[/bold] \x1b[31mretreat\x1b[0m,” said Olek Zhovberg on Tuesday.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "cli-surfaces"
    root.mkdir()
    for i, name in enumerate(NAMES.values()):
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(f"Title {i} [b]x[/b]\n\n{BODY}".encode())
    with open(os.path.join(os.fsencode(root), b"bin\x1b[2Jary\xff.txt"), "wb") as handle:
        handle.write(b"\x00\x01binary")
    return root


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """The CLI with strict UTF-8 streams (a lone surrogate would raise), wide columns."""
    monkeypatch.setenv("COLUMNS", "250")
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(list(args))
    texts = []
    for stream in (out, err):
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        texts.append(buffer.getvalue().decode("utf-8"))
    return code, texts[0], texts[1]


def _safe(text: str) -> None:
    bad = DRIVES_A_TERMINAL.search(text)
    assert bad is None, repr(bad.group()) if bad else None


def test_cli_facts_table_and_markdown_show_hostile_names_and_facts_literally(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    code, out, err = _run(monkeypatch, "facts", "--corpus", str(corpus))
    assert code == 0, err
    _safe(out + err)
    assert "[bold]not[/bold]" in out  # a quotation holding markup, as written
    assert "1,200" in out
    code, out, err = _run(monkeypatch, "facts", "--format", "markdown", "--corpus", str(corpus))
    assert code == 0, err
    _safe(out + err)
    assert "[bold]not[/bold]" in out or "\\[bold\\]not" in out


def test_cli_index_lists_a_skipped_hostile_name_on_one_visible_line(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    code, out, err = _run(monkeypatch, "index", "--corpus", str(corpus))
    assert code == 0, err
    _safe(out + err)
    skipped = [line for line in out.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 1 and skipped[0].startswith("skipped bin␛[2Jary<0xFF>.txt: binary")


def test_cli_compare_headers_show_hostile_names_visibly(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    code, out, err = _run(monkeypatch, "compare", "[bold]", "bidi", "--corpus", str(corpus))
    assert code == 0, err
    _safe(out + err)
    assert "[bold]x[@click=app.quit]y[link=https:]z" in out
    assert "bidi<U+202E>evil" in out


def test_cli_ambiguous_name_error_shows_the_names_visibly(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    # "esc" matches two names with escape sequences: the error lists both.
    code, out, err = _run(monkeypatch, "passages", "esc", "--corpus", str(corpus))
    assert code == 2
    _safe(out + err)
    lines = err.splitlines()
    assert len(lines) == 1 and "matches 2 sources" in lines[0]
    assert "esc␛[31mred␛]0;pwned␇" in lines[0] and "esc␛]8;;http:evil␇two" in lines[0]


def test_cli_vanished_hostile_file_error_is_one_visible_line(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    code, _out, err = _run(monkeypatch, "index", "--corpus", str(corpus))
    assert code == 0, err
    # Gone after indexing, before reading: the manifest still lists it until the next update.
    from tui_reader.services.library import Library, UnknownSource

    library = Library(corpus)
    os.remove(os.path.join(os.fsencode(corpus), NAMES["escape"]))
    with pytest.raises(UnknownSource) as raised:
        library.source(os.fsdecode(NAMES["escape"]).removesuffix(".txt"))
    message = str(raised.value)
    _safe(message)
    assert message.startswith("esc␛[31mred␛]0;pwned␇.txt: ") and "\n" not in message
    # And the newline name: one line too.
    os.remove(os.path.join(os.fsencode(corpus), NAMES["newline"]))
    with pytest.raises(UnknownSource) as raised:
        library.source("new\nline")
    assert "\n" not in str(raised.value) and "new␊line.txt" in str(raised.value)
