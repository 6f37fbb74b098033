"""Files in every encoding of issue 7 are shown correctly end to end, with a note where a
fallback was used: UTF-8 with BOM, UTF-16 with BOM (LE and BE), cp1252, mixed CRLF/LF, NFD,
mojibake (UTF-8 read as cp1252 somewhere upstream).

Behaviour: the reader (app) and ``passages`` (CLI) show the same clean text for all of them; the
app's reader shows the decoding note in its meta line; search finds every file by its accented
words typed either way.
"""

from __future__ import annotations

import asyncio
import codecs
import io
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.ui.pilot_helpers import ready, settle
from tui_reader.cli import main
from tui_reader.services.library import Library
from tui_reader.ui.app import make_app

TEXT = "Café crème\n\nThe naïve café owner’s “déjà vu” cost €5.\n\nA second line.\n"
EXPECTED = "The naïve café owner’s “déjà vu” cost €5."


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252 (bytes cp1252 leaves undefined pass through, as browsers do)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


FILES: dict[str, tuple[bytes, str | None]] = {
    "utf8-bom": (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None),
    "utf16-le": (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "decoded as utf-16"),
    "utf16-be": (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "decoded as utf-16"),
    "cp1252": (TEXT.encode("cp1252"), "decoded as cp1252"),
    "crlf-mixed": (TEXT.replace("\n\n", "\r\n\r\n", 1).encode("utf-8"), None),
    "nfd": (unicodedata.normalize("NFD", TEXT).encode("utf-8"), None),
    "mojibake": (_mojibake(TEXT).encode("utf-8"), "repaired"),
}


@pytest.fixture
def encodings(tmp_path: Path) -> Path:
    root = tmp_path / "encodings"
    root.mkdir()
    for name, (data, _note) in FILES.items():
        (root / f"{name}.txt").write_bytes(data)
    return root


def test_every_encoding_reads_to_the_same_text_with_its_note(encodings: Path) -> None:
    library = Library(encodings)
    library.update()
    for name, (_data, note) in FILES.items():
        source = library.source(name)
        assert source.title == "Café crème", name
        assert [p.text for p in source.passages] == [EXPECTED, "A second line."], name
        if note is None:
            assert not source.notes, (name, source.notes)
        else:
            assert any(note in n for n in source.notes), (name, source.notes)
    for query in ("naïve", "naive", "déjà", unicodedata.normalize("NFD", "déjà"), "owner’s"):
        assert library.search(query).total == len(FILES), query
    library.close()


def test_every_encoding_in_the_cli_passages_output(
    encodings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in FILES:
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
        monkeypatch.setattr(sys, "stdout", out)
        assert main(["passages", name, "--corpus", str(encodings)]) == 0
        buffer = out.buffer
        assert isinstance(buffer, io.BytesIO)
        text = buffer.getvalue().decode("utf-8")
        assert EXPECTED in text and "Café crème" in text, (name, text)
        assert "\r" not in text and "Ã" not in text


def test_every_encoding_in_the_app_reader_with_the_note_in_its_meta_line(
    encodings: Path,
) -> None:
    async def run() -> None:
        app = make_app(encodings)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await ready(pilot)
            for name, (_data, note) in FILES.items():
                screen.show_source(name)
                await settle(pilot)
                reader = screen.reader
                assert reader.source is not None and reader.source.id == name
                shown = "\n".join(str(block.render()) for block in reader.blocks)
                assert EXPECTED in shown, name
                meta = str(reader.query_one(".reader-meta").render())
                if note is not None:
                    assert note in meta, (name, meta)
            assert app.is_running

    asyncio.run(run())


def test_cli_passages_says_when_a_fallback_decoding_was_used(
    encodings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["passages", "cp1252", "--corpus", str(encodings)]) == 0
    _out, err = capsys.readouterr()
    assert "decoded as cp1252" in err
