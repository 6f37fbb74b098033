"""Rendering of service results for the terminal (Rich) and for reports (Markdown)."""
