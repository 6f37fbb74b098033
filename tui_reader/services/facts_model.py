"""Plain data for the facts grid: a mention of a fact in a passage, a fact merged across sources."""

from __future__ import annotations

from dataclasses import dataclass, field

_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
"""Curly and straight quotes do not make a different form."""

KINDS = ("number", "name", "quote", "date")
"""Fact kinds. Dates (bare years, "February 2022") are low priority: left out unless asked for."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a fact: where it is and how the passage writes it.

    ``key`` groups mentions of the same fact; ``label`` is the normalised text shown for it;
    ``measure`` (numbers) names what is counted, to find sources that give different values.
    ``start``/``end`` are offsets into the passage text.
    """

    kind: str
    key: str
    label: str
    form: str
    source_id: str
    ordinal: int
    start: int
    end: int
    measure: str = ""
    value: float | None = None
    speaker: str | None = None
    subkind: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """A number, a name or a quotation, with the passages of each source that carry it.

    ``sources`` maps a source id to the passage ordinals (sorted) where the fact occurs;
    ``forms`` maps a source id to how that source writes it, ``common`` is the form most sources
    use, and ``variants`` lists every distinct written form. ``disagree`` is set on a number
    when another source gives a different value for the same measure (``measure`` names it).
    ``subkind`` is "person", "place", "org" or "" for names.
    """

    kind: str
    key: str
    text: str
    sources: dict[str, tuple[int, ...]]
    variants: tuple[str, ...]
    forms: dict[str, str]
    common: str = ""
    disagree: bool = False
    speaker: str | None = None
    subkind: str = ""
    measure: str = ""
    mentions: tuple[Mention, ...] = field(default=(), repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.sources)

    def mark(self, source_id: str) -> str:
        """``"same"`` when the source writes the fact in the common form, ``"other"`` when in
        another form, ``""`` when the source does not carry it."""
        form = self.forms.get(source_id)
        if form is None:
            return ""
        return (
            "same" if form.translate(_TYPOGRAPHY) == self.common.translate(_TYPOGRAPHY) else "other"
        )
