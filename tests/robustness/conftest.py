"""Hostile corpora shared by the robustness tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# File names (bytes, as on disk) that must never style, execute or break a line of output.
HOSTILE_NAMES = {
    b"sp ace.txt": "space",
    b"new\nline.txt": "newline",
    b"bad\xff\xfe.txt": "undecodable",
    b"[bold]x[@click=app.quit]y[link=https:]z.txt": "markup",
    b"esc\x1b[31mred\x1b]0;pwned\x07.txt": "escape",
    b"bidi\xe2\x80\xaeevil.txt": "bidi",
}


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    """One small article per hostile file name; article ``i`` holds the unique word ``tokeni``."""
    root = tmp_path / "hostile"
    root.mkdir()
    for i, name in enumerate(HOSTILE_NAMES):
        path = os.path.join(os.fsencode(root), name)
        with open(path, "wb") as f:
            f.write(b"Headline %d\n\nThe zebra crossed the river with token%d today.\n" % (i, i))
    return root
