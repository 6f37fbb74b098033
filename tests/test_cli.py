"""The CLI contract: exact JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, object]], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return code, records, err


def test_sources_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, err = run(capsys, "sources", "--json")
    assert code == 0, err
    assert [r["id"] for r in records] == [
        "000_15444799d16b97f2",
        "001_bbe6e142eb0c3a87",
        "002_f61de47c43c6cb98",
        "003_df1a8881b1c4b02e",
        "004_ad5b41631710ae11",
    ]
    for record in records:
        assert set(record) == {"id", "path", "title", "passages", "words"}
        assert isinstance(record["passages"], int) and record["passages"] > 3
        assert isinstance(record["words"], int) and record["words"] > 300
        assert str(record["path"]).endswith(".txt")
    assert records[0]["title"] == "Ukraine Negotiators Meet in Florida After Moscow Talks: A Guide"


def test_passages_json_offsets_and_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = run(capsys, "passages", "003", "--json")
    assert code == 0
    assert records and all(set(r) == {"source", "passage", "text", "start", "end"} for r in records)
    assert [r["passage"] for r in records] == list(range(len(records)))
    assert all(r["source"] == "003_df1a8881b1c4b02e" for r in records)
    starts = [int(str(r["start"])) for r in records]
    assert starts == sorted(starts)
    for r in records:
        assert int(str(r["end"])) - int(str(r["start"])) == len(str(r["text"]))


def test_search_json_shape_rank_and_highlights(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = run(capsys, "search", "Pokrovsk", "--json")
    assert code == 0
    assert records, "Pokrovsk is in seeds 001 and 004"
    for r in records:
        assert set(r) == {"source", "passage", "score", "text", "highlights"}
        text = str(r["text"])
        spans = r["highlights"]
        assert isinstance(spans, list) and spans
        for start, end in spans:
            assert text[start:end].lower() == "pokrovsk"
    scores = [float(str(r["score"])) for r in records]
    assert scores == sorted(scores, reverse=True)
    assert {r["source"] for r in records} == {"001_bbe6e142eb0c3a87", "004_ad5b41631710ae11"}


def test_search_limit_and_zero_hits_is_success(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = run(capsys, "search", "Ukraine", "--limit", "3", "--json")
    assert code == 0 and len(records) == 3
    code, records, _ = run(capsys, "search", "xylophonequartz", "--json")
    assert code == 0 and records == []


def test_search_human_output_lists_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["search", "Witkoff"])
    out = capsys.readouterr().out
    assert code == 0
    assert "hits in" in out and "Witkoff" in out
    # Putin is in 25 passages of 4 sources; the top 5 come from fewer: never "5 ... in 4".
    assert main(["search", "Putin", "--limit", "5"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert re.fullmatch(r"25 hits · top 5 from [1-4] sources?", first), first
    assert main(["search", "Putin", "--limit", "100"]) == 0
    assert capsys.readouterr().out.startswith("25 hits in 4 sources")


def test_bad_query_gives_a_note_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", '"unbalanced (quote', "--json")
    assert code == 0
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["passages", "999"], "no source named"),
        (["passages", "00"], "matches 5 sources"),
        (["sources", "--corpus", "/nonexistent/folder"], "not found"),
        (["search", "x", "--limit", "0"], "--limit"),
        (["where", "   "], "phrase"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_index_reports_counts_then_nothing_to_do(
    capsys: pytest.CaptureFixture[str], corpus_copy: Path
) -> None:
    code, records, _ = run(capsys, "index", "--corpus", str(corpus_copy), "--json")
    assert code == 0
    assert records[0]["added"] == 5
    code, records, _ = run(capsys, "index", "--corpus", str(corpus_copy), "--json")
    assert records[0]["unchanged"] == 5 and records[0]["added"] == 0
    (corpus_copy / "000_15444799d16b97f2.txt").unlink()
    code, records, _ = run(capsys, "index", "--corpus", str(corpus_copy), "--json")
    assert records[0]["removed"] == 1 and records[0]["unchanged"] == 4
    code, records, _ = run(capsys, "index", "--corpus", str(corpus_copy), "--rebuild", "--json")
    assert records[0]["rebuilt"] is True and records[0]["added"] == 4


def test_index_human_output(capsys: pytest.CaptureFixture[str], corpus_copy: Path) -> None:
    code = main(["index", "--corpus", str(corpus_copy)])
    out = capsys.readouterr().out
    assert code == 0
    assert "added 5" in out and "unchanged 0" in out


def test_reader_without_terminal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([])  # pytest's stdin is not a terminal
    err = capsys.readouterr().err
    assert code == 2
    assert "terminal" in err and len(err.strip().splitlines()) == 1


def test_reader_on_missing_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/folder"]) == 2
    assert "not found" in capsys.readouterr().err


def _modules_after(code: str) -> set[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    return set(out.split())


def test_cli_json_path_never_imports_textual_or_rich() -> None:
    modules = _modules_after(
        "import sys, io, contextlib\n"
        "from tui_reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['search', 'Putin', '--json'])\n"
        "print(' '.join(sys.modules))"
    )
    assert "tui_reader.services.library" in modules
    assert not any(m == "textual" or m.startswith("textual.") for m in modules)
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)


def test_core_never_imports_ui_toolkits() -> None:
    modules = _modules_after(
        "import sys\n"
        "import tui_reader.corpus, tui_reader.services.library, tui_reader.services.search\n"
        "print(' '.join(sys.modules))"
    )
    assert not any(m.split(".")[0] in {"textual", "rich"} for m in modules)
