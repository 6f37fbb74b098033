"""Sources that tell the same story: the neighbours a coverage grid compares on a large corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.services.library import Library
from tui_reader.services.related import telling_words

HARBOUR = (
    "Harbour strike in Mombasa",
    "Dockworkers in Mombasa walked out on Monday. Union leader Achieng Odhiambo said the "
    "harbour authority had ignored wages for months. Shipping lines diverted containers.",
)
ELECTION = (
    "Runoff called in Montevideo",
    "Electoral officials in Montevideo announced a runoff. Candidate Valentina Bordaberry "
    "promised pensions reform; turnout reached a record among younger voters.",
)


def _write(folder: Path, name: str, title: str, body: str, extra: str) -> None:
    (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n\n{extra}\n", encoding="utf-8")


@pytest.fixture
def two_stories(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    fillers = [
        "Analysts expect further talks this week.",
        "Officials gave no timetable for what comes next.",
        "Reporters saw long queues outside the offices.",
    ]
    for n, filler in enumerate(fillers):
        _write(corpus, f"harbour-{n}", *HARBOUR, filler)
        _write(corpus, f"election-{n}", *ELECTION, filler)
    return corpus


def test_telling_words_put_names_first(two_stories: Path) -> None:
    library = Library(two_stories)
    library.update(None)
    words = telling_words(library.source("harbour-0"))
    assert words[0] == "mombasa"  # a name used twice outranks every other word
    assert {"odhiambo", "harbour"} <= set(words)
    assert "the" not in words and "had" not in words


def test_related_sources_tell_the_same_story(two_stories: Path) -> None:
    library = Library(two_stories)
    library.update(None)
    assert sorted(library.related("harbour-1", 2)) == ["harbour-0", "harbour-2"]
    assert sorted(library.related("election-0", 2)) == ["election-1", "election-2"]
    everything = library.related("harbour-1", 10)
    assert sorted(everything[:2]) == ["harbour-0", "harbour-2"]  # the same story first
    assert "harbour-1" not in everything
    assert len(everything) < 5  # a source sharing none of its telling words is not related
    assert library.related("harbour-1", 0) == []


def test_facts_over_chosen_sources_only(two_stories: Path) -> None:
    library = Library(two_stories)
    library.update(None)
    facts = library.facts(source_ids=["harbour-0", "harbour-1"])
    carriers = {source_id for fact in facts for source_id in fact.sources}
    assert carriers == {"harbour-0", "harbour-1"}


def test_cli_facts_near_a_source_compares_it_with_its_closest(
    two_stories: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from tui_reader import cli
    from tui_reader.services import related

    monkeypatch.setattr(related, "NEIGHBOURS", 2)
    assert cli.main(["facts", "--near", "harbour-1", "--json", "--corpus", str(two_stories)]) == 0
    out, _err = capsys.readouterr()
    carriers = {sid for line in out.splitlines() for sid in json.loads(line)["sources"]}
    assert carriers and carriers <= {"harbour-0", "harbour-1", "harbour-2"}
    # Too many sources and none named: one line, exit 2, not minutes of work.
    monkeypatch.setattr(cli, "MAX_FACT_SOURCES", 4)
    assert cli.main(["facts", "--corpus", str(two_stories)]) == 2
    _out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "--near SOURCE" in err
