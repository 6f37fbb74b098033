"""The command palette (ctrl+p): the app's own commands next to Textual's system commands.

Extension point: the App and any screen offer commands with a ``palette_commands()`` method
that yields ``PaletteCommand``s (see ``ProvidesCommands``). ``ReaderCommands`` asks the app and
the screen the palette was opened from, so a new screen (compare, coverage) adds its commands
without touching this module. Names follow ``"group: verb"``: ``"open: <title>"``,
``"index: rebuild"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui_reader.ui.display import literal, markup_escaped


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry. ``discover``: listed before the user types anything.

    ``name`` and ``help`` may hold untrusted text (titles, paths): they are shown literally.
    """

    name: str
    help: str
    callback: Callable[[], Any]
    discover: bool = True


@runtime_checkable
class ProvidesCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


class ReaderCommands(Provider):
    """Commands offered by the app and by the screen the palette was opened from."""

    def _commands(self) -> list[PaletteCommand]:
        commands: list[PaletteCommand] = []
        for owner in (self.app, self.screen):
            if isinstance(owner, ProvidesCommands):
                commands.extend(owner.palette_commands())
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(
                    literal(command.name, one_line=True),
                    command.callback,
                    text=command.name,
                    help=markup_escaped(command.help),
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, command.name),
                    command.callback,
                    text=command.name,
                    help=markup_escaped(command.help),
                )


def _highlight(matcher: Matcher, name: str) -> Content:
    """Like ``Matcher.highlight`` but never parses ``name`` as markup."""
    content = literal(name, one_line=True)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if score:
        for offset in offsets:
            if offset < len(name) and not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
