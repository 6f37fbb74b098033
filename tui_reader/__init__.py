"""tui-reader: read, search and compare how several outlets tell the same story."""

__version__ = "0.1.0"
