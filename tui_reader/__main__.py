"""Entry point: ``tui-reader`` and ``python -m tui_reader``."""

from __future__ import annotations

import sys
import warnings


def main() -> int:
    # Whoosh 2.7.4 compiles with SyntaxWarnings; where bytecode is not cached that is every run.
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    from tui_reader.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
