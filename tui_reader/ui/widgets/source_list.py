"""The source list: title, short id, passage count and hits for the current query, one line each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.models import SourceInfo
from tui_reader.ui.display import literal, short_ids


class SourceList(OptionList):
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
        self.short: dict[str, str] = {}
        self.hit_counts: Mapping[str, int] | None = None
        self._width = 0

    # --- data -----------------------------------------------------------------------------------

    def set_sources(self, infos: Sequence[SourceInfo]) -> None:
        """Replace the list, keeping the highlighted source when it still exists."""
        current = self.current_id
        self.infos = list(infos)
        self.short = short_ids([info.id for info in self.infos])
        self._rebuild()
        if current is not None:
            self.show_source(current)
        elif self.infos:
            self.highlighted = 0
        self.border_title = f"Sources · {len(self.infos)}"
        self.border_subtitle = "¶ passages" if self.hit_counts is None else "¶ passages · hits"

    def set_hit_counts(self, counts: Mapping[str, int] | None) -> None:
        """Hits per source for the current query; ``None`` when no query is active."""
        self.hit_counts = counts
        self._rebuild()
        self.border_subtitle = "¶ passages · hits" if counts is not None else "¶ passages"

    def show_source(self, source_id: str) -> None:
        """Highlight ``source_id`` without opening it."""
        for index, info in enumerate(self.infos):
            if info.id == source_id:
                if self.highlighted != index:
                    self.highlighted = index
                return

    @property
    def current_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    # --- rendering ------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        width = self._content_width()
        self._width = width
        self.set_options(Option(self._prompt(info, width), id=info.id) for info in self.infos)
        if highlighted is not None and self.infos:
            self.highlighted = min(highlighted, len(self.infos) - 1)

    def _content_width(self) -> int:
        return max(16, self.scrollable_content_region.width - 2)

    def _prompt(self, info: SourceInfo, width: int) -> Content:
        short = self.short.get(info.id, info.id)
        meta = literal(f" {short} {info.passages:>3}¶", ".source-list--meta", one_line=True)
        if self.hit_counts is not None:
            count = self.hit_counts.get(info.id, 0)
            style = ".source-list--hits" if count else ".source-list--no-hits"
            meta = meta + Content.styled(f" {count:>3}", style)
        title_width = max(4, width - meta.cell_length)
        title = literal(info.title or info.id, one_line=True).truncate(
            title_width, ellipsis=True, pad=True
        )
        return title + meta

    @on(events.Resize)
    def _resized(self) -> None:
        if self.infos and self._content_width() != self._width:
            self._rebuild()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id, enter=True))
