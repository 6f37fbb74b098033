"""Entry point: ``tui-reader`` and ``python -m tui_reader``."""

from __future__ import annotations

import gc
import sys
import warnings

QUICK_GC_THRESHOLD = 200_000
"""Allocations between young-generation collections in a CLI command (Python's default: 700).

A search allocates a few hundred thousand objects that all live to the end (modules, manifest
rows, scan entries); collecting them over and over was 60-80 ms of a 0.4 s run. Long runs (an
in-memory rebuild) still collect, just less often."""


def main() -> int:
    # Whoosh 2.7.4 compiles with SyntaxWarnings; where bytecode is not cached that is every run.
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    from tui_reader.cli import COMMANDS
    from tui_reader.cli import main as cli_main

    if sys.argv[1:2] and sys.argv[1] in COMMANDS:
        gc.set_threshold(QUICK_GC_THRESHOLD, *gc.get_threshold()[1:])
        code = cli_main()
        gc.freeze()  # nothing left to collect: the collection at exit would only walk the heap
        return code
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
