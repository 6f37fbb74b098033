"""``WhooshBackend``: where the index lives, how it follows the files, and how it heals.

Layout of ``index_root`` (private folder, never inside or above the corpus)::

    update.lock          flock'ed around updates; searches never take it
    CURRENT              name of the live generation, replaced atomically
    gen-<hex>-<pid>/     one generation: Whoosh files + manifest.json (+ files.stamp)

A full build writes a new generation and then points ``CURRENT`` at it, so a crash leaves the old
generation live (and the half-built folder is removed by the next update). An incremental update
first records in the manifest which sources it is about to touch (``pending``), then deletes and
re-adds them with one Whoosh writer, then writes the final manifest: a crash in between is repaired
by the next update, which deletes and re-adds the pending sources again. A generation whose files
do not match its manifest, or whose document count disagrees after a commit, is rebuilt.

This module does not import Whoosh: a no-op update and ``sources()`` only read the manifest.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui_reader.corpus.loader import FileEntry, scan, source_id
from tui_reader.index import manifest as manifest_module
from tui_reader.index.lock import update_lock
from tui_reader.index.manifest import (
    Manifest,
    ManifestError,
    files_problem,
    index_files,
    read_manifest,
    write_atomic,
    write_manifest,
)
from tui_reader.index.stamp import manifest_stat, read_stamp, remove_stamp, write_stamp
from tui_reader.index.version import SCHEMA_VERSION
from tui_reader.locations import LocationError, ensure_private_dir, index_dir
from tui_reader.models import Hit, Passage, Skipped, SourceInfo, UpdateStats
from tui_reader.services.backend import BackendError, ProgressCallback
from tui_reader.services.query import ParsedQuery

CURRENT = "CURRENT"
LOCK = "update.lock"
GENERATION = re.compile(r"gen-[0-9a-f]{1,24}-[0-9]{1,10}")
LOCK_TIMEOUT = 60.0

T = TypeVar("T")

if TYPE_CHECKING:
    from tui_reader.index.writer import Written


def _as_recorded(entries: list[FileEntry], manifest: Manifest) -> bool:
    """Whether the scan finds exactly the files of ``manifest``, with the same sizes and mtimes.

    Column by column in C: a read manifest lists its files sorted by path, as the scan does.
    """
    files = manifest.files
    if len(entries) != len(files):
        return False
    rels = list(map(_REL, entries))
    if rels != list(files):
        if set(rels) != files.keys():
            return False
        ordered = [files[rel] for rel in rels]  # a manifest this process wrote, in any order
    else:
        ordered = list(files.values())
    return list(map(_SIZE_MTIME, entries)) == list(map(_RECORD_SIZE_MTIME, ordered))


_REL = itemgetter(0)
_SIZE_MTIME = itemgetter(2, 3)
"""Of a ``FileEntry``: ``(size, mtime_ns)``."""
_RECORD_SIZE_MTIME = itemgetter(1, 2)
"""Of a ``FileRecord``: ``(size, mtime_ns)``."""


class _Damaged(Exception):
    """The live generation cannot be trusted; the message is the rebuild reason."""


class WhooshBackend:
    """A Whoosh index of one corpus folder, kept in the cache folder."""

    def __init__(
        self,
        corpus_root: Path,
        index_root: Path | None = None,
        *,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.corpus_root = corpus_root.expanduser().resolve()
        self.index_root = (index_root or index_dir(self.corpus_root)).expanduser().resolve()
        if (
            self.index_root == self.corpus_root
            or self.index_root.is_relative_to(self.corpus_root)
            or self.corpus_root.is_relative_to(self.index_root)
        ):
            raise LocationError(
                f"the index folder {self.index_root} would overlap the corpus {self.corpus_root}"
            )
        self.lock_timeout = lock_timeout
        self._update_guard = threading.Lock()
        self._cache_guard = threading.Lock()
        self._cached: tuple[Path, tuple[int, int, int], Manifest] | None = None

    # ------------------------------------------------------------------ reading state

    def _current(self) -> Path | None:
        try:
            name = (self.index_root / CURRENT).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if not GENERATION.fullmatch(name):
            return None
        folder = self.index_root / name
        return folder if folder.is_dir() and not folder.is_symlink() else None

    def _manifest(self, folder: Path) -> Manifest:
        """The manifest of ``folder``, re-read only when the file changed."""
        seen = manifest_stat(folder)
        if seen is None:
            raise ManifestError("the index has no manifest")
        with self._cache_guard:
            if self._cached and self._cached[0] == folder and self._cached[1] == seen:
                return self._cached[2]
        manifest = read_manifest(folder)
        with self._cache_guard:
            self._cached = (folder, seen, manifest)
        return manifest

    def _write_manifest(self, folder: Path, manifest: Manifest) -> None:
        """Write ``manifest`` and keep it as the cached one (updates hold the lock: no other
        writer can slip in between the write and the stat), with its stamp once nothing is
        pending (a stale stamp is removed first: it never outlives its manifest)."""
        remove_stamp(folder)
        write_manifest(folder, manifest)
        written = manifest_stat(folder)
        if written is None:
            return
        with self._cache_guard:
            self._cached = (folder, written, manifest)
        if not manifest.pending:
            self._write_stamp(folder, manifest, written)

    def _write_stamp(self, folder: Path, manifest: Manifest, written: tuple[int, int, int]) -> None:
        try:
            write_stamp(folder, manifest, written)
        except OSError:
            remove_stamp(folder)  # without a stamp the manifest answers: slower, never wrong

    def _live(self) -> tuple[Path, Manifest]:
        """The live generation for reading; never a folder without a manifest of ours."""
        folder = self._current()
        if folder is None:
            raise BackendError("no index yet: run 'tui-reader index'")
        try:
            manifest = self._manifest(folder)
        except ManifestError as error:
            raise BackendError(
                f"the index cannot be used ({error}): run 'tui-reader index'"
            ) from error
        if manifest.schema != SCHEMA_VERSION:
            raise BackendError("the index is from another version: run 'tui-reader index'")
        return folder, manifest

    def _live_folder(self) -> Path:
        """The live generation's folder, checked as ``_live`` does: from the cached manifest,
        else from the stamp when it answers for the manifest beside it (a search from the
        command line then never reads the manifest)."""
        folder = self._current()
        seen = manifest_stat(folder) if folder is not None else None
        if folder is not None and seen is not None:
            with self._cache_guard:
                cached = self._cached
            if cached is not None and cached[0] == folder and cached[1] == seen:
                known = cached[2].schema
            else:
                stamp = read_stamp(folder)
                known = stamp.schema if stamp is not None and stamp.manifest == seen else -1
            if known == SCHEMA_VERSION:
                return folder
        return self._live()[0]

    def _unchanged(self, entries: list[FileEntry]) -> UpdateStats | None:
        """The stats of a no-op update when the live stamp shows nothing changed, else ``None``.

        The same checks as ``_check`` and ``_incremental``'s no-op, on the stamp instead of the
        manifest (see ``index.stamp``); any doubt leaves the answer to them.
        """
        folder = self._current()
        if folder is None:
            return None
        stamp = read_stamp(folder)
        if (
            stamp is None
            or stamp.schema != SCHEMA_VERSION
            or stamp.corpus != str(self.corpus_root)
            or stamp.manifest != manifest_stat(folder)
            or files_problem(folder, stamp.index_files)
            or not stamp.matches(entries)
        ):
            return None
        skipped = tuple(Skipped(rel, reason) for rel, reason in stamp.skipped)
        return UpdateStats(unchanged=stamp.unchanged, skipped=skipped)

    def _check(self) -> tuple[Path, Manifest]:
        """The live generation for updating, or ``_Damaged`` saying why it must be rebuilt."""
        folder = self._current()
        if folder is None:
            if (self.index_root / CURRENT).exists():
                raise _Damaged("the index pointer is damaged")
            raise _Damaged("no index yet")
        try:
            manifest = self._manifest(folder)
        except ManifestError as error:
            raise _Damaged(str(error)) from error
        if manifest.schema != SCHEMA_VERSION:
            raise _Damaged(f"index schema changed ({manifest.schema} -> {SCHEMA_VERSION})")
        if manifest.corpus != str(self.corpus_root):
            raise _Damaged("the index belongs to another folder")
        if not manifest.pending:  # mid-update files are expected to differ; repaired below
            problem = files_problem(folder, manifest.index_files)
            if problem:
                raise _Damaged(problem)
        return folder, manifest

    # ------------------------------------------------------------------ updating

    def update(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> UpdateStats:
        started = time.perf_counter()
        try:
            ensure_private_dir(self.index_root)
        except OSError as error:
            raise BackendError(
                f"cannot create the index folder: {error.strerror or error}"
            ) from error
        with self._update_guard, update_lock(self.index_root / LOCK, self.lock_timeout):
            entries, scan_skipped = scan(self.corpus_root)
            try:
                if rebuild:
                    raise _Damaged("rebuild requested")
                stats = self._unchanged(entries)
                if stats is None:
                    folder, manifest = self._check()
                    stats = self._incremental(folder, manifest, entries, progress)
            except _Damaged as damaged:
                stats = self._build(entries, progress, str(damaged))
            self._sweep()
        return replace(
            stats,
            skipped=tuple(scan_skipped) + stats.skipped,
            seconds=time.perf_counter() - started,
        )

    def _build(
        self, entries: list[FileEntry], progress: ProgressCallback | None, reason: str
    ) -> UpdateStats:
        folder = self.index_root / f"gen-{time.time_ns():x}-{os.getpid()}"
        try:
            ensure_private_dir(folder)
            written = self._write_all(folder, entries, progress)
            manifest = Manifest(
                schema=SCHEMA_VERSION,
                corpus=str(self.corpus_root),
                files=written.records,
                index_files=index_files(folder),
            )
            self._write_manifest(folder, manifest)
            write_atomic(self.index_root / CURRENT, folder.name.encode("ascii") + b"\n")
        except BaseException as error:
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(error, OSError):
                raise BackendError(f"cannot build the index: {error.strerror or error}") from error
            raise
        indexed = sum(1 for r in written.records.values() if r.skipped is None)
        return UpdateStats(
            added=indexed,
            skipped=tuple(written.skipped),
            rebuilt=True,
            reason=reason,
        )

    def _write_all(
        self, folder: Path, entries: list[FileEntry], progress: ProgressCallback | None
    ) -> Written:
        from tui_reader.index import parallel, writer

        workers = parallel.workers_for(len(entries))
        if workers > 1:
            try:
                return parallel.build(folder, self.corpus_root, entries, progress, workers)
            except Exception:
                # Worker processes could not run here (no spawn, no /dev/shm, ...): one process.
                shutil.rmtree(folder, ignore_errors=True)
                ensure_private_dir(folder)
        return writer.build(folder, self.corpus_root, entries, progress)

    def _incremental(
        self,
        folder: Path,
        manifest: Manifest,
        entries: list[FileEntry],
        progress: ProgressCallback | None,
    ) -> UpdateStats:
        if not manifest.pending and _as_recorded(entries, manifest):
            # Nothing changed (the usual start): one comparison in C instead of a loop per file.
            # ``update`` asked the stamp first: it is missing, damaged or of another manifest.
            seen = manifest_stat(folder)
            if seen is not None:
                self._write_stamp(folder, manifest, seen)
            unchanged = 0
            skipped: list[Skipped] = []
            for rel, kept in manifest.files.items():
                if kept.skipped is None:
                    unchanged += 1
                else:
                    skipped.append(Skipped(rel, kept.skipped))
            return UpdateStats(unchanged=unchanged, skipped=tuple(skipped))
        files = dict(manifest.files)
        added: list[FileEntry] = []
        changed: list[FileEntry] = []
        unchanged = 0
        touched = False
        skipped = []
        for entry in entries:
            record = files.get(entry.rel)
            if record is None:
                added.append(entry)
                continue
            if (record.size, record.mtime_ns) != (entry.size, entry.mtime_ns):
                same = False
                if record.sha1 and record.size == entry.size:
                    try:
                        same = manifest_module.sha1_of(entry.path) == record.sha1
                    except OSError:
                        same = False
                if not same:
                    changed.append(entry)
                    continue
                files[entry.rel] = record._replace(mtime_ns=entry.mtime_ns)
                touched = True
            if record.skipped is None:
                unchanged += 1
            else:
                skipped.append(Skipped(entry.rel, record.skipped))
        on_disk = {entry.rel for entry in entries}
        removed = [rel for rel in files if rel not in on_disk]

        if not (added or changed or removed or manifest.pending):
            if touched:
                self._write_manifest(folder, replace(manifest, files=files))
            return UpdateStats(unchanged=unchanged, skipped=tuple(skipped))

        from tui_reader.index import parallel

        work = len(added) + len(changed)
        if work > len(entries) // 2 and parallel.workers_for(work) > 1:
            raise _Damaged(f"{work} of {len(entries)} files are new or changed")

        # 1. Say what is about to change, so that a crash from here on is repaired next time.
        pending = set(manifest.pending)
        pending.update(files[e.rel].id for e in changed)
        pending.update(files[rel].id for rel in removed)
        pending.update(source_id(e.rel) for e in added)
        for rel in [e.rel for e in changed] + removed:
            del files[rel]
        self._write_manifest(folder, replace(manifest, files=files, pending=sorted(pending)))

        # 2. Delete, re-add, commit: one writer.
        from tui_reader.index import writer

        taken = {r.id: rel for rel, r in files.items() if r.skipped is None}
        try:
            written, count = writer.apply(
                folder, self.corpus_root, pending, added + changed, taken, progress
            )
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as error:
            raise _Damaged(f"the index could not be updated ({type(error).__name__})") from error
        files.update(written.records)

        # 3. The final manifest, once the index agrees with it.
        final = replace(manifest, files=files, pending=[], index_files=index_files(folder))
        if count != final.documents:
            raise _Damaged(f"index holds {count} passages, manifest {final.documents}")
        self._write_manifest(folder, final)
        reindexed = {e.rel for e in changed}
        return UpdateStats(
            added=sum(
                1 for rel, r in written.records.items() if rel not in reindexed and not r.skipped
            ),
            updated=sum(
                1 for rel, r in written.records.items() if rel in reindexed and not r.skipped
            ),
            removed=len(removed),
            unchanged=unchanged,
            skipped=tuple(skipped) + tuple(written.skipped),
        )

    def _sweep(self) -> None:
        """Remove generations that are not live (old ones, half-built ones); only our own names."""
        live = self._current()
        try:
            names = os.listdir(self.index_root)
        except OSError:
            return
        for name in names:
            path = self.index_root / name
            if GENERATION.fullmatch(name) and path != live and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            elif name.startswith(f".{CURRENT}.") and name.endswith(".tmp"):
                path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ reading

    def sources(self) -> list[SourceInfo]:
        try:
            _folder, manifest = self._live()
        except BackendError:
            return []
        return manifest.sources()

    def passages(self, source_id: str) -> list[Passage]:
        from tui_reader.index import searcher

        return self._read(lambda folder: searcher.passages(folder, source_id))

    def search(self, query: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
        from tui_reader.index import searcher

        if query.root is None or limit <= 0:
            return [], 0
        return self._read(lambda folder: searcher.run(folder, query, limit))

    def suggest(self, word: str, limit: int) -> list[str]:
        from tui_reader.index import searcher

        return self._read(lambda folder: searcher.suggest(folder, word, limit))

    def _read(self, action: Callable[[Path], T]) -> T:
        """Run ``action`` on the live generation; once more if an update swapped it meanwhile."""
        for attempt in (1, 2):
            folder = self._live_folder()
            try:
                return action(folder)
            except Exception as error:
                if attempt == 1 and self._current() != folder:
                    continue
                raise BackendError(
                    f"the index could not be read ({type(error).__name__}); "
                    "run 'tui-reader index --rebuild'"
                ) from error
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._cache_guard:
            self._cached = None
