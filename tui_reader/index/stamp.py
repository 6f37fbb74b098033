"""A compact copy of what a no-op update compares: every file's path, size and mtime.

Every start asks "did any file change?". The manifest answers it, but reading it means decoding a
JSON record per file (about 35 ms at 10,000 files, plus the objects for the garbage collector to
walk), where the question needs three columns. The stamp keeps those columns as arrays beside the
manifest, with the manifest's own ``(inode, size, mtime)``: a stamp that does not belong to the
manifest next to it is ignored. It is derived, never authoritative: any doubt (missing, damaged,
other byte order, other manifest) means the manifest answers instead.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from contextlib import suppress
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from tui_reader.corpus.loader import FileEntry
from tui_reader.index.manifest import MANIFEST, STAMP, Manifest, write_atomic

MAGIC = b"tui-reader-stamp/1\n"
_HEADER_SIZE = 8

_REL = itemgetter(0)
_SIZE = itemgetter(2)
_MTIME = itemgetter(3)


def manifest_stat(folder: Path) -> tuple[int, int, int] | None:
    try:
        st = (folder / MANIFEST).stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


@dataclass(frozen=True, slots=True)
class Stamp:
    manifest: tuple[int, int, int]
    """``manifest_stat`` of the manifest this stamp was written with."""
    schema: int
    corpus: str
    index_files: dict[str, int]
    skipped: list[tuple[str, str]]
    """``(rel, reason)`` of the files the manifest records as skipped."""
    count: int
    names: bytes
    """The files' paths, NUL-separated (decoded only when compared: a search only needs the
    header)."""
    sizes: array[int]
    mtimes: array[int]

    @property
    def unchanged(self) -> int:
        return self.count - len(self.skipped)

    @property
    def rels(self) -> list[str]:
        if not self.count:
            return []
        return [name.decode("utf-8", "surrogateescape") for name in self.names.split(b"\0")]

    def matches(self, entries: list[FileEntry]) -> bool:
        """Whether a scan (sorted by path, as ``scan`` returns it) finds exactly these files."""
        return (
            len(entries) == self.count
            and array("q", map(_SIZE, entries)) == self.sizes
            and array("q", map(_MTIME, entries)) == self.mtimes
            and list(map(_REL, entries)) == self.rels
        )


def _encode_rel(rel: str) -> bytes:
    return rel.encode("utf-8", "surrogateescape")


def write_stamp(folder: Path, manifest: Manifest, written: tuple[int, int, int]) -> None:
    """Write the stamp of ``manifest``, just written to ``folder`` (``written``: its stat)."""
    rels = sorted(manifest.files)
    records = [manifest.files[rel] for rel in rels]
    names = b"\0".join(map(_encode_rel, rels))
    sizes = array("q", (r.size for r in records))
    mtimes = array("q", (r.mtime_ns for r in records))
    skipped = [[rel, r.skipped] for rel, r in zip(rels, records, strict=True) if r.skipped]
    header = json.dumps(
        {
            "manifest": list(written),
            "schema": manifest.schema,
            "corpus": manifest.corpus,
            "index_files": manifest.index_files,
            "skipped": skipped,
            "count": len(rels),
            "names": len(names),
            "byteorder": sys.byteorder,
        },
        separators=(",", ":"),
    ).encode("ascii")
    size = len(header).to_bytes(_HEADER_SIZE, "little")
    data = b"".join((MAGIC, size, header, names, sizes.tobytes(), mtimes.tobytes()))
    write_atomic(folder / STAMP, data)


def remove_stamp(folder: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(folder / STAMP)


def read_stamp(folder: Path) -> Stamp | None:
    """The stamp of ``folder``, or ``None`` when there is none or it cannot be trusted."""
    try:
        data = (folder / STAMP).read_bytes()
    except OSError:
        return None
    try:
        return _decode(data)
    except (ValueError, TypeError, KeyError, UnicodeError, RecursionError):
        return None


def _decode(data: bytes) -> Stamp | None:
    if not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + _HEADER_SIZE], "little")
    at += _HEADER_SIZE
    header: Any = json.loads(data[at : at + size])
    at += size
    if not isinstance(header, dict) or header.get("byteorder") != sys.byteorder:
        return None
    count, names = int(header["count"]), int(header["names"])
    width = array("q").itemsize
    if len(data) != at + names + 2 * count * width:
        return None
    blob = data[at : at + names]
    at += names
    sizes = array("q", data[at : at + count * width])
    mtimes = array("q", data[at + count * width :])
    manifest = tuple(int(v) for v in header["manifest"])
    index_files = {str(k): int(v) for k, v in dict(header["index_files"]).items()}
    skipped = [(str(rel), str(reason)) for rel, reason in header["skipped"]]
    if len(manifest) != 3 or blob.count(b"\0") != max(count - 1, 0):
        return None
    return Stamp(
        manifest=(manifest[0], manifest[1], manifest[2]),
        schema=int(header["schema"]),
        corpus=str(header["corpus"]),
        index_files=index_files,
        skipped=skipped,
        count=count,
        names=blob,
        sizes=sizes,
        mtimes=mtimes,
    )
