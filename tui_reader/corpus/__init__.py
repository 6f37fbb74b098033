"""Reading a folder of articles: find files, decode safely, clean, segment. No Textual, no Whoosh."""
