"""Very long lines (1 MB without a newline) are cut into passages of bounded size.

Behaviour: no passage is longer than ``MAX_PASSAGE_CHARS``; a long line is cut at a sentence end
when there is one in the second half of the allowed length, else at white space, else hard; a
huge table is cut between rows. Pieces keep the kind of the passage they come from, and
together they hold every character of it (only white space at the cuts is dropped). Without the
bound a 1 MB line was one passage: one search hit, and a widget the app re-rendered whole on
every mark (seconds per key).
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.corpus import build_source, segment
from tui_reader.corpus.segment import MAX_PASSAGE_CHARS, split_passages


def _check(text: str, passages: list[tuple[int, int, str]], bound: int) -> None:
    previous = 0
    for start, end, _kind in passages:
        assert 0 <= previous <= start < end <= len(text)
        assert end - start <= bound
        piece = text[start:end]
        assert piece == piece.strip()
        assert not text[previous:start].strip()  # nothing but white space between pieces
        previous = end
    non_space = "".join(text.split())
    assert "".join("".join(text[s:e].split()) for s, e, _k in passages) == non_space


def test_one_megabyte_line_of_words_becomes_bounded_passages() -> None:
    line = ("The zebra crossed the river today. " * 30_000)[:1_000_000]
    source = build_source("long", Path("long.txt"), "Long\n\n" + line)
    assert len(source.passages) > 200
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in source.passages)
    assert all(p.text.endswith("today.") for p in source.passages[:-1])  # at sentence ends
    _check(source.text, [(p.start, p.end, p.kind) for p in source.passages], MAX_PASSAGE_CHARS)
    for passage in source.passages:
        assert source.text[passage.start : passage.end] == passage.text


def test_one_megabyte_word_is_cut_hard_at_the_bound() -> None:
    text = "x" * 1_000_000
    passages = split_passages(text)
    assert [e - s for s, e, _k in passages] == [MAX_PASSAGE_CHARS] * 250
    _check(text, passages, MAX_PASSAGE_CHARS)


def test_huge_table_is_cut_between_rows() -> None:
    text = "| a | b |\n" * 5_000
    passages = split_passages(text)
    assert len(passages) > 1 and all(kind == "table" for _s, _e, kind in passages)
    for start, end, _kind in passages:
        piece = text[start:end]
        assert piece.startswith("|") and piece.endswith("|")
    _check(text, passages, MAX_PASSAGE_CHARS)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(
        st.sampled_from(["word ", "x", "Mr. ", "A. ", "end. ", "Next ", "\n", "| r |\n", " ", "é"]),
        max_size=200,
    ).map("".join),
    st.integers(min_value=4, max_value=40),
)
def test_property_any_text_is_cut_into_pieces_within_the_bound(text: str, bound: int) -> None:
    with mock.patch.object(segment, "MAX_PASSAGE_CHARS", bound):
        passages = split_passages(text)
    _check(text, passages, bound)
    assert all(re.search(r"\S", text[s:e]) for s, e, _k in passages)
