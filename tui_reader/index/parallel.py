"""Full builds on several cores: each worker process indexes a share of the files into its own
one-segment index; the segments are then listed together in one table of contents.

A build is mostly Python (analysis, postings, Whoosh's per-document and block writers), so one
process is bound to one core. Whoosh's own ``procs=`` writer merges the parts afterwards (as slow
as writing them) and forks from whatever thread calls it; here workers are spawned (safe from the
app's worker threads) and nothing is merged: Whoosh reads a multi-segment index natively, as it
does after incremental updates. Files are shared out by source id, so ids stay unique per part.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import sys
import zlib
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tui_reader.corpus.loader import FileEntry, source_id
from tui_reader.index import writer
from tui_reader.index._whoosh import filestore, index
from tui_reader.models import Progress
from tui_reader.services.backend import ProgressCallback

MIN_FILES = 400
"""Below this, starting worker processes (about half a second each) costs more than it saves."""
MAX_WORKERS = 4

_progress_queue: Any = None


def workers_for(files: int) -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        cpus = os.cpu_count() or 1
    if files < MIN_FILES or cpus < 2 or not _spawnable():
        return 1
    return min(cpus, MAX_WORKERS)


def _spawnable() -> bool:
    """Whether a spawned worker can re-import the main module, as spawning requires.

    ``python -`` or an interactive session has a main module without a file: workers would die
    on start-up.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return main is not None
    path = getattr(main, "__file__", None)
    return path is None or os.path.isfile(path)


def _kill(pool: ProcessPoolExecutor) -> None:
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()


def build(
    folder: Path,
    root: Path,
    entries: Sequence[FileEntry],
    progress: ProgressCallback | None,
    workers: int,
) -> writer.Written:
    """Like ``writer.build`` (an index of every file of ``entries`` in the empty ``folder``)."""
    shares: list[list[FileEntry]] = [[] for _ in range(workers)]
    for entry in entries:
        shares[zlib.crc32(source_id(entry.rel).encode("utf-8")) % workers].append(entry)
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    parts = [folder / f"part-{i}" for i in range(workers)]
    # An executor, not a Pool: a worker that dies (or cannot start) breaks the executor and the
    # caller falls back to one process, where a Pool would start replacements for ever.
    pool = ProcessPoolExecutor(workers, context, initializer=_start, initargs=(messages,))
    try:
        futures = [
            pool.submit(_build_part, str(part), str(root), share)
            for part, share in zip(parts, shares, strict=True)
        ]
        _report(futures, messages, len(entries), progress)
        results: list[writer.Written] = [f.result() for f in futures]
    except BaseException:
        _kill(pool)  # an interrupted build must not leave workers writing
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    merged = writer.Written()
    for result in results:
        merged.records.update(result.records)
        merged.skipped.extend(result.skipped)
        merged.documents += result.documents
    _stitch(folder, parts)
    return merged


def _start(messages: Any) -> None:
    global _progress_queue
    _progress_queue = messages


def _build_part(folder: str, root: str, entries: list[FileEntry]) -> writer.Written:
    path = Path(folder)
    path.mkdir(mode=0o700)

    def progress(step: Progress) -> None:
        _progress_queue.put(step.current)

    return writer.build(path, Path(root), entries, progress)


def _report(
    futures: list[Future[writer.Written]],
    messages: Any,
    total: int,
    progress: ProgressCallback | None,
) -> None:
    done, rel = 0, ""
    while True:
        finished = all(f.done() for f in futures)
        try:
            while True:
                rel = messages.get(timeout=0.01 if finished else 0.05)
                done += 1
                if progress is not None:
                    progress(Progress(min(done, total), total, rel))
        except queue.Empty:
            pass
        if finished:
            break
    if progress is not None and done < total:  # messages still in flight when the parts ended
        progress(Progress(total, total, rel))


def _stitch(folder: Path, parts: list[Path]) -> None:
    """Move every part's segment files into ``folder`` and write one TOC naming all segments."""
    schema = None
    segments: list[Any] = []
    for part in parts:
        toc = index.TOC.read(filestore.FileStorage(str(part)), "MAIN")
        schema = toc.schema
        segments.extend(toc.segments)
        for segment in toc.segments:
            for name in segment.list_files(filestore.FileStorage(str(part))):
                os.replace(part / name, folder / name)
        shutil.rmtree(part)
    index.TOC(schema, segments, 1).write(filestore.FileStorage(str(folder)), "MAIN")
