"""Compare two 10,000-word articles; where-else for a sentence at the corpus size.

Compare: ``benchmarks/corpora/long-pair/{a,b}.txt`` (two versions of one ~10,000-word article:
paragraphs moved, dropped, added, words edited), loaded through a ``Library``; the figure is
``align(a, b)`` (``Library.compare`` when it exists) plus the word diff of every aligned pair,
which is what the compare screen shows: the first call in the process (cold caches) is reported
on its own, the median/p99 are of the calls after it.
Where-else: ``Library.where(sentence)`` for a sentence of an article that other articles
rewrote, in-process, index current.
"""

from __future__ import annotations

import re
from typing import Any

from benchmarks.generate import Corpus, article_text, ensure_long_pair
from benchmarks.harness import Entry, Target, log, row, use_bench_env
from benchmarks.stats import summary, timed

FIGURE = "compare"
COMPARE = Target("<= 300 ms", 300.0, "ms")
WHERE = Target("<= 100 ms", 100.0, "ms")
TARGETS = {"compare_ms": COMPARE.text, "where_ms": WHERE.text}


class _Skipped(Exception):
    """The pair is measured once per run, not once per corpus size."""


def _compare(library: Any, repeat: int) -> dict[str, Any]:
    from tui_reader.services import compare as compare_service

    a, b = library.source("a"), library.source("b")

    def align() -> Any:
        if hasattr(library, "compare"):
            return library.compare("a", "b")
        return compare_service.align(a, b)

    def align_and_diff() -> int:
        alignment = align()
        text_a = {p.ordinal: p.text for p in a.passages}
        text_b = {p.ordinal: p.text for p in b.passages}
        diffs = 0
        for group in alignment.groups:
            if group.a and group.b:
                compare_service.word_diff(
                    " ".join(text_a[n] for n in group.a), " ".join(text_b[n] for n in group.b)
                )
                diffs += 1
        return diffs

    cold, _ = timed(align_and_diff, 1)  # first compare of this pair in this process
    align_samples, alignment = timed(align, max(3, repeat))
    full_samples, diffs = timed(align_and_diff, max(3, repeat))
    return {
        "words": [a.words, b.words],
        "passages": [len(a.passages), len(b.passages)],
        "groups": len(alignment.groups),
        "diffed_groups": diffs,
        "cold_align_and_diff_ms": round(cold[0] * 1000, 1),
        "align_ms": summary(align_samples, 1000),
        "align_and_diff_ms": summary(full_samples, 1000),
    }


def where_sentence(corpus: Corpus) -> str:
    """A sentence from the second paragraph of an article that later articles rewrote."""
    base = next((b for _i, b, kind in corpus.duplicates if kind == "rewrite"), 0)
    blocks = [b for b in article_text(corpus.seed, base).split("\n\n") if len(b) > 200]
    sentences = re.split(r"(?<=[.?!])\s+", blocks[min(1, len(blocks) - 1)])
    return max(sentences[:4], key=len)


def run(corpus: Corpus, repeat: int, *, with_pair: bool = True) -> Entry:
    use_bench_env()
    from tui_reader.services.library import Library

    size = corpus.count
    rows = []
    data: dict[str, Any] = {"corpus": corpus.path.name}
    pair = Library(ensure_long_pair(corpus.seed))
    try:
        if not with_pair:
            raise _Skipped
        pair.update()
        data["compare"] = comp = _compare(pair, repeat)
        log(f"compare: {comp}")
        rows.append(
            row(
                "compare two ~10,000-word articles (align + word diffs)",
                0,
                comp["align_and_diff_ms"]["median"],
                "{:.0f} ms",
                COMPARE,
                p99=comp["align_and_diff_ms"]["p99"],
                note=f"first in process {comp['cold_align_and_diff_ms']:.0f} ms, "
                f"align alone {comp['align_ms']['median']:.0f} ms",
            )
        )
    except _Skipped:
        pass
    except Exception as error:  # the compare service may not have landed yet
        data["compare"] = {"pending": f"{type(error).__name__}: {error}"}
        rows.append(row("compare two ~10,000-word articles", 0, None, "", COMPARE, note="pending"))
        log(f"compare pending: {error!r}")
    finally:
        pair.close()

    library = Library(corpus.path)
    try:
        library.update()
        if not hasattr(library, "where"):
            raise AttributeError("Library.where has not landed")
        sentence = where_sentence(corpus)
        samples, hits = timed(lambda: library.where(sentence), max(5, repeat * 2), warmup=1)
        stats = summary(samples, 1000)
        data["where"] = {"sentence": sentence, "hits": len(hits), **stats}
        log(f"where {size}: {data['where']}")
        rows.append(
            row(
                "where-else for a sentence",
                size,
                stats["median"],
                "{:.0f} ms",
                WHERE,
                p99=stats["p99"],
                note=f"{len(hits)} hits",
            )
        )
    except Exception as error:
        data["where"] = {"pending": f"{type(error).__name__}: {error}"}
        rows.append(row("where-else for a sentence", size, None, "", WHERE, note="pending"))
        log(f"where pending: {error!r}")
    finally:
        library.close()
    return Entry(size=size, data=data, rows=rows)
