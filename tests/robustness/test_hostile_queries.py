"""Every hostile query of issue 7, end to end through the CLI: results or one clear line.

Behaviour: the query is bounded (1,000 characters, 64-character words, 32 terms, depth 8),
rewritten where our language cannot take it, and the rewrite is said in one ``note:`` line on
stderr; exit code 0, never a traceback, never a control character on the terminal. Timings are
measured in ``benchmarks/bench_hostile_queries.py``, not asserted here; a thread guard only turns
a hang into a failure instead of a stuck suite.
"""

from __future__ import annotations

import io
import json
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui_reader.cli import main
from tui_reader.services.query import MAX_CHARS, parse_query

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
HANG_GUARD_SECONDS = 60.0

HOSTILE_QUERIES = {
    "empty": "",
    "whitespace": " \t  ",
    "only operators": "AND OR NOT",
    "not not x": "NOT NOT putin",
    "x andnot andnot y": "putin ANDNOT ANDNOT trump",
    "unbalanced quote": '"peace talks',
    "unbalanced quotes": 'peace" talks" "',
    "stray closing curly quote": "putin”",
    "curly quotes unbalanced": "“peace talks” putin” “",
    "unbalanced open parens": "((putin OR trump",
    "unbalanced close parens": "putin)) OR trump)",
    "5000 nested parens": "(" * 5000 + "putin" + ")" * 5000,
    "100000 char word": "a" * 100_000,
    "star": "*",
    "double star": "**",
    "leading wildcard": "*ion",
    "inner wildcards": "*a*",
    "one letter prefix": "g*",
    "fuzzy 9": "putin~9",
    "range": "[a TO z]",
    "range braces": "{2020 TO 2025}",
    "unknown field": "author:smith",
    "unknown field range": "date:[2020 TO 2025]",
    "control characters": "\x1b[31mputin\x07\x00\x9b2J\x08",
    "emoji": "🔥🚀 putin 👍🏽",
    "rtl arabic": "الشرطة والجيش",
    "rtl hebrew with override": "\u202eשלום\u202c Kremlin",
}


def _guarded(action: Callable[[], Any]) -> Any:
    """Run ``action``; fail (instead of hanging the suite) if it never returns."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = action()
        except BaseException as error:
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_SECONDS)
    assert not thread.is_alive(), "no answer: the query hangs"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-query-cache")


@pytest.fixture
def seeds_index(private_dirs: None, module_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds corpus with one index shared by the tests of this module."""
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(module_cache))
    return SEEDS


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = _guarded(lambda: main(list(args)))
    texts = []
    for stream in (out, err):
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        texts.append(buffer.getvalue().decode("utf-8"))
    return code, texts[0], texts[1]


def test_stray_closing_curly_quote_does_not_hang_the_parser() -> None:
    # "putin”" used to loop forever in the lexer (a stop character no branch consumed).
    for text in ("putin”", "”", "a ” b", "“x” y”", "”" * 500):
        parsed = _guarded(lambda text=text: parse_query(text))
        assert parsed.notice is not None and "closing quote" in parsed.notice


@pytest.mark.parametrize("text", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_hostile_query_in_the_cli_gives_results_or_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, seeds_index: Path, text: str
) -> None:
    code, out, err = _cli(monkeypatch, "search", text, "--corpus", str(seeds_index))
    assert code == 0, err
    assert "Traceback" not in err
    notes = err.splitlines()
    assert len(notes) <= 1, notes
    assert all(line.startswith("tui-reader: note: ") for line in notes)
    lines = out.splitlines()
    assert lines and re.match(
        r"\d[\d,]* hits?( in| · top \d+ from) \d[\d,]* sources?\b", lines[0]
    ), lines[:1]
    for bad in ("\x1b", "\x07", "\x00", "\x9b", "\x08", "\u202e"):
        assert bad not in out + err, bad


@pytest.mark.parametrize(
    "text", ["NOT NOT putin", "putin”", "(" * 5000 + "putin", "x" * 100_000, "\x1b[2Jputin"]
)
def test_hostile_query_in_the_cli_json_is_valid_lines(
    monkeypatch: pytest.MonkeyPatch, seeds_index: Path, text: str
) -> None:
    code, out, err = _cli(monkeypatch, "search", text, "--json", "--corpus", str(seeds_index))
    assert code == 0, err
    for line in out.splitlines():
        record = json.loads(line)
        assert {"source", "passage", "text", "highlights"} <= set(record)
        for start, end in record["highlights"]:
            assert 0 <= start < end <= len(record["text"])
    assert len(err.splitlines()) <= 1


def test_a_query_cut_before_its_word_says_so() -> None:
    parsed = parse_query("(" * 5000 + "putin" + ")" * 5000)
    assert parsed.root is None
    assert parsed.notice is not None and f"{MAX_CHARS:,}" in parsed.notice
    assert parse_query("AND OR NOT").notice == "The query has only operators: nothing to search"
