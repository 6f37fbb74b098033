"""The reader: one article, cleaned (a widget per passage) or raw, with the query's hits marked.

Passages are separate widgets so that jumping to a passage is ``scroll_to`` its region and
re-marking hits repaints only the passages whose marks changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from tui_reader.corpus.safe import visible_controls
from tui_reader.models import Hit, Passage, Source, Span
from tui_reader.ui.display import displayable, highlighted, literal, plural
from tui_reader.ui.widgets.borders import set_border

REMOVED_STYLE = ".reader--removed"
CHANGED_STYLE = ".reader--changed"


@dataclass(frozen=True)
class MarkStyles:
    """How hits are drawn, resolved from the pane's component classes for the current theme."""

    hit: Style
    current: Style


class PassageBlock(Widget):
    """One passage of the cleaned article.

    Not a ``Static``: ``Static.update`` asks for a new layout, but marking words never changes
    a passage's height, so a repaint is enough (a 150-passage article stays quick to step through).
    """

    DEFAULT_CSS = """
    PassageBlock {
        height: auto;
    }
    """

    def __init__(self, passage: Passage) -> None:
        super().__init__(classes=f"passage -{passage.kind}")
        self.passage = passage
        self.marks: tuple[tuple[Span, ...], tuple[Span, ...], MarkStyles | None] = ((), (), None)
        self.content = literal(passage.text)

    def render(self) -> Content:
        return self.content

    def mark(self, spans: Sequence[Span], current: Sequence[Span], styles: MarkStyles) -> None:
        """Mark ``spans``; ``current`` (the current hit) more strongly. No-op if unchanged."""
        marks = (tuple(spans), tuple(current), styles)
        if marks == self.marks or (not spans and not current and not any(self.marks[:2])):
            self.marks = marks
            return
        self.marks = marks
        # Each span is styled once: backgrounds of overlapping spans would not stack.
        others = [span for span in spans if span not in current]
        content = highlighted(self.passage.text, others, styles.hit)
        for start, end in current:
            content = content.stylize(styles.current, start, end)
        self.content = content
        self.refresh()
        self.set_class(bool(current), "-current")

    def line_of(self, offset: int) -> int:
        """The wrapped line (0-based) on which character ``offset`` is drawn."""
        width = self.content_region.width
        if offset <= 0 or width <= 0:
            return 0
        before = Content(self.passage.text[:offset])
        return max(0, before.get_height(self.styles.get_rules(), width) - 1)


class ReaderPane(VerticalScroll, can_focus=True):
    """Shows one source. The screen tells it what to show; it never loads anything itself."""

    BINDING_GROUP_TITLE = "Reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down a line", show=False, id="reader.down"),
        Binding("k", "scroll_up", "Up a line", show=False, id="reader.up"),
        Binding("g", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="reader.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b", "page_up", "Page up", show=False, id="reader.page_up"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--hit",
        "reader--current-hit",
        "reader--removed",
        "reader--changed",
    }

    @dataclass
    class Shown(Message):
        """The pane now shows ``source_id`` (``raw`` or cleaned)."""

        source_id: str
        raw: bool

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.source: Source | None = None
        self.raw = False
        self.hits: tuple[Hit, ...] = ()
        self.current: Hit | None = None
        self.blocks: list[PassageBlock] = []
        self._mark_styles: MarkStyles | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content("Indexing… the first article opens when the index is ready."),
            classes="reader-message",
        )

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._update_position, init=False)
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._mark_styles = None
        self.call_after_refresh(self._apply_marks)

    @property
    def mark_styles(self) -> MarkStyles:
        """Styles for marks, from ``reader--hit`` and ``reader--current-hit`` in the CSS.

        Resolved by hand: a component class used as a Content span style loses an opaque
        background and ``reverse`` (Textual 8.2), and both matter for a visible mark.
        """
        if self._mark_styles is None:
            self._mark_styles = MarkStyles(
                hit=self._component_style("reader--hit"),
                current=self._component_style("reader--current-hit"),
            )
        return self._mark_styles

    def _component_style(self, name: str) -> Style:
        styles = self.get_component_styles(name)
        text = styles.text_style
        return Style(
            background=styles.background if styles.has_rule("background") else None,
            foreground=styles.color if styles.has_rule("color") else None,
            bold=text.bold,
            italic=text.italic,
            underline=text.underline,
            reverse=text.reverse,
        )

    # --- what to show -------------------------------------------------------------------------

    async def show_message(self, title: str, body: str) -> None:
        """Replace the article with a short message (empty corpus, failures)."""
        self.source = None
        self.blocks = []
        set_border(self, "title", literal(title, one_line=True))
        set_border(self, "subtitle", "")
        await self.remove_children()
        await self.mount(Static(literal(body), classes="reader-message"))

    async def show_source(
        self, source: Source, hits: Sequence[Hit], current: Hit | None, *, raw: bool
    ) -> None:
        """Show ``source``; if it is already shown in the same mode only the marks change."""
        if self.source is not None and self.source.id == source.id and self.raw == raw:
            self.set_hits(hits, current)
            return
        self.source, self.raw = source, raw
        self.hits, self.current = tuple(hits), current
        set_border(self, "title", literal(source.id, one_line=True))
        widgets: list[Widget] = [
            Static(literal(source.title or source.id), classes="reader-title"),
            Static(self._meta(source), classes="reader-meta"),
        ]
        if raw:
            self.blocks = []
            widgets.append(Static(raw_view(source), classes="reader-raw"))
        else:
            self.blocks = [PassageBlock(p) for p in source.passages]
            widgets.extend(self.blocks)
            if not self.blocks:
                widgets.append(
                    Static(Content("Cleaning left no text in this file."), classes="reader-message")
                )
            self._apply_marks()
        with self.app.batch_update():
            await self.remove_children()
            self.scroll_to(0, 0, animate=False, immediate=True)
            await self.mount_all(widgets)
        self._update_position()
        self.call_after_refresh(self._update_position)
        self.post_message(self.Shown(source.id, raw))

    def set_hits(self, hits: Sequence[Hit], current: Hit | None) -> None:
        """Re-mark hits of the shown source (the current query's hits, the current hit)."""
        self.hits, self.current = tuple(hits), current
        self._apply_marks()
        self._update_position()

    def _apply_marks(self) -> None:
        if self.source is None or not self.blocks:
            return
        by_ordinal: dict[int, list[Span]] = {}
        for hit in self.hits:
            if hit.source_id == self.source.id:
                by_ordinal.setdefault(hit.ordinal, []).extend(hit.highlights)
        current = self.current
        styles = self.mark_styles
        for block in self.blocks:
            ordinal = block.passage.ordinal
            current_spans: Iterable[Span] = ()
            if current is not None and (current.source_id, current.ordinal) == (
                self.source.id,
                ordinal,
            ):
                current_spans = current.highlights
            block.mark(by_ordinal.get(ordinal, ()), tuple(current_spans), styles)

    def _meta(self, source: Source) -> Content:
        parts = [
            displayable(source.id, one_line=True),
            plural(len(source.passages), "passage"),
            f"{source.words:,} words",
        ]
        if self.raw:
            parts.append("raw file: struck-out lines were dropped by cleaning, dim ones rewritten")
        elif source.dropped:
            parts.append(f"cleaning removed {plural(len(source.dropped), 'piece')} (r shows them)")
        for note in source.notes:
            parts.append(displayable(note, one_line=True))
        return literal(" · ".join(parts))

    # --- positions ----------------------------------------------------------------------------

    def block_for(self, ordinal: int) -> PassageBlock | None:
        for block in self.blocks:
            if block.passage.ordinal == ordinal:
                return block
        return None

    def scroll_to_hit(self, hit: Hit) -> None:
        """Scroll so the hit's passage (and its first marked word) sits in the upper third.

        Right after a source is mounted its passages have no layout yet; the scroll is retried
        after each refresh until they do.
        """
        self._scroll_when_laid_out(hit, attempts=20)

    def _scroll_when_laid_out(self, hit: Hit, attempts: int) -> None:
        block = self.block_for(hit.ordinal)
        if block is None or self.current != hit:
            return
        region = block.virtual_region
        laid_out = region.height > 0 and self.virtual_size.height >= region.bottom
        if not laid_out:
            if attempts > 0:
                self.call_after_refresh(self._scroll_when_laid_out, hit, attempts - 1)
            return
        viewport = self.scrollable_content_region.height
        line = block.line_of(hit.highlights[0][0]) if hit.highlights else 0
        # A hit deep in a long passage is brought to the upper third; otherwise the passage
        # starts near the top with a line or two of what comes before it.
        deep = line > viewport // 2
        target = region.y + line - viewport // 3 if deep else region.y - min(2, viewport // 6)
        self.scroll_to(y=max(0, target), animate=False, immediate=True)
        self._update_position()

    def top_block(self) -> PassageBlock | None:
        """The first passage whose text reaches into the viewport."""
        if not self.blocks:
            return None
        y = self.scroll_offset.y
        for block in self.blocks:
            if block.virtual_region.bottom > y:
                return block
        laid_out = self.blocks[-1].virtual_region.height > 0
        return self.blocks[-1] if laid_out else self.blocks[0]

    def current_passage(self) -> Passage | None:
        """The passage ``y`` copies: the current hit's if it is in view, else the topmost one."""
        if self.current is not None and self.source is not None:
            block = self.block_for(self.current.ordinal)
            if block is not None and self._in_view(block):
                return block.passage
        block = self.top_block()
        return block.passage if block is not None else None

    def _in_view(self, block: PassageBlock) -> bool:
        region = block.virtual_region
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        return region.bottom > top and region.y < bottom

    def _update_position(self) -> None:
        if self.source is None:
            return
        mode = "raw" if self.raw else "clean"
        if self.raw or not self.blocks:
            set_border(self, "subtitle", mode)
            return
        passage = self.current_passage()
        where = f"¶{passage.ordinal} of {len(self.blocks)} · " if passage is not None else ""
        set_border(self, "subtitle", f"{where}{mode}")


def raw_view(source: Source) -> Content:
    """The raw file with controls made visible; lines cleaning dropped are struck out, lines it
    rewrote (markdown marks, LaTeX numbers, spacing) are marked as changed."""
    normal = _normalise
    dropped = {normal(line) for line in source.dropped}
    kept = {normal(line) for line in source.text.splitlines()}
    kept.add(normal(source.title))
    text = displayable(visible_controls(source.raw))
    content = Content(text, strip_control_codes=False)
    offset = 0
    for raw_line, line in zip(source.raw.split("\n"), text.split("\n"), strict=False):
        key = normal(raw_line)
        if key in dropped:
            content = content.stylize(REMOVED_STYLE, offset, offset + len(line))
        elif key and key not in kept and (len(key) > 400 or key not in source.text):
            content = content.stylize(CHANGED_STYLE, offset, offset + len(line))
        offset += len(line) + 1
    return content


def _normalise(line: str) -> str:
    return " ".join(line.split())
