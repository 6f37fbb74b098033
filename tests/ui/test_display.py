"""Untrusted text reaches the screen literally: no markup, no terminal control, spans line up."""

from __future__ import annotations

from textual.content import Content

from tui_reader.ui.display import (
    displayable,
    highlighted,
    literal,
    markup_escaped,
    short_ids,
    snippet,
    snippet_window,
)

HOSTILE = (
    "[bold red]x[/] \x1b[31mred\x1b]8;;http://evil\x07link\x1b]8;;\x07 \x9b2J [@click=app.quit]q[/]"
)


def test_displayable_keeps_length_and_removes_every_control() -> None:
    shown = displayable(HOSTILE)
    assert len(shown) == len(HOSTILE)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert "␛" in shown


def test_one_line_folds_newlines() -> None:
    assert displayable("a\nb\tc", one_line=True) == "a b c"
    assert displayable("a\nb") == "a\nb"


def test_literal_never_parses_markup() -> None:
    content = literal(HOSTILE)
    assert isinstance(content, Content)
    assert content.plain == displayable(HOSTILE)
    assert content.spans == []


def test_markup_escaped_round_trips_through_the_markup_parser() -> None:
    for text in ("[bold]x[/bold]", "[$accent]y", "[link='http://x']z[/]", "a\\[b]c", "end\\"):
        assert Content.from_markup(markup_escaped(text)).plain == text


def test_highlighted_clips_spans() -> None:
    content = highlighted("hello world", [(6, 11), (-3, 2), (50, 60), (4, 4)], "bold")
    assert [(s.start, s.end) for s in content.spans] == [(6, 11), (0, 2)]


def test_short_ids_are_unique_prefixes() -> None:
    ids = ["000_aaaa", "001_bbbb", "bbc-ukraine", "bbc-russia", "x"]
    short = short_ids(ids)
    assert short["000_aaaa"] == "000"
    assert short["bbc-ukraine"] == "bbc-u"
    assert short["x"] == "x"
    assert len(set(short.values())) == len(ids)
    assert all(i.startswith(s) for i, s in short.items())


def test_snippet_window_centres_on_the_first_span() -> None:
    text = " ".join(f"w{i}" for i in range(200))
    focus = text.index("w150")
    start, end = snippet_window(text, [(focus, focus + 4)], 60)
    assert start <= focus < end
    assert end - start <= 60
    body = snippet(text, [(focus, focus + 4)], 60, "bold")
    assert body.plain.startswith("…") and body.plain.endswith("…")
    assert "w150" in body.plain
    assert any(body.plain[s.start : s.end] == "w150" for s in body.spans)


def test_short_text_snippet_is_whole() -> None:
    assert snippet("short text", [(0, 5)], 60, "bold").plain == "short text"
