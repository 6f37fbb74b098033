"""Passages, sentences, tokens, name keys, and a property test for build_source offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.corpus import (
    build_source,
    fold,
    name_key,
    split_passages,
    split_sentences,
    tokenize,
)


def passages(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for start, end, kind in split_passages(text)]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# --- passages --------------------------------------------------------------------------------


def test_every_line_is_a_passage_with_its_kind() -> None:
    text = (
        "Budget Talks Resume\n\n"
        "  The council met on Monday.  \n"
        "• First point\n"
        "2. Numbered point\n"
        "Q: When?\nA: Soon.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
        "A long sentence that is not a heading, because it ends with a period."
    )
    assert passages(text) == [
        ("heading", "Budget Talks Resume"),
        ("paragraph", "The council met on Monday."),
        ("bullet", "• First point"),
        ("bullet", "2. Numbered point"),
        ("qa", "Q: When?\nA: Soon."),
        ("table", "| a | b |\n|---|---|\n| 1 | 2 |"),
        ("paragraph", "A long sentence that is not a heading, because it ends with a period."),
    ]


def test_blank_line_separates_tables_and_questions_from_answers() -> None:
    text = "| a |\n\n| b |\n\nQ: Why?\n\nA: Because."
    assert passages(text) == [
        ("table", "| a |"),
        ("table", "| b |"),
        ("qa", "Q: Why?"),
        ("qa", "A: Because."),
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Preface", "heading"),
        ("Main Body", "heading"),
        ("The Moscow Talks: A Search for Common Ground", "heading"),
        ("Kushner’s Role: A Return to Influence?", "heading"),
        ("📌 Key Points", "heading"),
        ("Did you know?", "paragraph"),
        ("he said nothing", "paragraph"),
        ("Several key trends are likely to emerge in the coming months:", "paragraph"),
        ("The talks ended without agreement on Tuesday in the capital", "paragraph"),
        ("-5% was the change", "paragraph"),
        ("- dash item", "bullet"),
        ("* star item", "bullet"),
        ("Q. What now?", "qa"),
        ("Answer: nothing", "qa"),
    ],
)
def test_line_kinds(line: str, kind: str) -> None:
    assert passages(line) == [(kind, line)]


def test_passages_of_empty_or_blank_text() -> None:
    assert split_passages("") == []
    assert split_passages(" \n\n \t\n") == []


# --- sentences -------------------------------------------------------------------------------


def test_sentences_split_on_end_punctuation() -> None:
    text = "It rained. Did it stop? Yes! “Quite so.” (Then silence.) 3 people left."
    assert sentences(text) == [
        "It rained.",
        "Did it stop?",
        "Yes!",
        "“Quite so.”",
        "(Then silence.)",
        "3 people left.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Talks with the U.S. Secretary of State went well.",
        "Mr. Smith and Dr. Jones met St. Peter on Main St. Today.",
        "The rate was 19.3 percent in March, up from 5,660.",
        "John F. Kennedy was elected in 1960.",
        "Fruits, e.g. Apples and pears, i.e. Pome fruit, were cheap.",
        "See No. 10 and Fig. 3 for details.",
        "the talks ended. then they left.",
    ],
)
def test_no_split_after_abbreviations_initials_decimals_or_before_lowercase(text: str) -> None:
    assert sentences(text) == [text]


def test_quote_closing_after_period_belongs_to_the_sentence() -> None:
    text = "He said, \"We are ready.\" The talks resume. She replied: 'No.' Then left."
    assert sentences(text) == [
        'He said, "We are ready."',
        "The talks resume.",
        "She replied: 'No.'",
        "Then left.",
    ]


def test_newline_ends_a_sentence_and_table_separator_is_skipped() -> None:
    assert sentences("Q: When\nA: Soon") == ["Q: When", "A: Soon"]
    assert sentences("| a | b |\n|---|:--:|\n| 1 | 2 |") == ["| a | b |", "| 1 | 2 |"]
    assert sentences("   ") == []
    assert sentences("no end punctuation") == ["no end punctuation"]


def test_number_abbreviation_without_number_ends_a_sentence() -> None:
    assert sentences("He said no. Then he left.") == ["He said no.", "Then he left."]


# --- tokens and folding ----------------------------------------------------------------------


def test_tokens_with_offsets() -> None:
    text = "Ukraine's 28-point plan: 19.3% of 5,660 km², isn’t it? U.S. says Café."
    tokens = tokenize(text)
    assert [t for t, _, _ in tokens] == [
        "ukraine",
        "28",
        "point",
        "plan",
        "19.3",
        "of",
        "5,660",
        "km2",  # NFKD folds the superscript
        "isn't",
        "it",
        "u.s.",
        "says",
        "cafe",
    ]
    for token, start, end in tokens:
        assert fold(text[start:end]).replace("’", "'") == token
    assert text[tokens[0][1] : tokens[0][2]] == "Ukraine"


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("Zelenskyy") == "zelenskyy"
    assert fold("Café ÉCOLE") == "cafe ecole"
    assert fold("Wałęsa Øresund Straße") == "walesa oresund strasse"
    assert fold("Ukraine’s") == "ukraine's"
    assert fold("ｆｕｌｌ") == "full"  # NFKD also folds width variants
    assert fold("Київ") == fold("КИЇВ")
    assert fold("Ёлка") == "елка"


# --- name keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group",
    [
        ["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskij", "Zelenskyi", "ZELENSKY", "Zelensky's"],
        ["Dmitry", "Dmitri", "Dmitriy", "Dmitrii", "Dmitrij"],
        ["Sergey", "Sergei", "Sergej"],
        ["Volodymyr", "Volodimir"],
        ["Svyrydenko", "Sviridenko"],
        ["Andrii", "Andriy"],
    ],
)
def test_name_key_merges_transliteration_variants(group: list[str]) -> None:
    assert len({name_key(word) for word in group}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("sky", "ski"),
        ("city", "Citi"),
        ("holy", "Holi"),
        ("Sunni", "sunny"),
        ("good", "god"),
        ("later", "latter"),
        ("off", "of"),
        ("flying", "fling"),
        ("byte", "bite"),
        ("style", "stile"),
        ("Putin", "Putina"),
        ("Kushner", "Kirchner"),
        ("Ukraine", "Ukrainian"),
    ],
)
def test_name_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


# --- property: build_source never breaks its offsets -----------------------------------------

TEXTS = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(
            [
                "Title Line",
                "A sentence. Another one!",
                "• bullet",
                "Q: q?",
                "A: a.",
                "| a | b |",
                "|---|",
                "$19.3\\%$",
                "Leave a Reply",
                "\u00a0 x",
                "\x1b[31m",
                "\u202e",
                "",
                " ",
                "Mr. X",
                "by Jane Doe",
            ]
        ),
        max_size=12,
    ).map("\n".join),
)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_build_source_offsets_hold_for_any_text(raw: str) -> None:
    source = build_source("s", Path("s.txt"), raw)
    assert source.raw == raw
    for ordinal, passage in enumerate(source.passages):
        assert passage.ordinal == ordinal
        assert 0 <= passage.start < passage.end <= len(source.text)
        assert passage.text == source.text[passage.start : passage.end]
        assert passage.text == passage.text.strip()
        for start, end in passage.sentences:
            assert 0 <= start < end <= len(passage.text)
    assert "\x1b" not in source.text and "\x1b" not in source.title
