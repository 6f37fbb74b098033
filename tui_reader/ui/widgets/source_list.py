"""The source list: title, short id, passage count and hits for the current query, one line each.

Only the rows on screen are drawn (``RowList``), so a corpus of 10,000 sources costs no more per
search than one of ten: new hit counts just redraw the visible rows.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from tui_reader.models import SourceInfo
from tui_reader.ui.display import literal, short_ids
from tui_reader.ui.widgets.borders import set_border
from tui_reader.ui.widgets.row_list import RowList


class SourceList(RowList):
    """Sources of the corpus. Enter or a click opens one (``SourceList.Chosen``)."""

    BINDING_GROUP_TITLE = "Source list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next source", show=False, id="sources.down"),
        Binding("k", "cursor_up", "Previous source", show=False, id="sources.up"),
        Binding("g", "first", "First source", show=False, id="sources.first"),
        Binding("G", "last", "Last source", show=False, id="sources.last"),
        Binding("enter", "select", "Open", id="sources.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source-list--meta",
        "source-list--hits",
        "source-list--no-hits",
    }

    @dataclass
    class Chosen(Message):
        """A source was highlighted (``enter`` False) or picked with enter or a click (True)."""

        source_id: str
        enter: bool = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.infos: list[SourceInfo] = []
        self.short: Mapping[str, str] = {}
        self.hit_counts: Mapping[str, int] | None = None
        self._positions: dict[str, int] = {}
        self._top = False

    # --- data -----------------------------------------------------------------------------------

    def set_sources(self, infos: Sequence[SourceInfo]) -> None:
        """Replace the list, keeping the highlighted source when it still exists."""
        current = self.current_id
        self.infos = list(infos)
        self._positions = {info.id: index for index, info in enumerate(self.infos)}
        self.short = short_ids(list(self._positions))
        kept = self._positions.get(current) if current is not None else None
        self.reset_rows(len(self.infos), highlighted=0 if kept is None else kept)
        set_border(self, "title", f"Sources · {len(self.infos)}")
        self._set_subtitle()

    def set_hit_counts(self, counts: Mapping[str, int] | None, *, top: bool = False) -> None:
        """Hits per source for the current query (``top``: of its listed hits only); ``None``
        when no query is active."""
        if counts is None and self.hit_counts is None:
            return
        self.hit_counts = counts
        self._top = top
        self.rows_changed()
        self._set_subtitle()

    def _set_subtitle(self) -> None:
        if self.hit_counts is None:
            set_border(self, "subtitle", "¶ passages")
        else:
            top = "¶ passages · top hits" if self._top else "¶ passages · hits"
            set_border(self, "subtitle", top)

    def show_source(self, source_id: str) -> None:
        """Highlight ``source_id`` without opening it."""
        index = self._positions.get(source_id)
        if index is not None and self.highlighted != index:
            self.highlighted = index

    @property
    def current_id(self) -> str | None:
        index = self.highlighted
        return self.infos[index].id if index is not None and index < len(self.infos) else None

    def prompt(self, source_id: str) -> Content:
        """The row of ``source_id`` as drawn at the current width (for tests and tools)."""
        return self.render_row(self._positions[source_id], self.row_width)[0]

    # --- rendering ------------------------------------------------------------------------------

    def row_key(self, index: int) -> Hashable:
        info = self.infos[index]
        count = self.hit_counts.get(info.id, 0) if self.hit_counts is not None else None
        return info, count

    def render_row(self, index: int, width: int) -> Sequence[Content]:
        info = self.infos[index]
        short = self.short.get(info.id, info.id)
        meta = literal(f" {short} {info.passages:>3}¶", ".source-list--meta", one_line=True)
        if self.hit_counts is not None:
            count = self.hit_counts.get(info.id, 0)
            style = ".source-list--hits" if count else ".source-list--no-hits"
            meta = meta + Content.styled(f" {count:>3}", style)
        title_width = max(4, width - 2 - meta.cell_length)
        title = literal(info.title or info.id, one_line=True).truncate(
            title_width, ellipsis=True, pad=True
        )
        return (Content(" ") + title + meta + " ",)

    def row_highlighted(self, index: int) -> None:
        self.post_message(self.Chosen(self.infos[index].id))

    def row_selected(self, index: int) -> None:
        self.post_message(self.Chosen(self.infos[index].id, enter=True))
