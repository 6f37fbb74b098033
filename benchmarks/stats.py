"""Small numeric and process helpers: medians and p99s, timing, peak RSS of a child process."""

from __future__ import annotations

import math
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between closest ranks (numpy's default)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(samples: Sequence[float], scale: float = 1.0, digits: int = 4) -> dict[str, Any]:
    """Median, p99 and friends of ``samples`` multiplied by ``scale`` (1000 for ms)."""
    values = [s * scale for s in samples]
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "median": round(statistics.median(values), digits),
        "p99": round(percentile(values, 99), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "mean": round(statistics.fmean(values), digits),
    }


def timed(
    action: Callable[[], Any],
    repeat: int,
    warmup: int = 0,
    cpu: list[float] | None = None,
) -> tuple[list[float], Any]:
    """Seconds per call of ``action`` over ``repeat`` calls (after ``warmup``); its last value.

    With ``cpu``, the CPU seconds of this process (all threads) per call are appended to it:
    on a busy machine they move less than wall time.
    """
    value: Any = None
    for _ in range(warmup):
        value = action()
    samples = []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        value = action()
        samples.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - cpu_started)
    return samples, value


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    returncode: int
    peak_rss_mb: float
    cpu_s: float
    """User + system CPU seconds of the child (and of the children it waited for)."""
    stdout: str
    stderr: str
    peak_tree_rss_mb: float = 0.0
    """Largest sum of the RSS of the child and its descendants (worker processes), sampled."""


def run_child(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    timeout: float = 3600.0,
) -> ChildRun:
    """Run ``argv`` to completion: wall seconds, exit code, peak RSS, CPU seconds, output.

    Peak RSS is the child's ``VmHWM`` (high-water mark of its own address space), read from
    /proc while it runs. Not ``ru_maxrss`` (from ``wait4`` or ``RUSAGE_CHILDREN``): Linux folds
    into it the RSS the forked child had before ``exec``, which is the RSS of this (large) parent.
    ``ru_maxrss`` is the fallback where /proc is missing. Grandchildren are not counted: the
    commands measured here do their work in one process.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdout=out, stderr=err, env=dict(env or os.environ), cwd=cwd
        )
        deadline = started + timeout
        hwm = tree = 0.0
        # Sampled every 1 ms for 2 s, then every 20 ms: fine for the short runs and the builds.
        while True:
            hwm = max(hwm, vm_hwm_mb(proc.pid))
            tree = max(tree, tree_rss_mb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.001 if time.perf_counter() - started < 2 else 0.02)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            seconds=seconds,
            returncode=proc.returncode,
            peak_rss_mb=hwm or usage.ru_maxrss / 1024.0,  # ru_maxrss: kilobytes on Linux
            peak_tree_rss_mb=max(tree, hwm),
            cpu_s=usage.ru_utime + usage.ru_stime,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def vm_hwm_mb(pid: int) -> float:
    """Peak RSS so far of process ``pid`` (``VmHWM``), in MB; 0 when it cannot be read.

    ``Popen`` returns only once ``exec`` succeeded, so this is the child's own program.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(c) for c in handle.read().split()]
    except (OSError, ValueError):
        pass
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """Current RSS of ``pid`` and all its descendants, in MB (shared pages counted in each)."""
    total, todo, seen = 0.0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_mb(current)
        todo += _children(current)
    return total


def children_peak_rss_mb() -> float:
    """Largest RSS of any child waited for so far (``RUSAGE_CHILDREN``), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


def self_rss_mb() -> float:
    """Current RSS of this process, from /proc (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def folder_size_mb(path: str) -> float:
    total = 0
    for base, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(base, name)).st_size
            except OSError:
                continue
    return total / 1e6
