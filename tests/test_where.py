"""Where else a statement appears: exact and near hits over the seeds, one passage per source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.index.store import WhooshBackend
from tui_reader.models import Hit
from tui_reader.services.where import _statement, find_where, verify

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
S000 = "000_15444799d16b97f2"
S001 = "001_bbe6e142eb0c3a87"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshBackend]:
    backend = WhooshBackend(SEEDS, tmp_path_factory.mktemp("where-index") / "idx")
    backend.update()
    yield backend
    backend.close()


def passage(backend: WhooshBackend, source_id: str, ordinal: int) -> str:
    return backend.passages(source_id)[ordinal].text


def test_phrase_found_exactly_in_the_sources_that_carry_it(seeds: WhooshBackend) -> None:
    hits = find_where(seeds, "as many times as needed")
    assert {h.source_id for h in hits} == {S000, S001}
    assert all(h.kind == "exact" and h.score == 1.0 for h in hits)
    for h in hits:
        assert h.span is not None
        assert h.text[h.span[0] : h.span[1]].lower() == "as many times as needed"


def test_case_punctuation_names_and_numbers_do_not_matter(seeds: WhooshBackend) -> None:
    hits = find_where(seeds, "AS MANY TIMES, as needed!")
    assert {h.source_id for h in hits} == {S000, S001}
    hits = find_where(seeds, "seizing approximately 701 square kilometres")
    assert [(h.source_id, h.kind) for h in hits] == [(S000, "exact")]


def test_near_verbatim_phrase(seeds: WhooshBackend) -> None:
    hits = find_where(seeds, "as many times as is needed")
    assert {h.source_id for h in hits} == {S000, S001}
    assert all(h.kind == "near" and 0.8 <= h.score < 1.0 for h in hits)


def test_whole_passage_finds_its_statement_in_another_source(seeds: WhooshBackend) -> None:
    sybiha = passage(seeds, S001, 3)
    assert "end the bloodshed" in sybiha
    hits = find_where(seeds, sybiha, exclude=S001)
    assert [(h.source_id, h.ordinal, h.kind) for h in hits] == [(S000, 3, "near")]
    span = hits[0].span
    assert span is not None and "end the bloodshed" in hits[0].text[span[0] : span[1]]
    # Without exclude, the passage itself is the best (exact) hit.
    assert find_where(seeds, sybiha)[0].source_id == S001


def test_nonsense_finds_nothing(seeds: WhooshBackend) -> None:
    assert find_where(seeds, "purple elephants juggle quantum marmalade on Saturn") == []
    assert find_where(seeds, "") == []
    assert find_where(seeds, "the of and") == []


def test_common_words_scattered_in_a_passage_are_not_a_hit(seeds: WhooshBackend) -> None:
    # Every word occurs in the seeds, never in this order or this close together.
    assert find_where(seeds, "Europe needed war times Kremlin") == []


def test_verify_unit_cases() -> None:
    text = "Putin said he was “ready for war” with Europe, Zelenskyy told reporters in Kyiv."
    hit = Hit("s", 0, 1.0, text)
    found = verify(_statement("Zelensky told reporters in Kyiv") or pytest.fail(), hit)
    assert found is not None and found.kind == "exact"
    assert (
        found.span is not None
        and text[found.span[0] : found.span[1]] == "Zelenskyy told reporters in Kyiv"
    )
    assert verify(_statement("Zelensky told journalists in Lviv") or pytest.fail(), hit) is None


def test_cli_where_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["where", "as many times as needed", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["source"] for r in records} == {S000, S001}
    for r in records:
        assert set(r) == {"source", "passage", "text", "kind", "score"}
        assert r["kind"] in ("exact", "near")


def test_cli_where_counts_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["where", "as many times as needed"]) == 0
    assert capsys.readouterr().out.startswith("2 sources carry it")
    assert main(["where", "Kirill Dmitriev arrived in Florida"]) == 0
    assert capsys.readouterr().out.startswith("1 source carries it")


def test_verify_sees_figures_glued_to_units_and_us_as_a_name() -> None:
    text = "Brussels proposed a €45bn loan, and the US backed it within 12km of the border."
    hit = Hit("s", 0, 1.0, text)
    found = verify(_statement("a €45 billion loan") or pytest.fail(), hit)
    assert found is not None and found.kind == "exact"
    assert found.span is not None and text[found.span[0] : found.span[1]] == "a €45bn loan"
    found = verify(_statement("the U.S. backed it") or pytest.fail(), hit)
    assert found is not None and found.kind == "exact"
    found = verify(_statement("the United States backed it") or pytest.fail(), hit)
    assert found is not None and found.kind == "exact"
    other = verify(_statement("a €54 billion loan") or pytest.fail(), hit)
    assert other is None or other.kind == "near"  # another figure is never an exact hit
