"""Full index build, as a user runs it: ``tui-reader index --rebuild --json --corpus DIR``.

Each run is a child process (interpreter start included, ~0.3 s of 60); peak RSS is the main
process's ``VmHWM`` and, for parallel builds, the largest sampled sum over the process tree.
The index size is the live generation after the build (the old one is swept; while a rebuild
runs both are on disk).
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks.generate import Corpus
from benchmarks.harness import Entry, Target, bench_env, index_folder, log, row, tui_reader_cmd
from benchmarks.stats import folder_size_mb, run_child, summary

FIGURE = "build"
BUILD_SECONDS = Target("<= 60 s", 60.0)
INDEX_MB = Target("<= 150 MB", 150.0, "MB")
TARGETS = {"seconds": BUILD_SECONDS.text, "index_mb": INDEX_MB.text, "peak_rss": "reported"}


class BenchError(RuntimeError):
    pass


def build_once(corpus: Corpus) -> dict[str, float]:
    argv = [*tui_reader_cmd(), "index", "--rebuild", "--json", "--corpus", str(corpus.path)]
    run = run_child(argv, env=bench_env())
    if run.returncode != 0:
        raise BenchError(f"index build failed ({run.returncode}): {run.stderr.strip()[-2000:]}")
    stats = json.loads(run.stdout.strip().splitlines()[-1])
    return {
        "seconds": run.seconds,
        "cpu_s": run.cpu_s,
        "update_seconds": float(stats.get("seconds", 0.0)),
        "indexed": float(stats.get("added", 0)),
        "skipped": float(stats.get("skipped", 0)),
        "peak_rss_mb": run.peak_rss_mb,
        "peak_tree_rss_mb": run.peak_tree_rss_mb,
        "index_mb": folder_size_mb(str(index_folder(corpus.path))),
    }


def run(corpus: Corpus, repeat: int) -> Entry:
    size = corpus.count
    runs = []
    for n in range(repeat):
        result = build_once(corpus)
        log(f"build {size} #{n + 1}: {result}")
        runs.append(result)
    seconds = [r["seconds"] for r in runs]
    rates = [size / s for s in seconds]
    index_mb = max(r["index_mb"] for r in runs)
    rss = [r["peak_rss_mb"] for r in runs]
    tree = [r["peak_tree_rss_mb"] for r in runs]
    data: dict[str, Any] = {
        "corpus": corpus.path.name,
        "corpus_mb": round(corpus.bytes / 1e6, 1),
        "runs": runs,
        "seconds": summary(seconds),
        "cpu_s": summary([r["cpu_s"] for r in runs]),
        "articles_per_second": summary(rates, digits=1),
        "index_mb": round(index_mb, 1),
        "peak_rss_mb": summary(rss, digits=1),
        "peak_tree_rss_mb": summary(tree, digits=1),
    }
    med = data["seconds"]
    rows = [
        row(
            "full index build",
            size,
            med["median"],
            "{:.1f} s",
            BUILD_SECONDS,
            p99=med["p99"],
            note=f"CPU {data['cpu_s']['median']:.0f} s",
        ),
        row(
            "full index build, articles/s", size, data["articles_per_second"]["median"], "{:.0f}/s"
        ),
        row("index size on disk", size, data["index_mb"], "{:.1f} MB", INDEX_MB),
        row(
            "index build peak RSS",
            size,
            data["peak_rss_mb"]["max"],
            "{:.0f} MB",
            note=f"main process; with worker processes {data['peak_tree_rss_mb']['max']:.0f} MB",
        ),
    ]
    return Entry(size=size, data=data, rows=rows)
