"""Two sources side by side: one row per aligned group, so the two sides scroll together.

A row holds the group's passages of A, a narrow marker (similarity, moved, only in A/B) and the
passages of B; a side without passages shows an empty-cell marker. Words only one side has are
coloured (the word diff). A cursor selects one side of one row: that cell and its partner cell
opposite are highlighted. Rows can hide when both sides say exactly the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tui_reader.models import AlignedGroup, DiffToken
from tui_reader.ui.display import literal

STYLE_A = "bold red"
STYLE_B = "bold green"
MOVED = "↕ moved"
ONLY_A = "◀ only A"
ONLY_B = "only B ▶"
EMPTY = "∅ not in {side}"


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


class DiffRow(Horizontal):
    """One aligned group: A cell, marker, B cell."""

    def __init__(self, index: int, data: RowData) -> None:
        super().__init__(classes="diff-row")
        self.index = index
        self.data = data
        group = data.group
        if data.identical:
            self.add_class("-identical")
        if group.moved:
            self.add_class("-moved")
        if not group.a or not group.b:
            self.add_class("-unmatched")

    def compose(self) -> ComposeResult:
        group = self.data.group
        if group.a:
            yield Static(side_content(group.a, self.data.runs_a, STYLE_A), classes="cell -a")
        else:
            yield Static(literal(EMPTY.format(side="A")), classes="cell -a -empty")
        yield Static(marker(group), classes="marker")
        if group.b:
            yield Static(side_content(group.b, self.data.runs_b, STYLE_B), classes="cell -b")
        else:
            yield Static(literal(EMPTY.format(side="B")), classes="cell -b -empty")

    def cell(self, side: str) -> Static:
        return self.query_one(f".cell.-{side}", Static)


class DiffView(VerticalScroll, can_focus=True):
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
        self.rows: list[DiffRow] = []

    async def show(self, data: Sequence[RowData]) -> None:
        await self.remove_children()
        self.rows = [DiffRow(n, row) for n, row in enumerate(data)]
        await self.mount_all(self.rows)
        self._apply_hidden()
        first = next(iter(self.shown_rows()), None)
        self.set_reactive(DiffView.cursor, first.index if first is not None else 0)
        self._mark()
        self.scroll_home(animate=False)

    def shown_rows(self) -> list[DiffRow]:
        return [row for row in self.rows if row.display]

    @property
    def current(self) -> DiffRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def watch_cursor(self) -> None:
        self._mark()
        row = self.current
        if row is not None:
            self.scroll_to_widget(row, animate=False, top=False)

    def watch_side(self) -> None:
        self._mark()

    def watch_hide_identical(self) -> None:
        self._apply_hidden()
        row = self.current
        if row is not None and not row.display:
            self._step_to(lambda r: True, +1) or self._step_to(lambda r: True, -1)
        self._mark()

    def _apply_hidden(self) -> None:
        for row in self.rows:
            row.display = not (self.hide_identical and row.data.identical)

    def _mark(self) -> None:
        for row in self.rows:
            current = row.index == self.cursor
            row.set_class(current, "-cursor")
            for side in ("a", "b"):
                cell = row.cell(side)
                cell.set_class(current and side == self.side, "-selected")
                cell.set_class(
                    current and side != self.side and "-empty" not in cell.classes, "-partner"
                )

    def _step_to(self, wanted: Callable[[DiffRow], bool], step: int) -> bool:
        """Move the cursor to the next visible row (by ``step``) for which ``wanted(row)``."""
        n = self.cursor + step
        while 0 <= n < len(self.rows):
            row = self.rows[n]
            if row.display and wanted(row):
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
        return self._step_to(lambda r: not r.data.identical, step)

    def action_choose(self) -> None:
        row = self.current
        if row is None:
            return
        group = row.data.group
        side = (
            self.side if (group.a if self.side == "a" else group.b) else ("b" if group.b else "a")
        )
        self.post_message(self.Chosen(group, side))
