"""Time ``align`` (and the word diffs of every matched group) on two ~10,000-word articles.

The pair is ``benchmarks.generate.long_article_pair``: one synthetic article and a version of
it with paragraphs moved, dropped, added and edited. "cold" is the first alignment of texts the
process has not seen (tokenizing included); "warm" repeats it with the per-passage keys cached,
as when the compare screen swaps sides or re-opens a pair. Writes
``benchmarks/results/compare_align.json`` (``compare.json`` belongs to ``bench_compare``).

Run: ``uv run python -m benchmarks.compare_bench [--repeat 30]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.generate import long_article_pair
from tui_reader.corpus import build_source
from tui_reader.models import Source
from tui_reader.services import compare, normalize

RESULT = Path(__file__).resolve().parent / "results" / "compare_align.json"


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(samples: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {
        "median_ms": round(statistics.median(ms), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "min_ms": round(min(ms), 1),
        "runs": len(ms),
    }


def align_and_diff(a: Source, b: Source) -> int:
    alignment = compare.align(a, b)
    for group in alignment.groups:
        if group.a and group.b:
            compare.diff_texts(
                [a.passages[n].text for n in group.a], [b.passages[n].text for n in group.b]
            )
    return len(alignment.groups)


def timed(action: Callable[[], Any], repeat: int, *, cold: bool) -> dict[str, dict[str, float]]:
    """Wall-clock and CPU time of ``repeat`` runs (CPU time is what a busy machine cannot
    inflate: on a shared 2-core box the wall clock also counts other processes' turns)."""
    wall, cpu = [], []
    for _ in range(repeat):
        if cold:
            normalize.content_keys.cache_clear()
            normalize.keys.cache_clear()
            normalize.word_key.cache_clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {"wall": summary(wall), "cpu": summary(cpu)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    text_a, text_b = long_article_pair()
    a = build_source("a", Path("a.txt"), text_a)
    b = build_source("b", Path("b.txt"), text_b)
    alignment = compare.align(a, b)
    result = {
        "words": [a.words, b.words],
        "passages": [len(a.passages), len(b.passages)],
        "groups": len(alignment.groups),
        "matched": sum(1 for g in alignment.groups if g.a and g.b),
        "moved": sum(1 for g in alignment.groups if g.moved),
        "cold_align": timed(lambda: compare.align(a, b), args.repeat, cold=True),
        "warm_align": timed(lambda: compare.align(a, b), args.repeat, cold=False),
        "cold_align_and_diff": timed(lambda: align_and_diff(a, b), args.repeat, cold=True),
        "machine": {"cores": os.cpu_count(), "load_average": list(os.getloadavg())},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
