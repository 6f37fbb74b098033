"""``tui-reader search WORD --corpus DIR --json`` as a whole process, against ``rg``/``grep``.

Wall time from spawn to exit, index current, same words and files as the baselines, same run.
One extra run with ``python -X importtime`` checks that Textual is not imported and lists the
imports that cost most (the start-up profile of the CLI).
"""

from __future__ import annotations

import sys
from typing import Any

from benchmarks.bench_baselines import WORDS, Baselines
from benchmarks.generate import Corpus
from benchmarks.harness import Entry, Target, bench_env, log, row, tui_reader_cmd
from benchmarks.stats import run_child, summary

FIGURE = "cli"
WHOLE = Target("<= 0.35 s", 0.35)
TARGETS = {"search_process_s": WHOLE.text, "imports_textual": "never"}


def import_profile(argv_tail: list[str]) -> dict[str, Any]:
    """Modules imported by the CLI and the costliest ones (cumulative microseconds)."""
    argv = [sys.executable, "-X", "importtime", "-m", "tui_reader", *argv_tail]
    run = run_child(argv, env=bench_env())
    modules: list[tuple[int, str]] = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[1].isdigit():
            modules.append((int(parts[1]), parts[2]))
    names = {name.strip() for _us, name in modules}
    top = sorted(modules, reverse=True)[:15]
    return {
        "modules": len(names),
        "imports_textual": any(n == "textual" or n.startswith("textual.") for n in names),
        "imports_rich": any(n == "rich" or n.startswith("rich.") for n in names),
        "imports_whoosh": any(n == "whoosh" or n.startswith("whoosh.") for n in names),
        "top_cumulative_ms": [[name.strip(), round(us / 1000, 1)] for us, name in top],
    }


def run(corpus: Corpus, repeat: int, base: Baselines) -> Entry:
    size = corpus.count
    per_word: list[dict[str, Any]] = []
    samples: list[float] = []
    cpu: list[float] = []
    for word in WORDS:
        argv = [*tui_reader_cmd(), "search", word, "--corpus", str(corpus.path), "--json"]
        warm = run_child(argv, env=bench_env())
        if warm.returncode != 0:
            raise RuntimeError(f"tui-reader search failed: {warm.stderr[-1000:]}")
        runs = [run_child(argv, env=bench_env()) for _ in range(max(5, repeat * 2))]
        secs = [r.seconds for r in runs]
        samples += secs
        cpu += [r.cpu_s for r in runs]
        rg = base.tool("rg", word)
        grep = base.tool("grep", word)
        stats = summary(secs)
        per_word.append(
            {
                "word": word,
                "hits": len(warm.stdout.splitlines()),
                "peak_rss_mb": max(r.peak_rss_mb for r in runs),
                "cpu_s": summary([r.cpu_s for r in runs]),
                "rg_s": rg,
                "grep_s": grep,
                "over_rg": round(stats["median"] / rg, 2) if rg else None,
                "over_grep": round(stats["median"] / grep, 2) if grep else None,
                **stats,
            }
        )
        log(f"cli {size} {word!r}: {stats} rg={rg} grep={grep}")
    profile = import_profile(["search", WORDS[0], "--corpus", str(corpus.path), "--json"])
    overall = summary(samples)
    rg_all = [w["rg_s"] for w in per_word if w["rg_s"]]
    grep_all = [w["grep_s"] for w in per_word if w["grep_s"]]
    data = {
        "corpus": corpus.path.name,
        "search_process_s": overall,
        "search_process_cpu_s": summary(cpu),
        "words": per_word,
        "import_profile": profile,
    }
    rows = [
        row(
            "`tui-reader search` whole process",
            size,
            overall["median"],
            "{:.2f} s",
            WHOLE,
            p99=overall["p99"],
            note=("imports Textual!" if profile["imports_textual"] else "no Textual import")
            + f"; CPU {summary(cpu)['median']:.2f} s",
        )
    ]
    if rg_all:
        rg_med = sorted(rg_all)[len(rg_all) // 2]
        rows.append(
            row(
                "`tui-reader search` / `rg`",
                size,
                overall["median"] / rg_med,
                "{:.1f}x",
                note=f"rg {rg_med * 1000:.0f} ms",
            )
        )
    else:
        rows.append(row("`tui-reader search` / `rg`", size, None, "", note="rg not installed"))
    if grep_all:
        grep_med = sorted(grep_all)[len(grep_all) // 2]
        rows.append(
            row(
                "`tui-reader search` / `grep -r`",
                size,
                overall["median"] / grep_med,
                "{:.1f}x",
                note=f"grep {grep_med * 1000:.0f} ms",
            )
        )
    return Entry(size=size, data=data, rows=rows)
