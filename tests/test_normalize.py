"""Keys for matching: numbers, units, names, stems."""

from __future__ import annotations

import pytest

from tui_reader.services.normalize import NAME, NUMBER, STOP, UNIT, keys, number_key
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
