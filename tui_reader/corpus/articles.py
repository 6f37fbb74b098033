"""Building articles from files: decode, clean, segment; file problems become ``Skipped``."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from tui_reader.corpus.clean import clean
from tui_reader.corpus.loader import MAX_FILE_BYTES, FileEntry, read_entry, scan, source_id
from tui_reader.corpus.safe import strip_controls
from tui_reader.corpus.segment import split_passages, split_sentences
from tui_reader.models import Passage, Skipped, Source


def build_source(
    source_id: str,
    path: Path,
    raw: str,
    encoding: str = "utf-8",
    notes: tuple[str, ...] = (),
) -> Source:
    """One article from its decoded text: cleaned text, title, passages and their sentences.

    ``raw`` is kept verbatim in ``Source.raw`` (show it through ``visible_controls``). When no
    title is found, the title is the file name without its suffix.
    """
    cleaned = clean(strip_controls(raw))
    text = cleaned.text
    passages = tuple(
        Passage(
            source_id=source_id,
            ordinal=ordinal,
            text=text[start:end],
            start=start,
            end=end,
            kind=kind,
            sentences=tuple(split_sentences(text[start:end])),
        )
        for ordinal, (start, end, kind) in enumerate(split_passages(text))
    )
    title = cleaned.title or strip_controls(PurePosixPath(source_id).name)
    return Source(
        id=source_id,
        path=path,
        title=title,
        raw=raw,
        text=text,
        passages=passages,
        encoding=encoding,
        notes=notes,
        dropped=cleaned.dropped,
    )


def _inside(path: str | Path, root: Path) -> bool:
    real = os.path.realpath(path)
    real_root = os.path.realpath(root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _one_line(message: str) -> str:
    lines = message.strip().splitlines()
    return strip_controls(lines[0]) if lines else ""


def load_source(root: Path, entry: FileEntry) -> Source | Skipped:
    """Read, decode and build one article; file problems become ``Skipped`` with a one-line reason.

    An empty (or whitespace-only) file is ``Skipped(rel, "empty file")``: it has nothing to read or
    search. A path that resolves outside ``root`` (a symlink swapped after the scan, a tampered
    manifest) is skipped, never read.
    """
    if not _inside(entry.path, root):
        return Skipped(entry.rel, "outside the corpus folder")
    if entry.size > MAX_FILE_BYTES:
        return Skipped(entry.rel, "larger than 20 MB")
    try:
        raw, encoding, note = read_entry(entry)
    except FileNotFoundError:
        return Skipped(entry.rel, "file vanished")
    except IsADirectoryError:
        return Skipped(entry.rel, "not a regular file")
    except OSError as error:
        return Skipped(entry.rel, (error.strerror or type(error).__name__).lower())
    except ValueError as error:  # BinaryFileError, FileTooLargeError
        return Skipped(entry.rel, _one_line(str(error)) or "unreadable")
    if not raw.strip():
        return Skipped(entry.rel, "empty file")
    notes = (note,) if note else ()
    try:
        return build_source(source_id(entry.rel), Path(entry.path), raw, encoding, notes)
    except Exception as error:  # a cleaning bug must not stop a 10,000-file index run
        return Skipped(
            entry.rel, _one_line(f"could not be processed: {type(error).__name__}: {error}")
        )


def load_corpus(root: Path) -> tuple[list[Source], list[Skipped]]:
    """Every article under ``root``; raises ``CorpusError`` only when the folder is unusable."""
    entries, skipped = scan(root)
    sources: list[Source] = []
    for entry in entries:
        loaded = load_source(root, entry)
        if isinstance(loaded, Skipped):
            skipped.append(loaded)
        else:
            sources.append(loaded)
    skipped.sort(key=lambda s: s.path)
    return sources, skipped
