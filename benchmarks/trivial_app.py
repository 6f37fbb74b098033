"""The smallest Textual app that looks like ours: header, one line of text, footer.

The cold-start figure runs it exactly like the reader (in a pseudo-terminal) to get the floor
that Textual itself sets on this machine.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY = "trivial-app-ready"


class TrivialApp(App[None]):
    TITLE = "trivial"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()


if __name__ == "__main__":
    TrivialApp().run()
