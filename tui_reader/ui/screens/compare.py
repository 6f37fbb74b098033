"""The compare screen (``c``): the current source and another one, side by side.

The other source is chosen from a list (``o`` chooses again, ``s`` swaps the sides). The
alignment and the word diffs are computed in a thread worker (``Library.compare``); a newer
request makes an older answer irrelevant. ``]``/``[`` (or ``n``/``N``) jump between
differences, ``i`` hides groups both sides tell word for word, ``w`` looks up where else the
selected passage appears, enter opens it in the reader (the screen closes with a ``Hit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui_reader.models import Alignment, DiffToken, Hit, Source
from tui_reader.services.compare import diff_texts
from tui_reader.ui.commands import PaletteCommand
from tui_reader.ui.display import displayable, literal, plural
from tui_reader.ui.screens.help import HelpSection, global_section, key_rows
from tui_reader.ui.screens.source_picker import SourceChooser
from tui_reader.ui.screens.where import WhereScreen
from tui_reader.ui.widgets.diff_view import STYLE_A, STYLE_B, DiffView, RowData

if TYPE_CHECKING:
    from tui_reader.services.library import Library


@dataclass
class AlignmentReady(Message):
    seq: int
    a: Source
    b: Source
    alignment: Alignment
    rows: list[RowData]


def rows_for(alignment: Alignment, a: Source, b: Source) -> list[RowData]:
    """Diff runs for every group (plain runs for a passage only one side has)."""
    rows = []
    for group in alignment.groups:
        texts_a = [a.passages[n].text for n in group.a]
        texts_b = [b.passages[n].text for n in group.b]
        if texts_a and texts_b:
            runs_a, runs_b = diff_texts(texts_a, texts_b)
        else:
            runs_a = [(_plain(t),) for t in texts_a]
            runs_b = [(_plain(t),) for t in texts_b]
        rows.append(RowData(group, runs_a, runs_b))
    return rows


def _plain(text: str) -> DiffToken:
    return DiffToken("same", text)


class CompareScreen(Screen[Hit | None]):
    """A | marker | B, one row per aligned group."""

    CSS_PATH = "compare.tcss"
    BINDING_GROUP_TITLE = "Compare"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="compare.close"),
        Binding("right_square_bracket,n", "difference(1)", "Next diff", key_display="]"),
        Binding("left_square_bracket,N", "difference(-1)", "Prev diff", key_display="["),
        Binding("s", "swap", "Swap", id="compare.swap"),
        Binding("o", "choose_other", "Other source", id="compare.other"),
        Binding("i", "toggle_identical", "Hide same", id="compare.identical"),
        Binding("w", "where", "Where", id="compare.where"),
    ]

    def __init__(self, library: Library, a_id: str, b_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.a_id = a_id
        self.b_id = b_id
        self.a: Source | None = None
        self.b: Source | None = None
        self.alignment: Alignment | None = None
        self.ready = False
        self._seq = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="⇄")
        yield Static(id="compare-status")
        with Horizontal(id="compare-heads"):
            yield Static(id="compare-head-a", classes="head -a")
            yield Static(classes="head-marker")
            yield Static(id="compare-head-b", classes="head -b")
        yield DiffView(id="compare-view")
        yield Footer()

    @property
    def view(self) -> DiffView:
        return self.query_one("#compare-view", DiffView)

    @property
    def busy(self) -> bool:
        return any(not worker.is_finished for worker in self.workers)

    def on_mount(self) -> None:
        self.sub_title = displayable(f"{self.library.name} · compare", one_line=True)
        self.view.focus()
        if self.b_id is None:
            self._status("Choose the source to compare with.")
            self.action_choose_other()
        else:
            self.start()

    # --- computing ------------------------------------------------------------------------------

    def start(self) -> None:
        if self.b_id is None:
            return
        self._seq += 1
        self.ready = False
        self.view.loading = True
        self._status(f"Aligning {self.a_id} with {self.b_id}…")
        self._heads(self.a_id, self.b_id)
        self._align_worker(self._seq, self.a_id, self.b_id)

    @work(thread=True, exclusive=True, group="align", exit_on_error=False, description="align")
    def _align_worker(self, seq: int, a_id: str, b_id: str) -> None:
        worker = get_current_worker()
        a, b = self.library.source(a_id), self.library.source(b_id)
        alignment = self.library.compare(a_id, b_id)
        rows = rows_for(alignment, a, b)
        if not worker.is_cancelled:
            self.post_message(AlignmentReady(seq, a, b, alignment, rows))

    @on(AlignmentReady)
    async def _alignment_ready(self, event: AlignmentReady) -> None:
        if event.seq != self._seq:
            return
        self.a, self.b, self.alignment = event.a, event.b, event.alignment
        await self.view.show(event.rows)
        self.view.loading = False
        self.ready = True
        # The footer was drawn while the view was loading, without the view's keys; whether it
        # was redrawn since depended on timing (a flaky snapshot under load).
        self.refresh_bindings()
        self._show_summary()

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        self.view.loading = False
        error = event.worker.error
        reason = " ".join(str(error).split()) or type(error).__name__
        self._status(f"Could not compare: {reason}")

    def _show_summary(self) -> None:
        if self.alignment is None or self.a is None or self.b is None:
            return
        alignment = self.alignment
        hidden = " · identical groups hidden" if self.view.hide_identical else ""
        self._status(
            f"{plural(len(alignment.matched), 'matched group')} ({alignment.moved} moved) · "
            f"{alignment.only_a} only in A · {alignment.only_b} only in B{hidden} · "
            "red/green: said by one side only"
        )
        self._heads(f"{self.a.title} · {self.a.id}", f"{self.b.title} · {self.b.id}")

    def _heads(self, a: str, b: str) -> None:
        """Name the two columns (cut to one line by the stylesheet; the tooltip has it whole)."""
        for side, text, style in (("a", a, STYLE_A), ("b", b, STYLE_B)):
            head = self.query_one(f"#compare-head-{side}", Static)
            head.update(literal(f"{side.upper()} ", style).append(literal(text, one_line=True)))
            head.tooltip = literal(text)

    def _status(self, text: str) -> None:
        self.query_one("#compare-status", Static).update(literal(text))

    # --- actions --------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_difference(self, step: int) -> None:
        if self.ready and not self.view.next_difference(step):
            self.app.bell()

    def action_swap(self) -> None:
        if self.b_id is None:
            return
        self.a_id, self.b_id = self.b_id, self.a_id
        self.start()

    def action_toggle_identical(self) -> None:
        self.view.hide_identical = not self.view.hide_identical
        self._show_summary()

    def action_choose_other(self) -> None:
        self.app.push_screen(
            SourceChooser(self.library.sources(), self.a_id), callback=self._other_chosen
        )

    def _other_chosen(self, source_id: str | None) -> None:
        if source_id is None:
            if self.b_id is None:
                self.dismiss(None)
            return
        self.b_id = source_id
        self.start()

    def selected(self) -> tuple[Source, int] | None:
        """The source and passage under the cursor (the selected side, else the other)."""
        row = self.view.current
        if row is None or self.a is None or self.b is None:
            return None
        group = row.group
        side = self.view.side
        if side == "a" and group.a:
            return self.a, group.a[0]
        if side == "b" and group.b:
            return self.b, group.b[0]
        return (self.a, group.a[0]) if group.a else (self.b, group.b[0])

    def action_where(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.app.bell()
            return
        source, ordinal = chosen
        text = source.passages[ordinal].text
        self.app.push_screen(
            WhereScreen(self.library, text, exclude=source.id), callback=self._where_closed
        )

    def _where_closed(self, hit: Hit | None) -> None:
        if hit is not None:
            self.dismiss(hit)

    @on(DiffView.Chosen)
    def _chosen(self, event: DiffView.Chosen) -> None:
        source = self.a if event.side == "a" else self.b
        ordinals = event.group.a if event.side == "a" else event.group.b
        if source is None or not ordinals:
            return
        passage = source.passages[ordinals[0]]
        self.dismiss(Hit(source.id, passage.ordinal, 0.0, passage.text))

    # --- help and palette -----------------------------------------------------------------------

    def help_sections(self) -> Sequence[HelpSection]:
        app = self.app
        return [
            global_section(app),
            HelpSection(
                "Compare",
                (*key_rows(app, CompareScreen), *key_rows(app, DiffView, inherited=False)),
                note="One row per group of passages that report the same thing. Red words: only "
                "A says them; green: only B. ↕ moved: the group breaks the order of the others. "
                "Left/right (or a click) select a side; its partner opposite is highlighted.",
            ),
        ]

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand(
            "compare: next difference", "Same as ]", lambda: self.action_difference(1)
        )
        yield PaletteCommand(
            "compare: previous difference", "Same as [", lambda: self.action_difference(-1)
        )
        yield PaletteCommand("compare: swap sides", "Same as s", self.action_swap)
        yield PaletteCommand("compare: with another source", "Same as o", self.action_choose_other)
        yield PaletteCommand(
            "compare: hide or show identical groups", "Same as i", self.action_toggle_identical
        )
        yield PaletteCommand("where else: the selected passage", "Same as w", self.action_where)
