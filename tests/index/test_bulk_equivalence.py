"""The build's own document and posting paths (``writer.add_passage``, ``pool.CompactPool.write``,
``analysis.terms``) make the index Whoosh's ``add_document`` and ``add_postings`` make."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.corpus.loader import scan
from tui_reader.index import analysis, pool, searcher, writer
from tui_reader.index._whoosh import index
from tui_reader.index.schema import Words, make_codec, make_schema, position_postings
from tui_reader.services.query import parse_query

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"

WORDS = [
    "the",
    "war",
    "talks",
    "Talks",
    "talked",
    "Ukraine",
    "Ukraine's",
    "Ukraine’s",
    "Zelensky",
    "Zelenskyy",
    "Zelenskiy",
    "Wałęsa",
    "Walesa",
    "naïve",
    "Naïve",
    "don't",
    "isn't",
    "O'Brien",
    "U.S.",
    "e.g.",
    "19.3",
    "5,660",
    "1.000.000",
    "28-point",
    "İstanbul",
    "Straße",
    "STRASSE",
    "Dmitry",
    "Dmitriy",
    "Sergey",
    "Sergei",
    "Volodymyr",
    "hi-fi",
    "rock'n'roll",
    "مَرحبا",
    "हिन्दी",
    "Œuvre",
    "œuvre",
    "Þór",
    "ŁÓDŹ",
    "running",
    "runner",
    "ran",
    "cafés",
    "Café",
    "_under_score",
    "x",
    "’s",
    "Kremlin",
    "Kremlin's",
    "negotiators",
    "Negotiators",
    "meeting",
    "Meet",
    "MEETING",
    "A",
    "a",
    "I",
    "i",
]


def _generated(folder: Path) -> None:
    """Files with what the fast paths special-case: long passages (word positions of 255 and
    more), words repeated hundreds of times, terms in more than one block of postings."""
    rng = random.Random(7)
    folder.mkdir()
    for n in range(40):
        paragraphs = []
        for _ in range(rng.randint(1, 6)):
            length = rng.choice([3, 12, 40, 120, 300, 700])
            paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(length)) + ".")
        if n % 7 == 0:
            paragraphs.append(" ".join(["Again"] * 300 + ["again."] * 5))
        (folder / f"gen{n:02}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bulk") / "corpus"
    shutil.copytree(SEEDS, root)
    _generated(root / "generated")
    return root


def _stock_writer(ix: Any) -> Any:
    """Whoosh's writer as it comes: its own posting pool, ``add_postings`` at commit."""
    return ix.writer(codec=make_codec(), compound=False)


def _compact_writer(ix: Any) -> Any:
    """A compact pool, with Whoosh's own ``_flush_segment`` (posting by posting)."""
    w = writer._writer(ix)
    del w._flush_segment
    return w


def _build(folder: Path, root: Path, new_writer: Any, add: Any) -> Any:
    folder.mkdir()
    ix = index.create_in(str(folder), make_schema())
    w = new_writer(ix)
    entries = scan(root)[0]
    written = writer._write(lambda source: add(w, source), root, entries, {}, None)
    assert written.documents > 100
    w.commit(merge=False)
    return ix


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("indexes")
    return {
        "stock": _build(base / "stock", corpus, _stock_writer, writer.add_document),
        "compact": _build(base / "compact", corpus, _compact_writer, writer.add_document),
        "bulk": _build(base / "bulk", corpus, writer._writer, writer._add),
    }


def _contents(ix: Any) -> dict[str, Any]:
    with ix.reader() as r:
        terms: dict[tuple[str, bytes], Any] = {}
        for fieldname, tbytes in r.all_terms():
            info = r.term_info(fieldname, tbytes)
            m = r.postings(fieldname, tbytes)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            stats = (info.weight(), info.doc_frequency(), info.max_weight())
            terms[fieldname, tbytes] = (stats, info.min_id(), info.max_id(), postings)
        fieldnames = ["body", "doc", "exact", "names", "source"]
        scored = ["body", "exact", "names"]
        docs = range(r.doc_count_all())
        return {
            "count": r.doc_count_all(),
            "terms": terms,
            "stored": [r.stored_fields(d) for d in docs],
            "lengths": [[r.doc_field_length(d, f) for f in fieldnames] for d in docs],
            "totals": [
                (r.field_length(f), r.min_field_length(f), r.max_field_length(f)) for f in scored
            ],
        }


def test_the_index_is_the_one_whooshs_own_paths_write(built: dict[str, Any]) -> None:
    stock, bulk = _contents(built["stock"]), _contents(built["bulk"])
    assert stock["count"] == bulk["count"]
    assert list(stock["terms"]) == list(bulk["terms"])
    for term, expected in stock["terms"].items():
        assert bulk["terms"][term] == expected, term
    for name in ("stored", "lengths", "totals"):
        assert stock[name] == bulk[name], name
    # The corpus has what the fast paths special-case.
    exact = [(t, v) for (f, t), v in bulk["terms"].items() if f == "exact"]
    assert any(len(postings) > 128 for _t, (_s, _a, _b, postings) in exact)
    assert any(value[:1] == b"\xff" for _t, (*_x, postings) in exact for *_y, value in postings)
    assert max(weight for _t, (*_x, postings) in exact for _d, weight, _v in postings) > 256


def test_the_segment_files_are_byte_for_byte_those_of_the_posting_by_posting_path(
    built: dict[str, Any],
) -> None:
    def files(ix: Any) -> dict[str, bytes]:
        (segment,) = ix._segments()
        names = segment.list_files(ix.storage)
        prefix = segment.make_filename("")
        return {n.replace(prefix, ""): ix.storage.open_file(n).read() for n in names}

    compact, bulk = files(built["compact"]), files(built["bulk"])
    assert sorted(compact) == sorted(bulk)
    for name, data in compact.items():
        assert bulk[name] == data, name


@pytest.mark.parametrize(
    "text",
    [
        "ukraine",
        "talks",
        "zelensky",
        '"Kremlin negotiators"',
        "walesa",
        "u.s.",
        "again",
        "str*",
        "naive OR istanbul",
        "hindi",
        "1.000.000",
    ],
)
def test_searches_find_the_same(built: dict[str, Any], text: str) -> None:
    parsed = parse_query(text)
    stock = searcher.run_index(built["stock"], parsed, 1000)
    bulk = searcher.run_index(built["bulk"], parsed, 1000)
    assert [(h.source_id, h.ordinal, h.score) for h in bulk[0]] == [
        (h.source_id, h.ordinal, h.score) for h in stock[0]
    ]
    assert bulk[1] == stock[1]


def test_incremental_updates_mix_both_paths(corpus: Path, tmp_path: Path) -> None:
    """``merge_small`` copies small segments through ``add`` into a writer fed by ``add_doc``."""
    written = {}
    for name, add in (("stock", writer.add_document), ("bulk", writer._add)):
        folder = tmp_path / name
        ix = _build(folder, corpus / "generated", writer._writer, add)
        ix.close()
        real = writer._add
        writer._add = add
        try:
            seeds = scan(corpus)[0][-5:]
            writer.apply(folder, corpus, {"gen03", "gen04"}, seeds, {}, None)
        finally:
            writer._add = real
        written[name] = _contents(index.open_dir(str(folder)))
    assert written["stock"] == written["bulk"]


def _from_analyze(text: str) -> analysis.Terms:
    words = analysis.analyze(text)
    where: dict[str, list[int]] = {}
    for pos, word in enumerate(words.exact):
        where.setdefault(word, []).append(pos)
    return analysis.Terms(
        where,
        Counter(words.body),
        Counter(words.names),
        len(words.exact),
        len(words.body),
        len(words.names),
    )


_PIECES = st.sampled_from([*WORDS, " ", "  ", "\n", "'s", "’S", "'", ".", ",", "-", "\u0301"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40))
def test_terms_are_analyze_counted(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert analysis.terms(text) == _from_analyze(text)
    assert analysis.terms(text) == _from_analyze(text)  # from the remembered words


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcdefgh"), max_size=600).map(
        lambda words: words + ["x"] * (0 if len(words) < 300 else 260)
    )
)
def test_position_postings_are_those_words_index_makes(words: list[str]) -> None:
    p = pool.CompactPool()
    where: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        where.setdefault(word, []).append(pos)
    weights, values, held = position_postings(where, p.share)
    terms = list(where)
    expected = list(Words(positions=True).index(words))
    assert [t.encode() for t in terms] == [t for t, _f, _w, _v in expected]
    assert weights == [w for _t, _f, w, _v in expected]
    assert values == [v for _t, _f, _w, v in expected]
    long = [v for v in values if len(v) > pool.SHARED_MAX]
    assert held == sum(33 + len(v) for v in long)
    assert all(p.share(v) is v for v in values if len(v) <= pool.SHARED_MAX)


def test_pool_shares_short_values() -> None:
    p = pool.CompactPool()
    p.add(("exact", b"a", 0, 1.0, bytes((5,))))
    p.add(("exact", b"b", 0, 2.0, bytes((1, 2))))
    p.add(("exact", b"b", 1, 2.0, bytes((1, 2))))
    values = [v for _f, _t, _d, _w, v in p.iter_postings()]
    assert values[0] is pool.ONE_BYTE[5] and values[1] is values[2]
