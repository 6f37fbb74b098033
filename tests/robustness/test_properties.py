"""Property tests (hypothesis) on cleaning/segmentation and on the query path.

Cleaning, segmentation and control stripping: no exception for any text; every passage and
sentence offset is inside the text and its span holds exactly the text it claims.
Query path (parse, then search on the disk index and the in-memory one): no exception for any
query, a one-line bounded notice, at most ``limit`` hits, and every highlight span inside the
hit's passage text. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.corpus import build_source, split_passages, split_sentences, tokenize
from tui_reader.corpus.clean import clean
from tui_reader.corpus.safe import strip_controls, visible_controls
from tui_reader.index.memory import MemoryBackend
from tui_reader.index.store import WhooshBackend
from tui_reader.services.library import Library
from tui_reader.services.query import MAX_CHARS, MAX_NOTICE, parse_query, walk

BOUNDED = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(BOUNDED, max_examples=60)

# Pieces that exercise the cleaner's rules: headings, markdown, bullets, tables, Q/A, LaTeX,
# furniture, bylines, dates, abbreviations, quotes, plus hostile characters of every kind.
FRAGMENTS = [
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "\u00a0",
    "# ",
    "## Heading Here\n",
    "**bold**",
    "__under__",
    "**",
    "[link](http://x.y/z)",
    "![img](a.png)",
    "[",
    "](",
    "> ",
    "• ",
    "- ",
    "* ",
    "1. ",
    "a) ",
    "| a | b |\n",
    "|---|---|\n",
    "| 1 | 2 |",
    "Q: Why?\n",
    "A: Because.\n",
    "$12.5\\%$",
    "$$",
    "\\(3\\times 10^{6}\\)",
    "Advertisement\n",
    "Share this article\n",
    "By John Smith\n",
    "Published 3 Dec 2025 10:00 GMT\n",
    "Home > World > Story\n",
    "Mr. Smith",
    "U.S.",
    "e.g. ",
    "No. 10",
    "5,660",
    "19.3%",
    "It's",
    "“Quoted,” he said. ",
    "‘single’",
    "... ",
    "…",
    "? ",
    "! ",
    "Dr. Who met St. Paul. ",
    "The Talks Resume Today\n",
    "---\ntitle: x\n---\n",
    "\x1b[31m",
    "\x1b]8;;http://evil\x07",
    "\x07",
    "\x00",
    "\x9b2J",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "e\u0301",
    "Mu\u0308ller",
    "Zürich",
    "Łódź",
    "İstanbul",
    "ß",
    "ﬁ",
    "東京",
    "مرحبا",
    "שלום",
    "🙂",
    "👍🏽",
    "[bold]",
    "[@click=app.quit]",
    "[/]",
]
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
)
ARTICLE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), WORDS), max_size=40).map("".join)
HOSTILE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _check_spans_inside(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text), (start, end, len(text))
        assert start >= previous_end, "spans overlap or go backwards"
        piece = text[start:end]
        assert piece == piece.strip(), "a span starts or ends with white space"
        previous_end = end


@BOUNDED
@given(ARTICLE)
def test_property_clean_never_raises_and_leaves_no_control(raw: str) -> None:
    cleaned = clean(strip_controls(raw))
    assert isinstance(cleaned.text, str) and isinstance(cleaned.title, str)
    assert not HOSTILE_CHARS.search(cleaned.text)
    assert "\n\n\n" not in cleaned.text


@BOUNDED
@given(ARTICLE)
def test_property_passage_and_sentence_offsets_hold_their_text(raw: str) -> None:
    source = build_source("id", Path("id.txt"), raw)
    text = source.text
    _check_spans_inside(text, [(p.start, p.end) for p in source.passages])
    for ordinal, passage in enumerate(source.passages):
        assert passage.ordinal == ordinal
        assert text[passage.start : passage.end] == passage.text
        assert passage.kind in ("paragraph", "heading", "bullet", "table", "qa")
        _check_spans_inside(passage.text, list(passage.sentences))
    # Every non-blank line of the text lies in exactly one passage.
    covered = {i for p in source.passages for i in range(p.start, p.end)}
    for match in re.finditer(r"\S", text):
        assert match.start() in covered


@BOUNDED
@given(st.text(max_size=300))
def test_property_segmentation_of_any_text_stays_inside_it(text: str) -> None:
    passages = split_passages(text)
    _check_spans_inside(text, [(s, e) for s, e, _k in passages])
    sentences = split_sentences(text)
    for start, end in sentences:
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert "\n" not in text[start:end]  # a line break always ends a sentence
    for _folded, start, end in tokenize(text):
        assert 0 <= start < end <= len(text)


@BOUNDED
@given(st.text(max_size=200))
def test_property_strip_and_visible_controls_leave_nothing_that_drives_a_terminal(
    text: str,
) -> None:
    stripped = strip_controls(text)
    assert not HOSTILE_CHARS.search(stripped)
    assert strip_controls(stripped) == stripped  # idempotent
    shown = visible_controls(text)
    assert not HOSTILE_CHARS.search(shown)
    assert shown.count("\n") == text.count("\n")  # the raw view keeps its lines


# --------------------------------------------------------------------------- the query path

CORPUS = {
    "a.txt": "Ceasefire talks\n\nThe ceasefire talks in Zürich resumed on Tuesday, "
    "Mr. Müller said. Police and army units withdrew.\n\n"
    "• 5,660 troops, 19.3% fewer\n\n| city | count |\n|---|---|\n| Kyiv | 12 |\n",
    "b.txt": "Government responds\n\nThe government’s response was “measured”, a spokesman "
    "said. It isn't over.\n\nQ: When?\nA: Soon.\n",
    "c.txt": "Hostile\n\n\x1b[31mred\x1b[0m [bold]markup[/] [@click=app.quit]x[/] "
    "\u202eevil\u202c text, 東京 and مرحبا and שלום, emoji 🙂 and e\u0301te\u0301.\n",
    "d.txt": "Long words\n\n" + "supercalifragilistic " * 30 + "\n\n" + "x" * 5000 + "\n",
}
QUERY_PIECES = [
    "ceasefire",
    "talks",
    "Zürich",
    "zurich",
    "Muller",
    "police",
    "army",
    "government",
    "5,660",
    "19.3",
    "isn't",
    "東京",
    "🙂",
    "ete",
    "x" * 70,
    "AND",
    "OR",
    "NOT",
    "ANDNOT",
    "-",
    "+",
    "&&",
    "||",
    "(",
    ")",
    '"',
    "“",
    "”",
    "*",
    "?",
    "~",
    "~9",
    "^2",
    ":",
    "title:",
    "[",
    "]",
    "{",
    "}",
    " TO ",
    " ",
    "\t",
    "\x1b[31m",
    "\x00",
    "\u202e",
    "\u200b",
]
QUERY = st.lists(st.one_of(st.sampled_from(QUERY_PIECES), st.text(max_size=6)), max_size=14).map(
    "".join
)


@BOUNDED
@given(st.one_of(QUERY, st.text(max_size=60)), st.booleans())
def test_property_parse_query_never_raises_and_stays_bounded(text: str, typing: bool) -> None:
    parsed = parse_query(text, as_you_type=typing)
    assert len(parsed.text) <= MAX_CHARS
    if parsed.notice is not None:
        assert "\n" not in parsed.notice and len(parsed.notice) <= MAX_NOTICE
        assert not parsed.notice.startswith("Could not read the query"), parsed.notice
    if parsed.root is not None:
        assert sum(1 for _ in walk(parsed.root)) < 500


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Library]:
    base = tmp_path_factory.mktemp("properties")
    root = base / "corpus"
    root.mkdir()
    for name, text in CORPUS.items():
        (root / name).write_text(text, encoding="utf-8")
    disk = Library(root, WhooshBackend(root, index_root=base / "index"))
    memory = Library(root, MemoryBackend(root))
    for library in (disk, memory):
        library.update()
        assert len(library.sources()) == len(CORPUS)
    return {"disk": disk, "memory": memory}


@pytest.mark.parametrize("backend", ["disk", "memory"])
def test_property_search_highlights_stay_inside_the_passage(
    libraries: dict[str, Library], backend: str
) -> None:
    library = libraries[backend]
    passages = {
        (info.id, p.ordinal): p.text
        for info in library.sources()
        for p in library.backend.passages(info.id)
    }

    @FEW
    @given(st.one_of(QUERY, st.text(max_size=40)), st.booleans(), st.integers(1, 25))
    def check(text: str, typing: bool, limit: int) -> None:
        result = library.search(text, limit=limit, as_you_type=typing)
        assert len(result.hits) <= limit and result.total >= len(result.hits)
        if result.notice is not None:
            assert "\n" not in result.notice
        for hit in result.hits:
            assert passages[(hit.source_id, hit.ordinal)] == hit.text
            for start, end in hit.highlights:
                assert 0 <= start < end <= len(hit.text), (text, hit.highlights)

    check()


def test_property_known_words_are_found_and_highlighted(libraries: dict[str, Library]) -> None:
    """Not vacuous: plain words of the corpus give hits with highlights on both backends."""
    for library in libraries.values():
        for word in ("ceasefire", "Zurich", "muller", "東京", "government"):
            result = library.search(word)
            assert result.total >= 1, word
            assert all(hit.highlights for hit in result.hits), word
