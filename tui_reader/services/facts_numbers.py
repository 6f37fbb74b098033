"""Numbers with what they count: ``701 km²``, ``19.3%``, ``€140 billion``, ``19,000 minors``.

Each figure is normalised to a value and a measure (a unit, a currency, or the noun it counts), so
that ``701 sq km`` and ``701 km²``, or ``nearly five hours`` and ``five-hour``, are one fact, and
two sources giving different values for one measure can be found. Bare years are dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui_reader.models import Passage
from tui_reader.services.facts_model import Mention
from tui_reader.services.facts_text import MONTHS, STOP_WORDS, word_list, word_set

_SMALL = word_list("two three four five six seven eight nine ten eleven twelve")
_TEENS = word_list("thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = word_list("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS: dict[str, int] = {
    **{w: i + 2 for i, w in enumerate(_SMALL)},
    **{w: i + 13 for i, w in enumerate(_TEENS)},
    **{w: (i + 2) * 10 for i, w in enumerate(_TENS)},
    "dozen": 12,
    "hundred": 100,
}
# "one" is left out on purpose: "one of the", "no one" and "one side" are rarely figures.
_UNITS_1_9 = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = rf"(?:{'|'.join(_TENS)})(?:-(?:{_UNITS_1_9}))?|{'|'.join(_TEENS + _SMALL)}|dozen"

_CORE = re.compile(
    # the look-ahead lets the engine skip most positions at once
    rf"(?=[\d$€£¥UtTfFsSeEnNdD])(?P<cur>US\$|\$|€|£|¥)?"
    rf"(?:(?<![\w.,/\-])(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)"
    rf"|(?<![\w\-])(?P<word>{_WORD_NUMBER})(?![\w]))",
    re.IGNORECASE,
)

_MULTIPLIERS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "tn": 1e12,
}
_MULTIPLIER_NAMES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_MULTIPLIER = re.compile(r"\s?(thousand|million|billion|trillion|bn|mn|tn|m|k)(?![\w])", re.I)

# (pattern, unit id, singular, plural): the unit id is part of the fact key.
_UNIT_TABLE: tuple[tuple[str, str, str, str], ...] = (
    (r"%|per ?cent(?!age)", "%", "%", "%"),
    (r"percentage points?", "pp", "percentage point", "percentage points"),
    (r"km²|km2|sq\.? ?km|square kilomet(?:re|er)s?", "km2", "km²", "km²"),
    (r"mi²|sq\.? ?mi(?:les?)?|square miles?", "mi2", "square mile", "square miles"),
    (r"km|kilomet(?:re|er)s?", "km", "km", "km"),
    (r"miles?", "mi", "mile", "miles"),
    (r"met(?:re|er)s?", "m", "metre", "metres"),
    (r"kg|kilo(?:gram)?s?", "kg", "kg", "kg"),
    (r"tonnes?|tons?", "t", "tonne", "tonnes"),
    (r"seconds?", "second", "second", "seconds"),
    (r"minutes?", "minute", "minute", "minutes"),
    (r"hours?", "hour", "hour", "hours"),
    (r"days?", "day", "day", "days"),
    (r"weeks?", "week", "week", "weeks"),
    (r"months?", "month", "month", "months"),
    (r"years?", "year", "year", "years"),
    (r"decades?", "decade", "decade", "decades"),
    (r"dollars?", "$", "", ""),
    (r"euros?", "€", "", ""),
    (r"pounds? sterling|pounds?", "£", "", ""),
)
_UNIT = re.compile(
    r"\s?(?:"
    + "|".join(f"(?P<u{i}>{p})" for i, (p, *_rest) in enumerate(_UNIT_TABLE))
    + r")(?!\w)",
    re.IGNORECASE,
)
_HYPHEN = re.compile(r"-(?P<word>[a-z]+(?:-[a-z]+)?)(?!\w)", re.IGNORECASE)
_FRACTIONS = {"half": 2, "halves": 2, "thirds": 3, "third": 3, "quarters": 4, "quarter": 4}
_FRACTIONS |= {"fifths": 5, "sixths": 6, "tenths": 10}
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?!\w)", re.IGNORECASE)
_CHUNK_WORD = re.compile(r" (?P<word>[^\W\d_][\w'’\-]*)")
_HEDGE = re.compile(
    r"(?:nearly|approximately|about|around|almost|roughly|some|over|under|above|below|"
    r"more than|less than|fewer than|at least|at most|up to|just over|just under|an estimated)"
    r"\s+$",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(r"(?:\b[A-Z][\w]*|#|No\.)\s*$")
_MONTH_BEFORE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(?:\d{1,2},?\s+)?$", re.IGNORECASE)
_QUALIFIERS = word_set("other more additional new further extra separate different")
_IRREGULAR = {"children": "child", "people": "person", "men": "man", "women": "woman"}


def singular(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def format_value(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _scaled(value: float) -> tuple[float, str]:
    """``140e9`` -> ``(140, "billion")`` for labels of large currency amounts."""
    for size in (1e12, 1e9, 1e6):
        if value >= size:
            return value / size, _MULTIPLIER_NAMES[size]
    return value, ""


def _word_value(word: str) -> int:
    w = word.lower()
    if "-" in w:
        tens, unit = w.split("-", 1)
        return (
            NUMBER_WORDS[tens] + _SMALL.index(unit) + 2 if unit != "one" else NUMBER_WORDS[tens] + 1
        )
    return NUMBER_WORDS[w]


def _counted_chunk(text: str, pos: int) -> tuple[list[str], int]:
    """Words right after ``pos`` that say what a number counts ("Ukrainian minors")."""
    found: list[str] = []
    end = pos
    while len(found) < 3:
        match = _CHUNK_WORD.match(text, end)
        if match is None:
            break
        word = match.group("word")
        low = word.lower()
        # "US" is a name, not the pronoun: only a lower-case or Title-case word is a stop word.
        if low in STOP_WORDS and not word.isupper() and not (not found and low in _QUALIFIERS):
            break
        if low in NUMBER_WORDS or low in MONTHS:
            break
        found.append(word)
        end = match.end()
        if not word[0].isupper() and singular(word) != low:
            break  # a plural noun ends the phrase: "19,000 Ukrainian minors | have fled"
    return found, end


def number_mentions(passage: Passage) -> Iterator[Mention]:
    text = passage.text
    pos = 0
    while True:
        match = _CORE.search(text, pos)
        if match is None:
            return
        pos = max(match.end(), pos + 1)
        mention = _read_number(passage, match)
        if mention is not None:
            pos = max(pos, mention.end)
            yield mention


def _read_number(passage: Passage, match: re.Match[str]) -> Mention | None:
    text = passage.text
    start, end = match.start(), match.end()
    cur = match.group("cur") or ""
    digits, word = match.group("digits"), match.group("word")
    value = float(digits.replace(",", "")) if digits is not None else float(_word_value(word))
    if _ORDINAL.match(text, end):
        return None
    before = text[max(0, start - 40) : start]  # hedges, labels and months sit just before

    multiplier = 1.0
    mult_word = ""
    if digits is not None:
        mult = _MULTIPLIER.match(text, end)
        # "5m" and "5k" only mean million/thousand next to a currency sign.
        if mult and (cur or mult.group(1).lower() not in ("m", "k")):
            mult_word = mult.group(1).lower()
            multiplier = _MULTIPLIERS[mult_word]
            end = mult.end()

    unit, singular_name, plural_name = "", "", ""
    adjective = ""
    hyphen = _HYPHEN.match(text, end) if not mult_word else None
    if hyphen:
        part = hyphen.group("word").lower()
        if word is not None and part in _FRACTIONS:
            value = value / _FRACTIONS[part]
            form = text[start : hyphen.end()]
            return _mention(
                passage,
                start,
                hyphen.end(),
                before,
                "fraction",
                f"{value:.4g}",
                form.lower(),
                value,
            )
        unit_match = _UNIT.fullmatch(part)
        if unit_match:
            unit, singular_name, plural_name = _unit_of(unit_match)
        else:
            adjective = part
        end = hyphen.end()
    else:
        unit_match = _UNIT.match(text, end)
        if unit_match:
            unit, singular_name, plural_name = _unit_of(unit_match)
            end = unit_match.end()
    if unit in ("$", "€", "£"):
        cur, unit = cur or unit, ""

    chunk, chunk_end = _counted_chunk(text, end)
    full = value * multiplier
    if cur:
        amount, scale = _scaled(full) if multiplier > 1 or full >= 1e6 else (full, "")
        label = f"{cur}{format_value(amount)}" + (f" {scale}" if scale else "")
        return _mention(passage, start, end, before, f"money:{cur}", f"{full:.6g}", label, full)
    if unit:
        name = singular_name if value == 1 else plural_name
        label = f"{format_value(full)}{'' if unit == '%' else ' '}{name}"
        return _mention(passage, start, end, before, unit, f"{full:.6g}", label, full)

    is_year = digits is not None and re.fullmatch(r"1[89]\d\d|20\d\d", digits) and not mult_word
    if is_year and not adjective:
        month = _MONTH_BEFORE.search(before)
        if month:
            start = start - len(before) + month.start()
            label = f"{month.group(1).title()} {digits}"
            key = f"{digits}-{MONTHS.index(month.group(1).lower()) + 1:02d}"
        else:
            label, key = digits or "", digits or ""
        return Mention(
            "date",
            f"date:{key}",
            label,
            text[start:end],
            passage.source_id,
            passage.ordinal,
            start,
            end,
            measure="date",
            value=value,
        )
    if not chunk and not adjective and not mult_word:
        # A bare number with nothing it counts: a figure only when written in digits and not a
        # label such as "Key Fact 1".
        if word is not None or _LABEL_BEFORE.search(before):
            return None
        label = format_value(full)
        return _mention(passage, start, end, before, "", f"{full:.6g}", label, full)
    if word is not None and not chunk:
        return None

    head = singular(chunk[-1]) if chunk else adjective
    shown = [w for w in chunk if not w[0].isupper() and w.lower() not in _QUALIFIERS]
    if chunk and not shown:
        shown = [chunk[-1]]
    amount_text = format_value(value) + (f" {mult_word}" if mult_word else "")
    if mult_word in ("bn", "mn", "tn", "k", "m"):
        amount_text = format_value(value) + " " + _MULTIPLIER_NAMES[multiplier]
    label = amount_text + (f"-{adjective}" if adjective else "") + "".join(f" {w}" for w in shown)
    measure = f"{adjective}:{head}" if adjective else f"count:{head}"
    if chunk:
        end = chunk_end
    return _mention(passage, start, end, before, measure, f"{full:.6g}", label, full)


def _unit_of(match: re.Match[str]) -> tuple[str, str, str]:
    for i, (_pattern, unit, one, many) in enumerate(_UNIT_TABLE):
        if match.group(f"u{i}") is not None:
            return unit, one, many
    return "", "", ""


def _mention(
    passage: Passage,
    start: int,
    end: int,
    before: str,
    measure: str,
    value_key: str,
    label: str,
    value: float,
) -> Mention:
    hedge = _HEDGE.search(before)
    form_start = start - len(before) + hedge.start() if hedge else start
    form = " ".join(passage.text[form_start:end].split())
    return Mention(
        kind="number",
        key=f"{measure}={value_key}",
        label=label,
        form=form,
        source_id=passage.source_id,
        ordinal=passage.ordinal,
        start=form_start,
        end=end,
        measure=measure,
        value=value,
    )
