"""The only package that imports Whoosh."""
