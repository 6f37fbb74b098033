"""Hostile names and contents reach CLI output literally: no escapes, no markup, one line each."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main

from .conftest import HOSTILE_NAMES

ESC = "\x1b"


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run the CLI with strict UTF-8 streams, as on a UTF-8 terminal or pipe."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(list(args))
    texts = []
    for stream in (out, err):
        stream.flush()
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        texts.append(buffer.getvalue().decode("utf-8"))
    return code, texts[0], texts[1]


def _id_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "passage" in line]


def test_json_output_with_undecodable_file_names_is_valid_utf8(
    monkeypatch: pytest.MonkeyPatch, hostile_corpus: Path
) -> None:
    code, out, err = _run(monkeypatch, "sources", "--json", "--corpus", str(hostile_corpus))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(HOSTILE_NAMES)
    # The escaped id round-trips to the very file name (os.fsdecode form).
    paths = {Path(hostile_corpus, r["path"]) for r in records}
    assert all(p.exists() for p in paths)
    code, out, err = _run(monkeypatch, "search", "zebra", "--json", "--corpus", str(hostile_corpus))
    assert code == 0, err
    assert len(out.splitlines()) == len(HOSTILE_NAMES)


@pytest.mark.parametrize("command", [["search", "zebra"], ["where", "The zebra crossed the river"]])
def test_hostile_file_names_in_cli_human_output_are_one_visible_line(
    monkeypatch: pytest.MonkeyPatch, hostile_corpus: Path, command: list[str]
) -> None:
    code, out, err = _run(monkeypatch, *command, "--corpus", str(hostile_corpus))
    assert code == 0, err
    assert ESC not in out and "\x07" not in out and "\u202e" not in out
    lines = _id_lines(out)
    assert len(lines) == len(HOSTILE_NAMES)  # "new\nline" did not split its header line
    assert any("[bold]x[@click=app.quit]" in line for line in lines)  # markup shown literally
    assert any("<0xFF><0xFE>" in line for line in lines)
    assert any("␛[31m" in line for line in lines)


def test_hostile_file_names_in_sources_table_are_one_visible_row(
    monkeypatch: pytest.MonkeyPatch, hostile_corpus: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = _run(monkeypatch, "sources", "--corpus", str(hostile_corpus))
    assert code == 0, err
    assert ESC not in out and "\u202e" not in out
    rows = [line for line in out.splitlines() if "Headline" in line]
    assert len(rows) == len(HOSTILE_NAMES)
    assert any("new␊line" in row for row in rows)


def test_hostile_file_contents_in_cli_human_output_are_literal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    body = (
        "Evil\n\nzebra \x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07 \x9b31m c1 \u202eevil\u202c "
        "[bold red]markup[/] [@click=app.quit]click[/] \x01\x07\x08 done.\n"
    )
    (root / "a.txt").write_text(body + "x" * 1_000_000 + "\n")  # and a 1 MB line
    (root / "b.txt").write_text(body)
    for command in (["search", "zebra"], ["passages", "b"], ["compare", "a", "b"]):
        code, out, err = _run(monkeypatch, *command, "--corpus", str(root))
        assert code == 0, (command, err)
        for bad in (ESC, "\x9b", "\u202e", "\x07", "\x00", "\x08"):
            assert bad not in out, (command, bad)
        assert "[bold" in out and "[@click" in out  # markup shown, not parsed
