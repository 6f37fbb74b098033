"""Plain data shared by the core, the CLI and the app. No behaviour beyond small derived values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int]
"""A half-open character range ``[start, end)``."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph-like block of a cleaned article.

    ``start``/``end`` are offsets into ``Source.text`` (the cleaned text); ``text`` equals
    ``source.text[start:end]``. ``sentences`` are spans relative to ``text``.
    ``kind`` is one of ``"paragraph"``, ``"heading"``, ``"bullet"``, ``"table"``, ``"qa"``.
    """

    source_id: str
    ordinal: int
    text: str
    start: int
    end: int
    kind: str = "paragraph"
    sentences: tuple[Span, ...] = ()

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What we compare on start-up to know whether a file changed."""

    size: int
    mtime_ns: int
    sha1: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """One article: raw text as read, cleaned text, and its passages."""

    id: str
    path: Path
    title: str
    raw: str
    text: str
    passages: tuple[Passage, ...]
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        return sum(p.words for p in self.passages)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What the source list needs, without reading the file again (kept in the index manifest)."""

    id: str
    path: str
    title: str
    passages: int
    words: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file the corpus did not take, with a one-line reason."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage. ``highlights`` are spans into ``text``."""

    source_id: str
    ordinal: int
    score: float
    text: str
    highlights: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits in rank order, plus a one-line notice when the query was rewritten."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    notice: str | None = None
    seconds: float = 0.0
    suggestion: str | None = None
    """For a query that found nothing: the same text with misspelt words corrected, if any."""

    @property
    def source_count(self) -> int:
        return len({h.source_id for h in self.hits})


@dataclass(frozen=True, slots=True)
class UpdateStats:
    """What an index update did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    rebuilt: bool = False
    reason: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class AlignedGroup:
    """Passages of A and of B that report the same thing (either side may be empty)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float
    moved: bool = False


@dataclass(frozen=True, slots=True)
class DiffToken:
    """A run of text in a word diff: ``op`` is ``"same"``, ``"a"`` (only in A) or ``"b"``."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class Alignment:
    a_id: str
    b_id: str
    groups: tuple[AlignedGroup, ...]

    @property
    def matched(self) -> tuple[AlignedGroup, ...]:
        """Groups with passages on both sides."""
        return tuple(g for g in self.groups if g.a and g.b)

    @property
    def moved(self) -> int:
        return sum(1 for g in self.groups if g.moved and g.a and g.b)

    @property
    def only_a(self) -> int:
        """Passages of A that B does not report."""
        return sum(len(g.a) for g in self.groups if not g.b)

    @property
    def only_b(self) -> int:
        return sum(len(g.b) for g in self.groups if not g.a)


@dataclass(frozen=True, slots=True)
class WhereHit:
    source_id: str
    ordinal: int
    text: str
    kind: str  # "exact" | "near"
    score: float
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    current: str = ""


@dataclass(slots=True)
class UpdatePlan:
    """Which files an update must (re)index and which it must delete."""

    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
