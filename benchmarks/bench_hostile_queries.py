"""Worst-case latency of hostile queries (issue 7): each must give results or one clear line, fast.

In-process ``Library.search(q, limit=20)``, as the CLI and the app call it: parse (bounded,
rewritten with a notice), search, highlight spans of the 20 hits. Each query runs once to warm
up, then ``max(5, 2 * repeat)`` times; per query the median, p99 and max are recorded with the
hit count, the notice the user sees and whether anything raised. A query that takes longer than
``GUARD_SECONDS`` is interrupted (``SIGALRM``) and recorded as a hang instead of stalling the run.

The summary gets three rows per size: the slowest median, the slowest p99 and the worst single
run of any hostile query (the target, "worst case <= 1 s", applies at 10,000 articles).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from benchmarks.bench_query import search_and_highlight
from benchmarks.generate import Corpus
from benchmarks.harness import Entry, Target, log, row, use_bench_env
from benchmarks.stats import summary

FIGURE = "hostile_queries"
WORST = Target("worst case <= 1 s", 1000.0, "ms")
TARGETS = {"max_ms": WORST.text}
GUARD_SECONDS = 120.0

# (label, query): the hostile inputs of issue 7, with real words of the synthetic corpora
# ("police", "army", "government") where the issue writes x and y.
QUERIES: tuple[tuple[str, str], ...] = (
    ("empty", ""),
    ("whitespace", " \t \n  "),
    ("only operators", "AND OR NOT"),
    ("NOT NOT x", "NOT NOT police"),
    ("x ANDNOT ANDNOT y", "police ANDNOT ANDNOT army"),
    ("unbalanced quote", '"prime minister'),
    ("unbalanced quotes 2", 'prime" minister" "'),
    ("stray closing curly quote", "police”"),  # hung the parser before 646cef0
    ("curly quotes unbalanced", "“prime minister” police” “"),
    ("unbalanced parens (", "((police OR army"),
    ("unbalanced parens )", "police)) OR army)"),
    ("5,000 nested parens", "(" * 5000 + "police" + ")" * 5000),
    ("5,000 open parens", "(" * 5000 + "police"),
    ("100,000-char word", "a" * 100_000),
    ("100,000-char word of words", "government" * 10_000),
    ("100,000-char word + *", "g" * 100_000 + "*"),
    ("many words", " ".join(f"word{i}" for i in range(2_000))),
    ("many ORs", " OR ".join(["police"] * 2_000)),
    ("many NOTs", "NOT " * 2_000 + "police"),
    ("*", "*"),
    ("**", "**"),
    ("*ion", "*ion"),
    ("*a*", "*a*"),
    ("g*", "g*"),
    ("1-letter prefix + 2-letter prefix", "g* a*"),
    ("x~9", "police~9"),
    ("x^9", "police^9"),
    ("range [a TO z]", "[a TO z]"),
    ("range {2020 TO 2025}", "{2020 TO 2025}"),
    ("field range", "date:[20200101 TO 20251231]"),
    ("unknown field", "author:smith"),
    ("unknown field + wildcard", "title:*"),
    ("control characters", "\x1b[31mpolice\x07\x00 \x9b2J army\x08"),
    ("OSC hyperlink", "\x1b]8;;http://x\x07police\x1b]8;;\x07"),
    ("emoji", "🔥🚀 police 👍🏽"),
    ("emoji only", "🔥🚀👍🏽"),
    ("RTL Arabic", "الشرطة والجيش"),
    ("RTL Hebrew + override", "\u202eמשטרה\u202c police"),
    ("bidi isolates", "\u2067police\u2069 \u2066army\u2069"),
    ("zero-width in a word", "pol\u200bice"),
    ("NFD accents", "cafe\u0301 Mu\u0308ller"),
)


class _Hang(Exception):
    pass


@contextmanager
def _guard(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` (main thread, POSIX); a no-op elsewhere."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(_signum: int, _frame: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _measure(action: Callable[[], Any], repeat: int) -> tuple[list[float], Any, str | None]:
    """Samples (seconds) of ``action`` after one warm-up; its last value; an error, if any."""
    samples: list[float] = []
    value: Any = None
    for i in range(repeat + 1):
        started = time.perf_counter()
        try:
            with _guard(GUARD_SECONDS):
                value = action()
        except _Hang:
            return [time.perf_counter() - started], None, f"no answer within {GUARD_SECONDS:.0f} s"
        except Exception as error:  # recorded, not fatal: the point is to find these
            return [time.perf_counter() - started], None, f"{type(error).__name__}: {error}"
        if i:
            samples.append(time.perf_counter() - started)
    return samples, value, None


def run(corpus: Corpus, repeat: int) -> Entry:
    use_bench_env()
    from tui_reader.services.library import Library

    size = corpus.count
    library = Library(corpus.path)
    per_query: list[dict[str, Any]] = []
    try:
        library.update()
        for label, text in QUERIES:
            samples, result, error = _measure(
                partial(search_and_highlight, library, text, False), max(5, repeat * 2)
            )
            stats = summary(samples, 1000)
            notice = None if result is None else result.notice
            per_query.append(
                {
                    "label": label,
                    "query": text if len(text) <= 80 else f"{text[:60]}… ({len(text):,} chars)",
                    "chars": len(text),
                    "total": None if result is None else result.total,
                    "hits": None if result is None else len(result.hits),
                    "notice": notice,
                    "notice_one_line": notice is None or "\n" not in notice,
                    "error": error,
                    **stats,
                }
            )
            log(
                f"hostile {size} {label!r}: median {stats['median']} ms, max {stats['max']} ms, "
                f"{'ERROR ' + error if error else str(result.total) + ' hits'}"
            )
    finally:
        library.close()
    slow_median = max(per_query, key=lambda q: q["median"])
    slow_p99 = max(per_query, key=lambda q: q["p99"])
    worst = max(per_query, key=lambda q: q["max"])
    errors = [q["label"] for q in per_query if q["error"]]
    data = {
        "corpus": corpus.path.name,
        "limit": 20,
        "guard_seconds": GUARD_SECONDS,
        "errors": errors,
        "queries": per_query,
    }
    failed = f"; errors: {', '.join(errors)}" if errors else ""
    rows = [
        row(
            "hostile queries: slowest median",
            size,
            slow_median["median"],
            "{:.1f} ms",
            note=f"{slow_median['label']}{failed}",
        ),
        row(
            "hostile queries: slowest p99",
            size,
            slow_p99["p99"],
            "{:.1f} ms",
            note=slow_p99["label"],
        ),
        row(
            "hostile queries: worst case (max)",
            size,
            worst["max"],
            "{:.1f} ms",
            WORST,
            note=f"{worst['label']}; {len(per_query)} queries",
        ),
    ]
    return Entry(size=size, data=data, rows=rows)
