"""What every figure shares: where things live, the environment of measured processes, machine
facts, the targets of issue 6, and writing ``results/<figure>.json`` and ``results/summary.md``.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
CORPORA = HERE / "corpora"
CACHE = CORPORA / "cache"
STATE = CORPORA / "state"
TARGET_SIZE = 10_000
"""The targets of the issue are stated for 10,000 articles; other sizes are reported only."""


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for measured processes: private cache and state, no SyntaxWarning noise."""
    env = dict(os.environ)
    env["TUI_READER_CACHE_DIR"] = str(CACHE)
    env["TUI_READER_STATE_DIR"] = str(STATE)
    env["PYTHONWARNINGS"] = "ignore::SyntaxWarning"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if extra:
        env.update(extra)
    return env


def use_bench_env() -> None:
    """Point this process at the benchmark cache (never the user's)."""
    os.environ.update(
        {
            "TUI_READER_CACHE_DIR": str(CACHE),
            "TUI_READER_STATE_DIR": str(STATE),
        }
    )


def tui_reader_cmd() -> list[str]:
    """The installed ``tui-reader`` script of this venv (what a user runs), else ``-m``."""
    script = Path(sys.executable).parent / "tui-reader"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui_reader"]


def index_folder(corpus: Path) -> Path:
    from tui_reader.locations import index_dir

    return index_dir(corpus, CACHE)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "tui_reader"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if dirty:
            commit += f"+{len(dirty.splitlines())} uncommitted files in tui_reader/"
    except OSError:
        commit = ""
    mem_gb = 0.0
    with contextlib.suppress(ValueError, OSError, AttributeError):
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": cpu,
        "memory_gb": round(mem_gb, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": commit,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rg": shutil.which("rg") is not None,
    }


@dataclass(frozen=True)
class Target:
    text: str
    """As the issue states it, e.g. ``<= 60 s``."""
    limit: float
    unit: str = "s"

    def met(self, value: float) -> bool:
        return value <= self.limit


@dataclass
class Row:
    """One line of the summary table."""

    figure: str
    size: int
    measured: str
    value: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


def row(
    figure: str,
    size: int,
    value: float | None,
    fmt: str,
    target: Target | None = None,
    note: str = "",
    p99: float | None = None,
) -> Row:
    """A row; the target applies at ``TARGET_SIZE`` articles (or when ``size`` is 0: any size).

    With ``p99``, the measured column reads ``median (p99 x)``; the target is checked on ``value``.
    """
    measured = "n/a" if value is None else fmt.format(value)
    if p99 is not None and value is not None:
        measured += f" (p99 {fmt.format(p99)})"
    applies = target is not None and size in (TARGET_SIZE, 0)
    return Row(
        figure=figure,
        size=size,
        measured=measured,
        value=value,
        target=target.text if target is not None and applies else "",
        met=(target.met(value) if applies and value is not None and target else None),
        note=note,
    )


@dataclass
class Entry:
    """What one figure measured at one corpus size in one run."""

    size: int
    data: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    machine: dict[str, Any] = field(default_factory=machine)


def write_result(figure: str, entries: Iterable[Entry], targets: dict[str, str]) -> Path:
    """Merge ``entries`` into ``results/<figure>.json`` (other sizes measured earlier are kept)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{figure}.json"
    existing: dict[str, Any] = {}
    if path.exists():
        try:
            existing = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            existing = {}
    by_size = {str(e["size"]): e for e in existing.get("entries", []) if "size" in e}
    for entry in entries:
        by_size[str(entry.size)] = {
            "size": entry.size,
            "machine": entry.machine,
            "rows": [asdict(r) for r in entry.rows],
            **entry.data,
        }
    payload = {
        "figure": figure,
        "targets": targets,
        "entries": [by_size[k] for k in sorted(by_size, key=int)],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


ORDER = (
    "build",
    "incremental",
    "query",
    "hostile_queries",
    "typing",
    "cli",
    "coldstart",
    "compare",
    "baselines",
)


def write_summary() -> Path:
    """``results/summary.md``: every row of every results file, in the order of the issue."""
    rows: list[dict[str, Any]] = []
    machines: list[dict[str, Any]] = []
    files = sorted(
        RESULTS.glob("*.json"),
        key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem),
    )
    for path in files:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for entry in payload.get("entries", []):
            machines.append(entry.get("machine", {}))
            rows.extend(entry.get("rows", []))
    lines = [
        "| figure | articles | target | measured | met? |",
        "|---|---:|---|---|:---:|",
    ]
    for r in rows:
        met = {True: "yes", False: "**no**", None: ""}[r.get("met")]
        size = f"{r['size']:,}" if r.get("size") else "-"
        note = f" ({r['note']})" if r.get("note") else ""
        lines.append(
            f"| {r['figure']}{note} | {size} | {r.get('target', '')} | {r['measured']} | {met} |"
        )
    facts = machines[-1] if machines else machine()
    when = sorted({m.get("when", "")[:10] for m in machines if m.get("when")})
    loads = [m.get("load_average", [0])[0] for m in machines if m.get("load_average")]
    header = [
        "# Benchmark summary",
        "",
        f"Machine: {facts.get('cores')} cores ({facts.get('cpu') or 'cpu unknown'}), "
        f"{facts.get('memory_gb')} GB, Python {facts.get('python')}, {facts.get('platform')}; "
        f"commit {facts.get('commit')}; measured {', '.join(when)}; "
        f"1-minute load average during runs {min(loads, default=0):.1f}"
        f"-{max(loads, default=0):.1f}.",
        "Medians unless the figure says p99; targets apply at 10,000 articles. "
        "Regenerate with `make bench`.",
        "",
    ]
    path = RESULTS / "summary.md"
    path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    return path


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
