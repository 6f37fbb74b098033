"""Search semantics on the seeds and on small synthetic corpora: stemming, folding, phrases,
prefixes, boolean logic, ranking, spelling variants, highlights, and hostile queries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tui_reader.corpus.tokens import fold
from tui_reader.index.memory import MemoryBackend
from tui_reader.index.store import WhooshBackend
from tui_reader.models import Hit, SearchResult
from tui_reader.services.backend import BackendError
from tui_reader.services.query import And, Node, Not, Or, ParsedQuery, Phrase, Term, parse_query
from tui_reader.services.search import run_search

SEED = {
    "000": "000_15444799d16b97f2",
    "001": "001_bbe6e142eb0c3a87",
    "002": "002_f61de47c43c6cb98",
    "003": "003_df1a8881b1c4b02e",
    "004": "004_ad5b41631710ae11",
}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshBackend]:
    root = Path(__file__).resolve().parent.parent / "seeds"
    backend = WhooshBackend(root, tmp_path_factory.mktemp("seed-index") / "idx")
    backend.update()
    yield backend
    backend.close()


def search(backend: WhooshBackend, text: str, limit: int = 1000, **kw: bool) -> SearchResult:
    return run_search(backend, text, limit, **kw)


def sources(result: SearchResult) -> set[str]:
    return {h.source_id for h in result.hits}


def marked(hit: Hit) -> list[str]:
    return [hit.text[start:end] for start, end in hit.highlights]


def make_corpus(root: Path, articles: dict[str, list[str]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, paragraphs in articles.items():
        text = f"{name.title()} report\n\n" + "\n\n".join(paragraphs) + "\n"
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


# --------------------------------------------------------------------------- words


def test_stemming_finds_other_forms(seeds: WhooshBackend) -> None:
    result = search(seeds, "negotiate")
    words = {fold(w) for h in result.hits for w in marked(h)}
    assert "negotiations" in words
    assert all(w.startswith("negotiat") for w in words)
    assert result.notice is None


def test_case_and_accents_do_not_matter(seeds: WhooshBackend) -> None:
    lower = search(seeds, "kremlin")
    assert lower.total > 0
    assert search(seeds, "KREMLIN").total == lower.total
    assert search(seeds, "Krémlin").total == lower.total
    accented = search(seeds, "Zelénsky")
    assert accented.total == search(seeds, "zelensky").total > 0


def test_spelling_variants_of_names(seeds: WhooshBackend) -> None:
    # Seed 002 has the name only in its title, which cleaning keeps out of the passages.
    result = search(seeds, "Zelenskiy")
    assert sources(result) == {SEED["000"], SEED["001"], SEED["003"], SEED["004"]}
    words = {w for h in result.hits for w in marked(h)}
    assert {"Zelensky", "Zelenskyy"} <= words
    assert all(fold(w).startswith("zelensk") for w in words)


def test_ranking_prefers_exact_spelling(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path / "c",
        {
            "a": ["Zelenskyy spoke to reporters in the capital today about the war."],
            "b": ["Zelensky spoke to reporters in the capital today about the war."],
        },
    )
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    hits = search(backend, "Zelensky").hits
    assert [h.source_id for h in hits] == ["b", "a"]


# --------------------------------------------------------------------------- phrases


def test_phrases_keep_stop_words(seeds: WhooshBackend) -> None:
    assert sources(search(seeds, '"end the bloodshed"')) == {SEED["000"], SEED["001"]}
    many = search(seeds, '"as many times as needed"')
    assert sources(many) == {SEED["000"], SEED["001"]}
    for hit in many.hits:
        assert [fold(w) for w in marked(hit)] == ["as many times as needed"]


def test_phrase_is_as_written_not_stemmed(seeds: WhooshBackend) -> None:
    exact = search(seeds, '"negotiations"')
    stemmed = search(seeds, "negotiations")
    assert 0 < exact.total < stemmed.total
    assert all(fold(w) == "negotiations" for h in exact.hits for w in marked(h))


def test_phrase_word_order_matters(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", {"a": ["the end of the war came"]})
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    assert search(backend, '"end of the war"').total == 1
    assert search(backend, '"war the of end"').total == 0
    assert search(backend, '"of the"').total == 1


# --------------------------------------------------------------------------- prefixes


POKROVSK = "Pokrovsk"


def _has_pokrovsk_passage(result: SearchResult) -> bool:
    return any(h.source_id == SEED["004"] and POKROVSK in h.text for h in result.hits)


@pytest.mark.parametrize("length", range(1, len(POKROVSK) + 1))
def test_every_prefix_of_a_word_being_typed_finds_it(seeds: WhooshBackend, length: int) -> None:
    typed = POKROVSK[:length].lower()
    assert _has_pokrovsk_passage(search(seeds, typed, as_you_type=True)), typed
    assert _has_pokrovsk_passage(search(seeds, typed + "*")), typed + "*"


def test_prefix_is_unstemmed(seeds: WhooshBackend) -> None:
    result = search(seeds, "governm*")
    words = {fold(w) for h in result.hits for w in marked(h)}
    assert "government" in words
    assert all(w.startswith("governm") for w in words)


def test_as_you_type_never_drops_to_zero_mid_word(seeds: WhooshBackend) -> None:
    for i in range(1, len("negotiations") + 1):
        assert search(seeds, "negotiations"[:i], as_you_type=True).total > 0


def test_prefix_expansion_is_bounded_to_the_most_frequent_words(tmp_path: Path) -> None:
    from tui_reader.index import searcher

    words = [f"g{i:03d}" for i in range(200)]
    corpus = make_corpus(
        tmp_path / "c",
        {
            "a": [" ".join(words), "gone gone gone gone"],
            "b": ["gone again", "gone for good"],
        },
    )
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    from tui_reader.index._whoosh import index

    ix = index.open_dir(str(backend._live()[0]))
    with ix.reader() as reader:
        expanded = searcher.expand_prefix(reader, "g")
        assert searcher.expand_prefix(reader, "g", budget=3) == ["gone"]  # 3 passages already
        assert searcher.expand_prefix(reader, "gon") == ["gone"]
        assert searcher.expand_prefix(reader, "zz") == []
    ix.close()
    assert len(expanded) == searcher.MAX_EXPANSION
    assert "gone" in expanded and "good" in expanded
    result = search(backend, "g*")
    assert result.total == 4  # every passage holds one of the chosen words


def test_a_prefix_leaves_out_words_in_more_passages_than_its_budget(tmp_path: Path) -> None:
    from tui_reader.index import searcher
    from tui_reader.index._whoosh import index

    passages = [f"the talks number {i}" for i in range(6)] + ["they met", "then tea"]
    corpus = make_corpus(tmp_path / "c", {"a": passages})
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    ix = index.open_dir(str(backend._live()[0]))
    with ix.reader() as reader:
        # "the" and "talks" (6 passages each) are over a budget of 4; the rest fits.
        assert searcher.expand_prefix(reader, "t", budget=4) == ["tea", "then", "they"]
        # Nothing fits: the least frequent word stands for the prefix (never zero hits).
        assert searcher.expand_prefix(reader, "th", budget=0) == ["then"]
    ix.close()
    assert searcher.prefix_budget("t") < searcher.prefix_budget("th")
    assert searcher.prefix_budget("th") < searcher.prefix_budget("the")
    assert search(backend, "the talks t", as_you_type=True).total == 6  # "the talks" holds


# --------------------------------------------------------------------------- logic and rank


def test_boolean_logic(seeds: WhooshBackend) -> None:
    putin = search(seeds, "putin").total
    trump = search(seeds, "trump").total
    both = search(seeds, "putin AND trump").total
    either = search(seeds, "putin OR trump").total
    only_putin = search(seeds, "putin NOT trump").total
    assert search(seeds, "putin trump").total == both
    assert either == putin + trump - both
    assert only_putin == putin - both
    assert search(seeds, "putin -trump").total == only_putin
    grouped = search(seeds, "(putin OR trump) AND witkoff")
    assert 0 < grouped.total <= search(seeds, "witkoff").total
    for hit in grouped.hits:
        text = fold(hit.text)
        assert "witkoff" in text and ("putin" in text or "trump" in text)


def test_more_matches_rank_higher(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path / "c",
        {
            "a": ["The ceasefire talks went on.", "Ceasefire, ceasefire, ceasefire: the word."],
            "b": ["Nothing about it here at all, only other words."],
        },
    )
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    hits = search(backend, "ceasefire").hits
    assert len(hits) == 2
    assert hits[0].text.startswith("Ceasefire, ceasefire")
    assert hits[0].score > hits[1].score


def test_total_counts_beyond_the_limit(seeds: WhooshBackend) -> None:
    full = search(seeds, "ukraine")
    limited = search(seeds, "ukraine", limit=3)
    assert len(limited.hits) == 3 and limited.total == full.total > 3
    assert [h.ordinal for h in limited.hits] == [h.ordinal for h in full.hits[:3]]


# --------------------------------------------------------------------------- highlights


def test_highlights_cover_exactly_the_matched_words(seeds: WhooshBackend) -> None:
    result = search(seeds, "kremlin putin*")
    assert result.hits
    for hit in result.hits:
        words = [fold(w) for w in marked(hit)]
        assert words and all(w == "kremlin" or w.startswith("putin") for w in words)
        assert hit.highlights == tuple(sorted(hit.highlights))


def test_possessive_is_not_highlighted(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", {"a": ["Zelenskyy's office said U.S. envoys met."]})
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    hit = search(backend, "zelenskiy").hits[0]
    assert marked(hit) == ["Zelenskyy"]
    assert marked(search(backend, "U.S.").hits[0]) == ["U.S."]


def test_negated_words_are_not_highlighted(seeds: WhooshBackend) -> None:
    for hit in search(seeds, "putin -trump").hits:
        assert {fold(w) for w in marked(hit)} == {"putin"}


# --------------------------------------------------------------------------- hostile input

BAD_QUERIES = [
    '"unbalanced (quote',
    "((((((((((((((((((((putin))))))))))))))))))))",
    "*ion",
    "*a*",
    "gov*ment",
    "wom?n",
    "putin~9",
    "[a TO z]",
    "title:putin",
    "AND OR NOT",
    "NOT NOT putin",
    "putin ANDNOT ANDNOT trump",
    "NOT putin",
    "\x1b[2J\x07putin",
    "🙂🙂🙂",
    "שלום Kremlin",
    "a" * 100_000,
    "p* a* s* t* c* m* r* b* d* e* f* g* h* i* w* o*",
    " ".join(["x OR"] * 300),
    "(" * 500,
    ")" * 500,
    '"' * 501,
]


@pytest.mark.parametrize("text", BAD_QUERIES)
def test_bad_queries_answer_fast_and_never_raise(seeds: WhooshBackend, text: str) -> None:
    started = time.perf_counter()
    result = search(seeds, text, limit=20)
    assert time.perf_counter() - started < 2.0
    assert result.hits or result.notice is not None or result.total == 0
    if not result.hits:
        assert result.total == 0


def test_empty_query_never_reaches_the_backend() -> None:
    class Refuses:
        def search(self, query: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
            raise AssertionError("backend called")

    for text in ("", "   ", "AND", "NOT x", "🙂"):
        result = run_search(Refuses(), text)  # type: ignore[arg-type]
        assert result.hits == () and result.total == 0


def test_backend_errors_become_a_notice() -> None:
    class Broken:
        def search(self, query: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
            raise BackendError("the index could not be read")

    result = run_search(Broken(), "putin~2")  # type: ignore[arg-type]
    assert result.hits == () and result.total == 0
    assert result.notice is not None
    assert "fuzzy" in result.notice.lower() and "could not be read" in result.notice


def test_search_without_an_index_is_a_notice(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", {"a": ["words"]})
    result = run_search(WhooshBackend(corpus, tmp_path / "idx"), "words")
    assert result.total == 0 and result.notice and "no index" in result.notice


def test_parsed_query_goes_straight_to_the_backend(seeds: WhooshBackend) -> None:
    hits, total = seeds.search(parse_query("pokrovsk"), 5)
    assert total >= len(hits) > 0


# --------------------------------------------------------------------------- bulk = Whoosh

SAME_AS_WHOOSH = [
    "negotiate",
    "zelenskiy",
    "KREMLIN",
    "putin -trump",
    "(putin OR trump) witkoff",
    '"end the bloodshed"',
    '"as many times as needed" OR kremlin',
    "g*",
    "pokr",
    "the",
    "kremlin putin* -moscow",
]


def whoosh_query(node: Node, reader: Any) -> Any:
    """The plain Whoosh translation of a query without negations: the reference semantics."""
    from tui_reader.index import searcher
    from tui_reader.index._whoosh import query
    from tui_reader.index.analysis import lookups

    if isinstance(node, Term):
        if node.prefix:
            words = searcher.expand_prefix(reader, node.text)
            return query.Or([query.Term("exact", w) for w in words]) if words else query.NullQuery
        return query.Or([query.Term(f, t, boost=b) for f, t, b in lookups(node.text)])
    if isinstance(node, Phrase):
        if len(node.words) == 1:
            return query.Term("exact", node.words[0])
        return query.Phrase("exact", list(node.words))
    assert isinstance(node, And | Or), "negations are masked at the top level"
    parts = [whoosh_query(item, reader) for item in node.items]
    return query.And(parts) if isinstance(node, And) else query.Or(parts)


def _compare_with_whoosh(folder: Path, text: str) -> None:
    # Negations go through ``mask``: Whoosh 2.7.4's AndNot keeps the first positive match when
    # the excluded list starts before it, and its Not adds 1.0 to every score.
    from tui_reader.index import searcher
    from tui_reader.index._whoosh import index, query
    from tui_reader.index.evaluate import Evaluator

    parsed = parse_query(text, as_you_type=True)
    assert parsed.root is not None
    items = parsed.root.items if isinstance(parsed.root, And) else (parsed.root,)
    plus = [i for i in items if not isinstance(i, Not)]
    minus = [i.item for i in items if isinstance(i, Not)]
    ix = index.open_dir(str(folder))
    try:
        with ix.searcher(weighting=searcher.weighting()) as s:
            ours = Evaluator(s, searcher.expand_prefix).node(parsed.root)
            q = whoosh_query(plus[0] if len(plus) == 1 else And(tuple(plus)), s.reader())
            mask = query.Or([whoosh_query(m, s.reader()) for m in minus]) if minus else None
            theirs = {hit.docnum: hit.score for hit in s.search(q, limit=None, mask=mask)}
    finally:
        ix.close()
    assert ours.keys() == theirs.keys(), text
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-6), (text, docnum)


@pytest.mark.parametrize("text", SAME_AS_WHOOSH)
def test_bulk_evaluation_equals_whoosh(seeds: WhooshBackend, text: str) -> None:
    _compare_with_whoosh(seeds._live()[0], text)


def test_bulk_evaluation_equals_whoosh_with_deletions_and_segments(corpus_copy: Path) -> None:
    from tui_reader.index import writer
    from tui_reader.index._whoosh import index

    backend = WhooshBackend(corpus_copy)
    backend.update()
    folder = backend._live()[0]
    ix = index.open_dir(str(folder))
    w = writer._writer(ix)
    w.delete_by_term("source", SEED["001"])
    w.commit(merge=False)
    w = writer._writer(ix)
    w.add_document(
        source="extra",
        exact=["putin", "met", "zelenskyy", "in", "the", "kremlin"],
        body=["meet"],
        names=["zelenski"],
        doc=("extra", 0, "Putin met Zelenskyy in the Kremlin", 0, 34, "paragraph", ()),
    )
    w.commit(merge=False)
    ix.close()
    ix = index.open_dir(str(folder))
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) == 2 and s.reader().has_deletions()
    ix.close()
    for text in SAME_AS_WHOOSH:
        _compare_with_whoosh(folder, text)


def test_a_query_that_finds_nothing_suggests_close_indexed_words(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path / "c", {"a": ["Foreign minister Andrii Sybhia met negotiators in Geneva."]}
    )
    for backend in (WhooshBackend(corpus, tmp_path / "idx"), MemoryBackend(corpus)):
        backend.update()
        one = run_search(backend, "sybiha")
        assert one.total == 0 and one.notice == "no hits; did you mean sybhia?"
        two = run_search(backend, "sybiha negotiatons", as_you_type=True)
        assert two.notice == "no hits; did you mean sybiha → sybhia, negotiatons → negotiators?"
        assert one.suggestion == "sybhia" and two.suggestion == "sybhia negotiators"
        assert run_search(backend, "Sybiha AND geneva").suggestion == "sybhia AND geneva"
        assert run_search(backend, "xqzzyv").notice is None  # nothing close: no suggestion
        assert run_search(backend, "20251231").notice is None  # figures are not spelt
        assert run_search(backend, "sybhia").notice is None  # hits: no suggestion
        assert run_search(backend, "geneva NOT sybiha").notice is None
        backend.close()


def test_suggestions_count_swapped_letters_as_one_edit_and_rank_closest_first(
    tmp_path: Path,
) -> None:
    from tui_reader.index.searcher import edit_distance

    # "syria" is in more passages but two edits from "sybiha"; "sybhia" is one swap away.
    passages = ["Syria again.", "Syria and more.", "Syria once more.", "Sybhia spoke.", "Talks."]
    corpus = make_corpus(tmp_path / "c", {"a": passages})
    backend = WhooshBackend(corpus, tmp_path / "idx")
    backend.update()
    assert run_search(backend, "sybiha").suggestion == "sybhia"
    assert run_search(backend, "tlaks").suggestion == "talks"  # 5 letters: a swap is one edit
    assert run_search(backend, "tlkas").suggestion is None  # two edits: too far for 5 letters
    assert [edit_distance(a, b) for a, b in [("ab", "ba"), ("kitten", "sitting"), ("", "ab")]] == [
        1,
        3,
        2,
    ]
