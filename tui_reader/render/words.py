"""Counted nouns for messages shared by the CLI and the app ("1 source", "2 sources")."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def carry(count: int) -> str:
    """``"1 source carries"`` / ``"3 sources carry"``."""
    return f"{plural(count, 'source')} {'carries' if count == 1 else 'carry'}"
