"""The help screen (``?``): every key, generated from the bindings so it cannot go stale.

Extension point: a screen that has a ``help_sections()`` method (``ProvidesHelp``) decides
what the help screen lists while it is active; ``key_rows`` turns any class's ``BINDINGS``
into rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode


@dataclass(frozen=True)
class HelpSection:
    """A titled group of ``(keys, what they do)`` rows, with an optional note under it."""

    title: str
    rows: tuple[tuple[str, str], ...]
    note: str = ""


@runtime_checkable
class ProvidesHelp(Protocol):
    def help_sections(self) -> Sequence[HelpSection]: ...


def key_rows(
    app: App[Any],
    owner: type[DOMNode],
    *,
    inherited: bool = True,
    skip_actions: Iterable[str] = (),
) -> tuple[tuple[str, str], ...]:
    """The bindings of ``owner`` (and, if ``inherited``, its base classes) as display rows.

    Keys bound to the same action are shown together; a subclass's binding of a key replaces the
    base class's; system bindings and bindings without a description are left out.
    """
    classes = [k for k in reversed(owner.__mro__) if "BINDINGS" in k.__dict__]
    if not inherited:
        classes = classes[-1:] if owner.__dict__.get("BINDINGS") is not None else []
    by_key: dict[str, Binding] = {}
    for klass in classes:
        bindings: list[BindingType] = klass.__dict__["BINDINGS"]
        for binding in Binding.make_bindings(bindings):
            by_key[binding.key] = binding
    skipped = set(skip_actions)
    by_action: dict[tuple[str, str], list[str]] = {}
    for binding in by_key.values():
        if binding.system or not binding.description or binding.action in skipped:
            continue
        what = binding.tooltip or binding.description
        keys = by_action.setdefault((binding.action, what), [])
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    return tuple((" ".join(keys), description) for (_, description), keys in by_action.items())


def global_section(app: App[Any]) -> HelpSection:
    """The keys that work on every screen (the app's bindings and the command palette)."""
    rows = key_rows(app, type(app), skip_actions=("command_palette",))
    palette = app.COMMAND_PALETTE_BINDING.replace("ctrl+", "^")
    return HelpSection("Everywhere", (*rows, (palette, "Command palette")))


class HelpScreen(ModalScreen[None]):
    """A modal listing every key; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = tuple(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "esc closes"
            for section in self.sections:
                yield Static(render_section(section), classes="help-section")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


def render_section(section: HelpSection) -> Content:
    width = max((len(keys) for keys, _ in section.rows), default=0)
    lines = [Content.styled(section.title, "bold $accent")]
    for keys, description in section.rows:
        lines.append(Content.styled(f"  {keys:<{width}}", "bold") + Content(f"  {description}"))
    if section.note:
        lines.append(Content.styled(section.note, "italic $text-muted"))
    return Content("\n").join(lines)
