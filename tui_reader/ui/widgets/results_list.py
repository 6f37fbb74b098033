"""Search results: one entry per hit (source, passage, a snippet with the matched words marked)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.models import Hit, SearchResult
from tui_reader.ui.display import literal, snippet


class ResultsList(OptionList):
    """Hits in rank order. Moving the highlight previews a hit; enter or a click opens it."""

    BINDING_GROUP_TITLE = "Results"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next result", show=False, id="results.down"),
        Binding("k", "cursor_up", "Previous result", show=False, id="results.up"),
        Binding("g", "first", "First result", show=False, id="results.first"),
        Binding("G", "last", "Last result", show=False, id="results.last"),
        Binding("enter", "select", "Read", id="results.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results-list--where",
        "results-list--match",
    }

    @dataclass
    class Chosen(Message):
        """Hit ``index`` was highlighted (``enter`` False) or opened by enter or a click (True)."""

        index: int
        enter: bool = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.result: SearchResult | None = None
        self.short: Mapping[str, str] = {}
        self.titles: Mapping[str, str] = {}
        self._width = 0

    def set_result(
        self,
        result: SearchResult | None,
        short: Mapping[str, str],
        titles: Mapping[str, str],
    ) -> None:
        """Show ``result`` (or nothing); no hit is highlighted until the user or ``n`` picks one."""
        self.result = result
        self.short = short
        self.titles = titles
        self._rebuild(keep=None)
        if result is None:
            self.border_title = "Results"
            return
        shown = len(result.hits)
        more = f" (top {shown})" if shown < result.total else ""
        self.border_title = f"Results · {result.total}{more}"

    def select_index(self, index: int | None) -> None:
        """Move the highlight to hit ``index`` (its ``Chosen`` echo is ignored by the screen)."""
        if index != self.highlighted:
            self.highlighted = index

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.result.hits if self.result is not None else ()

    # --- rendering ------------------------------------------------------------------------------

    def _rebuild(self, keep: int | None) -> None:
        width = self._content_width()
        self._width = width
        options: list[Option | None] = []
        for index, hit in enumerate(self.hits):
            if index:
                options.append(None)  # a rule between entries
            options.append(Option(self._prompt(hit, width), id=str(index)))
        self.set_options(options)
        self.highlighted = keep

    def _content_width(self) -> int:
        return max(16, self.scrollable_content_region.width - 2)

    def _prompt(self, hit: Hit, width: int) -> Content:
        short = self.short.get(hit.source_id, hit.source_id)
        where = literal(f"{short} ¶{hit.ordinal} ", ".results-list--where", one_line=True)
        title = literal(self.titles.get(hit.source_id, ""), ".results-list--where", one_line=True)
        head = (where + title).truncate(width, ellipsis=True)
        body = snippet(hit.text, hit.highlights, max(24, 2 * width - 4), ".results-list--match")
        return Content("\n").join([head, body])

    @on(events.Resize)
    def _resized(self) -> None:
        if self.hits and self._content_width() != self._width:
            self._rebuild(keep=self.highlighted)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index, enter=True))
