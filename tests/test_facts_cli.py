"""`tui-reader facts`: exact JSON shape, filters, formats, and no Rich on the --json path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.models import Passage, Source
from tui_reader.render.facts import facts_markdown, render_facts_table, short_ids
from tui_reader.services.facts import extract_facts

S000, S001, S004 = "000_15444799d16b97f2", "001_bbe6e142eb0c3a87", "004_ad5b41631710ae11"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, object]], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.startswith("{")], err


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, err = run(capsys, "facts", "--json")
    assert code == 0, err
    assert len(records) > 50
    for r in records:
        assert set(r) == {"kind", "text", "sources", "variants"}
        assert r["kind"] in ("number", "name", "quote")
        assert isinstance(r["text"], str) and r["text"]
        sources = r["sources"]
        assert isinstance(sources, dict) and sources
        for passages in sources.values():
            assert isinstance(passages, list) and passages == sorted(passages)
            assert all(isinstance(n, int) for n in passages)
        assert isinstance(r["variants"], list) and r["variants"]
    by_text = {str(r["text"]): r for r in records}
    km2 = by_text["701 km²"]
    assert set(km2["sources"]) == {S000, S001}  # type: ignore[arg-type]
    assert set(km2["variants"]) >= {"approximately 701 sq km", "approximately 701 km²"}  # type: ignore[arg-type]


def test_passage_numbers_point_at_the_passage_that_says_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, facts, _ = run(capsys, "facts", "--json", "--kind", "number")
    _, passages, _ = run(capsys, "passages", "004", "--json")
    text = {int(str(p["passage"])): str(p["text"]) for p in passages}
    plan = next(f for f in facts if f["text"] == "28-point plan")
    (ordinal,) = plan["sources"][S004]  # type: ignore[index]
    assert "28-point" in text[ordinal]


def test_only_and_missing(capsys: pytest.CaptureFixture[str]) -> None:
    _, only, _ = run(capsys, "facts", "--json", "--only", "004", "--kind", "number")
    assert {str(r["text"]) for r in only} == {"28-point plan", "5,660 missiles", "2%"}
    assert all(list(r["sources"]) == [S004] for r in only)  # type: ignore[call-overload]
    _, missing, _ = run(capsys, "facts", "--json", "--missing", "000", "--kind", "name")
    assert missing and all(S000 not in r["sources"] for r in missing)  # type: ignore[operator]
    counts = [len(r["sources"]) for r in missing]  # type: ignore[arg-type]
    assert counts == sorted(counts, reverse=True)
    assert "Kyiv" in {r["text"] for r in missing}


def test_kind_filter_and_dates(capsys: pytest.CaptureFixture[str]) -> None:
    _, quotes, _ = run(capsys, "facts", "--json", "--kind", "quote")
    assert quotes and {r["kind"] for r in quotes} == {"quote"}
    _, dates, _ = run(capsys, "facts", "--json", "--kind", "date")
    assert {"2027", "February 2022"} <= {str(r["text"]) for r in dates}


def test_disagree_filter_is_empty_on_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    # The seeds agree on every figure they share ("nearly five hours" = "five-hour").
    code, records, _ = run(capsys, "facts", "--json", "--disagree")
    assert code == 0 and records == []


def test_unknown_source_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "facts", "--only", "nope")
    assert code == 2 and "no source named 'nope'" in err
    assert err.count("\n") == 1


def test_text_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["facts", "--kind", "number"])
    out = capsys.readouterr().out
    assert code == 0 and "701 km²" in out and "✓" in out and "000" in out
    code = main(["facts", "--format", "markdown", "--kind", "name"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Who reports what")
    assert "| Vladimir Putin | ✓ | ✓ |  | ✓ | ✓ | 4 | person |" in out


def _source(source_id: str, text: str) -> Source:
    passage = Passage(source_id, 0, text, 0, len(text))
    return Source(source_id, Path(source_id), source_id, text, text, (passage,))


def test_renderers_keep_file_text_inert() -> None:
    evil = _source("a\x1b[2Jx", 'Officials said "[bold]pwned[/bold] | by \x1b[31m red text" today.')
    other = _source("b", 'Officials said "[bold]pwned[/bold] | by red text" today.')
    facts = extract_facts([evil, other], kinds=("quote",))
    assert facts
    md = facts_markdown(facts, ["a\x1b[2Jx", "b"])
    assert "\x1b" not in md and "\\|" in md
    from rich.console import Console

    console = Console(record=True, width=120, color_system=None)
    console.print(render_facts_table(facts, ["a\x1b[2Jx", "b"]))
    shown = console.export_text()
    assert "\x1b" not in shown and "[bold]pwned[/bold]" in shown


def test_short_ids() -> None:
    assert short_ids(["000_a", "001_b"]) == {"000_a": "000", "001_b": "001"}
    assert short_ids(["abcd1", "abcd2"]) == {"abcd1": "abcd1", "abcd2": "abcd2"}


def test_facts_json_never_imports_rich_or_textual() -> None:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    code = (
        "import sys, io, contextlib\n"
        "from tui_reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['facts', '--json'])\n"
        "print(' '.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    modules = set(out.split())
    assert "tui_reader.services.facts" in modules
    assert not any(m.split(".")[0] in {"rich", "textual"} for m in modules)
