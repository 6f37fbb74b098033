"""Query latency in-process with highlights for the first 20 hits, over a mixed query set.

``Library.search(text, limit=20)`` is what the CLI calls (parse, translate, search on a fresh
searcher, highlight spans for each of the 20 hits). Each query is run once to warm the page cache
and then ``repeat`` times; the figure is the median and p99 over all samples of all queries.
Typing-time queries (``as_you_type=True``, the last word also a prefix) are measured the same way.
The baseline is a compiled-regex scan of every article already in memory (``bench_baselines``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from benchmarks.bench_baselines import Baselines
from benchmarks.generate import Corpus
from benchmarks.harness import Entry, Target, log, row, use_bench_env
from benchmarks.stats import summary, timed

FIGURE = "query"
P50 = Target("p50 <= 10 ms", 10.0, "ms")
P99 = Target("p99 <= 50 ms", 50.0, "ms")
TARGETS = {"p50_ms": P50.text, "p99_ms": P99.text}

# (label, query, as_you_type)
QUERIES: tuple[tuple[str, str, bool], ...] = (
    ("common word", "government", False),
    ("common word 2", "said", False),
    ("rare word", "kleptocracy", False),
    ("rare name", "Zhovberg", False),
    ("two words", "ceasefire talks", False),
    ("phrase", '"prime minister"', False),
    ("phrase with stop words", '"the talks"', False),
    ("name variant", "Zelenskiy", False),
    ("name variant 2", "Gaddafi", False),
    ("prefix 1 letter", "g*", False),
    ("prefix 2 letters", "ze*", False),
    ("prefix 3 letters", "gov*", False),
    ("prefix inside a stem", "governm*", False),
    ("leading wildcard", "*ion", False),
    ("inner wildcard", "go*ent", False),
    ("boolean", "police OR army -election", False),
    ("as you type: 1 letter", "g", True),
    ("as you type: mid-word", "governm", True),
    ("as you type: two words", "peace ta", True),
)


def search_and_highlight(library: Any, text: str, typing: bool) -> Any:
    """A search as the app shows it: the hits' highlight spans are worked out when read, so read
    them inside the timing (what the figure measures is query + highlights)."""
    result = library.search(text, limit=20, as_you_type=typing)
    for hit in result.hits:
        _ = hit.highlights
    return result


def run(corpus: Corpus, repeat: int, base: Baselines) -> Entry:
    use_bench_env()
    from tui_reader.services.library import Library

    size = corpus.count
    library = Library(corpus.path)
    per_query: list[dict[str, Any]] = []
    all_samples: list[float] = []
    plain_samples: list[float] = []
    cpu: list[float] = []
    try:
        library.update()
        for label, text, typing in QUERIES:
            samples, result = timed(
                partial(search_and_highlight, library, text, typing),
                max(5, repeat * 2),
                warmup=1,
                cpu=cpu,
            )
            stats = summary(samples, 1000)
            per_query.append(
                {
                    "label": label,
                    "query": text,
                    "as_you_type": typing,
                    "total": result.total,
                    "hits": len(result.hits),
                    "highlighted_hits": sum(1 for h in result.hits if h.highlights),
                    "notice": result.notice,
                    **stats,
                }
            )
            all_samples += samples
            if not typing:
                plain_samples += samples
            log(f"query {size} {label!r} {text!r}: {stats['median']} ms, {result.total} hits")
    finally:
        library.close()
    overall = summary(all_samples, 1000)
    word = "government"
    whoosh_word = next(q["median"] for q in per_query if q["query"] == word)
    scan_ms = base.python_scan(word) * 1000
    data = {
        "corpus": corpus.path.name,
        "limit": 20,
        "overall_ms": overall,
        "overall_cpu_ms": summary(cpu, 1000),
        "explicit_queries_ms": summary(plain_samples, 1000),
        "queries": per_query,
        "python_scan_ms": {word: round(scan_ms, 2)},
        "query_over_python_scan": round(whoosh_word / scan_ms, 3),
    }
    slowest = max(per_query, key=lambda q: q["p99"])
    rows = [
        row(
            "query + highlights, 20 hits, mixed set: p50",
            size,
            overall["median"],
            "{:.1f} ms",
            P50,
            note=f"CPU p50 {data['overall_cpu_ms']['median']:.1f} ms",
        ),
        row(
            "query + highlights, 20 hits, mixed set: p99",
            size,
            overall["p99"],
            "{:.1f} ms",
            P99,
            note=f"slowest: {slowest['label']} {slowest['query']!r} p99 {slowest['p99']:.0f} ms",
        ),
        row(
            f"query {word!r} vs in-memory Python scan",
            size,
            data["query_over_python_scan"],
            "{:.3f}x",
            note=f"{whoosh_word:.1f} ms vs {scan_ms:.0f} ms",
        ),
    ]
    return Entry(size=size, data=data, rows=rows)
