"""Incremental updates at start-up: nothing changed (is the index current?), one file changed.

In-process, as the app and the CLI do it: a fresh ``Library(corpus)`` (so no manifest is cached)
and ``update()``. One changed file: append a paragraph to one article, update (one sample), write
the article back as generated, update again (a second sample); the corpus ends as it started.
The no-op start is also measured as a whole process (``tui-reader index --json``) for reference.
"""

from __future__ import annotations

import json

from benchmarks.bench_baselines import Baselines
from benchmarks.generate import Corpus, file_name, restore_file
from benchmarks.harness import Entry, Target, bench_env, log, row, tui_reader_cmd, use_bench_env
from benchmarks.stats import run_child, summary, timed

FIGURE = "incremental"
NOOP = Target("<= 100 ms", 100.0, "ms")
ONE_FILE = Target("<= 1 s", 1.0)
TARGETS = {"noop_ms": NOOP.text, "one_changed_s": ONE_FILE.text}
EXTRA = "\n\nLate update: officials said the talks would resume on Monday in Geneva.\n"


def run(corpus: Corpus, repeat: int, base: Baselines) -> Entry:
    use_bench_env()
    from tui_reader.models import UpdateStats
    from tui_reader.services.library import Library

    size = corpus.count

    def noop() -> int:
        library = Library(corpus.path)
        try:
            stats = library.update()
        finally:
            library.close()
        if stats.added or stats.updated or stats.removed or stats.rebuilt:
            raise RuntimeError(f"the index was not current: {stats}")
        return stats.unchanged

    noop_samples, unchanged = timed(noop, max(5, repeat * 3), warmup=1)

    def fresh_update() -> UpdateStats:
        library = Library(corpus.path)
        try:
            return library.update()
        finally:
            library.close()

    index = (4242 % size) if size > 1 else 0
    path = corpus.path / file_name(index)
    one_samples: list[float] = []
    try:
        for _ in range(max(2, repeat)):
            with path.open("a", encoding="utf-8") as handle:
                handle.write(EXTRA)
            changed, stats = timed(fresh_update, 1)
            if stats.updated != 1:
                raise RuntimeError(f"expected one updated file: {stats}")
            restore_file(corpus, index)
            back, stats = timed(fresh_update, 1)
            if stats.updated != 1:
                raise RuntimeError(f"expected one updated file: {stats}")
            one_samples += changed + back
    finally:
        restore_file(corpus, index)
        fresh_update()

    argv = [*tui_reader_cmd(), "index", "--json", "--corpus", str(corpus.path)]
    process = [run_child(argv, env=bench_env()) for _ in range(max(3, repeat))]
    for p in process:
        if p.returncode != 0 or json.loads(p.stdout.splitlines()[-1]).get("added"):
            raise RuntimeError(f"tui-reader index failed or was not a no-op: {p.stderr[-500:]}")
    stat_floor = base.stat_scan()
    noop_ms = summary(noop_samples, 1000)
    one = summary(one_samples)
    proc = summary([p.seconds for p in process])
    data = {
        "corpus": corpus.path.name,
        "unchanged": unchanged,
        "noop_ms": noop_ms,
        "one_changed_s": one,
        "noop_process_s": proc,
        "stat_scan_ms": round(stat_floor * 1000, 2),
        "noop_over_stat_scan": round(noop_ms["median"] / (stat_floor * 1000), 2),
    }
    log(f"incremental {size}: {data}")
    rows = [
        row(
            "no-op start: is the index current?",
            size,
            noop_ms["median"],
            "{:.0f} ms",
            NOOP,
            p99=noop_ms["p99"],
            note=f"{data['noop_over_stat_scan']}x a stat walk",
        ),
        row("one changed file, update", size, one["median"], "{:.2f} s", ONE_FILE, p99=one["p99"]),
        row("`tui-reader index` no-op, whole process", size, proc["median"], "{:.2f} s"),
    ]
    return Entry(size=size, data=data, rows=rows)
