"""Make untrusted text safe for a terminal: drop (or show) control characters and escape sequences.

Everything read from a file or a file name passes through :func:`strip_controls` before it can reach
the terminal; the raw view uses :func:`visible_controls`, which keeps the same characters but makes
them visible instead of dropping them.
"""

from __future__ import annotations

import re

# Format characters (Unicode category Cf, Unicode 14): soft hyphen, bidi marks, embeddings,
# overrides and isolates, zero-width space/joiners, word joiner, BOM, interlinear annotation,
# tag characters (used for "ASCII smuggling"). A test checks this list against unicodedata.
_CF = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"

# Whole escape sequences first, so that "ESC[31m" goes away entirely rather than leaving "[31m".
# OSC/DCS bodies never run past a newline: an unterminated one must not swallow the article.
_SEQUENCE_RE = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC (hyperlinks, titles)
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI (colours, cursor movement)
    r"|\x1b[ -/]*[0-~]"  # other two-character escapes
)
_SPECIAL_RE = re.compile(f"[{_CONTROLS}{_CF}{_SURROGATES}\t\u2028\u2029]")

_STRIP_MAP = {"\t": " ", "\u2028": "\n", "\u2029": "\n"}


def _strip_char(match: re.Match[str]) -> str:
    ch = match.group()
    replacement = _STRIP_MAP.get(ch)
    if replacement is not None:
        return replacement
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"  # a lone surrogate (undecodable file name byte) cannot be printed
    return ""


def strip_controls(text: str) -> str:
    """Remove escape sequences, C0/C1 controls, bidi controls and zero-width format characters.

    ``\\n`` is kept, ``\\t`` becomes a space, U+2028/U+2029 become ``\\n`` and lone surrogates
    (from undecodable bytes in file names) become U+FFFD.
    """
    # Every character handled here is unprintable, and isprintable() is a faster scan than the
    # search (text with a no-break space or another unprintable character still searches).
    if text.replace("\n", " ").isprintable() or not _SPECIAL_RE.search(text):
        return text
    text = _SEQUENCE_RE.sub("", text)
    return _SPECIAL_RE.sub(_strip_char, text)


def _visible_char(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ␀ ... ␟ (ESC is ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= code <= 0xDCFF:
        return f"<0x{code - 0xDC00:02X}>"  # a byte that os.fsdecode could not decode
    return f"<U+{code:04X}>"


def visible_controls(text: str) -> str:
    """The same characters :func:`strip_controls` removes, shown visibly; ``\\n`` is kept.

    C0 controls become control pictures (ESC is ``␛``, so ``ESC[31m`` reads ``␛[31m``), DEL is
    ``␡``, other characters (C1, bidi, zero-width, line separators) read ``<U+202E>``, undecodable
    file name bytes read ``<0xFF>``.
    """
    if not _SPECIAL_RE.search(text):
        return text
    return _SPECIAL_RE.sub(_visible_char, text)


def shown_name(name: str) -> str:
    """A file name or source id for a one-line message: :func:`visible_controls`, and a line
    break inside the name reads ``␊``, so a name can never start a new line of output."""
    return visible_controls(name).replace("\n", "\u240a")
