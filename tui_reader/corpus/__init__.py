"""Reading a folder of articles: find files, decode, clean, segment. No Textual, no Whoosh.

The names below are imported on first use: a search from the command line needs the scanner but
not the cleaner and the segmenter, whose regexes and classes were a tenth of its start-up.
``clean`` (the function) is imported from ``corpus.clean``: lazily, the package attribute would
be the submodule of the same name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_reader.corpus.articles import build_source, load_corpus, load_source
    from tui_reader.corpus.clean import Cleaned
    from tui_reader.corpus.loader import (
        MAX_FILE_BYTES,
        SUFFIXES,
        BinaryFileError,
        CorpusError,
        FileEntry,
        FileTooLargeError,
        decode,
        read_entry,
        scan,
        source_id,
    )
    from tui_reader.corpus.names import name_key
    from tui_reader.corpus.safe import strip_controls, visible_controls
    from tui_reader.corpus.segment import split_passages, split_sentences
    from tui_reader.corpus.tokens import fold, tokenize

_HOMES = {
    "articles": ("build_source", "load_corpus", "load_source"),
    "clean": ("Cleaned",),
    "loader": (
        "MAX_FILE_BYTES",
        "SUFFIXES",
        "BinaryFileError",
        "CorpusError",
        "FileEntry",
        "FileTooLargeError",
        "decode",
        "read_entry",
        "scan",
        "source_id",
    ),
    "names": ("name_key",),
    "safe": ("strip_controls", "visible_controls"),
    "segment": ("split_passages", "split_sentences"),
    "tokens": ("fold", "tokenize"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "BinaryFileError",
    "Cleaned",
    "CorpusError",
    "FileEntry",
    "FileTooLargeError",
    "build_source",
    "decode",
    "fold",
    "load_corpus",
    "load_source",
    "name_key",
    "read_entry",
    "scan",
    "source_id",
    "split_passages",
    "split_sentences",
    "strip_controls",
    "tokenize",
    "visible_controls",
]


def __getattr__(name: str) -> object:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
