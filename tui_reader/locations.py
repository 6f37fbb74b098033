"""Where tui-reader keeps its derived files: one seam each for the cache and the state folder.

Environment overrides (used by tests and by users with unusual set-ups):
``TUI_READER_CACHE_DIR`` and ``TUI_READER_STATE_DIR``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from platformdirs import user_cache_path, user_state_path

APP_NAME = "tui-reader"
BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class LocationError(Exception):
    """The cache or state folder cannot be used as asked."""


def cache_root() -> Path:
    override = os.environ.get("TUI_READER_CACHE_DIR")
    return Path(override).expanduser() if override else user_cache_path(APP_NAME)


def state_root() -> Path:
    override = os.environ.get("TUI_READER_STATE_DIR")
    return Path(override).expanduser() if override else user_state_path(APP_NAME)


def default_corpus() -> Path:
    return BUNDLED_SEEDS


def corpus_key(corpus: Path) -> str:
    """A stable folder name for a corpus: readable stem plus a hash of its absolute path."""
    resolved = corpus.resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in resolved.name)[:32] or "root"
    return f"{stem}-{digest}"


def index_dir(corpus: Path, root: Path | None = None) -> Path:
    """The folder that holds the index of ``corpus``; never the corpus, inside it, or above it."""
    base = (root or cache_root()).expanduser()
    target = (base / "indexes" / corpus_key(corpus)).resolve()
    resolved_corpus = corpus.resolve()
    if (
        target == resolved_corpus
        or target.is_relative_to(resolved_corpus)
        or resolved_corpus.is_relative_to(target)
    ):
        raise LocationError(
            f"the index folder {target} would overlap the corpus {resolved_corpus}; "
            "set TUI_READER_CACHE_DIR elsewhere"
        )
    return target


def history_file() -> Path:
    return state_root() / "search-history.txt"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path
