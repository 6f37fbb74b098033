"""Turning untrusted text (articles, titles, file names) into Textual ``Content``, never markup.

Every character that could drive the terminal (C0/C1 controls, DEL, ESC and so on) is replaced
one for one by a visible stand-in, so highlight spans computed on the original text still line up.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence

from textual.content import Content
from textual.style import Style

from tui_reader.models import Span
from tui_reader.render.words import plural as plural


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "␡"
    return "�"


_DISPLAY_TABLE: dict[int, str] = {
    code: _stand_in(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if code != 0x0A
}
_DISPLAY_TABLE[0x09] = " "  # a tab is harmless but would change cell offsets
for _code in (0x2028, 0x2029):  # line and paragraph separators: shown as spaces
    _DISPLAY_TABLE[_code] = " "
for _code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:  # bidi overrides and isolates
    _DISPLAY_TABLE[_code] = "�"
for _code in range(0xD800, 0xE000):  # lone surrogates: undecodable bytes of a file name
    _DISPLAY_TABLE[_code] = "�"

_ONE_LINE_TABLE = {**_DISPLAY_TABLE, 0x0A: " "}


def displayable(text: str, *, one_line: bool = False) -> str:
    """``text`` with each terminal-controlling character replaced by a visible one (same length)."""
    return text.translate(_ONE_LINE_TABLE if one_line else _DISPLAY_TABLE)


def literal(text: str, style: str = "", *, one_line: bool = False) -> Content:
    """Untrusted text as Content: no markup is parsed, no control character survives."""
    content = Content(displayable(text, one_line=one_line), strip_control_codes=False)
    return content.stylize(style) if style else content


def markup_escaped(text: str) -> str:
    """One line of untrusted text for an API that insists on parsing markup (palette help text)."""
    return displayable(text, one_line=True).replace("[", "\\[")


def highlighted(
    text: str,
    spans: Iterable[Span],
    style: str | Style,
    *,
    base: str = "",
    one_line: bool = False,
) -> Content:
    """``text`` with ``style`` on each ``[start, end)`` span (spans out of range are clipped)."""
    content = literal(text, base, one_line=one_line)
    size = len(text)
    for start, end in spans:
        start, end = max(0, start), min(size, end)
        if start < end:
            content = content.stylize(style, start, end)
    return content


class ShortIds(Mapping[str, str]):
    """The shortest prefix of each id (at least ``minimum`` characters) that no other id shares.

    These are the names the CLI accepts (``tui-reader passages 000``). Each one is worked out
    when first asked for, from its neighbours in sorted order: a list of 10,000 sources only
    pays for the rows it draws.
    """

    def __init__(self, ids: Iterable[str], minimum: int = 3) -> None:
        self._sorted = sorted(set(ids))
        self._minimum = minimum
        self._known: dict[str, str] = {}

    def __getitem__(self, ident: str) -> str:
        short = self._known.get(ident)
        if short is not None:
            return short
        ordered = self._sorted
        index = bisect_left(ordered, ident)
        if index == len(ordered) or ordered[index] != ident:
            raise KeyError(ident)
        common = max(
            (
                _common_prefix(ident, ordered[n])
                for n in (index - 1, index + 1)
                if 0 <= n < len(ordered)
            ),
            default=0,
        )
        short = self._known[ident] = ident[: max(self._minimum, common + 1)]
        return short

    def __iter__(self) -> Iterator[str]:
        return iter(self._sorted)

    def __len__(self) -> int:
        return len(self._sorted)


def _common_prefix(a: str, b: str) -> int:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


def short_ids(ids: Iterable[str], minimum: int = 3) -> ShortIds:
    """``ShortIds`` of ``ids``."""
    return ShortIds(ids, minimum)


def snippet_window(text: str, spans: Sequence[Span], size: int) -> tuple[int, int]:
    """A ``[start, end)`` window of about ``size`` characters around the first span."""
    if len(text) <= size:
        return 0, len(text)
    focus = spans[0][0] if spans else 0
    start = max(0, focus - size // 4)
    end = min(len(text), start + size)
    start = max(0, end - size)
    if start > 0:
        space = text.find(" ", start, focus if focus > start else start + 20)
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start, end - 20), end)
        if space != -1:
            end = space
    return start, end


def snippet(text: str, spans: Sequence[Span], size: int, style: str, *, base: str = "") -> Content:
    """One line of ``text`` around its first highlight, with "…" where it was cut."""
    start, end = snippet_window(text, spans, size)
    shifted = [(s - start, e - start) for s, e in spans if e > start and s < end]
    body = highlighted(text[start:end], shifted, style, base=base, one_line=True)
    if start > 0:
        body = Content("…") + body
    if end < len(text):
        body = body + Content("…")
    return body
