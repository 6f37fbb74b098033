"""The index format version, readable without importing Whoosh (no-op updates only need this)."""

SCHEMA_VERSION = 4
"""Bump whenever fields or analysis change: every older index is then rebuilt."""
