"""Turning files into Whoosh documents: full builds into a fresh folder, and incremental updates.

Passages do not go through Whoosh's ``add_document``, which asks each field for one tuple per
posting and hands them to the pool one by one. ``add_passage`` makes the per-document writer
calls ``add_document`` makes, and gives the pool each field's postings for the passage at once
(``analysis.terms``, counted in one pass over the words; ``schema.position_postings`` and
``frequency_postings`` for the values). At commit, ``pool.CompactPool.write`` writes them a
block at a time. The index is the one ``add_document`` writes (``tests/index``); a writer from
``_writer`` still takes ``add_document`` and ``add_reader`` (incremental merges).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tui_reader.corpus import load_source
from tui_reader.corpus.loader import MAX_FILE_BYTES, FileEntry, source_id
from tui_reader.index import analysis, manifest, pool
from tui_reader.index._whoosh import index, reading
from tui_reader.index.analysis import analyze
from tui_reader.index.manifest import FileRecord
from tui_reader.index.schema import (
    frequency_postings,
    make_codec,
    make_schema,
    position_postings,
    source_term,
)
from tui_reader.models import Progress, Skipped, Source
from tui_reader.services.backend import ProgressCallback

SEGMENT_BYTES = 320 * 1024 * 1024
"""A full build starts a new segment once the posting pool holds about this much (estimated by
``pool.CompactPool``; a 10,000-article build on two cores makes one segment per worker).
This bounds a writer's memory as Whoosh's ``limitmb`` did, without its slow merge of spilled
runs."""
SMALL_SEGMENT = 500
"""Segments of fewer passages are merged into the new one at each incremental commit."""
HASH_LIMIT = MAX_FILE_BYTES
"""Larger files are not hashed: the loader skips them anyway."""


def _writer(ix: Any) -> Any:
    # Not compound: a reader then opens the segment files as they are, where a compound file is
    # copied into memory on every open (20 ms per search at 1,000 articles, 240 ms at 10,000).
    writer = ix.writer(codec=make_codec(), compound=False)
    pool.install(writer)
    return writer


@dataclass(slots=True)
class Written:
    """What a writer pass indexed: a record per file (skipped ones included) and files left out."""

    records: dict[str, FileRecord] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    documents: int = 0


def _load(root: Path, entry: FileEntry) -> tuple[FileRecord | None, Source | Skipped]:
    """Hash first, then load: if the file changes in between, the next update sees a new hash."""
    sid = source_id(entry.rel)
    try:
        digest = manifest.sha1_of(entry.path) if entry.size <= HASH_LIMIT else ""
    except OSError as error:
        # Not recorded: a file we could not read is tried again next time.
        return None, Skipped(entry.rel, f"unreadable: {error.strerror or error}")
    try:
        loaded = load_source(root, entry)
    except (
        Exception
    ) as error:  # the loader promises not to raise; one bad file must not stop a build
        loaded = Skipped(entry.rel, f"could not be read ({type(error).__name__})")
    if isinstance(loaded, Skipped):
        return FileRecord(sid, entry.size, entry.mtime_ns, digest, skipped=loaded.reason), loaded
    record = FileRecord(
        id=loaded.id,
        size=entry.size,
        mtime_ns=entry.mtime_ns,
        sha1=digest,
        title=loaded.title,
        passages=len(loaded.passages),
        words=loaded.words,
        notes=tuple(loaded.notes),
    )
    return record, loaded


def _add(writer: Any, source: Source) -> int:
    sid = source_term(source.id)
    for p in source.passages:
        stored = (source.id, p.ordinal, p.text, p.start, p.end, p.kind, tuple(p.sentences))
        add_passage(writer, sid, analysis.terms(p.text), stored)
    return len(source.passages)


def add_passage(writer: Any, sid: str, terms: analysis.Terms, stored: tuple[Any, ...]) -> None:
    """What ``writer.add_document(source=sid, exact=..., body=..., names=..., doc=stored)`` does
    with ``analyze``'s word lists, with each field's postings handed to the pool at once.

    Same calls to the per-document writer, in the same (field name) order; fields with no
    words and no stored value are left out as Whoosh's writer leaves them (no stored value, no
    length). ``add_document`` itself stays usable on the same writer (``tests/index``).
    """
    docnum = writer.docnum
    perdoc = writer.perdocwriter
    fields = writer.schema
    compact: pool.CompactPool = writer.pool
    perdoc.start_doc(docnum)
    if terms.body:
        weights, values = frequency_postings(terms.body)
        compact.add_doc("body", docnum, terms.body, weights, values)
        perdoc.add_field("body", fields["body"], None, terms.body_length)
    perdoc.add_field("doc", fields["doc"], stored, 0)
    if terms.exact:
        weights, values, held = position_postings(terms.exact, compact.share)
        compact.add_doc("exact", docnum, terms.exact, weights, values, held)
        perdoc.add_field("exact", fields["exact"], None, terms.exact_length)
    if terms.names:
        weights, values = frequency_postings(terms.names)
        compact.add_doc("names", docnum, terms.names, weights, values)
        perdoc.add_field("names", fields["names"], None, terms.names_length)
    compact.add_doc("source", docnum, (sid,), (1.0,), (b"",))
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


def add_document(writer: Any, source: Source) -> int:
    """``_add`` through Whoosh's own ``add_document`` (the reference ``add_passage`` matches)."""
    for p in source.passages:
        words = analyze(p.text)
        writer.add_document(
            source=source_term(source.id),
            body=words.body,
            exact=words.exact,
            names=words.names,
            doc=(source.id, p.ordinal, p.text, p.start, p.end, p.kind, tuple(p.sentences)),
        )
    return len(source.passages)


def _write(
    add: Callable[[Source], int],
    root: Path,
    entries: Sequence[FileEntry],
    taken: dict[str, str],
    progress: ProgressCallback | None,
) -> Written:
    """Index ``entries`` with ``add``; ``taken`` maps source ids already used to their file."""
    out = Written()
    for done, entry in enumerate(entries, start=1):
        record, loaded = _load(root, entry)
        if isinstance(loaded, Source) and taken.get(loaded.id, entry.rel) != entry.rel:
            reason = f"same source id as {taken[loaded.id]}"
            loaded = Skipped(entry.rel, reason)
            record = FileRecord(source_id(entry.rel), entry.size, entry.mtime_ns, skipped=reason)
        if isinstance(loaded, Source):
            taken[loaded.id] = entry.rel
            out.documents += add(loaded)
        else:
            out.skipped.append(loaded)
        if record is not None:
            out.records[entry.rel] = record
        if progress is not None:
            progress(Progress(done, len(entries), entry.rel))
    return out


class _Segments:
    """The writers of a full build in turn: a new segment whenever the pool is full."""

    def __init__(self, ix: Any) -> None:
        self.ix = ix
        self.writer = _writer(ix)

    def add(self, source: Source) -> int:
        added = _add(self.writer, source)
        if self.writer.pool.size > SEGMENT_BYTES:
            self.writer.commit(merge=False)
            self.writer = _writer(self.ix)
        return added


def build(
    folder: Path, root: Path, entries: Sequence[FileEntry], progress: ProgressCallback | None
) -> Written:
    """Create a new index in the empty ``folder`` holding every file of ``entries``."""
    ix = index.create_in(str(folder), make_schema())
    try:
        segments = _Segments(ix)
        try:
            written = _write(segments.add, root, entries, {}, progress)
            segments.writer.commit(merge=False)
        except BaseException:
            segments.writer.cancel()
            raise
    finally:
        ix.close()
    return written


def merge_small(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy for incremental commits: the segments kept as they are.

    Each update writes a segment and every search visits every segment, so small ones would pile
    up: those whose passages are all deleted are dropped, and those under ``SMALL_SEGMENT``
    passages are copied into the new segment (a bounded cost, without their deleted passages).
    """
    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue
        if segment.doc_count_all() < SMALL_SEGMENT:
            reader = reading.SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        else:
            kept.append(segment)
    return kept


def apply(
    folder: Path,
    root: Path,
    delete_ids: set[str],
    entries: Sequence[FileEntry],
    taken: dict[str, str],
    progress: ProgressCallback | None,
) -> tuple[Written, int]:
    """Delete every document of ``delete_ids``, then index ``entries``; one writer, one commit.

    Deleting first makes this idempotent: re-running it after a crash gives the same index.
    Returns what was written and the index's document count after the commit.
    """
    ix = index.open_dir(str(folder))
    try:
        writer = _writer(ix)
        try:
            for sid in sorted(delete_ids):
                writer.delete_by_term("source", source_term(sid))
            written = _write(partial(_add, writer), root, entries, taken, progress)
            writer.commit(mergetype=merge_small)
        except BaseException:
            writer.cancel()
            raise
        count: int = ix.doc_count()
    finally:
        ix.close()
    return written, count
