"""The one place Whoosh is imported: its modules emit ``SyntaxWarning`` when they are compiled.

Where bytecode is not cached (``PYTHONDONTWRITEBYTECODE``) that happens on every run, so every
Whoosh module we use, including those Whoosh itself imports lazily, is imported here under a filter
(except ``whoosh.writing``, which compiles cleanly and which only updates need: Whoosh imports it
when a writer is opened).

Two modules Whoosh imports at start-up serve nothing we use: ``whoosh.compat`` imports
``urllib.request`` (for an ``urlretrieve`` no Whoosh module calls; it pulls in ``http``, ``email``
and ``ssl``) and ``whoosh.query.terms`` imports ``whoosh.lang.morph_en`` (for ``Variations``
queries, compiling hundreds of patterns). Together about 70 ms of a CLI search. While Whoosh is
imported, those names are served by stand-ins whose functions import the real module on first call.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

_LAZY = {"urllib.request": ("urlretrieve",), "whoosh.lang.morph_en": ("variations",)}


def _real(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if module is None or getattr(module, "_tui_reader_stand_in", False):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    return module


def _deferred(module: str, attr: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(module), attr)(*args, **kwargs)

    return call


@contextmanager
def _stand_in(name: str, attrs: tuple[str, ...]) -> Iterator[None]:
    if name in sys.modules:
        yield
        return
    module = types.ModuleType(name)
    module._tui_reader_stand_in = True  # type: ignore[attr-defined]
    for attr in attrs:
        setattr(module, attr, _deferred(name, attr))

    def forward(attr: str) -> Any:
        if attr.startswith("__"):  # the import system probes ``__path__``, ``__spec__``, ...
            raise AttributeError(attr)
        return getattr(_real(name), attr)

    module.__getattr__ = forward  # type: ignore[method-assign]
    sys.modules[name] = module
    try:
        yield
    finally:
        if sys.modules.get(name) is module:
            del sys.modules[name]
        parent_name, _dot, child = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is not None and getattr(parent, child, None) is module:
            delattr(parent, child)


with ExitStack() as stack:
    stack.enter_context(warnings.catch_warnings())
    for lazy_name, lazy_attrs in _LAZY.items():
        stack.enter_context(_stand_in(lazy_name, lazy_attrs))
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    import whoosh.analysis
    import whoosh.codec.whoosh3
    import whoosh.collectors
    import whoosh.fields
    import whoosh.filedb.filestore
    import whoosh.formats
    import whoosh.index
    import whoosh.lang.porter
    import whoosh.query
    import whoosh.reading
    import whoosh.scoring
    import whoosh.searching
    import whoosh.util.numeric
    from whoosh.reading import TermNotFound
    from whoosh.system import pack_uint

analysis = whoosh.analysis
codec = whoosh.codec.whoosh3
fields = whoosh.fields
filestore = whoosh.filedb.filestore
formats = whoosh.formats
index = whoosh.index
numeric = whoosh.util.numeric
porter = whoosh.lang.porter
query = whoosh.query
reading = whoosh.reading
scoring = whoosh.scoring

__all__ = [
    "TermNotFound",
    "analysis",
    "codec",
    "fields",
    "filestore",
    "formats",
    "index",
    "numeric",
    "pack_uint",
    "porter",
    "query",
    "reading",
    "scoring",
]
