"""Direct quotations and who said them, where the text says so.

A quotation is text between curly or straight double quotes of at least two words (two-word
ones only count when another source quotes the same words: ``facts.py`` drops the rest). The
speaker is a name next to a speech verb ("X said", "X, the foreign minister, warned", "said X",
"according to X"), else the name that opens the sentence, else whoever spoke in the sentence
before when this one starts with a pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui_reader.models import Passage, Span
from tui_reader.services.facts_model import Mention
from tui_reader.services.facts_text import fold, sentence_at, sentences

_QUOTE = re.compile(r"“(?P<curly>[^“”\n]{1,800}?)”|\"(?P<straight>[^\"\n]{1,800}?)\"")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_KEY_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SPEECH = re.compile(
    r"\b(?:say|said|says|saying|told|tell|tells|add(?:s|ed)?|not(?:e|es|ed)|warn(?:s|ed)?|"
    r"stat(?:e|es|ed|ing)|remark(?:s|ed)?|assert(?:s|ed|ing)?|affirm(?:s|ed)?|argu(?:e|es|ed)|"
    r"insist(?:s|ed|ing)?|declar(?:e|es|ed)|stress(?:es|ed)?|emphasi[sz](?:e|es|ed)|"
    r"acknowledg(?:e|es|ed)|caution(?:s|ed)?|explain(?:s|ed)?|wrote|writes|claim(?:s|ed)?|"
    r"describ(?:e|es|ed)|characteri[sz](?:e|es|ed)|call(?:s|ed)?|term(?:s|ed)|dismiss(?:es|ed)|"
    r"express(?:es|ed)|report(?:s|ed)|relay(?:s|ed)|post(?:s|ed)|hail(?:s|ed)|reiterat(?:e|es|ed)|"
    r"urg(?:e|es|ed)|indicat(?:e|es|ed)|inform(?:s|ed)|articulat(?:e|es|ed)|announc(?:e|es|ed)|"
    r"accus(?:e|es|ed|ing)|promis(?:e|es|ed)|confirm(?:s|ed)|suggest(?:s|ed)|recall(?:s|ed))\b"
)
_ACCORDING = re.compile(r"\baccording to\s+$", re.IGNORECASE)
# Between a speaker and the verb: an apposition (", the EU's foreign policy chief,") and at most
# four words ("has also", "of Ukraine had already").
_BEFORE_VERB = re.compile(r"^(?:,[^,;:“”\"]{1,90},)?,?\s*(?:[\w'’.\-]+\s+){0,4}$")
# Between the verb and a speaker: titles or "by the" ("affirmed EU Energy Commissioner X").
_AFTER_VERB = re.compile(r"^\s*(?:by\s+)?(?:the\s+)?(?:[A-Z][\w'’.\-]*\s+){0,4}$")
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$")
_PRONOUN_START = re.compile(r"^\W*(?:he|she|they|it|the\s+\w+)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name found in the passage: its span, the label of its fact, and whether it is a person."""

    start: int
    end: int
    label: str
    person: bool
    place: bool


def quote_key(text: str) -> str:
    """Folded words of a quotation, editorial [brackets] left out."""
    return " ".join(_KEY_WORD.findall(fold(_BRACKETS.sub(" ", text))))


def quote_mentions(passage: Passage, names: Sequence[NameSpan]) -> list[Mention]:
    text = passage.text
    spans = sentences(passage)
    quotes = [
        (
            m.start(),
            m.end(),
            m.group("curly") if m.group("curly") is not None else m.group("straight"),
        )
        for m in _QUOTE.finditer(text)
    ]
    inside = [(a, b) for a, b, _ in quotes]
    outside = [n for n in names if not any(a <= n.start < b for a, b in inside)]
    out: list[Mention] = []
    last_speaker: str | None = None
    for start, end, body in quotes:
        words = quote_key(body).split()
        if len(words) < 2 or body.rstrip().endswith(":"):
            continue
        speaker = _speaker(text, spans, start, end, outside, inside)
        if speaker is None and last_speaker is not None:
            sentence = sentence_at(spans, start)
            if _PRONOUN_START.match(text[sentence[0] : start]):
                speaker = last_speaker
        if speaker is None:
            speaker = _previous_subject(text, spans, start, outside)
        last_speaker = speaker or last_speaker
        form = " ".join(body.split()).rstrip(" ,.;").lstrip()
        out.append(
            Mention(
                kind="quote",
                key=" ".join(words),
                label=form,
                form=form,
                source_id=passage.source_id,
                ordinal=passage.ordinal,
                start=start,
                end=end,
                speaker=speaker,
            )
        )
    return out


def _speaker(
    text: str,
    spans: tuple[Span, ...],
    start: int,
    end: int,
    names: Sequence[NameSpan],
    quotes: Sequence[Span],
) -> str | None:
    first = sentence_at(spans, start)
    last = sentence_at(spans, max(start, end - 1))
    lo = first[0] if first != (0, 0) else 0
    hi = max(last[1], end)
    window = [n for n in names if lo <= n.start < hi and not n.place]
    if not window:
        return None
    verbs = [
        v for v in _SPEECH.finditer(text, lo, hi) if not any(a <= v.start() < b for a, b in quotes)
    ]
    best: tuple[int, int, int, int, str] | None = None
    for name in window:
        if _OF_BEFORE.search(text[max(lo, name.start - 8) : name.start]):
            continue  # "Zelensky of Ukraine": Ukraine qualifies the speaker
        # (rule, how far the verb is from the quotation, not a person, name-verb distance)
        ranks: list[tuple[int, int, int]] = []
        for verb in verbs:
            gap = verb.start() - end if verb.start() >= end else max(0, start - verb.end())
            if name.end <= verb.start() and _BEFORE_VERB.match(text[name.end : verb.start()]):
                ranks.append((0, gap, verb.start() - name.end))
            elif verb.end() <= name.start and _AFTER_VERB.match(text[verb.end() : name.start]):
                ranks.append((1, gap, name.start - verb.end()))
        if _ACCORDING.search(text[max(lo, name.start - 40) : name.start]) or _ACCORDING.search(
            re.sub(r"(?:[A-Z][\w'’.\-]*\s+)+$", "", text[max(lo, name.start - 80) : name.start])
        ):
            ranks.append((0, abs(start - name.end), 0))
        for rule, gap, distance in ranks:
            candidate = (rule, gap, 0 if name.person else 1, distance, name.label)
            if best is None or candidate < best:
                best = candidate
    if best is not None:
        return best[4]
    if verbs:
        # A speech verb but no name beside it: the name that opens the sentence, if any.
        opening = [n for n in window if n.start < start]
        if opening:
            return opening[0].label
    return None


def _previous_subject(
    text: str, spans: tuple[Span, ...], start: int, names: Sequence[NameSpan]
) -> str | None:
    """ "He asserted that ...": the first name of the sentence before, when this one has none."""
    sentence = sentence_at(spans, start)
    if not _PRONOUN_START.match(text[sentence[0] : start]):
        return None
    before = [s for s in spans if s[1] <= sentence[0]]
    if not before:
        return None
    prev = before[-1]
    in_prev = [n for n in names if prev[0] <= n.start < prev[1] and not n.place]
    return in_prev[0].label if in_prev else None
