"""The main screen: sources, search (as you type) with results, and the reader.

It owns the workers (indexing, searching, loading an article) and the state that ties the widgets
together: the current query's result, the current hit, the source being shown.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui_reader import collector
from tui_reader.models import Hit, Progress, SearchResult, SourceInfo
from tui_reader.render.words import hits_summary
from tui_reader.ui.commands import PaletteCommand
from tui_reader.ui.display import displayable, literal, plural
from tui_reader.ui.history import QueryHistory
from tui_reader.ui.messages import (
    IndexProgress,
    IndexReady,
    SearchFinished,
    SourceLoaded,
    SourcesKnown,
)
from tui_reader.ui.screens.help import HelpSection, global_section, key_rows
from tui_reader.ui.screens.source_picker import SourceChooser
from tui_reader.ui.widgets.borders import set_border
from tui_reader.ui.widgets.reader_pane import ReaderPane
from tui_reader.ui.widgets.results_list import ResultsList
from tui_reader.ui.widgets.search_box import SearchBox
from tui_reader.ui.widgets.source_list import SourceList

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui_reader.services.library import Library

WORKER_TITLES = {
    "index": "Indexing failed",
    "search": "Search failed",
    "load": "Could not open the article",
}


HITS = Binding.Group("Hits", compact=True)


class MainScreen(Screen[None]):
    """Sources on the left with the search box and results; the article on the right."""

    BINDING_GROUP_TITLE = "Main screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: handled as the key arrives, so the keys typed right after it (a fast
        # typist, a paste) already go to the search box. In the box, "/" is a character.
        Binding("slash", "focus_search", "Search", priority=True, id="main.search"),
        Binding(
            "o", "open", "Open", tooltip="Open a source by its title", show=False, id="main.open"
        ),
        Binding("n", "next_hit", "Next hit", group=HITS, id="main.next_hit"),
        Binding("N", "previous_hit", "Previous hit", group=HITS, id="main.previous_hit"),
        Binding(
            "escape", "clear_query", "Clear", tooltip="Clear the search", id="main.clear_query"
        ),
        Binding(
            "r", "toggle_raw", "Raw", tooltip="Raw file / cleaned article", id="main.toggle_raw"
        ),
        Binding(  # not in the footer: at 80 columns it pushed "f Facts" off the edge
            "y",
            "copy_passage",
            "Copy",
            tooltip="Copy the current passage",
            show=False,
            id="main.copy_passage",
        ),
    ]

    PALETTE_SOURCES = 100
    """Up to this many sources, the palette has an "open:" command for each."""
    FIRST_ARTICLE_WAIT = 1.0
    """At start-up the check for changed files waits (at most this long) until the first
    article is shown: its scan of a large folder holds the interpreter for a while, and the
    article is what the user is waiting for."""
    KEYS_DELAY = 0.2
    """The footer follows a search after this pause: rebuilding it (a dozen widgets and a new
    layout) on the first keystroke of a query made that keystroke the slowest."""
    COLLECT_DELAY = 1.0
    """Seconds without a keystroke in the search box before a full garbage collection (see
    ``collector.collect``): 30-80 ms that would otherwise fall on some keystroke."""
    SEARCH_LIMIT = 100
    """Hits fetched per query: the results list, ``n``/``N`` and the per-source counts use them.

    Each one is highlighted before it is shown, so this bounds the work per keystroke (at 10,000
    articles 200 hits cost about twice the time of 50)."""

    def __init__(self, library: Library, history: QueryHistory) -> None:
        super().__init__()
        self.library = library
        self.history = history
        self.infos: list[SourceInfo] = []
        self.short: Mapping[str, str] = {}
        self.titles: dict[str, str] = {}
        self.result: SearchResult | None = None
        self.hit_index: int | None = None
        self.raw = False
        self.indexing = False
        self.wanted_source: str | None = None
        self._pending_hit: Hit | None = None
        self._open_first_hit = False
        self._search_seq = 0
        self._in_flight: str | None = None
        """The text of the newest search still running."""
        self._keys_shown: tuple[bool, bool] = (False, False)
        self._keys_timer: Timer | None = None
        self._collect_timer: Timer | None = None
        self._load_seq = 0
        self._first_article = threading.Event()
        self._status_shown: tuple[str, str | None] | None = None

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield SearchBox(self.history, id="search")
                yield Static(id="search-status")
                yield Static(id="search-notice")
                yield ProgressBar(id="index-progress", show_eta=False)
                yield SourceList(id="sources")
                yield ResultsList(id="results")
            yield ReaderPane(id="reader")
        yield Footer()

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    @property
    def sources(self) -> SourceList:
        return self.query_one("#sources", SourceList)

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one("#reader", ReaderPane)

    def _sidebar_state(self, name: str, on: bool) -> None:
        # A class on the sidebar, not the screen: re-styling the screen would re-style every
        # passage of the article too.
        self.query_one("#sidebar").set_class(on, name)

    def _show_results(self, on: bool) -> None:
        """The results list under a shorter source list (a query is active), or not."""
        self.results.set_class(on, "-searching")
        self.sources.set_class(on, "-searching")

    @property
    def searching(self) -> bool:
        return self.results.has_class("-searching")

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.result.hits if self.result is not None else ()

    @property
    def query_active(self) -> bool:
        return bool(self.search_box.value.strip())

    @property
    def busy(self) -> bool:
        """A worker is running or the footer is due: tests wait for this to clear."""
        return self._keys_timer is not None or any(
            not worker.is_finished for worker in self.workers
        )

    def on_mount(self) -> None:
        self.sub_title = displayable(self.library.name, one_line=True)
        self._set_status("Indexing…")
        self.reader.focus()
        # After the first frame: the no-op check of a large corpus holds the GIL for a while,
        # and the window should be up before that.
        self.call_after_refresh(self.run_index)

    # --- indexing -----------------------------------------------------------------------------

    def run_index(self, *, rebuild: bool = False) -> None:
        self.indexing = True
        self.query_one("#index-progress", ProgressBar).update(total=None, progress=0)
        self._sidebar_state("-indexing", True)
        self._set_status("Rebuilding the index…" if rebuild else "Indexing…")
        self._index_worker(rebuild)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False, description="index")
    def _index_worker(self, rebuild: bool) -> None:
        worker = get_current_worker()

        def report(progress: Progress) -> None:
            if not worker.is_cancelled:
                self.post_message(IndexProgress(progress.done, progress.total, progress.current))

        if not rebuild and not self.infos:
            # Start reading from the index as it was; the update below may take a while.
            try:
                known = self.library.sources()
            except Exception:  # no usable index yet: the update below says why
                known = []
            if known and not worker.is_cancelled:
                self.post_message(SourcesKnown(known))
                self._first_article.wait(self.FIRST_ARTICLE_WAIT)
        stats = self.library.update(report, rebuild=rebuild)
        sources = self.library.sources()
        if not worker.is_cancelled:
            self.post_message(IndexReady(stats, sources))
        if sources and not worker.is_cancelled:
            self.library.warm()  # so the first keystroke of a search does not pay for it

    def _show_sources(self, infos: list[SourceInfo]) -> None:
        self.infos = infos
        self.titles = {info.id: info.title or info.id for info in infos}
        self.sources.set_sources(infos)
        self.short = self.sources.short
        passages = sum(info.passages for info in infos)
        self.sub_title = displayable(
            f"{self.library.name} · {plural(len(infos), 'source')} · {plural(passages, 'passage')}",
            one_line=True,
        )

    @on(SourcesKnown)
    def _sources_known(self, event: SourcesKnown) -> None:
        if not self.indexing or self.infos:
            self._first_article.set()
            return
        self._show_sources(event.sources)
        self.show_source(self.wanted_source or self.infos[0].id)

    @on(IndexProgress)
    def _index_progress(self, event: IndexProgress) -> None:
        bar = self.query_one("#index-progress", ProgressBar)
        bar.update(total=max(event.total, 1), progress=event.done)
        name = displayable(event.current, one_line=True)
        self._set_status(f"Indexing {event.done}/{event.total} {name}".rstrip())

    @on(IndexReady)
    async def _index_ready(self, event: IndexReady) -> None:
        self.indexing = False
        self._sidebar_state("-indexing", False)
        stats = event.stats
        before = {info.id: info for info in self.infos}
        self._show_sources(event.sources)
        changed = stats.added + stats.updated + stats.removed
        if self.library.notice:
            self.app.notify(
                displayable(self.library.notice, one_line=True),
                title="Index in memory" if self.library.in_memory else "Index not updated",
                severity="warning",
                markup=False,
            )
        if stats.rebuilt or changed:
            self.app.notify(
                f"added {stats.added}, updated {stats.updated}, removed {stats.removed}"
                + (f", skipped {len(stats.skipped)}" if stats.skipped else ""),
                title="Index rebuilt" if stats.rebuilt else "Index updated",
                markup=False,
            )
        elif stats.skipped:
            self.app.notify(
                f"{plural(len(stats.skipped), 'file')} skipped (see `tui-reader index`)",
                markup=False,
            )
        self._set_status("")
        # Start-up is over: its objects live to the end, so the collector need not walk them.
        collector.settle()
        if not self.infos:
            await self.reader.show_message(
                "No articles",
                f"No readable .txt or .md files in {self.library.root}.\n\n"
                "Add some and choose 'index: update now' from the command palette (ctrl+p).",
            )
            return
        known = {info.id for info in self.infos}
        if self.wanted_source not in known:
            self.wanted_source = None
        if self.query_active:
            self._start_search(self.search_box.value)
        if self.wanted_source is None:
            self.show_source(self.infos[0].id)
            return
        now = next(info for info in self.infos if info.id == self.wanted_source)
        if before.get(now.id) != now:
            self.reader.source = None  # the article changed (or was never shown): load it again
        self.show_source(self.wanted_source, self._pending_hit)

    # --- searching ----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        # No debounce: a query takes milliseconds, and waiting for a pause in the typing would be
        # most of the time from keystroke to results. Every keystroke starts its search at once;
        # a newer one makes the older answer stale (dropped in ``_search_finished``).
        self._search_seq += 1
        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.set_timer(self.COLLECT_DELAY, collector.collect)
        if not event.value.strip():
            self._clear_result()
            return
        if self.indexing:
            self._set_status("Indexing… the search runs when it is done.")
            return
        self._start_search(event.value)

    def _start_search(self, text: str) -> None:
        self._search_seq += 1
        self._in_flight = text
        self._search_worker(self._search_seq, text)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def _search_worker(self, seq: int, text: str) -> None:
        worker = get_current_worker()
        result = self.library.search(text, limit=self.SEARCH_LIMIT, as_you_type=True)
        if not worker.is_cancelled:
            self.post_message(SearchFinished(seq, result))

    @on(SearchFinished)
    def _search_finished(self, event: SearchFinished) -> None:
        if event.seq != self._search_seq or self._in_flight != self.search_box.value:
            # An older query's answer: a newer one is on its way (the box may already hold a
            # key whose Changed message is still queued behind this answer).
            return
        self._in_flight = None
        self.result = event.result
        self.hit_index = None
        self._show_results(True)
        self.results.set_result(event.result, self.short, self.titles)
        counts = Counter(hit.source_id for hit in event.result.hits)
        self.sources.set_hit_counts(counts, top=len(event.result.hits) < event.result.total)
        self._show_result_status()
        self.reader.set_hits(self._hits_in(self.reader_source_id), None)
        self._refresh_keys()
        if self._open_first_hit:
            self._open_first_hit = False
            if self.hits:
                self.open_hit(0)
                self.reader.focus()

    def _clear_result(self) -> None:
        self._in_flight = None
        self.result = None
        self.hit_index = None
        self._open_first_hit = False
        self._show_results(False)
        self.results.set_result(None, self.short, self.titles)
        self.sources.set_hit_counts(None)
        self.reader.set_hits((), None)
        self._set_status("")
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer when the keys it offers change (it is rebuilt each time), once the
        typing pauses."""
        if self._keys_timer is not None:
            self._keys_timer.stop()
            self._keys_timer = None
        if (bool(self.hits), self.query_active) != self._keys_shown:
            self._keys_timer = self.set_timer(self.KEYS_DELAY, self._show_keys)

    def _show_keys(self) -> None:
        self._keys_timer = None
        keys = (bool(self.hits), self.query_active)
        if keys != self._keys_shown:
            self._keys_shown = keys
            self.refresh_bindings()

    def _show_result_status(self, extra: str = "") -> None:
        result = self.result
        if result is None:
            self._set_status("")
            return
        line = hits_summary(result.total, len(result.hits), result.source_count)
        if extra:
            line += f" · {extra}"
        elif not result.total and result.suggestion:
            line += f" · enter searches {result.suggestion.strip()}"
        if self.hit_index is not None and self.hits:
            subtitle = f"hit {self.hit_index + 1} of {len(self.hits)}"
        else:
            subtitle = "enter reads · n next"
        set_border(self.results, "subtitle", subtitle)
        self._set_status(line, notice=result.notice)

    def _set_status(self, status: str, *, notice: str | None = None) -> None:
        """One line under the search box (counts, progress) and an optional warning line."""
        if (status, notice) == self._status_shown:
            return  # an update asks for a new layout of the whole screen: skip it if we can
        self._status_shown = (status, notice)
        # One line each, always: a new text needs no new layout, only showing or hiding does.
        label = self.query_one("#search-status", Static)
        label.update(literal(status, one_line=True), layout=False)
        label.display = bool(status)
        warning = self.query_one("#search-notice", Static)
        warning.update(literal(f"⚠ {notice}", one_line=True) if notice else Content(), layout=False)
        warning.display = bool(notice)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.search_box.remember()
        if not self.query_active:
            return
        shown = self.result is not None and self.result.query == self.search_box.value
        if shown:
            if self.hits:
                self.open_hit(self.results.highlighted or 0)
                self.reader.focus()
            elif self.result is not None and self.result.suggestion:
                self.search_box.value = self.result.suggestion  # "did you mean": take it
                self.search_box.cursor_position = len(self.search_box.value)
            else:
                self.app.bell()
            return
        self._open_first_hit = True
        if not self.indexing and self._in_flight != self.search_box.value:
            self._start_search(self.search_box.value)

    @on(SearchBox.Left)
    def _search_left(self) -> None:
        self.search_box.remember()
        if self.hits:
            self.results.focus()
        else:
            self.reader.focus()

    # --- hits and sources ---------------------------------------------------------------------

    @property
    def reader_source_id(self) -> str | None:
        source = self.reader.source
        return source.id if source is not None else None

    def _hits_in(self, source_id: str | None) -> list[Hit]:
        return [hit for hit in self.hits if hit.source_id == source_id]

    def open_hit(self, index: int, note: str = "") -> None:
        """Make hit ``index`` current: the reader shows its source, scrolled to its passage."""
        if not 0 <= index < len(self.hits):
            return
        hit = self.hits[index]
        self.hit_index = index
        self.results.select_index(index)
        self._show_result_status(note)
        self.show_source(hit.source_id, hit)

    def show_source(self, source_id: str, hit: Hit | None = None) -> None:
        """Show ``source_id`` in the reader (loaded in a worker), scrolled to ``hit`` if given."""
        self.wanted_source = source_id
        self._pending_hit = hit
        self.sources.show_source(source_id)
        if hit is not None:
            self.raw = False  # hits are marked in the cleaned article
        source = self.reader.source
        if source is not None and source.id == source_id and self.reader.raw == self.raw:
            self.reader.set_hits(self._hits_in(source_id), hit)
            if hit is not None:
                self.call_after_refresh(self.reader.scroll_to_hit, hit)
            return
        self._load_seq += 1
        self._load_worker(self._load_seq, source_id)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def _load_worker(self, seq: int, source_id: str) -> None:
        worker = get_current_worker()
        try:
            source = self.library.source(source_id)
        except BaseException:
            self._first_article.set()  # shown or not, the index update goes on
            raise
        if not worker.is_cancelled:
            self.post_message(SourceLoaded(seq, source))

    @on(SourceLoaded)
    async def _source_loaded(self, event: SourceLoaded) -> None:
        if event.seq != self._load_seq:
            return
        hit = self._pending_hit
        if hit is not None and hit.source_id != event.source.id:
            hit = None
        await self.reader.show_source(
            event.source, self._hits_in(event.source.id), hit, raw=self.raw
        )
        self._first_article.set()
        if hit is not None and not self.raw:
            self.call_after_refresh(self.reader.scroll_to_hit, hit)

    @on(ResultsList.Chosen)
    def _result_chosen(self, event: ResultsList.Chosen) -> None:
        if event.index != self.hit_index or event.enter:
            self.open_hit(event.index)
        if event.enter:
            self.search_box.remember()
            self.reader.focus()

    @on(SourceList.Chosen)
    def _source_chosen(self, event: SourceList.Chosen) -> None:
        if event.source_id != self.wanted_source:
            self.show_source(event.source_id)
        if event.enter:
            self.reader.focus()

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_hit", "previous_hit"):
            return bool(self.hits)
        if action == "clear_query":
            return self.query_active
        if action == "focus_search":
            return self.focused is not self.search_box
        return True

    def action_focus_search(self) -> None:
        box = self.search_box
        self.set_focus(box)  # now, not after a refresh as ``Widget.focus`` would
        box.select_all()

    def action_clear_query(self) -> None:
        if self.query_active:
            self.search_box.remember()
            self.search_box.value = ""

    def action_next_hit(self) -> None:
        self._step_hit(+1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        hits = self.hits
        if not hits:
            self.app.bell()
            return
        if self.hit_index is None:
            index, note = (0 if step > 0 else len(hits) - 1), ""
        else:
            index = (self.hit_index + step) % len(hits)
            wrapped = (step > 0 and index == 0) or (step < 0 and index == len(hits) - 1)
            note = ("wrapped to the first hit" if step > 0 else "wrapped to the last hit") * (
                wrapped and len(hits) > 1
            )
        self.open_hit(index, note)

    async def action_toggle_raw(self) -> None:
        self.raw = not self.raw
        source = self.reader.source
        if source is None:
            return
        current = self.reader.current
        await self.reader.show_source(source, self._hits_in(source.id), current, raw=self.raw)
        if current is not None and not self.raw:
            self.call_after_refresh(self.reader.scroll_to_hit, current)

    def action_copy_passage(self) -> None:
        if self.reader.raw:
            self.app.notify("Switch to the clean view (r) to copy a passage.", severity="warning")
            return
        passage = self.reader.current_passage()
        if passage is None:
            self.app.notify("No passage to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(passage.text)
        short = self.short.get(passage.source_id, passage.source_id)
        self.app.notify(
            f"Copied ¶{passage.ordinal} of {displayable(short, one_line=True)} "
            f"({plural(len(passage.text), 'character')}) to the clipboard.",
            title="Copied (through the terminal, OSC 52)",
            markup=False,
        )

    def action_reindex(self, rebuild: bool = False) -> None:
        if self.indexing and not rebuild:
            self.app.notify("Indexing is already running.")
            return
        self.run_index(rebuild=rebuild)

    # --- failures -----------------------------------------------------------------------------

    @on(Worker.StateChanged)
    async def _worker_state(self, event: Worker.StateChanged) -> None:
        """The one place where a failed worker becomes a message to the user."""
        if event.state != WorkerState.ERROR:
            return
        worker = event.worker
        error = worker.error
        reason = " ".join(str(error).split()) or type(error).__name__
        group = worker.group
        self.app.notify(
            displayable(reason, one_line=True),
            title=WORKER_TITLES.get(group, "Something failed"),
            severity="error",
            markup=False,
        )
        if group == "index":
            self.indexing = False
            self._sidebar_state("-indexing", False)
            self._set_status("Indexing failed: the palette (ctrl+p) has 'index: rebuild'.")
            if not self.infos:
                await self.reader.show_message("Indexing failed", reason)
        elif group == "search":
            self._in_flight = None
            self._set_status(f"Search failed: {reason}")

    # --- help ---------------------------------------------------------------------------------

    def help_sections(self) -> Sequence[HelpSection]:
        """What ``?`` lists on this screen (generated from the bindings)."""
        app = self.app
        return [
            global_section(app),
            HelpSection(
                "Main screen",
                key_rows(app, MainScreen),
                note="n / N follow the results list: rank order, best hit first, wrapping around.",
            ),
            HelpSection(
                "Search box",
                key_rows(app, SearchBox, inherited=False),
                note='Plus the usual editing keys. Queries: words, "a phrase", pref*, '
                "AND OR NOT, -word, (groups).",
            ),
            HelpSection("Results list", key_rows(app, ResultsList)),
            HelpSection("Source list", key_rows(app, SourceList)),
            HelpSection("Reader", key_rows(app, ReaderPane)),
            HelpSection(
                "Mouse",
                (
                    ("click", "Open a source or a hit; focus a pane"),
                    ("wheel", "Scroll the pane under the pointer"),
                ),
            ),
        ]

    # --- palette ------------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """Commands this screen offers in the command palette (see ``ui.commands``)."""
        yield PaletteCommand("search: focus the search box", "Same as /", self.action_focus_search)
        if self.query_active:
            yield PaletteCommand(
                "search: clear the query", "Same as escape", self.action_clear_query
            )
        if self.hits:
            yield PaletteCommand("search: next hit", "Same as n", self.action_next_hit)
            yield PaletteCommand("search: previous hit", "Same as N", self.action_previous_hit)
        yield PaletteCommand(
            "view: raw text" if not self.raw else "view: clean text",
            "Toggle the raw file and the cleaned article (r)",
            self.action_toggle_raw,
        )
        yield PaletteCommand(
            "passage: copy", "Copy the current passage (y)", self.action_copy_passage
        )
        yield PaletteCommand(
            "index: update now",
            "Re-index added, changed and removed files",
            partial(self.action_reindex, False),
        )
        yield PaletteCommand(
            "index: rebuild",
            "Throw the index away and build it again",
            partial(self.action_reindex, True),
        )
        yield PaletteCommand(
            "open: a source by its title", "Type words of the title or id (o)", self.action_open
        )
        if len(self.infos) > self.PALETTE_SOURCES:
            return  # the palette matches every command on each keystroke: the chooser scales
        listed = len(self.infos) <= 30
        for info in self.infos:
            short = self.short.get(info.id, info.id)
            name = displayable(f"open: {info.title or info.id}", one_line=True)
            yield PaletteCommand(
                name,
                displayable(
                    f"{short} · {plural(info.passages, 'passage')} · {info.path}", one_line=True
                ),
                partial(self._open_and_read, info.id),
                discover=listed,
            )

    def action_open(self) -> None:
        if not self.infos:
            self.app.bell()
            return
        chooser = SourceChooser(self.infos, question="Open which source?")
        self.app.push_screen(chooser, callback=self._open_and_read)

    def _open_and_read(self, source_id: str | None) -> None:
        """Show a source chosen in the palette or the chooser (``None``: the chooser was closed)."""
        if source_id is not None:
            self.show_source(source_id)
            self.reader.focus()
