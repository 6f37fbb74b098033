"""Unit tests for fact extraction: numbers and their normalisation, names, quotations, merging,
disagreements and the filters. Built on literal strings, not on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.models import Passage, Source
from tui_reader.services.facts import (
    Fact,
    disagreements,
    extract_facts,
    fact_record,
    missing_from,
    omissions,
    only_in,
    singletons,
)
from tui_reader.services.facts_numbers import number_mentions


def make_source(source_id: str, *paragraphs: str, kind: str = "paragraph") -> Source:
    passages = []
    pos = 0
    for i, text in enumerate(paragraphs):
        passages.append(Passage(source_id, i, text, pos, pos + len(text), kind=kind))
        pos += len(text) + 2
    text = "\n\n".join(paragraphs)
    return Source(source_id, Path(f"{source_id}.txt"), source_id, text, text, tuple(passages))


def numbers(text: str) -> list[tuple[str, str]]:
    """(label, key) of every figure in ``text``."""
    passage = Passage("s", 0, text, 0, len(text))
    return [(m.label, m.key) for m in number_mentions(passage)]


def facts_of(kind: str, *sources: Source) -> dict[str, Fact]:
    return {f.text: f for f in extract_facts(list(sources), kinds=(kind,))}


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("seizing approximately 701 sq km of land", "701 km²"),
        ("annexed 701 km² of land", "701 km²"),
        ("annexed 701 square kilometres of land", "701 km²"),
        ("some 270 sq miles of land", "270 square miles"),
        ("some 270 square miles of land", "270 square miles"),
        ("controls 19.3% of the territory", "19.3%"),
        ("controls 19.3 percent of the territory", "19.3%"),
        ("a 2 per cent increase", "2%"),
        ("nearly five hours of talks", "5 hours"),
        ("a five-hour meeting", "5 hours"),
        ("a €140 billion loan", "€140 billion"),
        ("a $140bn loan", "$140 billion"),
        ("a $5m deal", "$5 million"),
        ("over 19,000 Ukrainian minors have been deported", "19,000 minors"),
        ("approximately 6,000 children were moved", "6,000 children"),
        ("a 28-point US plan", "28-point plan"),
        ("a coalition of 90 other nations", "90 nations"),
        ("the 27 EU member states", "27 member states"),
        ("the next two years", "2 years"),
        ("twenty-five soldiers", "25 soldiers"),
        ("1.2 million people fled", "1.2 million people"),
        ("two-thirds of the budget", "two-thirds"),
    ],
)
def test_number_labels(text: str, label: str) -> None:
    assert [lab for lab, _ in numbers(text)] == [label]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("701 sq km", "701 km²"),
        ("701 square kilometers", "701 km2"),
        ("270 sq miles", "270 square miles"),
        ("nearly five hours of talks", "a five-hour dialogue"),
        ("19.3%", "19.3 percent"),
        ("over 19,000 Ukrainian minors", "19000 minors"),
        ("€140 billion", "€140bn"),
    ],
)
def test_same_figure_written_differently_has_one_key(a: str, b: str) -> None:
    assert numbers(a)[0][1] == numbers(b)[0][1]


@pytest.mark.parametrize(
    ("a", "b"),
    [("$140 billion", "€140 billion"), ("701 km²", "701 square miles"), ("5 hours", "4 hours")],
)
def test_different_figures_have_different_keys(a: str, b: str) -> None:
    assert numbers(a)[0][1] != numbers(b)[0][1]


@pytest.mark.parametrize(
    "text",
    [
        "Key Fact 1 | The White House",
        "COVID-19 cases rose",
        "the 2nd time",
        "it does take two to tango",
        "one of the reasons",
        "F-16 jets",
    ],
)
def test_not_figures(text: str) -> None:
    assert numbers(text) == []


def test_years_are_dates_and_left_out_by_default() -> None:
    assert numbers("in February 2022 and by 2027.") == [
        ("February 2022", "date:2022-02"),
        ("2027", "date:2027"),
    ]
    src = make_source("a", "The ban starts in September 2027 for 12 countries.")
    assert [f.text for f in extract_facts([src], kinds=("number",))] == ["12 countries"]
    assert [f.text for f in extract_facts([src], kinds=("date",))] == ["September 2027"]


def test_hedges_stay_in_the_form_not_in_the_key() -> None:
    a = make_source("a", "Envoys held nearly five hours of talks with the Kremlin in Moscow.")
    b = make_source("b", "After a five-hour dialogue with the Kremlin in Moscow, envoys left.")
    fact = facts_of("number", a, b)["5 hours"]
    assert fact.forms == {"a": "nearly five hours", "b": "five-hour"}
    assert set(fact.variants) == {"nearly five hours", "five-hour"}
    assert not fact.disagree


def test_disagreeing_values_for_one_measure_stand_out() -> None:
    a = make_source("a", "The envoys spent five hours in talks with Putin at the Kremlin.")
    b = make_source("b", "The envoys spent four hours in talks with Putin at the Kremlin.")
    c = make_source("c", "The ceasefire plan has 20 points and a map of the frontline.")
    found = facts_of("number", a, b, c)
    assert found["5 hours"].disagree and found["4 hours"].disagree
    assert not found["20 points"].disagree
    assert {f.text for f in disagreements(found.values())} == {"5 hours", "4 hours"}


def test_same_unit_in_unrelated_sentences_is_no_disagreement() -> None:
    a = make_source("a", "The envoys spent five hours in talks with Putin at the Kremlin.")
    b = make_source("b", "Air raid sirens sounded for four hours over Kharkiv on Sunday night.")
    assert disagreements(extract_facts([a, b], kinds=("number",))) == []


def test_a_source_giving_both_values_does_not_disagree_with_itself() -> None:
    a = make_source("a", "The loan was cut from €140 billion to €90 billion by the Commission.")
    assert disagreements(extract_facts([a], kinds=("number",))) == []


# --- names ---------------------------------------------------------------------------------------


def test_titles_are_cut_and_surnames_merge_into_the_full_name() -> None:
    a = make_source(
        "a",
        "Russian President Vladimir Putin met US envoy Steve Witkoff in Moscow on Tuesday.",
        "Later, Putin said the talks with Witkoff were useful.",
    )
    found = facts_of("name", a)
    assert {"Vladimir Putin", "Steve Witkoff", "Moscow", "US"} <= set(found)
    assert found["Vladimir Putin"].sources == {"a": (0, 1)}
    assert found["Vladimir Putin"].subkind == "person"
    assert "Russian" not in found and "President" not in found and "Tuesday" not in found


def test_spelling_variants_are_one_row_and_show_the_forms() -> None:
    a = make_source("a", "Ukrainian President Volodymyr Zelensky spoke in Kyiv.")
    b = make_source("b", "In Dublin, Ukrainian President Volodymyr Zelenskyy thanked Ireland.")
    fact = facts_of("name", a, b)["Volodymyr Zelensky"]
    assert set(fact.sources) == {"a", "b"}
    assert fact.forms == {"a": "Volodymyr Zelensky", "b": "Volodymyr Zelenskyy"}
    assert fact.mark("a") != fact.mark("b")
    assert fact.mark("zzz") == ""


def test_acronyms_merge_with_their_expansion() -> None:
    a = make_source(
        "a",
        "Data from the Institute for the Study of War (ISW) show gains near Pokrovsk.",
        "The ISW also said fighting continued near the town of Pokrovsk.",
    )
    b = make_source("b", "Maps from the ISW show the front near Pokrovsk.")
    found = facts_of("name", a, b)
    isw = next(f for f in found.values() if "ISW" in f.variants)
    assert "Institute for the Study of War" in isw.variants
    assert set(isw.sources) == {"a", "b"}


def test_sentence_start_and_headings_need_evidence_from_elsewhere() -> None:
    a = make_source(
        "a",
        "Critics fear a deal. Despite that, Kyiv said no. Officials in Kyiv agreed.",
        "Kaja Kallas, the EU's foreign policy chief, warned against haste.",
    )
    heading = make_source(
        "h", "Battle For Pokrovsk And Escalating Pressure In Kyiv", kind="heading"
    )
    found = facts_of("name", a, heading)
    assert "Critics" not in found and "Despite" not in found
    assert "Kaja Kallas" in found and "EU" in found
    assert found["Kyiv"].sources == {"a": (0,), "h": (0,)}
    assert "Pokrovsk" not in found and "Escalating Pressure" not in found


def test_and_lists_and_possessives_split_names() -> None:
    a = make_source(
        "a",
        "Witkoff and Kushner met officials of Ukraine's National Security and Defense Council.",
        "Officials said Witkoff left.",
    )
    found = facts_of("name", a)
    assert {"Witkoff", "Kushner", "Ukraine", "National Security and Defense Council"} <= set(found)


def test_demonyms_and_months_are_not_names() -> None:
    a = make_source("a", "Russian forces and European allies met in March near Ukrainian towns.")
    assert facts_of("name", a) == {}


# --- quotes --------------------------------------------------------------------------------------


def test_quotes_merge_when_one_contains_the_other() -> None:
    a = make_source(
        "a", "Then Zelensky said the world “clearly feels that there is a real chance”."
    )
    b = make_source(
        "b",
        'Then Zelensky wrote: "Right now, the world clearly feels that there is a real chance."',
    )
    (fact,) = extract_facts([a, b], kinds=("quote",))
    assert set(fact.sources) == {"a", "b"}
    assert fact.text.startswith("Right now")
    assert fact.speaker == "Zelensky"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('Kaja Kallas, the EU\'s foreign chief, warned, "I am afraid of this."', "Kaja Kallas"),
        ('"We stand with Ukraine," affirmed EU Commissioner Dan Jorgensen.', "Dan Jorgensen"),
        ('According to Minister Andrii Sybhia, Russia must "end the war now."', "Andrii Sybhia"),
        ('"This is serious pressure on us all," Zelenskyy remarked.', "Zelenskyy"),
        ('The Kremlin described the talks as producing "no real compromise at all."', "Kremlin"),
        ('It rained all day and "nobody came to the party."', None),
    ],
)  # fmt: skip
def test_speakers_from_nearby_cues(sentence: str, speaker: str | None) -> None:
    (fact,) = extract_facts([make_source("a", sentence)], kinds=("quote",))
    assert fact.speaker == speaker


def test_a_pronoun_takes_the_speaker_of_the_sentence_before() -> None:
    src = make_source(
        "a",
        'Mr. Ushakov met reporters in Moscow. He asserted that gains "helped make things better."',
    )
    (fact,) = extract_facts([src], kinds=("quote",))
    assert fact.speaker == "Ushakov"


def test_two_word_quotes_only_count_when_shared() -> None:
    a = make_source("a", 'The Kremlin saw "no compromise" and called it a "frozen conflict".')
    b = make_source("b", "The talks yielded “no compromise” in the end.")
    texts = {f.text for f in extract_facts([a, b], kinds=("quote",))}
    assert texts == {"no compromise"}


def test_labels_and_one_word_quotes_are_not_quotes() -> None:
    src = make_source("a", '"Pro Tip:" stay informed. Zelensky called them "constructive".')
    assert extract_facts([src], kinds=("quote",)) == []


# --- filters and records -------------------------------------------------------------------------


def _three() -> list[Source]:
    return [
        make_source("a", "Putin met Witkoff in Moscow and in Geneva."),
        make_source("b", "Putin met Witkoff in Moscow."),
        make_source("c", "Putin spoke in Moscow."),
    ]


def test_filters() -> None:
    facts = extract_facts(_three(), kinds=("name",))
    ids = ["a", "b", "c"]
    assert [f.text for f in singletons(facts)] == ["Geneva"]
    assert [f.text for f in only_in(facts, "a")] == ["Geneva"]
    assert only_in(facts, "c") == []
    assert [f.text for f in omissions(facts, ids)] == ["Witkoff"]
    assert [f.text for f in missing_from(facts, "c")] == ["Witkoff", "Geneva"]
    assert [f.count for f in facts] == sorted((f.count for f in facts), reverse=True)


def test_fact_record_shape() -> None:
    (fact,) = [f for f in extract_facts(_three(), kinds=("name",)) if f.text == "Witkoff"]
    assert fact_record(fact) == {
        "kind": "name",
        "text": "Witkoff",
        "sources": {"a": [0], "b": [0]},
        "variants": ["Witkoff"],
    }


def test_empty_and_odd_input() -> None:
    assert extract_facts([]) == []
    odd = make_source("x", "", "“", '"', "$", "%", "[", "“unclosed quote of many words")
    assert extract_facts([odd]) == []
