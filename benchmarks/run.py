"""Run the benchmarks: ``python -m benchmarks.run [--sizes 1000,10000] [--only build,query]``.

For each corpus size: generate (or reuse) ``benchmarks/corpora/synth-<N>``, build its index in
the benchmark cache (``benchmarks/corpora/cache``, never the user's), then measure each figure
and merge it into ``benchmarks/results/<figure>.json``; finally ``results/summary.md``.
Figures: build, incremental, query, typing, cli, coldstart, compare, baselines, hostile (worst
cases of the hostile queries of issue 7, in ``results/hostile_queries.json``).
Speed is never asserted: a missed target is a "no" in the table, not a failure; a figure that
crashes is logged, recorded as failed and the others still run (exit code 1).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from functools import partial

from benchmarks import (
    bench_app,
    bench_baselines,
    bench_build,
    bench_cli,
    bench_compare,
    bench_hostile_queries,
    bench_incremental,
    bench_query,
)
from benchmarks.bench_baselines import Baselines
from benchmarks.generate import DEFAULT_SEED, Corpus, ensure_corpus
from benchmarks.harness import Entry, log, row, use_bench_env, write_result, write_summary

FIGURES = (
    "build",
    "incremental",
    "query",
    "typing",
    "cli",
    "coldstart",
    "compare",
    "baselines",
    "hostile",
)
TARGETS = {
    "build": bench_build.TARGETS,
    "incremental": bench_incremental.TARGETS,
    "query": bench_query.TARGETS,
    "typing": bench_app.TYPING_TARGETS,
    "cli": bench_cli.TARGETS,
    "coldstart": bench_app.COLDSTART_TARGETS,
    "compare": bench_compare.TARGETS,
    "baselines": bench_baselines.TARGETS,
    "hostile": bench_hostile_queries.TARGETS,
}
RESULT_NAMES = {"hostile": bench_hostile_queries.FIGURE}
"""Figures whose results file is not ``results/<figure>.json``."""


def _prepare_index(corpus: Corpus) -> None:
    """Make the index current without timing it (figures other than build need one)."""
    use_bench_env()
    from tui_reader.services.library import Library

    started = time.perf_counter()
    library = Library(corpus.path)
    try:
        stats = library.update()
    finally:
        library.close()
    log(f"index of {corpus.path.name} ready in {time.perf_counter() - started:.1f} s: {stats}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="article counts (1000,10000)")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {','.join(FIGURES)}")
    parser.add_argument("--skip", default="", help="comma-separated figures to leave out")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per sample (5)")
    parser.add_argument(
        "--build-repeat",
        type=int,
        default=None,
        help="full builds per size (default 3 up to 10,000 articles, 1 above)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    wanted = [f for f in (args.only.split(",") if args.only else FIGURES) if f]
    skip = {f for f in args.skip.split(",") if f}
    unknown = [f for f in [*wanted, *skip] if f not in FIGURES]
    if unknown:
        parser.error(f"unknown figures: {', '.join(unknown)} (choose from {', '.join(FIGURES)})")
    figures = [f for f in FIGURES if f in wanted and f not in skip]
    failed: list[str] = []
    pair_size = max(sizes, key=lambda s: (s == 10_000, -s))  # the long pair once per run

    for size in sizes:
        corpus = ensure_corpus(size, args.seed)
        log(
            f"corpus synth-{size}: {corpus.bytes / 1e6:.1f} MB, {corpus.generated} files written "
            f"in {corpus.seconds:.1f} s"
        )
        base = Baselines(corpus, args.repeat)
        if "build" not in figures:
            _prepare_index(corpus)
        build_repeat = args.build_repeat or (3 if size <= 10_000 else 1)
        steps: dict[str, Callable[[], Entry]] = {
            "build": partial(bench_build.run, corpus, build_repeat),
            "incremental": partial(bench_incremental.run, corpus, args.repeat, base),
            "query": partial(bench_query.run, corpus, args.repeat, base),
            "typing": partial(bench_app.run_typing, corpus),
            "cli": partial(bench_cli.run, corpus, args.repeat, base),
            "coldstart": partial(bench_app.run_coldstart, corpus, args.repeat),
            "compare": partial(bench_compare.run, corpus, args.repeat, with_pair=size == pair_size),
            "baselines": partial(bench_baselines.run, base),
            "hostile": partial(bench_hostile_queries.run, corpus, args.repeat),
        }
        for figure in figures:
            log(f"--- {figure} at {size:,} articles")
            started = time.perf_counter()
            try:
                entry = steps[figure]()
            except Exception as error:
                traceback.print_exc()
                failed.append(f"{figure}@{size}")
                entry = Entry(
                    size=size,
                    data={"failed": f"{type(error).__name__}: {error}"},
                    rows=[row(figure, size, None, "", note=f"failed: {type(error).__name__}")],
                )
            entry.data["bench_seconds"] = round(time.perf_counter() - started, 1)
            path = write_result(RESULT_NAMES.get(figure, figure), [entry], TARGETS[figure])
            log(f"{figure} at {size:,}: {time.perf_counter() - started:.1f} s -> {path.name}")
            write_summary()
    summary = write_summary()
    print(summary.read_text(encoding="utf-8"))
    if failed:
        log(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
