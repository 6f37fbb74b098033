"""Search results: one entry per hit (source, passage, a snippet with the matched words marked).

Only the entries on screen are drawn (``RowList``): a new result costs the same whether the query
fetched 20 hits or 200.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from tui_reader.models import Hit, SearchResult
from tui_reader.ui.display import literal, snippet
from tui_reader.ui.widgets.borders import set_border
from tui_reader.ui.widgets.row_list import RowList


class ResultsList(RowList):
    """Hits in rank order. Moving the highlight previews a hit; enter or a click opens it."""

    ROW_HEIGHT = 3
    RULES = True

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
        self.set_row_count(len(self.hits))
        if result is None:
            set_border(self, "title", "Results")
            return
        shown = len(result.hits)
        more = f" (top {shown})" if shown < result.total else ""
        set_border(self, "title", f"Results · {result.total}{more}")

    def select_index(self, index: int | None) -> None:
        """Move the highlight to hit ``index`` (its ``Chosen`` echo is ignored by the screen)."""
        if index != self.highlighted:
            self.highlighted = index

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.result.hits if self.result is not None else ()

    # --- rendering ------------------------------------------------------------------------------

    def row_key(self, index: int) -> Hashable:
        hit = self.hits[index]
        source = hit.source_id
        return (
            source,
            hit.ordinal,
            hit.text,
            hit.highlights,
            self.short.get(source),
            self.titles.get(source),
        )

    def render_row(self, index: int, width: int) -> Sequence[Content]:
        hit = self.hits[index]
        inner = max(8, width - 2)
        short = self.short.get(hit.source_id, hit.source_id)
        where = literal(f"{short} ¶{hit.ordinal} ", ".results-list--where", one_line=True)
        title = literal(self.titles.get(hit.source_id, ""), ".results-list--where", one_line=True)
        head = (where + title).truncate(inner, ellipsis=True)
        body = snippet(hit.text, hit.highlights, 2 * inner - 4, ".results-list--match")
        wrapped = body.wrap(inner)
        if len(wrapped) > 2:  # word wrapping needed a third line: cut the second one short
            wrapped = [wrapped[0], wrapped[1].rstrip().truncate(inner - 1) + "…"]
        lines = [head, *wrapped]
        return [Content(" ") + line for line in lines]

    def row_highlighted(self, index: int) -> None:
        self.post_message(self.Chosen(index))

    def row_selected(self, index: int) -> None:
        self.post_message(self.Chosen(index, enter=True))
