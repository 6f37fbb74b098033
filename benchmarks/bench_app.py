"""The reader app: search-as-you-type (Pilot, in-process) and cold start (a real pseudo-terminal).

Search as you type
    ``make_app(corpus)`` under ``App.run_test`` (headless), index current. Keys are handed to the
    driver the way a terminal's input thread does (``driver.send_message(events.Key)``), not with
    ``pilot.press``, which waits for the process to look idle and so would hide waiting. A
    ``message_hook`` timestamps ``Input.Changed`` (the keystroke handled) and ``SearchFinished``;
    ``ResultsList.set_result`` is wrapped to timestamp the update and, through
    ``call_after_refresh``, the end of the screen refresh that paints it ("rendered").
    Two ways of typing each 10-character query:

    - paced: the next key only after the results of the previous one are on screen; each key's
      latency is keystroke -> results rendered (this includes the app's debounce);
    - fluent: one key every ``CADENCE`` s without waiting, as a person types; we record how long
      each keystroke waits to be handled while searches run (GIL, event loop), every render
      (a stale one would show results of an older query), zero-hit renders mid-word, and the
      last key -> final results latency.

Cold start
    ``tui-reader CORPUS`` in a pseudo-terminal (140x45, TERM=xterm-256color) with a current
    index: time from spawn to the first frame that shows the header (first paint) and to the frame
    that shows the first article's text (reader ready); then a search is typed (to exercise
    memory) and ctrl+q quits; peak RSS is the app's ``VmHWM`` (see ``stats.run_child``).
    ``benchmarks/trivial_app.py`` is run the same way in the same run, alternating with the
    reader.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.generate import Corpus, article_text
from benchmarks.harness import Entry, Target, bench_env, log, row, tui_reader_cmd, use_bench_env
from benchmarks.stats import summary, vm_hwm_mb
from benchmarks.trivial_app import READY

FIGURE_TYPING = "typing"
FIGURE_COLDSTART = "coldstart"
TYPING_P99 = Target("p99 <= 100 ms", 100.0, "ms")
FIRST_PAINT = Target("<= 0.9 s", 0.9)
PAINT_RATIO = Target("<= 1.25x trivial app", 1.25, "x")
APP_RSS = Target("<= 300 MB", 300.0, "MB")
TYPING_TARGETS = {
    "keystroke_to_results_p99_ms": TYPING_P99.text,
    "keystroke_waits_on_older_query": "never",
    "zero_hit_renders_mid_word": "none",
}
COLDSTART_TARGETS = {
    "first_paint_s": FIRST_PAINT.text,
    "ratio_to_trivial_app": PAINT_RATIO.text,
    "app_peak_rss_mb": APP_RSS.text,
}
QUERIES = ("government", "ceasefires", "peace talk")
CADENCE = 0.15
"""Seconds between keys when typing fluently (about 80 words a minute)."""
KEY_TIMEOUT = 10.0
SIZE = (140, 45)


# --- search as you type ---------------------------------------------------------------------


def _key(char: str) -> tuple[str, str]:
    names = {" ": "space", "/": "slash", "-": "minus", '"': "quotation_mark", "*": "asterisk"}
    return names.get(char, char), char


class _Recorder:
    """Timestamps from the message hook and the wrapped ``set_result``."""

    def __init__(self) -> None:
        self.changed: list[tuple[float, str]] = []
        self.finished: list[tuple[float, int, int]] = []
        self.renders: list[dict[str, Any]] = []

    def hook(self, message: Any) -> None:
        from textual.widgets import Input

        from tui_reader.ui.messages import SearchFinished

        if isinstance(message, Input.Changed):
            self.changed.append((time.perf_counter(), message.value))
        elif isinstance(message, SearchFinished):
            self.finished.append((time.perf_counter(), message.seq, message.result.total))


async def _wait(condition: Any, timeout: float = KEY_TIMEOUT, step: float = 0.002) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return True
        await asyncio.sleep(step)
    return False


async def _typing_session(corpus: Path, queries: Sequence[str]) -> dict[str, Any]:
    from textual import events

    from tui_reader.ui.app import make_app
    from tui_reader.ui.screens.main import MainScreen

    rec = _Recorder()
    app = make_app(corpus)
    out: dict[str, Any] = {"paced": [], "fluent": []}
    async with app.run_test(size=SIZE, message_hook=rec.hook) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        ok = await _wait(
            lambda: not screen.indexing and not screen.busy and screen.reader.source is not None,
            timeout=600,
            step=0.05,
        )
        if not ok:
            raise RuntimeError("the app did not become ready")
        debounce = float(getattr(screen, "TYPING_DELAY", 0.0))
        out["debounce_s"] = debounce
        results = screen.results
        original = results.set_result

        def set_result(result: Any, short: Any, titles: Any) -> None:
            entry: dict[str, Any] = {
                "set": time.perf_counter(),
                "value": screen.search_box.value,
                "query": result.query if result is not None else None,
                "total": result.total if result is not None else None,
            }
            original(result, short, titles)
            rec.renders.append(entry)

            def painted() -> None:
                entry["rendered"] = time.perf_counter()

            app.call_after_refresh(painted)

        results.set_result = set_result  # type: ignore[method-assign]
        driver = app._driver
        assert driver is not None

        def send(char: str) -> float:
            key, ch = _key(char)
            event = events.Key(key, ch)
            event.set_sender(app)
            started = time.perf_counter()
            driver.send_message(event)
            return started

        async def reset() -> None:
            screen.search_box.focus()
            screen.search_box.value = ""
            await _wait(lambda: not screen.busy and screen.result is None, step=0.01)
            await pilot.pause()

        for query in queries:
            # Paced: each key waits for its results.
            await reset()
            keys: list[dict[str, Any]] = []
            for n, char in enumerate(query):
                prefix = query[: n + 1]
                seen = len(rec.renders)
                started = send(char)
                got = await _wait(
                    lambda s=seen, p=prefix: any(
                        r["value"] == p and "rendered" in r for r in rec.renders[s:]
                    )
                )
                changed = next((t for t, v in rec.changed if v == prefix and t >= started), None)
                render = next((r for r in rec.renders[seen:] if r["value"] == prefix), None)
                keys.append(
                    {
                        "prefix": prefix,
                        "latency_ms": (render["rendered"] - started) * 1000
                        if got and render
                        else None,
                        "handled_ms": (changed - started) * 1000 if changed else None,
                        "total": render["total"] if render else None,
                    }
                )
                await _wait(lambda: not screen.busy, step=0.005)
            out["paced"].append({"query": query, "keys": keys})
            log(f"typing paced {query!r}: {[round(k['latency_ms'] or -1) for k in keys]}")

            # Fluent: one key every CADENCE seconds, whatever the app is doing.
            await reset()
            seen_renders, seen_changed = len(rec.renders), len(rec.changed)
            sent: list[float] = []
            for n, char in enumerate(query):
                target = (sent[0] if sent else time.perf_counter()) + n * CADENCE
                await asyncio.sleep(max(0.0, target - time.perf_counter()))
                sent.append(send(char))
            await _wait(
                lambda s=seen_renders, q=query: any(
                    r["value"] == q and "rendered" in r for r in rec.renders[s:]
                )
            )
            await _wait(lambda: not screen.busy, step=0.005)
            renders = rec.renders[seen_renders:]
            changes = rec.changed[seen_changed:]
            handled: list[float | None] = []
            for n, started in enumerate(sent):
                prefix = query[: n + 1]
                t = next((t for t, v in changes if v == prefix), None)
                handled.append((t - started) * 1000 if t is not None else None)
            final = next((r for r in renders if r["value"] == query and "rendered" in r), None)
            out["fluent"].append(
                {
                    "query": query,
                    "handled_ms": handled,
                    "renders": [
                        {
                            "value": r["value"],
                            "query": r["query"],
                            "total": r["total"],
                            "at_ms": round((r["set"] - sent[0]) * 1000, 1),
                        }
                        for r in renders
                    ],
                    "last_key_to_results_ms": (final["rendered"] - sent[-1]) * 1000
                    if final
                    else None,
                }
            )
            log(f"typing fluent {query!r}: {out['fluent'][-1]['last_key_to_results_ms']}")
        await reset()
    return out


def _flicker(query: str, renders: list[dict[str, Any]], final_total: int | None) -> list[str]:
    """Zero-hit results shown mid-word while the finished query has hits."""
    if not final_total:
        return []
    return [
        str(r["value"])
        for r in renders
        if r.get("total") == 0 and r.get("value") and query.startswith(str(r["value"]))
    ]


def run_typing(corpus: Corpus) -> Entry:
    use_bench_env()
    size = corpus.count
    raw = asyncio.run(_typing_session(corpus.path, QUERIES))
    latencies = [k["latency_ms"] for q in raw["paced"] for k in q["keys"] if k["latency_ms"]]
    missing = sum(1 for q in raw["paced"] for k in q["keys"] if k["latency_ms"] is None)
    handled = [h for q in raw["fluent"] for h in q["handled_ms"] if h is not None]
    flicker: list[str] = []
    stale = 0
    for paced, fluent in zip(raw["paced"], raw["fluent"], strict=True):
        keys = paced["keys"]
        final_total = keys[-1]["total"] if keys else None
        flicker += _flicker(
            paced["query"], [{"value": k["prefix"], **k} for k in keys], final_total
        )
        flicker += _flicker(fluent["query"], fluent["renders"], final_total)
        # The screen drops an older query's answer; a render whose query is not the box's value
        # would be a stale result on screen.
        stale += sum(
            1
            for r in fluent["renders"]
            if r["query"] is not None
            and r["value"].strip()
            and r["query"].strip() != r["value"].strip()
        )
    last = [q["last_key_to_results_ms"] for q in raw["fluent"] if q["last_key_to_results_ms"]]
    debounce_ms = raw.get("debounce_s", 0.0) * 1000
    lat = summary(latencies)
    after = summary([x - debounce_ms for x in latencies])
    hand = summary(handled)
    data = {
        "corpus": corpus.path.name,
        "queries": list(QUERIES),
        "cadence_s": CADENCE,
        "debounce_ms": debounce_ms,
        "paced_keystroke_to_results_ms": lat,
        "paced_after_debounce_ms": after,
        "paced_missing": missing,
        "fluent_keystroke_handled_ms": hand,
        "fluent_last_key_to_results_ms": summary(last),
        "zero_hit_mid_word": flicker,
        "stale_renders": stale,
        "raw": raw,
    }
    log(f"typing {size}: {lat} after debounce {after} handled {hand} flicker {flicker}")
    rows = [
        row(
            "search as you type: keystroke to results rendered, p99",
            size,
            lat.get("p99"),
            "{:.0f} ms",
            TYPING_P99,
            note=f"median {lat.get('median', 0):.0f} ms, of which debounce {debounce_ms:.0f} ms",
        ),
        row(
            "search as you type: same, without the debounce, p99",
            size,
            after.get("p99"),
            "{:.0f} ms",
            note="search + render only",
        ),
        row(
            "keystroke handled while searches run (fluent typing), p99",
            size,
            hand.get("p99"),
            "{:.0f} ms",
            Target("p99 <= 50 ms (no key waits on a query)", 50.0, "ms"),
        ),
        row(
            "zero-hit results mid-word",
            size,
            float(len(flicker)),
            "{:.0f}",
            Target("0", 0.0, ""),
            note=", ".join(repr(f) for f in flicker[:4]),
        ),
        row("stale results rendered", size, float(stale), "{:.0f}", Target("0", 0.0, "")),
    ]
    return Entry(size=size, data=data, rows=rows)


# --- cold start ---------------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def _pty_run(
    argv: Sequence[str],
    env: dict[str, str],
    markers: Sequence[str],
    typed: str = "",
    typed_marker: str = "",
    timeout: float = 60.0,
) -> dict[str, Any]:
    """Spawn ``argv`` on a pseudo-terminal; seconds until each marker shows; peak RSS."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen: dict[str, float] = {}
    raw = ""
    hwm = 0.0
    phase = "start"
    quit_at = 0.0
    status = 0
    usage: Any = None
    deadline = started + timeout
    try:
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise TimeoutError(f"{argv[0]}: markers seen {sorted(seen)} after {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.005)
            if ready:
                try:
                    data = os.read(master, 1 << 16)
                except OSError:
                    data = b""
                if data:
                    chunk = data.decode("utf-8", "replace")
                    window = _ANSI.sub("", raw[-400:] + chunk)  # markers may straddle reads
                    raw = (raw + chunk)[-4000:]
                    now = time.perf_counter()
                    for marker in [*markers, typed_marker]:
                        if marker and marker not in seen and marker in window:
                            seen[marker] = now - started
            hwm = max(hwm, vm_hwm_mb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if phase == "start" and all(m in seen for m in markers):
                phase = "typing"
                for char in typed:
                    os.write(master, char.encode())
                    time.sleep(0.02)
                if not typed_marker:
                    phase = "quit"
            if phase == "typing" and typed_marker in seen:
                phase = "quit"
            if phase == "quit":
                os.write(master, b"\x11")  # ctrl+q
                quit_at = time.perf_counter()
                phase = "quitting"
            elif phase == "quitting" and time.perf_counter() - quit_at > 5:
                os.killpg(proc.pid, signal.SIGTERM)
                phase = "killed"
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    finally:
        os.close(master)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": seen,
        "exit": proc.returncode,
        "total_s": time.perf_counter() - started,
        "peak_rss_mb": hwm or (usage.ru_maxrss / 1024.0 if usage is not None else None),
        "cpu_s": usage.ru_utime + usage.ru_stime if usage is not None else None,
        "killed": phase == "killed",
    }


def _first_words(text: str, chars: int = 24) -> str:
    """The opening characters of the first body paragraph (not the title, not a byline)."""
    blocks = [b for b in text.split("\n\n") if b.strip()]
    body = next((b for b in blocks[1:] if len(b) > 200), blocks[-1])
    return body[:chars].rsplit(" ", 1)[0]


def run_coldstart(corpus: Corpus, repeat: int) -> Entry:
    size = corpus.count
    env = bench_env({"TERM": "xterm-256color", "COLORTERM": "truecolor"})
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    reader_argv = [*tui_reader_cmd(), str(corpus.path)]
    trivial_argv = [sys.executable, "-m", "benchmarks.trivial_app"]
    header = "tui-reader"
    article = _first_words(article_text(corpus.seed, 0))
    reader_runs: list[dict[str, Any]] = []
    trivial_runs: list[dict[str, Any]] = []
    cwd = str(Path(__file__).resolve().parent.parent)
    os.chdir(cwd)
    for n in range(max(3, repeat) + 1):  # the first pair warms caches and is dropped
        r = _pty_run(reader_argv, env, [header, article], "/government", "Results · ")
        t = _pty_run(trivial_argv, env, [READY])
        log(f"coldstart {size} #{n}: reader {r} trivial {t}")
        if n:
            reader_runs.append(r)
            trivial_runs.append(t)
    paint = [r["seconds"].get(header) for r in reader_runs]
    shown = [r["seconds"].get(article) for r in reader_runs]
    trivial = [t["seconds"].get(READY) for t in trivial_runs]
    if any(x is None for x in paint + shown + trivial):
        raise RuntimeError(f"a marker never showed: {reader_runs} {trivial_runs}")
    p, s, tr = summary(paint), summary(shown), summary(trivial)
    rss = max(r["peak_rss_mb"] or 0.0 for r in reader_runs)
    data = {
        "corpus": corpus.path.name,
        "terminal": {"columns": SIZE[0], "lines": SIZE[1]},
        "markers": {"first_paint": header, "reader_ready": article, "trivial": READY},
        "first_paint_s": p,
        "reader_ready_s": s,
        "trivial_app_s": tr,
        "ratio_first_paint": round(p["median"] / tr["median"], 3),
        "ratio_reader_ready": round(s["median"] / tr["median"], 3),
        "app_peak_rss_mb": round(rss, 1),
        "reader_runs": reader_runs,
        "trivial_runs": trivial_runs,
    }
    rows = [
        row(
            "cold start to first paint (current index)",
            size,
            p["median"],
            "{:.2f} s",
            FIRST_PAINT,
            p99=p["p99"],
        ),
        row(
            "cold start to first article shown",
            size,
            s["median"],
            "{:.2f} s",
            FIRST_PAINT,
            p99=s["p99"],
        ),
        row("trivial Textual app, same method", size, tr["median"], "{:.2f} s"),
        row("first paint / trivial app", size, data["ratio_first_paint"], "{:.2f}x", PAINT_RATIO),
        row(
            "first article shown / trivial app",
            size,
            data["ratio_reader_ready"],
            "{:.2f}x",
            PAINT_RATIO,
        ),
        row(
            "app memory (peak RSS, after a search)",
            size,
            data["app_peak_rss_mb"],
            "{:.0f} MB",
            APP_RSS,
        ),
    ]
    return Entry(size=size, data=data, rows=rows)
