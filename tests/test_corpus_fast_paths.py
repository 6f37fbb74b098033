"""The facts the cleaning fast paths rely on hold for every code point (of this Python's Unicode).

``safe.strip_controls`` and ``clean._spaced`` skip their slow path for text that
``str.isprintable`` accepts (line breaks aside): that is only exact if every character they act
on is unprintable.
"""

from __future__ import annotations

import sys

from tui_reader.corpus.safe import _SPECIAL_RE

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_every_character_strip_controls_acts_on_is_unprintable() -> None:
    special = _SPECIAL_RE.findall(EVERY_CHARACTER)
    assert len(special) > 2000  # surrogates, controls, format characters
    assert [ch for ch in special if ch.isprintable()] == []


def test_every_white_space_but_the_space_is_unprintable() -> None:
    spaces = [ch for ch in EVERY_CHARACTER if ch.isspace()]
    assert " " in spaces and "\u00a0" in spaces and "\u3000" in spaces
    assert [ch for ch in spaces if ch.isprintable()] == [" "]
