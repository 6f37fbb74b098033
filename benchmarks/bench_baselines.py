"""Baselines measured in the same run, so the figures can be read as ratios on any machine.

- ``grep -r -l -i -w WORD`` over the corpus (always), and ``rg -l -i -w WORD`` when installed;
- a plain in-memory Python scan: every article already in memory, lower-cased; a substring
  test, then a ``\\bword\\b`` regex, first 20 matches kept (what "no index at all" costs);
- a stat-only walk of the corpus folder (the floor of "is the index current?");
- a trivial Textual app started and painted the same way as the reader (see ``bench_app``).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from benchmarks.generate import Corpus
from benchmarks.harness import Entry, bench_env, log, row
from benchmarks.stats import run_child, summary, timed

FIGURE = "baselines"
TARGETS: dict[str, str] = {}
WORDS = ("government", "Zelenskiy", "ceasefire")
"""Words the process baselines look for (the CLI figure searches the same ones)."""


@dataclass
class Baselines:
    """Lazily measured baselines for one corpus, shared by the figures of one run."""

    corpus: Corpus
    repeat: int
    measured: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def texts(self) -> list[str]:
        files = sorted(self.corpus.path.glob("*.txt"))
        return [f.read_text(encoding="utf-8") for f in files]

    @cached_property
    def folded(self) -> list[str]:
        return [t.lower() for t in self.texts]

    def python_scan(self, word: str) -> float:
        """Median seconds to find ``word`` in every article held in memory (lower-cased once).

        A substring test per article, then a ``\\bword\\b`` regex on the articles that pass,
        keeping the first 20 spans: the cheapest honest "no index at all" search.
        """
        key = f"python_scan:{word}"
        if key not in self.measured:
            texts = self.folded
            needle = word.lower()
            pattern = re.compile(rf"\b{re.escape(needle)}\b")

            def scan() -> int:
                found = 0
                spans: list[tuple[int, int, int]] = []
                for n, text in enumerate(texts):
                    if needle not in text:
                        continue
                    matched = False
                    for m in pattern.finditer(text):
                        matched = True
                        if len(spans) >= 20:
                            break
                        spans.append((n, m.start(), m.end()))
                    found += matched
                return found

            samples, docs = timed(scan, max(3, self.repeat), warmup=1)
            self.measured[key] = {"docs": docs, **summary(samples, 1000)}
        return float(self.measured[key]["median"]) / 1000

    def tool(self, name: str, word: str) -> float | None:
        """Median seconds of ``grep -r`` or ``rg`` listing the files that hold ``word``."""
        key = f"{name}:{word}"
        if key not in self.measured:
            exe = shutil.which(name)
            if exe is None:
                self.measured[key] = None
                return None
            if name == "rg":
                argv = [exe, "-l", "-i", "-w", word, str(self.corpus.path)]
            else:
                argv = [exe, "-r", "-l", "-i", "-w", word, str(self.corpus.path)]
            run_child(argv, env=bench_env())  # warm the page cache
            runs = [run_child(argv, env=bench_env()) for _ in range(max(3, self.repeat))]
            files = len(runs[-1].stdout.splitlines())
            self.measured[key] = {"files": files, **summary([r.seconds for r in runs], 1000)}
        found = self.measured[key]
        return None if found is None else float(found["median"]) / 1000

    def stat_scan(self) -> float:
        """Median seconds to list and stat every file of the corpus (no file opened)."""
        if "stat_scan" not in self.measured:
            root = str(self.corpus.path)

            def walk() -> int:
                count = 0
                for base, _dirs, files in os.walk(root):
                    for name in files:
                        os.stat(os.path.join(base, name))
                        count += 1
                return count

            samples, _ = timed(walk, max(5, self.repeat), warmup=1)
            self.measured["stat_scan"] = summary(samples, 1000)
        return float(self.measured["stat_scan"]["median"]) / 1000


def run(base: Baselines) -> Entry:
    size = base.corpus.count
    rows = []
    for word in WORDS:
        grep = base.tool("grep", word)
        rg = base.tool("rg", word)
        scan = base.python_scan(word)
        rows.append(row(f"grep -r -l -i -w {word}", size, grep, "{:.3f} s"))
        rows.append(
            row(
                f"rg -l -i -w {word}",
                size,
                rg,
                "{:.3f} s",
                note="" if rg is not None else "rg not installed",
            )
        )
        rows.append(row(f"in-memory Python scan, {word}", size, scan * 1000, "{:.1f} ms"))
    rows.append(row("stat every file (walk)", size, base.stat_scan() * 1000, "{:.1f} ms"))
    log(f"baselines {size}: {base.measured}")
    return Entry(
        size=size, data={"baselines": base.measured, "corpus": base.corpus.path.name}, rows=rows
    )
