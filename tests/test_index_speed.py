"""The shortcuts that make searches and no-op starts fast must never change what they answer."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui_reader.index import searcher, writer
from tui_reader.index.store import WhooshBackend
from tui_reader.services.query import parse_query

SEED_IDS = [
    "000_15444799d16b97f2",
    "001_bbe6e142eb0c3a87",
    "002_f61de47c43c6cb98",
    "003_df1a8881b1c4b02e",
    "004_ad5b41631710ae11",
]


def hits(backend: WhooshBackend, text: str) -> list[tuple[str, int, float]]:
    found, _total = backend.search(parse_query(text), 1000)
    return [(h.source_id, h.ordinal, round(h.score, 6)) for h in found]


@pytest.fixture
def backend(corpus_copy: Path) -> WhooshBackend:
    searcher.forget_snapshots()
    b = WhooshBackend(corpus_copy)
    b.update()
    return b


def test_a_kept_snapshot_serves_the_next_search(backend: WhooshBackend) -> None:
    first = hits(backend, "putin")
    kept = dict(searcher._open)
    assert len(kept) == 1
    assert hits(backend, "putin") == first
    assert dict(searcher._open) == kept


def test_an_update_replaces_the_kept_snapshot(backend: WhooshBackend, corpus_copy: Path) -> None:
    before = hits(backend, "pokrovsk")
    (old,) = searcher._open.values()
    (corpus_copy / f"{SEED_IDS[4]}.txt").unlink()
    backend.update()
    after = hits(backend, "pokrovsk")
    assert len(after) < len(before)
    (new,) = searcher._open.values()
    assert new is not old and old.retired
    backend.update(rebuild=True)  # scores change: deleted passages no longer count in idf
    assert [h[:2] for h in hits(backend, "pokrovsk")] == [h[:2] for h in after]
    assert len(searcher._open) == 1  # the swapped-out generation is closed, not kept


def test_a_busy_snapshot_does_not_block_or_mix_searches(backend: WhooshBackend) -> None:
    expected = {q: hits(backend, q) for q in ("putin", '"the war"', "kre*")}
    errors: list[BaseException] = []

    def search(query: str) -> None:
        try:
            for _ in range(15):
                assert hits(backend, query) == expected[query]
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=search, args=(q,)) for q in expected for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_no_op_start_reads_nothing_but_the_manifest(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a Whoosh writer was opened")

    monkeypatch.setattr(writer, "build", refuse)
    monkeypatch.setattr(writer, "apply", refuse)
    fresh = WhooshBackend(corpus_copy)
    stats = fresh.update()
    assert stats.unchanged == 5 and not stats.rebuilt
    # Same size, new mtime: still unchanged (by hash), and the new mtime is recorded.
    path = corpus_copy / f"{SEED_IDS[0]}.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert fresh.update().unchanged == 5
    record = fresh._live()[1].files[f"{SEED_IDS[0]}.txt"]
    assert record.mtime_ns == path.stat().st_mtime_ns
    assert WhooshBackend(corpus_copy).update().unchanged == 5


def test_whoosh_is_imported_without_urllib_request() -> None:
    code = (
        "import sys\n"
        "import tui_reader.index._whoosh\n"
        "import whoosh.compat, whoosh.query.terms\n"
        "assert 'urllib.request' not in sys.modules\n"
        "assert 'whoosh.lang.morph_en' not in sys.modules\n"
        "import urllib.request\n"
        "assert urllib.request.urlopen and urllib.request.Request\n"
        "assert 'run' in whoosh.query.terms.variations('running')\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize(
    "positions",
    [[0], [7], [0, 1, 2, 40], [254], [255], [3, 258], [0, 254, 508], [1000, 70_000, 4_000_000]],
)
def test_positions_round_trip(positions: list[int]) -> None:
    from tui_reader.index.schema import CompactPositions, decode_positions, encode_positions

    encoded = encode_positions(positions)
    assert decode_positions(encoded) == positions
    assert CompactPositions().decode_frequency(encoded) == len(positions)
    if max(b - a for a, b in zip([0, *positions], positions, strict=False)) < 255:
        assert len(encoded) == len(positions)  # one byte per position


def _segments(backend: WhooshBackend) -> list[tuple[int, int]]:
    from tui_reader.index._whoosh import index

    ix = index.open_dir(str(backend._live()[0]))
    try:
        return [(s.doc_count_all(), s.doc_count()) for s in ix._segments()]
    finally:
        ix.close()


def test_small_segments_do_not_pile_up(backend: WhooshBackend, corpus_copy: Path) -> None:
    passages = sum(s.passages for s in backend.sources())
    for n in range(4):
        path = corpus_copy / f"{SEED_IDS[n % 2]}.txt"
        path.write_text(path.read_text(encoding="utf-8") + f"\n\nZqxvortle line {n}.\n", "utf-8")
        backend.update()
        passages += 1
        segments = _segments(backend)
        # One segment: the small ones (and their deleted passages) are copied into the new one.
        assert segments == [(passages, passages)]
        assert len(hits(backend, "zqxvortle")) == n + 1
    (corpus_copy / f"{SEED_IDS[0]}.txt").unlink()
    backend.update()
    assert len(hits(backend, "zqxvortle")) == 2  # the two lines left are in the other file


def test_top_ranks_like_a_keyed_heap_with_ties_in_document_order() -> None:
    import heapq
    import random

    from tui_reader.index.evaluate import top

    rng = random.Random(6)
    for _ in range(300):
        scores = {rng.randint(0, 10**6): rng.randint(0, 15) / 4 for _ in range(rng.randint(0, 200))}
        limit = rng.randint(0, 30)
        expected = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        assert top(scores, limit) == expected


@pytest.mark.parametrize(
    "text",
    ["putin kremlin", "kremlin putin", "the putin", '"the war" putin', "putin -kremlin", "k* a"],
)
def test_and_scores_only_where_the_rarer_part_matches(backend: WhooshBackend, text: str) -> None:
    from tui_reader.index import evaluate

    parsed = parse_query(text)
    assert parsed.root is not None
    with searcher.snapshot_of(backend._live()[0]) as snapshot:
        whole = evaluate.Evaluator(snapshot.searcher, searcher.expand_prefix)
        ours = whole.node(parsed.root)
        # The same query with every part scored in full and intersected afterwards.
        full = evaluate.Evaluator(snapshot.searcher, searcher.expand_prefix)
        full.estimate = lambda node: 0  # type: ignore[method-assign]
        assert isinstance(parsed.root, evaluate.And)
        items = parsed.root.items
        expected = evaluate._intersection(
            [full.node(item) for item in items if not isinstance(item, evaluate.Not)]
        )
        for item in items:
            if isinstance(item, evaluate.Not):
                for docnum in full.node(item.item, False):
                    expected.pop(docnum, None)
    assert ours.keys() == expected.keys()
    for docnum, score in expected.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-9)


def test_kept_position_blocks_are_bounded_and_change_nothing(
    backend: WhooshBackend, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.index import evaluate

    first = {q: hits(backend, q) for q in ('"the war"', '"end the bloodshed"', '"in the"')}
    assert evaluate._blocks_kept
    assert {q: hits(backend, q) for q in first} == first  # read from the kept blocks
    monkeypatch.setattr(evaluate, "BLOCK_CACHE_POSTINGS", 1)
    evaluate._blocks_kept.clear()
    monkeypatch.setattr(evaluate, "_blocks_count", 0)
    assert {q: hits(backend, q) for q in first} == first
    assert len(evaluate._blocks_kept) <= 1
    path = corpus_copy / f"{SEED_IDS[2]}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nThe war in the end.\n", "utf-8")
    backend.update()
    assert len(hits(backend, '"the war"')) == len(first['"the war"']) + 1


def test_highlights_are_worked_out_only_for_the_hits_that_are_read(
    backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = searcher.spans

    def counting(text: str, marks: searcher.Marks) -> tuple[tuple[int, int], ...]:
        calls.append(text)
        return real(text, marks)

    monkeypatch.setattr(searcher, "spans", counting)
    found, total = backend.search(parse_query("putin"), 50)
    assert len(found) > 3 and total >= len(found)
    assert calls == []  # a list of 50 hits costs no tokenizing until a hit is shown
    first = found[0].highlights
    assert first and all(found[0].text[a:b].lower() == "putin" for a, b in first)
    assert found[0].highlights == first and len(calls) == 1  # once per hit
    eager = [real(hit.text, hit._marks) for hit in found]  # type: ignore[attr-defined]
    assert [hit.highlights for hit in found] == eager
