"""Counted nouns for messages shared by the CLI and the app ("1 source", "2 sources")."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def hits_summary(total: int, shown: int, sources: int) -> str:
    """``"25 hits in 4 sources"``; when only the top ``shown`` of ``total`` hits are listed,
    their sources are all that is known: ``"25 hits · top 20 from 3 sources"``."""
    if shown < total:
        return f"{plural(total, 'hit')} · top {shown} from {plural(sources, 'source')}"
    return f"{plural(total, 'hit')} in {plural(sources, 'source')}"


def carry(count: int) -> str:
    """``"1 source carries"`` / ``"3 sources carry"``."""
    return f"{plural(count, 'source')} {'carries' if count == 1 else 'carry'}"
