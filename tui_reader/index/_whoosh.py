"""The one place Whoosh is imported: its modules emit ``SyntaxWarning`` when they are compiled.

Where bytecode is not cached (``PYTHONDONTWRITEBYTECODE``) that happens on every run, so every
Whoosh module we use, including those Whoosh itself imports lazily, is imported here under a filter.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    import whoosh.analysis
    import whoosh.codec.whoosh3
    import whoosh.collectors
    import whoosh.fields
    import whoosh.filedb.filestore
    import whoosh.index
    import whoosh.lang.porter
    import whoosh.query
    import whoosh.scoring
    import whoosh.searching
    import whoosh.util.numeric
    import whoosh.writing
    from whoosh.reading import TermNotFound
    from whoosh.system import pack_uint

analysis = whoosh.analysis
codec = whoosh.codec.whoosh3
fields = whoosh.fields
filestore = whoosh.filedb.filestore
index = whoosh.index
numeric = whoosh.util.numeric
porter = whoosh.lang.porter
query = whoosh.query
scoring = whoosh.scoring

__all__ = [
    "TermNotFound",
    "analysis",
    "codec",
    "fields",
    "filestore",
    "index",
    "numeric",
    "pack_uint",
    "porter",
    "query",
    "scoring",
]
