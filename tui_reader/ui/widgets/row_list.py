"""``RowList``: a cursor list that renders only the rows on screen (Textual's line API).

``OptionList`` measures and renders every option whenever its options change: with 10,000
sources that is seconds per search (each search updates the hit counts of the source list). Here
every row has the same height, so the virtual size is ``rows x height`` and a repaint renders the
visible rows only, each from a small cache.

A row's cache entry is keyed by what it shows (``row_key``): when the data changes, only the
visible rows whose key changed are drawn again (a new search changes the hit count of a few
sources, and often leaves the first hits of the results as they were).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

CACHE_ROWS = 512
_BLANK = object()
"""``row_key`` of a line past the last row."""


class RowList(ScrollView, can_focus=True):
    """Rows of ``ROW_HEIGHT`` lines, a rule between rows if ``RULES``, one highlighted row."""

    ROW_HEIGHT: ClassVar[int] = 1
    RULES: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next", show=False),
        Binding("up,k", "cursor_up", "Previous", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--row",
        "row-list--cursor",
        "row-list--hover",
        "row-list--rule",
    }
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        overflow-x: hidden;
        & > .row-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .row-list--hover {
            background: $block-hover-background;
        }
        & > .row-list--rule {
            color: $foreground 15%;
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The row under the cursor, or ``None``."""

    _hover: reactive[int | None] = reactive(None, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._row_count = 0
        self._cache: OrderedDict[tuple[int, int, str, Hashable], list[Strip]] = OrderedDict()
        self._drawn: dict[int, Hashable] = {}
        """The ``row_key`` each row was last drawn with."""

    # --- what subclasses provide ----------------------------------------------------------------

    def render_row(self, index: int, width: int) -> Sequence[Content]:
        """The ``ROW_HEIGHT`` lines of row ``index``, each at most ``width`` cells."""
        raise NotImplementedError

    def row_key(self, index: int) -> Hashable:
        """Everything row ``index`` shows (besides the cursor): rows are drawn again when it
        changes. The default, ``None``, means only ``reset_rows`` changes them."""
        return None

    def row_highlighted(self, index: int) -> None:
        """The cursor moved to ``index`` (by a key, a click or code)."""

    def row_selected(self, index: int) -> None:
        """Enter or a click on row ``index``."""

    # --- data -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._row_count

    def set_row_count(self, count: int, *, highlighted: int | None = None) -> None:
        """New rows (``count`` of them), the cursor on ``highlighted``; visible rows whose
        ``row_key`` is unchanged are not drawn again."""
        self._row_count = count
        self._set_virtual_size()
        self.highlighted = highlighted if count else None
        if count and highlighted is None:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.rows_changed()

    def reset_rows(self, count: int, *, highlighted: int | None = None) -> None:
        """Replace every row: all are drawn again."""
        self._cache.clear()
        self._drawn.clear()
        self.refresh()
        self.set_row_count(count, highlighted=highlighted)

    def rows_changed(self) -> None:
        """Row contents may have changed: draw again the visible rows whose ``row_key`` did."""
        step = self.row_step
        top = self.scroll_offset.y
        first = top // step
        last = (top + max(1, self.scrollable_content_region.height)) // step
        for index in range(first, last + 1):
            key = self.row_key(index) if index < self._row_count else _BLANK
            if index not in self._drawn or self._drawn[index] != key:
                self.refresh_lines(index * step, step)

    @property
    def row_step(self) -> int:
        return self.ROW_HEIGHT + int(self.RULES)

    def _set_virtual_size(self) -> None:
        lines = self._row_count * self.row_step - int(self.RULES and self._row_count > 0)
        # No width: rows are cut to the view (no sideways scrolling), and a width taken from the
        # view changed with each resize, which asked for one more layout of the whole screen
        # (the first key of a query laid it out twice: once to show the results, once more for
        # their width).
        self.virtual_size = Size(0, lines)

    @property
    def row_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    # --- rendering ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.row_width
        line = self.scroll_offset.y + y
        index, offset = divmod(line, self.row_step)
        if index >= self._row_count:
            self._drawn[index] = _BLANK
            return Strip.blank(width, self.get_visual_style("row-list--row").rich_style)
        if offset == self.ROW_HEIGHT:
            rule = self.get_visual_style("row-list--rule").rich_style
            inset = 1 if width > 2 else 0  # in line with the rows' one-cell margins
            text = " " * inset + "─" * (width - 2 * inset) + " " * inset
            return Strip([Segment(text, rule)], width)
        return self._row_strips(index, width)[offset]

    def _state(self, index: int) -> str:
        if index == self.highlighted:
            return "row-list--cursor"
        if index == self._hover:
            return "row-list--hover"
        return ""

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        state = self._state(index)
        shows = self.row_key(index)
        self._drawn[index] = shows
        key = (index, width, state, shows)
        strips = self._cache.get(key)
        if strips is not None:
            self._cache.move_to_end(key)
            return strips
        style = (
            self.get_visual_style("row-list--row", state)
            if state
            else self.get_visual_style("row-list--row")
        )
        lines = list(self.render_row(index, width))[: self.ROW_HEIGHT]
        lines += [Content()] * (self.ROW_HEIGHT - len(lines))
        strips = [self._line_strip(line, width, style, index, y) for y, line in enumerate(lines)]
        self._cache[key] = strips
        if len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return strips

    def _line_strip(self, line: Content, width: int, style: Style, index: int, y: int) -> Strip:
        """Line ``y`` of row ``index``, cut or padded to ``width``.

        What ``Visual.to_strips`` makes of a line that needs no wrapping (``render_row`` fits
        the lines of a row), without wrapping it again: that was half the time of a row.
        """
        line = line.truncate(width)
        segments = []
        x = 0
        for text, part in line.render(style, end="", parse_style=self._span_style):
            segments.append(Segment(text, (style + part).rich_style_with_offset(x, y)))
            x += len(text)
        pad = (style + Style(reverse=False)).rich_style
        strip = Strip(segments, line.cell_length).extend_cell_length(width, pad)
        return strip.apply_meta({"row": index})

    def _span_style(self, style: Style | str) -> Style:
        """The style of a span of a row's content: a component class (".name") or a style."""
        if isinstance(style, Style):
            return style
        if style.startswith("."):
            return self.get_visual_style(style[1:], partial=True)
        return Style.parse(style)

    def notify_style_update(self) -> None:
        self._cache.clear()
        super().notify_style_update()

    def _refresh_row(self, index: int | None) -> None:
        if index is None or not 0 <= index < self._row_count:
            return
        shows = self.row_key(index)
        for state in ("", "row-list--cursor", "row-list--hover"):
            self._cache.pop((index, self.row_width, state, shows), None)
        self.refresh_lines(index * self.row_step, self.ROW_HEIGHT)

    def on_resize(self, event: events.Resize) -> None:
        # Neither the cache (its entries are per width) nor the virtual size (no width) change.
        self.scroll_to_highlight()

    # --- the cursor -----------------------------------------------------------------------------

    def validate_highlighted(self, index: int | None) -> int | None:
        if index is None or not self._row_count:
            return None
        return min(max(index, 0), self._row_count - 1)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        if new is not None:
            self.scroll_to_highlight()
            self.row_highlighted(new)

    def watch__hover(self, old: int | None, new: int | None) -> None:
        self._refresh_row(old)
        self._refresh_row(new)

    def scroll_to_highlight(self) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        region = Region(0, index * self.row_step, self.row_width, self.ROW_HEIGHT)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def action_cursor_down(self) -> None:
        if self._row_count:
            self.highlighted = 0 if self.highlighted is None else self.highlighted + 1

    def action_cursor_up(self) -> None:
        if self._row_count:
            self.highlighted = (
                self._row_count - 1 if self.highlighted is None else self.highlighted - 1
            )

    def action_first(self) -> None:
        if self._row_count:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._row_count:
            self.highlighted = self._row_count - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_step)

    def action_page_down(self) -> None:
        if self._row_count:
            self.highlighted = (self.highlighted or 0) + self._page()

    def action_page_up(self) -> None:
        if self._row_count:
            self.highlighted = (self.highlighted or 0) - self._page()

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.row_selected(self.highlighted)

    # --- the mouse ------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        row = event.style.meta.get("row")
        return row if isinstance(row, int) and 0 <= row < self._row_count else None

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is not None:
            event.stop()
            self.highlighted = row
            self.row_selected(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self._row_at(event)

    def on_leave(self, event: events.Leave) -> None:
        self._hover = None
