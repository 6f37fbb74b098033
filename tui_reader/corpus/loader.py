"""Find article files under a folder and decode them safely.

``scan`` is a stat-only walk (no file is opened); ``read_entry`` reads and decodes one file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from tui_reader import collector
from tui_reader.corpus.safe import visible_controls
from tui_reader.models import Skipped

SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 20 * 1024 * 1024


class CorpusError(Exception):
    """The corpus folder itself cannot be used; the message is one line for the user."""


class BinaryFileError(ValueError):
    """The file holds NUL bytes: it is not a text article."""


class FileTooLargeError(ValueError):
    """The file grew past MAX_FILE_BYTES after it was scanned."""


class FileEntry(NamedTuple):
    """One candidate article: ``rel`` is the posix path relative to the corpus root.

    A named tuple rather than a frozen dataclass: a scan makes one per file, and a frozen
    dataclass sets each field through ``object.__setattr__`` (a fifth of a 10,000-file scan).
    """

    rel: str
    path: str | Path
    """Where to open it: the scan keeps ``os.scandir``'s string (no Path object per file)."""
    size: int
    mtime_ns: int


def source_id(rel: str) -> str:
    """The posix relative path without its suffix: ``"sub/a.txt"`` -> ``"sub/a"``."""
    stem, dot, suffix = rel.rpartition(".")
    if dot and stem and "/" not in suffix and ("." + suffix).lower() in SUFFIXES:
        return stem
    return rel


# --- scanning --------------------------------------------------------------------------------


def _shown(path: str) -> str:
    """A path for a one-line message: control characters visible, never a line break."""
    return visible_controls(path).replace("\n", "\u240a")


def _has_suffix(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@dataclass(slots=True)
class _Walk:
    real_root: str
    entries: list[FileEntry]
    skipped: list[Skipped]
    real_devices: array[int]  # (device, inode) of every regular file, to spot symlinks to them;
    real_inodes: array[int]  # arrays: no object per file for the garbage collector to walk
    links: list[tuple[str, Path]]  # (rel, path) of symlinks to files, resolved after the walk


def _scan_dir(walk: _Walk, directory: Path, prefix: str) -> list[tuple[Path, str]]:
    """Record the files of one directory; return its subdirectories as (path, rel prefix)."""
    subdirs: list[tuple[Path, str]] = []
    try:
        with os.scandir(directory) as it:
            children = list(it)
    except OSError as error:
        walk.skipped.append(
            Skipped(prefix.rstrip("/") or ".", f"unreadable folder: {_reason(error)}")
        )
        return subdirs
    entries, devices, inodes = walk.entries, walk.real_devices.append, walk.real_inodes.append
    is_regular = stat.S_ISREG
    entry = partial(tuple.__new__, FileEntry)  # ``FileEntry(...)`` is a Python call per file
    for child in children:
        name = child.name
        if name[0] == ".":
            continue
        try:
            if child.is_file(follow_symlinks=False):  # the usual case first: one check
                if not name.lower().endswith(SUFFIXES):
                    continue
                info = child.stat(follow_symlinks=False)
                if is_regular(info.st_mode):
                    devices(info.st_dev)
                    inodes(info.st_ino)
                    if info.st_size > MAX_FILE_BYTES:
                        walk.skipped.append(Skipped(prefix + name, "larger than 20 MB"))
                    else:
                        entries.append(
                            entry((prefix + name, child.path, info.st_size, info.st_mtime_ns))
                        )
            elif child.is_symlink():
                _note_link(walk, directory / name, prefix + name)
            elif child.is_dir(follow_symlinks=False):
                subdirs.append((directory / name, prefix + name + "/"))
        except OSError as error:  # vanished or unreadable between listing and stat
            walk.skipped.append(Skipped(prefix + name, _reason(error)))
    return subdirs


def _add_file(walk: _Walk, rel: str, path: Path, info: os.stat_result) -> None:
    if info.st_size > MAX_FILE_BYTES:
        walk.skipped.append(Skipped(rel, "larger than 20 MB"))
    else:
        walk.entries.append(FileEntry(rel, path, info.st_size, info.st_mtime_ns))


def _note_link(walk: _Walk, path: Path, rel: str) -> None:
    """Symlinked folders are never followed; symlinked files are resolved after the walk."""
    if os.path.isdir(path):
        walk.skipped.append(Skipped(rel, "symlinked folder not followed"))
    elif _has_suffix(rel):
        walk.links.append((rel, path))


def _resolve_links(walk: _Walk) -> None:
    """Keep a symlinked file only if it stays inside the root and is not read already."""
    if not walk.links:
        return
    seen = set(zip(walk.real_devices, walk.real_inodes, strict=True))
    for rel, path in sorted(walk.links):
        target = os.path.realpath(path)
        if not _inside(target, walk.real_root):
            walk.skipped.append(Skipped(rel, "symlink leads outside the corpus folder"))
            continue
        try:
            info = os.stat(path)
        except OSError as error:
            walk.skipped.append(Skipped(rel, f"broken symlink: {_reason(error)}"))
            continue
        key = (info.st_dev, info.st_ino)
        if not stat.S_ISREG(info.st_mode) or key in seen:
            continue  # the same file is already read under its own name
        seen.add(key)
        _add_file(walk, rel, path, info)


def scan(root: Path) -> tuple[list[FileEntry], list[Skipped]]:
    """All ``.txt``/``.md`` files under ``root`` (recursive, sorted by ``rel``), and skips.

    Hidden files and folders (leading ``.``) are ignored silently. Symlinked folders are never
    followed (whatever they point to inside the root is reached through its real path, so no loop
    is possible); a symlinked file is read only when it resolves inside the root and that file is
    not already read under its own name. Names that are not valid UTF-8 keep their bytes as
    surrogate escapes (``os.fsdecode``), so ``root / rel`` opens the same file.
    """
    top = os.fspath(root)
    shown = _shown(top)
    try:
        info = os.stat(top)
    except FileNotFoundError:
        raise CorpusError(f"corpus folder not found: {shown}") from None
    except OSError as error:
        raise CorpusError(f"cannot read corpus folder {shown}: {_reason(error)}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise CorpusError(f"not a folder: {shown}")
    try:
        os.scandir(top).close()
    except OSError as error:
        raise CorpusError(f"cannot read corpus folder {shown}: {_reason(error)}") from None
    walk = _Walk(os.path.realpath(top), [], [], array("Q"), array("Q"), [])
    pending: list[tuple[Path, str]] = [(root, "")]
    with collector.paused():  # a few acyclic objects per file
        while pending:
            directory, prefix = pending.pop()
            pending.extend(_scan_dir(walk, directory, prefix))
    _resolve_links(walk)
    walk.entries.sort(key=itemgetter(0))  # by rel
    walk.skipped.sort(key=lambda s: s.path)
    return walk.entries, walk.skipped


# --- decoding --------------------------------------------------------------------------------

# UTF-8 read as cp1252/latin-1 leaves a lead-byte letter (Â..ô) followed by what a continuation
# byte (0x80-0xBF) becomes. Only lines with such a pair are handed to ftfy, which is ~3 ms per 6 KB.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_NEWLINE_RE = re.compile(r"\r\n?")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@cache
def _fix_encoding() -> Callable[[str], str]:
    """ftfy's mojibake repair, imported on first use (the import costs ~0.1 s)."""
    import ftfy

    config = ftfy.TextFixerConfig(explain=False, fix_c1_controls=False)

    def fix(line: str) -> str:
        fixed: str = ftfy.fix_encoding(line, config)
        return fixed

    return fix


def _repair_mojibake(text: str) -> str:
    if not _MOJIBAKE_RE.search(text):
        return text
    fix = _fix_encoding()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_RE.search(line):
            lines[i] = fix(line)
    return "\n".join(lines)


def _decode_bytes(data: bytes) -> tuple[str, str, str | None]:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return (
                    data.decode(codec),
                    codec,
                    None if codec == "utf-8-sig" else f"decoded as {codec}",
                )
            except UnicodeDecodeError:
                return (
                    data.decode(codec, "replace"),
                    codec,
                    f"decoded as {codec}, some bytes replaced",
                )
    if b"\x00" in data:
        raise BinaryFileError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", "decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", "decoded as latin-1"


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Bytes to text: ``(text, encoding, note or None)``.

    UTF-8 (BOM or not), then UTF-16/32 with a BOM, then cp1252, then latin-1 (which never fails).
    NUL bytes outside UTF-16/32 raise :class:`BinaryFileError`. Line ends become ``\\n``, the text
    is NFC, and mojibake (UTF-8 read as cp1252, "â€™") is repaired by ftfy when that changes
    something. Notes are joined with ``"; "``.
    """
    text, encoding, note = _decode_bytes(data)
    if "\x00" in text:
        raise BinaryFileError("binary file (NUL characters)")
    notes = [note] if note else []
    if "\r" in text:
        text = _NEWLINE_RE.sub("\n", text)
    if not text.isascii():
        as_read = unicodedata.is_normalized("NFC", text)
        if not as_read:
            text = unicodedata.normalize("NFC", text)
        # Every lead letter the repair looks for (U+00C2-U+00F4) is the byte C3 and another in
        # UTF-8: without that byte, and with no character composed by NFC, there is none.
        if as_read and encoding in ("utf-8", "utf-8-sig") and b"\xc3" not in data:
            repaired = text
        else:
            repaired = _repair_mojibake(text)
        if repaired != text:
            text = unicodedata.normalize("NFC", repaired)
            notes.append("repaired mis-decoded text")
    return text, encoding, "; ".join(notes) or None


def read_entry(entry: FileEntry) -> tuple[str, str, str | None]:
    """Read and decode one file. ``OSError`` propagates; so do BinaryFileError/FileTooLargeError."""
    # O_NONBLOCK: a FIFO named "x.txt" must not hang the indexer (it is refused below).
    fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _O_CLOEXEC)
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(entry.path))
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileTooLargeError("larger than 20 MB")
    return decode(data)
