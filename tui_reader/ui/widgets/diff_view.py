"""Two sources side by side: one row per aligned group, so the two sides scroll together.

A row holds the group's passages of A, a narrow marker (similarity, moved, only in A/B) and the
passages of B; a side without passages shows an empty-cell marker. Words only one side has are
coloured (the word diff). A cursor selects one side of one row: that cell and its partner cell
opposite are highlighted. Rows can hide when both sides say exactly the same.

One widget draws every row with Textual's line API (no widget per row, so no layout of hundreds
of widgets on each key): a repaint renders the rows on screen only, each from a small cache, and
moving the cursor draws two rows again. A row's height is its text wrapped at the cell width:
short sources are wrapped when shown; long ones start from heights estimated from their length,
and the rows about to be drawn are wrapped first, the others in the background. The styles are
component classes (``diff-view--cursor`` and so on), set in the compare screen's stylesheet. A
click on a cell selects it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from time import monotonic
from typing import ClassVar

from rich._wrap import divide_line  # what Content.wrap uses: the same line breaks
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from tui_reader.models import AlignedGroup, DiffToken
from tui_reader.ui.display import literal

STYLE_A = "bold red"
STYLE_B = "bold green"
MOVED = "↕ moved"
ONLY_A = "◀ only A"
ONLY_B = "only B ▶"
EMPTY = "∅ not in {side}"

MARKER_WIDTH = 10
"""Cells of the marker column (the compare screen's column heads use the same width)."""
CELL_PADDING = 1
"""Blank cells either side of a cell's text."""
CACHE_ROWS = 256
MEASURE_AT_ONCE = 40_000
"""Passages up to this many characters in all are wrapped when shown (a few milliseconds);
longer ones get estimated heights, replaced on screen before drawing and in the background."""
MEASURE_SLICE = 0.008
MEASURE_PAUSE = 0.02

SIDES = ("a", "b")


@dataclass(frozen=True)
class RowData:
    """What one row shows: the group and the diff runs of each of its passages."""

    group: AlignedGroup
    runs_a: Sequence[tuple[DiffToken, ...]]
    runs_b: Sequence[tuple[DiffToken, ...]]

    @property
    def identical(self) -> bool:
        """Both sides present and every run shared: nothing to look at."""
        return bool(self.group.a and self.group.b) and all(
            token.op == "same" for runs in (self.runs_a, self.runs_b) for r in runs for token in r
        )

    def ordinals(self, side: str) -> Sequence[int]:
        return self.group.a if side == "a" else self.group.b


def side_content(
    ordinals: Sequence[int], runs: Sequence[tuple[DiffToken, ...]], style: str
) -> Content:
    parts: list[Content] = []
    for n, (ordinal, tokens) in enumerate(zip(ordinals, runs, strict=True)):
        if n:
            parts.append(Content("\n\n"))
        parts.append(literal(f"¶{ordinal} ", "dim"))
        parts.extend(literal(t.text, "" if t.op == "same" else style) for t in tokens)
    return Content.assemble(*parts)


def marker(group: AlignedGroup) -> Content:
    if not group.b:
        return literal(ONLY_A, "italic")
    if not group.a:
        return literal(ONLY_B, "italic")
    text = literal(f"= {group.similarity:.2f}")
    if group.moved:
        text = Content.assemble(text, literal(f"\n{MOVED}", "bold"))
    return text


def cell_content(data: RowData, side: str) -> Content:
    """What the cell of ``side`` says: its passages with the word diff, or the empty marker."""
    if side == "a":
        ordinals, runs, style = data.group.a, data.runs_a, STYLE_A
    else:
        ordinals, runs, style = data.group.b, data.runs_b, STYLE_B
    if not ordinals:
        return literal(EMPTY.format(side=side.upper()))
    return side_content(ordinals, runs, style)


@dataclass(frozen=True)
class _Columns:
    """Cell widths of one row at one widget width: A cell, marker, B cell (padding included)."""

    a: int
    marker: int
    b: int

    @classmethod
    def of(cls, width: int) -> _Columns:
        marker = MARKER_WIDTH if width >= MARKER_WIDTH + 4 * (CELL_PADDING + 1) else 0
        cells = max(0, width - marker)
        a = cells // 2
        return cls(a, marker, cells - a)

    def text(self, side: str) -> int:
        """Cells for the text of a cell (inside its padding), at least one."""
        return max(1, (self.a if side == "a" else self.b) - 2 * CELL_PADDING)


def _fill(
    lines: Sequence[Iterable[Segment]], height: int, blank: Segment, meta: RichStyle
) -> list[list[Segment]]:
    """``height`` lines of segments: ``lines``, then ``blank`` ones; ``meta`` on every segment."""
    filled = [list(Segment.apply_style(line, post_style=meta)) for line in lines[:height]]
    rest = list(Segment.apply_style([blank], post_style=meta))
    return filled + [rest] * (height - len(filled))


class DiffView(ScrollView, can_focus=True):
    """The rows, a cursor (row and side), difference jumps and hiding identical rows."""

    BINDING_GROUP_TITLE = "Side by side"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("left", "side('a')", "Left side", show=False),
        Binding("right", "side('b')", "Right side", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("enter", "choose", "Open", tooltip="Open the passage in the reader"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "diff-view--cursor",
        "diff-view--selected",
        "diff-view--partner",
        "diff-view--empty",
        "diff-view--marker",
        "diff-view--moved",
        "diff-view--only",
        "diff-view--rule",
    }

    cursor: reactive[int] = reactive(0, init=False)
    side: reactive[str] = reactive("a", init=False)
    hide_identical: reactive[bool] = reactive(False, init=False)

    class Chosen(Message):
        """Enter on a cell: open that side's (first) passage of the group."""

        def __init__(self, group: AlignedGroup, side: str) -> None:
            super().__init__()
            self.group = group
            self.side = side

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.rows: list[RowData] = []
        self._shown: list[int] = []
        """Indices of the rows on show (all, or those that are not identical)."""
        self._starts: list[int] = []
        """First line of each shown row (parallel to ``_shown``)."""
        self._position: dict[int, int] = {}
        """Where each shown row is in ``_shown``."""
        self._heights: dict[int, int] = {}
        """Lines of each measured row's text at ``_layout_width`` (not the rule under it)."""
        self._guesses: dict[int, int] = {}
        """Estimated lines of the rows not measured yet (from their length)."""
        self._measured_later: dict[int, int] = {}
        """Heights measured in the background, applied all at once when it ends (one layout)."""
        self._to_measure = 0
        """The next row the background measuring looks at."""
        self._measuring = False
        self._layout_width = -1
        self._contents: dict[tuple[int, str], Content] = {}
        self._cache: OrderedDict[tuple[int, int, str], list[Strip]] = OrderedDict()

    # --- data -----------------------------------------------------------------------------------

    async def show(self, data: Sequence[RowData]) -> None:
        self.rows = list(data)
        self._contents.clear()
        self._layout_width = -1
        self._cache.clear()
        self._apply_hidden()
        shown = self._shown
        self.set_reactive(DiffView.cursor, shown[0] if shown else 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def shown_rows(self) -> list[int]:
        """Indices (into ``rows``) of the rows on show, in order."""
        return list(self._shown)

    @property
    def current(self) -> RowData | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def cell_text(self, index: int, side: str) -> str:
        """The text of one cell as drawn (its passages, or the empty-cell marker)."""
        return self._content(index, side).plain

    def marker_text(self, index: int) -> str:
        """The text of one row's marker column."""
        return marker(self.rows[index].group).plain

    def cell_classes(self, index: int, side: str) -> tuple[str, ...]:
        """The component classes that style one cell (besides the cursor row's): any of
        ``diff-view--empty``, ``diff-view--selected`` and ``diff-view--partner``."""
        empty = not self.rows[index].ordinals(side)
        classes: tuple[str, ...] = ("diff-view--empty",) if empty else ()
        if index == self.cursor:
            if side == self.side:
                classes += ("diff-view--selected",)
            elif not empty:
                classes += ("diff-view--partner",)
        return classes

    def row_region(self, index: int) -> Region | None:
        """Where a shown row sits in the virtual canvas (its text, not the rule under it)."""
        self._ensure_layout()
        position = self._position.get(index)
        if position is None:
            return None
        if self._measure(index):
            self._place_rows()
        return Region(0, self._starts[position], self._width, self._heights[index])

    def _content(self, index: int, side: str) -> Content:
        key = (index, side)
        content = self._contents.get(key)
        if content is None:
            content = self._contents[key] = cell_content(self.rows[index], side)
        return content

    # --- layout ---------------------------------------------------------------------------------

    @property
    def _width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _ensure_layout(self) -> None:
        """Row places for the current width: exact heights for short texts, else estimates that
        the rows on screen replace before they are drawn and the rest in the background."""
        width = self._width
        if width == self._layout_width:
            return
        self._layout_width = width
        self._heights.clear()
        self._guesses.clear()
        self._measured_later.clear()
        self._cache.clear()
        self._to_measure = 0
        if sum(self._chars(n) for n in range(len(self.rows))) <= MEASURE_AT_ONCE:
            for index in range(len(self.rows)):
                self._measure(index)
            self._to_measure = len(self.rows)
        self._place_rows()
        self._measure_later()

    def _chars(self, index: int) -> int:
        data = self.rows[index]
        return sum(len(t.text) for runs in (data.runs_a, data.runs_b) for r in runs for t in r)

    def _measure(self, index: int) -> bool:
        """Wrap row ``index`` at the layout width; whether its height differs from its guess."""
        if index in self._heights:
            return False
        height = self._measured_later.pop(index, None)
        if height is None:
            height = self._wrapped_height(index)
        self._heights[index] = height
        return height != self._guesses.get(index, height)

    def _wrapped_height(self, index: int) -> int:
        columns = _Columns.of(self._layout_width)
        lines = [len(marker(self.rows[index].group).split("\n"))]
        for side in SIDES:
            width = columns.text(side)
            plain = self._content(index, side).plain
            lines.append(sum(len(divide_line(line, width)) + 1 for line in plain.split("\n")))
        return max(lines)

    def _guess(self, index: int) -> int:
        """About how many lines row ``index`` takes, from the length of its passages."""
        guess = self._guesses.get(index)
        if guess is None:
            data = self.rows[index]
            columns = _Columns.of(self._layout_width)
            lines = [2 if data.group.moved and data.group.a and data.group.b else 1]
            for side, runs in (("a", data.runs_a), ("b", data.runs_b)):
                width = columns.text(side)
                width -= min(4, width // 4)  # wrapping leaves a few cells free on a line
                ordinals = data.ordinals(side)
                total = len(ordinals) - 1  # a blank line between passages
                for ordinal, tokens in zip(ordinals, runs, strict=True):
                    chars = len(f"¶{ordinal} ") + sum(len(t.text) for t in tokens)
                    total += -(-chars // width)
                lines.append(max(1, total))
            guess = self._guesses[index] = max(lines)
        return guess

    def _height(self, index: int) -> int:
        height = self._heights.get(index)
        return height if height is not None else self._guess(index)

    def _place_rows(self, *, anchored: bool = False) -> None:
        """Starting lines of the shown rows and the virtual size (a rule line under each row).

        ``anchored``: keep the row at the top of the window where it is on screen (rows above
        it may have changed height)."""
        anchor = None
        top = self.scroll_offset.y
        if anchored and self._starts:
            position = bisect_right(self._starts, top) - 1
            if 0 <= position < len(self._shown):
                anchor = (self._shown[position], top - self._starts[position])
        starts = []
        y = 0
        for index in self._shown:
            starts.append(y)
            y += self._height(index) + 1
        self._starts = starts
        self._position = {index: n for n, index in enumerate(self._shown)}
        self.virtual_size = Size(self._width, y)
        if anchor is not None:
            index, offset = anchor
            new_top = self._starts[self._position[index]] + offset
            if new_top != top:
                self.scroll_to(y=new_top, animate=False, immediate=True)
        self.refresh()

    def _measure_window(self, top: int, height: int) -> None:
        """Measure the rows in lines ``top`` to ``top + height`` (which then may move)."""
        for _ in range(len(self._shown)):
            changed = False
            position = max(0, bisect_right(self._starts, top) - 1)
            while position < len(self._shown) and self._starts[position] < top + height:
                changed |= self._measure(self._shown[position])
                position += 1
            if not changed:
                return
            self._place_rows()

    def _measure_later(self) -> None:
        if not self._measuring and self._to_measure < len(self.rows) and self.is_mounted:
            self._measuring = True
            self.set_timer(MEASURE_PAUSE, self._measure_some)

    def _measure_some(self) -> None:
        """Measure rows for a few milliseconds (a key waits no longer than that), then again."""
        self._measuring = False
        deadline = monotonic() + MEASURE_SLICE
        while self._to_measure < len(self.rows) and monotonic() < deadline:
            index = self._to_measure
            if index not in self._heights:
                self._measured_later[index] = self._wrapped_height(index)
            self._to_measure += 1
        if self._to_measure < len(self.rows):
            self._measure_later()
            return
        changed = False
        for index in list(self._measured_later):
            changed |= self._measure(index)
        if changed:
            self._place_rows(anchored=True)

    def _apply_hidden(self) -> None:
        self._shown = [
            n for n, row in enumerate(self.rows) if not (self.hide_identical and row.identical)
        ]
        if self._layout_width == self._width:
            self._place_rows()
        else:
            self._ensure_layout()

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._cache.clear()
        super().notify_style_update()

    # --- rendering ------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._ensure_layout()
        self._measure_window(self.scroll_offset.y, self.size.height)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        width = self._width
        line = self.scroll_offset.y + y
        position = bisect_right(self._starts, line) - 1
        if position < 0:
            return Strip.blank(width, self.rich_style)
        index = self._shown[position]
        offset = line - self._starts[position]
        self._measure(index)  # (done by render_lines, unless a test asks for a line)
        height = self._heights[index]
        if offset < height:
            return self._row_strips(index, width)[offset]
        if offset == height:
            return self._rule(index, width)
        return Strip.blank(width, self.rich_style)

    def _state(self, index: int) -> str:
        return self.side if index == self.cursor else ""

    def _rule(self, index: int, width: int) -> Strip:
        classes = (
            ("diff-view--cursor", "diff-view--rule")
            if index == self.cursor
            else ("diff-view--rule",)
        )
        style = self.get_visual_style(*classes).rich_style
        return Strip([Segment("─" * width, style)], width)

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        state = self._state(index)
        key = (index, width, state)
        strips = self._cache.get(key)
        if strips is not None:
            self._cache.move_to_end(key)
            return strips
        strips = self._render_row(index, width)
        self._cache[key] = strips
        if len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return strips

    def _render_row(self, index: int, width: int) -> list[Strip]:
        """The row's lines: A cell, marker, B cell side by side (one Strip per line: making
        Strips is a large part of drawing, so the parts are joined as segments)."""
        data = self.rows[index]
        height = self._heights[index]
        columns = _Columns.of(width)
        row_classes: tuple[str, ...] = ("diff-view--cursor",) if index == self.cursor else ()
        cell_a = self._render_cell(index, "a", columns, height, row_classes)
        cell_b = self._render_cell(index, "b", columns, height, row_classes)
        marker_classes = [*row_classes, "diff-view--marker"]
        if not data.group.a or not data.group.b:
            marker_classes.append("diff-view--only")
        elif data.group.moved:
            marker_classes.append("diff-view--moved")
        marker_style = self.get_visual_style(*marker_classes)
        lines = [
            line.pad((columns.marker - line.cell_length) // 2, 0)
            for line in marker(data.group).split("\n")
        ]
        marks = _fill(
            Visual.to_strips(
                self, Content("\n").join(lines), columns.marker, height, marker_style, pad=True
            ),
            height,
            Segment(" " * columns.marker, marker_style.rich_style),
            RichStyle.from_meta({"row": index}),
        )
        strips = []
        for n in range(height):
            strip = Strip([*cell_a[n], *marks[n], *cell_b[n]])
            strips.append(
                strip if strip.cell_length == width else strip.crop_extend(0, width, None)
            )
        return strips

    def _render_cell(
        self, index: int, side: str, columns: _Columns, height: int, row_classes: tuple[str, ...]
    ) -> list[list[Segment]]:
        width = columns.a if side == "a" else columns.b
        classes = self.cell_classes(index, side)
        row_style = self.get_visual_style(*row_classes)
        cell_style = self.get_visual_style(*row_classes, *classes) if classes else row_style
        text = Visual.to_strips(
            self, self._content(index, side), columns.text(side), None, cell_style, pad=True
        )
        pad = Segment(" " * CELL_PADDING, cell_style.rich_style)
        # An empty cell is a one-line box; other cells fill the row's height.
        fill = row_style if "diff-view--empty" in classes else cell_style
        return _fill(
            [[pad, *line, pad] for line in text[:height]],
            height,
            Segment(" " * width, fill.rich_style),
            RichStyle.from_meta({"row": index, "side": side}),
        )

    def _refresh_row(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        for state in ("", *SIDES):
            self._cache.pop((index, self._width, state), None)
        region = self.row_region(index)
        if region is not None:
            self.refresh_lines(region.y, region.height + 1)

    # --- the cursor -----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()

    def watch_side(self) -> None:
        self._refresh_row(self.cursor)

    def watch_hide_identical(self) -> None:
        self._apply_hidden()
        if self.cursor not in self._shown:
            self._step_to(lambda r: True, +1) or self._step_to(lambda r: True, -1)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if not self.is_mounted or not self.rows:
            return
        self._ensure_layout()
        position = self._position.get(self.cursor)
        if position is None:
            return
        # The rows that may share the window with the cursor's get their true heights first,
        # so that measuring them when drawn does not push the cursor's row out of view.
        window = self.size.height
        self._measure_window(max(0, self._starts[position] - window), 2 * window)
        region = self.row_region(self.cursor)
        if region is not None:  # the row and the rule under it
            region = Region(region.x, region.y, region.width, region.height + 1)
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _step_to(self, wanted: Callable[[RowData], bool], step: int) -> bool:
        """Move the cursor to the next shown row (by ``step``) for which ``wanted(row)``."""
        shown = self._position
        n = self.cursor + step
        while 0 <= n < len(self.rows):
            if n in shown and wanted(self.rows[n]):
                self.cursor = n
                return True
            n += step
        return False

    def action_move(self, step: int) -> None:
        direction = 1 if step > 0 else -1
        for _ in range(abs(step)):
            if not self._step_to(lambda r: True, direction):
                break

    def action_side(self, side: str) -> None:
        self.side = side

    def next_difference(self, step: int) -> bool:
        """Jump to the next (``step`` 1) or previous (-1) row where the sides differ."""
        return self._step_to(lambda r: not r.identical, step)

    def action_choose(self) -> None:
        row = self.current
        if row is None:
            return
        group = row.group
        side = self.side if row.ordinals(self.side) else ("b" if group.b else "a")
        self.post_message(self.Chosen(group, side))

    # --- the mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        row, side = meta.get("row"), meta.get("side")
        if isinstance(row, int) and 0 <= row < len(self.rows):
            event.stop()
            self.cursor = row
            if side in SIDES:
                self.side = side
