"""The query language: grammar, rewrites with a notice, and bounds for any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.services.query import (
    MAX_CHARS,
    MAX_DEPTH,
    MAX_TERMS,
    MAX_WORD,
    And,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Term,
    parse_query,
    walk,
)


def root(text: str, **kwargs: bool) -> object:
    return parse_query(text, **kwargs).root


def test_plain_words_are_anded_and_folded() -> None:
    assert root("Putin KREMLIN") == And((Term("putin"), Term("kremlin")))
    assert root("Zelénsky") == Term("zelensky")
    assert parse_query("putin kremlin").notice is None


def test_operators() -> None:
    assert root("putin AND kremlin") == And((Term("putin"), Term("kremlin")))
    assert root("putin OR trump") == Or((Term("putin"), Term("trump")))
    assert root("putin NOT trump") == And((Term("putin"), Not(Term("trump"))))
    assert root("putin -trump") == And((Term("putin"), Not(Term("trump"))))
    assert root("(putin OR trump) AND witkoff") == And(
        (Or((Term("putin"), Term("trump"))), Term("witkoff"))
    )


def test_precedence_and_binds_tighter_than_or() -> None:
    assert root("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))


def test_lowercase_operators_are_words() -> None:
    assert root("war and peace") == And((Term("war"), Term("and"), Term("peace")))


def test_phrases_keep_stop_words() -> None:
    assert root('"end of the war"') == Phrase(("end", "of", "the", "war"))
    assert root('"Kremlin"') == Phrase(("kremlin",))


def test_prefix() -> None:
    assert root("governm*") == Term("governm", prefix=True)
    assert root("Pokr*") == Term("pokr", prefix=True)


def test_as_you_type_adds_a_prefix_to_the_last_bare_word_only() -> None:
    typing = Or((Term("pok"), Term("pok", prefix=True)))
    assert root("pok", as_you_type=True) == typing
    assert root("putin pok", as_you_type=True) == And((Term("putin"), typing))
    assert root("pok ", as_you_type=True) == Term("pok")
    assert root('"end the"', as_you_type=True) == Phrase(("end", "the"))
    assert root("putin -pok", as_you_type=True) == And((Term("putin"), Not(Term("pok"))))
    assert root("pok*", as_you_type=True) == Term("pok", prefix=True)


def test_multi_token_word_becomes_a_phrase_of_its_tokens() -> None:
    node = root("well-known")
    assert node in (Phrase(("well", "known")), Term("well-known"))


def test_positives_skip_negated_items() -> None:
    parsed = parse_query('putin "end the war" -trump (a OR b*)')
    assert parsed.positives() == (
        Term("putin"),
        Phrase(("end", "the", "war")),
        Term("a"),
        Term("b", prefix=True),
    )


@pytest.mark.parametrize(
    ("text", "expected", "says"),
    [
        ('"unbalanced (quote', Phrase(("unbalanced", "quote")), "quote"),
        ("(putin OR trump", Or((Term("putin"), Term("trump"))), ")"),
        ("putin) trump", And((Term("putin"), Term("trump"))), ")"),
        ("*ion", Term("ion"), "leading wildcard"),
        ("gov*ment", Term("gov", prefix=True), "inside a word"),
        ("wom?n", Term("wom", prefix=True), "inside a word"),
        ("putin~9", Term("putin"), "fuzzy"),
        ("putin^4", Term("putin"), "boost"),
        ('"end the war"~3', Phrase(("end", "the", "war")), "after the phrase"),
        ("[a TO b]", And((Term("a"), Term("b"))), "range"),
        ("{2020 TO 2024}", And((Term("2020"), Term("2024"))), "range"),
        ("title:putin", And((Term("title"), Term("putin"))), "field:value"),
        ("AND OR NOT", None, "only operators"),
        ("NOT NOT putin", Term("putin"), "cancel"),
        ("x ANDNOT ANDNOT y", And((Term("x"), Not(Term("y")))), "NOT"),
        ("NOT putin", None, "only exclude"),
        ("-putin", None, "only exclude"),
        ("putin OR NOT trump", Term("putin"), "only exclude"),
        ("putin OR", Term("putin"), "OR"),
        ("AND putin", Term("putin"), "AND"),
        ("put\x1b[31min", And((Term("put"), Term("31min"))), "control"),
        ("putin\x00", Term("putin"), "control"),
        ("🙂", None, "nothing searchable"),
        ("*", None, "wildcard"),
        ('""', None, "empty quotes"),
    ],
)
def test_bad_queries_are_rewritten_with_a_notice(text: str, expected: object, says: str) -> None:
    parsed = parse_query(text)
    assert parsed.root == expected
    assert parsed.notice is not None
    assert says.lower() in parsed.notice.lower()
    assert "\n" not in parsed.notice


def test_rtl_and_emoji_next_to_words() -> None:
    parsed = parse_query("שלום 🙂 Kremlin")
    assert parsed.root == And((Term("שלום"), Term("kremlin")))
    assert parsed.notice is not None and "🙂" in parsed.notice


def test_direction_marks_are_dropped_silently() -> None:
    parsed = parse_query("Kre\u200fmlin\u200b")
    assert parsed.root == Term("kremlin")
    assert parsed.notice is None


def test_deep_nesting_is_flattened() -> None:
    text = "(" * 50 + "putin" + ")" * 50
    parsed = parse_query(text)
    assert parsed.root == Term("putin")
    assert parsed.notice is not None and str(MAX_DEPTH) in parsed.notice


def test_nesting_within_the_limit_keeps_the_structure() -> None:
    assert root("((a OR b) (c OR d))") == And(
        (Or((Term("a"), Term("b"))), Or((Term("c"), Term("d"))))
    )


def test_bounds_on_length_words_and_terms() -> None:
    parsed = parse_query("x" * 100_000)
    assert isinstance(parsed.root, Term) and len(parsed.root.text) == MAX_WORD
    assert parsed.notice is not None
    assert len(parsed.text) <= MAX_CHARS

    many = parse_query(" ".join(f"w{i}" for i in range(200)))
    assert many.root is not None
    assert sum(isinstance(n, Term) for n in walk(many.root)) == MAX_TERMS
    assert many.notice is not None and str(MAX_TERMS) in many.notice


def test_notice_is_one_bounded_line() -> None:
    parsed = parse_query("*a " * 300 + "x~9 [a TO b] title:x \x07 ((( NOT NOT")
    assert parsed.notice is not None
    assert "\n" not in parsed.notice and len(parsed.notice) <= 240


def _size(parsed: ParsedQuery) -> int:
    return 0 if parsed.root is None else sum(1 for _ in walk(parsed.root))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=2000), st.booleans())
def test_never_raises_and_bounded(text: str, as_you_type: bool) -> None:
    parsed = parse_query(text, as_you_type=as_you_type)
    assert _size(parsed) <= 4 * MAX_TERMS + 8
    assert len(parsed.text) <= MAX_CHARS + 10
    if parsed.root is not None:
        assert not isinstance(parsed.root, Not)
        for node in walk(parsed.root):
            if isinstance(node, Term):
                assert node.text and len(node.text) <= MAX_WORD
            elif isinstance(node, Phrase):
                assert node.words
            elif isinstance(node, And | Or):
                assert len(node.items) >= 2


_ALPHABET = st.sampled_from(
    [
        *("AND", "OR", "NOT", "ANDNOT", "(", ")", '"', "-", "*", "?", "~9", "^2", "[", "]", "TO"),
        *(":", "putin", "a", "é", "🙂", "\x1b", " ", "  "),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=300))
def test_operator_soup_never_raises(parts: list[str]) -> None:
    text = " ".join(parts)
    parsed = parse_query(text, as_you_type=True)
    assert _size(parsed) <= 4 * MAX_TERMS + 8
    assert parsed.root is None or not isinstance(parsed.root, Not)
