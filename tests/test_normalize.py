"""Keys for matching: numbers, units, names, stems."""

from __future__ import annotations

import pytest

from tui_reader.services.normalize import (
    NAME,
    NUMBER,
    STOP,
    UNIT,
    _one_edit,
    keys,
    number_key,
    variant_aliases,
)
from tui_reader.services.stemmer import stem


def key_list(text: str) -> list[str]:
    return [k.key for k in keys(text) if k.kind != STOP]


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("5,660", "5660"),
        ("19.3", "19.3"),
        ("19.30", "19.3"),
        ("19,3", "19.3"),
        ("1.000.000", "1000000"),
        ("007", "7"),
        ("five", "5"),
        ("twelve", "12"),
        ("ninety", "90"),
        ("one", None),
        ("abc", None),
        ("2027", "2027"),
    ],
)
def test_number_key(token: str, key: str | None) -> None:
    assert number_key(token) == key


def test_units_and_symbols_in_any_form() -> None:
    forms = ("701 sq km", "701 km²", "701 square kilometres", "701 square km", "701 km2")
    assert {tuple(key_list(f)) for f in forms} == {("701", "km2")}
    assert key_list("19.3%") == key_list("19.3 percent") == key_list("19.3 per cent")
    assert key_list("€90 billion") == ["eur", "90", "billion"]
    assert sorted(key_list("90 billion euros")) == sorted(key_list("€90 bn"))


def test_five_hours_and_five_hour() -> None:
    assert key_list("nearly five hours") == key_list("a five-hour") == ["5", "hour"]


def test_names_are_keyed_and_marked() -> None:
    ks = keys("Talks with Zelenskyy, Zelensky and Zelenskiy went on.")
    names = [k for k in ks if k.kind == NAME]
    assert [k.key for k in names] == ["zelenski"] * 3
    assert ks[0].kind != NAME  # a capital at the start of a sentence is not a name


def test_spans_point_into_the_text() -> None:
    text = "Russia took 701 sq km (270 sq miles), or 19.3%."
    for k in keys(text):
        assert 0 <= k.start < k.end <= len(text)
    unit = next(k for k in keys(text) if k.key == "km2")
    assert text[unit.start : unit.end] == "sq km"
    assert next(k for k in keys(text) if k.key == "pct").kind == UNIT
    assert next(k for k in keys(text) if k.key == "701").kind == NUMBER


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("accusation", "accused", "accusing"), True),
        (("negotiations", "negotiating", "negotiated"), True),
        (("commanders", "command"), True),
        (("hours", "hour"), True),
        (("caresses", "caress"), True),
        (("relational", "relate"), True),
        (("police", "policy"), False),
    ],
)
def test_porter_stemmer(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) == same


def test_stemmer_leaves_short_and_odd_words() -> None:
    assert stem("is") == "is"
    assert stem("covid19") == "covid19"
    assert stem("ponies") == "poni"
    assert stem("hopping") == "hop"


@pytest.mark.parametrize(
    ("glued", "spaced"),
    [
        ("€90bn", "€90 billion"),
        ("a $4.5bn fund", "a $4.5 billion fund"),
        ("8,200km2", "8,200 sq km"),
        ("8,200km²", "8,200 square kilometres"),
        ("a 12km march", "a 12 km march"),
        ("40kg of grain", "40 kg of grain"),
    ],
)
def test_figures_glued_to_units_split(glued: str, spaced: str) -> None:
    assert key_list(glued) == key_list(spaced)


def test_glued_figure_spans_and_ordinal_suffixes() -> None:
    text = "a €90bn loan"
    spans = {k.key: text[k.start : k.end] for k in keys(text)}
    assert spans["90"] == "90" and spans["billion"] == "bn"
    assert key_list("the 3rd round") == key_list("the 3 round")
    assert key_list("in the 1990s") == ["1990"]


def test_acronym_that_spells_a_stop_word_is_a_name() -> None:
    assert key_list("the US envoy") == key_list("the U.S. envoy") == ["us", "envoi"]
    assert next(k for k in keys("talks with the US") if k.key == "us").kind == NAME
    assert "us" not in key_list("tell us more")
    assert "us" not in key_list("THE US IS HERE")  # a shouted headline: the pronoun


def test_two_word_names_are_keyed_as_their_abbreviation() -> None:
    assert key_list("the United States envoy") == key_list("the US envoy") == ["us", "envoi"]
    assert key_list("the United Kingdom") == key_list("the UK") == ["uk"]
    assert key_list("the European Union") == key_list("the EU") == ["eu"]
    assert key_list("the United Nations") == key_list("the UN") == ["un"]
    text = "aid from the United States arrived"
    us = next(k for k in keys(text) if k.key == "us")
    assert us.kind == NAME and text[us.start : us.end] == "United States"
    assert key_list("united states of mind") == ["unit", "state", "mind"]  # not a name


def test_variant_aliases_leave_a_demonym_without_its_place() -> None:
    ks = {k.key for w in ("Hungarian", "Romania") for k in keys(f"the {w}")}
    assert variant_aliases(ks) == {}


def test_variant_aliases_real_keys() -> None:
    words = ("Tunisian", "Tunisia", "Kenyan", "Kenya", "Korean", "Korea", "Iraqi", "Iraq")
    words += ("Chilean", "Chile", "Japanese", "Japan", "Turkish", "Turkey")
    ks = {k.key for w in words for k in keys(f"the {w}")}
    alias = variant_aliases(ks)
    for demonym, place in zip(words[::2], words[1::2], strict=True):
        d, p = keys(f"x {demonym}")[-1].key, keys(f"x {place}")[-1].key
        assert alias.get(d, d) == alias.get(p, p), (demonym, place)


def test_variant_aliases_one_edit_on_long_names_only() -> None:
    alias = variant_aliases({"kowalsky", "kowalski", "petrenko", "pertenko", "marc", "mark"})
    assert alias.get("kowalsky", "kowalsky") == alias.get("kowalski", "kowalski")
    assert alias.get("pertenko", "pertenko") == alias.get("petrenko", "petrenko")  # swap
    assert "marc" not in alias and "mark" not in alias  # short names stay apart
    assert variant_aliases({"slovakia", "slovenia"}) == {}  # two edits apart
    assert variant_aliases({"bakhmut", "makhmut"}) == {}  # first letters differ


@pytest.mark.parametrize(
    ("x", "y", "one"),
    [
        ("abcdef", "abcdef", False),
        ("abcdef", "abcdefg", True),
        ("abcdef", "bcdef", True),
        ("abcdef", "abxdef", True),
        ("abcdef", "bacdef", True),
        ("abcdef", "abcdfe", True),
        ("abcdef", "badcef", False),
        ("abcdef", "abcxyz", False),
    ],
)
def test_one_edit(x: str, y: str, one: bool) -> None:
    assert _one_edit(x, y) is one
    assert _one_edit(y, x) is one
