"""The coverage screen (``f``): who reports what, as a grid of facts by sources.

Facts are computed in a thread worker (``Library.facts``); the screen filters and sorts them.
Enter on a source's cell closes the screen with a ``Hit`` for the passage that carries the fact,
and the app opens it in the reader. Enter on the fact itself opens the where-else view for it,
which also finds sources that carry it in words the extractor did not catch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui_reader.models import Hit, SourceInfo
from tui_reader.services.facts import Fact, disagreements, omissions, singletons
from tui_reader.services.related import NEIGHBOURS
from tui_reader.ui.commands import PaletteCommand
from tui_reader.ui.display import displayable, literal, plural, short_ids
from tui_reader.ui.screens.help import HelpSection, global_section, key_rows
from tui_reader.ui.screens.where import WhereScreen
from tui_reader.ui.widgets.fact_grid import DISAGREE, MARKS, FactGrid, kind_label

LEGEND = f"{MARKS['same'][0]} same form  {MARKS['other'][0]} other form  {DISAGREE} values differ"
"""First on the status line, so that a narrow screen never wraps it between a mark and its name."""

if TYPE_CHECKING:
    from tui_reader.services.library import Library

FILTERS = {
    "all": "all facts",
    "single": "only one source carries",
    "omitted": "every source but one carries",
    "disagree": "sources give different values",
}
KIND_CYCLE: tuple[str | None, ...] = (None, "number", "name", "quote")


@dataclass
class FactsReady(Message):
    """The worker's answer: every fact, and the sources they were computed over."""

    facts: list[Fact]
    sources: list[SourceInfo]
    scope: str = ""


class CoverageScreen(Screen[Hit | None]):
    """One row per fact, one column per source; filters on keys; enter opens the passage."""

    CSS_PATH = "coverage.tcss"
    AUTO_FOCUS = "#coverage-grid"
    BINDING_GROUP_TITLE = "Coverage"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="coverage.close"),
        Binding("a", "filter('all')", "All", id="coverage.all"),
        Binding("1", "filter('single')", "One source", id="coverage.single"),
        Binding("o", "filter('omitted')", "Omissions", id="coverage.omitted"),
        Binding("d", "filter('disagree')", "Disagree", id="coverage.disagree"),
        Binding("k", "cycle_kind", "Kind", id="coverage.kind"),
        Binding("s", "toggle_sort", "Sort", id="coverage.sort"),
    ]

    GRID_SOURCES = NEIGHBOURS + 1
    """Up to this many sources, the grid has them all; above, the current one and its closest."""

    def __init__(self, library: Library, source_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.source_id = source_id
        self.scope = ""
        self.all_facts: list[Fact] = []
        self.infos: list[SourceInfo] = []
        self.short: Mapping[str, str] = {}
        self.shown: list[Fact] = []
        self.filter = "all"
        self.kind: str | None = None
        self.by_count = False
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="coverage-status")
        yield FactGrid(id="coverage-grid")
        yield Static(id="coverage-detail")
        yield Footer()

    @property
    def grid(self) -> FactGrid:
        return self.query_one("#coverage-grid", FactGrid)

    @property
    def busy(self) -> bool:
        return any(not worker.is_finished for worker in self.workers)

    def on_mount(self) -> None:
        self.sub_title = displayable(f"{self.library.name} · who reports what", one_line=True)
        self.grid.loading = True
        self._status("Finding numbers, names and quotations…")
        self._facts_worker()

    @work(thread=True, exclusive=True, group="facts", exit_on_error=False, description="facts")
    def _facts_worker(self) -> None:
        worker = get_current_worker()
        sources = self.library.sources()
        scope = ""
        if len(sources) > self.GRID_SOURCES and self.source_id is not None:
            # Thousands of columns tell nothing: the current story's sources do.
            ids = [self.source_id, *self.library.related(self.source_id, self.GRID_SOURCES - 1)]
            by_id = {info.id: info for info in sources}
            scope = f"this source and the {len(ids) - 1} closest of {len(sources):,}"
            sources = [by_id[source_id] for source_id in ids if source_id in by_id]
        facts = self.library.facts(source_ids=[info.id for info in sources])
        if not worker.is_cancelled:
            self.post_message(FactsReady(facts, sources, scope))

    @on(FactsReady)
    def _facts_ready(self, event: FactsReady) -> None:
        self.all_facts = event.facts
        self.infos = event.sources
        self.scope = event.scope
        if self.scope:
            self.sub_title = displayable(
                f"{self.library.name} · who reports what · {self.scope}", one_line=True
            )
        self.short = short_ids([info.id for info in self.infos])
        self.ready = True
        self.grid.loading = False
        self._refresh()
        self.grid.focus()
        self.refresh_bindings()  # the footer shows the grid's keys once it has rows

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        reason = " ".join(str(error).split()) or type(error).__name__
        self.grid.loading = False
        self._status(f"Could not compute the facts: {reason}")
        self.app.notify(
            displayable(reason, one_line=True),
            title="Coverage failed",
            severity="error",
            markup=False,
        )

    # --- filtering and sorting -----------------------------------------------------------------

    def visible_facts(self) -> list[Fact]:
        facts = self.all_facts
        if self.kind is not None:
            facts = [f for f in facts if f.kind == self.kind]
        if self.filter == "single":
            facts = singletons(facts)
        elif self.filter == "omitted":
            facts = omissions(facts, [info.id for info in self.infos])
        elif self.filter == "disagree":
            facts = disagreements(facts)
        if self.by_count:
            facts = sorted(facts, key=lambda f: -f.count)  # stable: kind order within a count
        return facts

    def _refresh(self) -> None:
        if not self.ready:
            return
        self.shown = self.visible_facts()
        ids = [info.id for info in self.infos]
        self.grid.show(self.shown, ids, self.short)
        kind = f"{self.kind}s" if self.kind else "all kinds"
        order = "most sources first" if self.by_count else "by kind, most sources first"
        self._status(
            f"{LEGEND}   {len(self.shown)} of {plural(len(self.all_facts), 'fact')}"
            f" · {FILTERS[self.filter]} · {kind} · {order}"
        )
        if self.shown:
            self.grid.move_cursor(row=0, column=1)
            self._show_detail(self.shown[0])
        else:
            self.query_one("#coverage-detail", Static).update(
                literal("Nothing matches this filter: a shows every fact.")
            )

    def _status(self, text: str) -> None:
        self.query_one("#coverage-status", Static).update(literal(text, one_line=True))

    def action_filter(self, name: str) -> None:
        if name in FILTERS:
            self.filter = name
            self._refresh()

    def action_cycle_kind(self) -> None:
        at = KIND_CYCLE.index(self.kind)
        self.kind = KIND_CYCLE[(at + 1) % len(KIND_CYCLE)]
        self._refresh()

    def action_toggle_sort(self) -> None:
        self.by_count = not self.by_count
        self._refresh()

    def action_close(self) -> None:
        self.dismiss(None)

    # --- the highlighted fact and opening passages --------------------------------------------

    @on(DataTable.CellHighlighted, "#coverage-grid")
    def _cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        fact = self.grid.fact_at(event.coordinate.row)
        if fact is not None:
            self._show_detail(fact)

    def _show_detail(self, fact: Fact) -> None:
        lines = [literal(fact.text, "bold")]
        about = kind_label(fact)
        if fact.speaker:
            about += f" · said by {fact.speaker}"
        if fact.disagree:
            about += f" · {DISAGREE} another source gives a different value"
        lines.append(literal(about, "italic", one_line=True))
        for sid, form in fact.forms.items():
            where = ", ".join(f"¶{n}" for n in fact.sources[sid])
            short = self.short.get(sid, sid)
            lines.append(
                Content.assemble(
                    literal(f"{short} {where}: ", "dim", one_line=True),
                    literal(form, one_line=True),
                )
            )
        self.query_one("#coverage-detail", Static).update(Content("\n").join(lines))

    @on(DataTable.CellSelected, "#coverage-grid")
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        fact = self.grid.fact_at(event.coordinate.row)
        if fact is None:
            return
        source_id = self.grid.source_at(event.coordinate.column)
        if source_id is None:
            # On the fact itself: where else is it said, as most sources write it?
            self.app.push_screen(
                WhereScreen(self.library, fact.common or fact.text), callback=self._where_closed
            )
            return
        if source_id not in fact.sources:
            self.app.bell()
            short = self.short.get(source_id, source_id)
            self._status(f"{short} does not carry this fact: enter on a ✓ or ≈ cell.")
            return
        self.dismiss(passage_hit(fact, source_id))

    def _where_closed(self, hit: Hit | None) -> None:
        if hit is not None:
            self.dismiss(hit)

    # --- help and palette ---------------------------------------------------------------------

    def help_sections(self) -> Sequence[HelpSection]:
        app = self.app
        return [
            global_section(app),
            HelpSection(
                "Coverage",
                (*key_rows(app, CoverageScreen), *key_rows(app, FactGrid, inherited=False)),
                note=f"{MARKS['same'][0]} the source writes the fact as most do, "
                f"{MARKS['other'][0]} another way, {DISAGREE} sources give different values. "
                "Enter on a source's cell opens its passage; on the fact, where else it is said.",
            ),
        ]

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for name, label in FILTERS.items():
            yield PaletteCommand(
                f"coverage: {label}", f"Show {label}", partial(self.action_filter, name)
            )
        yield PaletteCommand(
            "coverage: next kind", "numbers, names, quotations (k)", self.action_cycle_kind
        )
        yield PaletteCommand(
            "coverage: sort by sources", "Most widely carried first (s)", self.action_toggle_sort
        )


def passage_hit(fact: Fact, source_id: str) -> Hit:
    """A hit on the first passage of ``source_id`` that carries ``fact``, marking it there."""
    ordinal = fact.sources[source_id][0]
    spans = tuple(
        (m.start, m.end) for m in fact.mentions if m.source_id == source_id and m.ordinal == ordinal
    )
    return Hit(source_id, ordinal, 0.0, fact.forms.get(source_id, fact.text), spans)
