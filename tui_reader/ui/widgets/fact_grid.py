"""The facts-by-sources grid: one row per fact, one column per source.

A cell shows ✓ when the source carries the fact as most sources write it, ≈ when it writes it
another way, and nothing when it leaves it out. Fact text comes from files: every cell is a
``Text`` built from displayable characters, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui_reader.services.facts import Fact
from tui_reader.ui.display import displayable

MARKS = {"same": ("✓", "green"), "other": ("≈", "yellow"), "": ("", "")}
DISAGREE = "≠"
FACT_WIDTH = 50
"""Characters of a fact shown in its cell (long quotations are cut with "…")."""
MIN_FACT_WIDTH = 16
"""Narrower than this, the fact column keeps its width and the source columns scroll."""


def kind_label(fact: Fact) -> str:
    if fact.kind == "name":
        return fact.subkind or "name"
    return fact.kind


def clipped(text: str, width: int = FACT_WIDTH) -> str:
    flat = displayable(" ".join(text.split()), one_line=True)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def note_of(fact: Fact) -> str:
    if fact.disagree:
        return f"{DISAGREE} values differ"
    if fact.kind == "quote" and fact.speaker:
        return f"— {clipped(fact.speaker, 20)}"
    return ""


class FactGrid(DataTable[Text]):
    """A DataTable of facts; ``fact_at`` and ``source_at`` map the cursor back to the data."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open passage", id="coverage.open"),
    ]

    DEFAULT_CSS = """
    FactGrid {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.facts: list[Fact] = []
        self.source_ids: list[str] = []

    def show(
        self, facts: Sequence[Fact], source_ids: Sequence[str], short: Mapping[str, str]
    ) -> None:
        """Replace the grid's rows (and columns) with ``facts`` over ``source_ids``."""
        self.facts = list(facts)
        self.source_ids = list(source_ids)
        labels = [displayable(short.get(sid, sid), one_line=True) for sid in self.source_ids]
        width = self._fact_width(labels)
        self.clear(columns=True)
        self.add_column(Text("kind"), key="kind")
        self.add_column(Text("fact"), key="fact")
        for sid, label in zip(self.source_ids, labels, strict=True):
            self.add_column(Text(label), key=sid)
        self.add_column(Text("n"), key="n")
        self.add_column(Text("note"), key="note")
        for index, fact in enumerate(self.facts):
            text = Text(clipped(fact.text, width), style="bold red" if fact.disagree else "")
            marks = []
            for sid in self.source_ids:
                glyph, style = MARKS[fact.mark(sid)]
                marks.append(Text(f" {glyph} ", style=style, justify="center"))
            self.add_row(
                Text(kind_label(fact), style="dim"),
                text,
                *marks,
                Text(str(fact.count), justify="right"),
                Text(note_of(fact), style="dim"),
                key=str(index),
            )

    def _fact_width(self, labels: Sequence[str]) -> int:
        """Cut facts so that every source column and the count fit beside them (the notes may
        scroll off to the right): at 80 columns five sources stay in view."""
        pad = 2 * self.cell_padding
        kinds = max((len(kind_label(f)) for f in self.facts), default=4)
        others = max(4, kinds) + pad + sum(max(3, cell_len(label)) + pad for label in labels)
        others += max(len(str(len(self.source_ids))), 1) + pad + pad  # the count, the fact's pad
        room = (self.size.width or self.app.size.width) - others - 2  # the scrollbar
        return max(MIN_FACT_WIDTH, min(FACT_WIDTH, room))

    def fact_at(self, row: int) -> Fact | None:
        return self.facts[row] if 0 <= row < len(self.facts) else None

    def source_at(self, column: int) -> str | None:
        """The source id of a source column, ``None`` for the other columns."""
        if not 0 <= column < len(self.ordered_columns):
            return None
        key: ColumnKey = self.ordered_columns[column].key
        return key.value if key.value in self.source_ids else None

    def column_of(self, source_id: str) -> int:
        return 2 + self.source_ids.index(source_id)
