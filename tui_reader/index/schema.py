"""Index fields, one document per passage, and the version that invalidates older indexes.

Indexed values are token lists we analyse ourselves (``analysis.analyze``), so Whoosh's analyzers
only ever see them as pre-split words; the analyzer named here is never run at index time.

- ``source``: the source id, one term; for deleting a source and listing its passages.
- ``body``: Porter stems of folded words, stop words kept; frequencies, no positions.
- ``exact``: folded words as written, with positions: phrases and prefixes.
- ``names``: spelling-variant keys of capitalised words; frequencies, no positions.
- ``doc``: the stored passage ``(source id, ordinal, text, start, end, kind, sentences)``.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1
"""Bump whenever fields or analysis change: every older index is then rebuilt."""


def make_schema() -> Any:
    # Imported here so that reading the manifest (no-op updates, ``sources``) never loads Whoosh.
    from tui_reader.index._whoosh import analysis, fields

    words = analysis.SpaceSeparatedTokenizer()
    return fields.Schema(
        source=fields.ID(),
        body=fields.TEXT(analyzer=words, phrase=False),
        exact=fields.TEXT(analyzer=words, phrase=True),
        names=fields.TEXT(analyzer=words, phrase=False),
        doc=fields.STORED(),
    )
