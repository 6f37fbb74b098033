"""Border titles that repaint only when they change.

Setting ``Widget.border_title`` or ``border_subtitle`` repaints the whole widget even when the
value is the one already shown (Textual 8.2): for the reader that is every line of its frame on
every keystroke of a search. ``set_border`` remembers what it last set and skips the same value.
"""

from __future__ import annotations

from typing import Literal
from weakref import WeakKeyDictionary

from textual.content import Content
from textual.widget import Widget

Title = str | Content

_shown: WeakKeyDictionary[Widget, dict[str, Title]] = WeakKeyDictionary()


def _same(old: Title | None, new: Title) -> bool:
    if isinstance(old, Content) and isinstance(new, Content):
        return old.is_same(new)
    return type(old) is type(new) and old == new


def set_border(widget: Widget, which: Literal["title", "subtitle"], value: Title) -> None:
    """Set the border title (or subtitle) of ``widget`` unless it already shows ``value``."""
    shown = _shown.setdefault(widget, {})
    if _same(shown.get(which), value):
        return
    shown[which] = value
    if which == "title":
        widget.border_title = value
    else:
        widget.border_subtitle = value
