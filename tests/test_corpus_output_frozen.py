"""Loading an article gives exactly the output it gave when these digests were frozen.

Speed work on cleaning and segmentation must not change a single title, passage span, sentence
span, kind, dropped line or note. Every seed article and every article of the synthetic
benchmark corpus (``benchmarks.generate``, default seed, 1,000 articles, generated in memory) is
loaded and digested; the digests are compared with ``tests/data/corpus_output_digests.json``.

Regenerate the file only for an intended change of output:
``python -m tests.test_corpus_output_frozen --write``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from benchmarks.generate import DEFAULT_SEED, article_text, file_name
from tui_reader.corpus.articles import build_source, load_source
from tui_reader.corpus.loader import decode, scan
from tui_reader.models import Skipped, Source

DIGESTS = Path(__file__).resolve().parent / "data" / "corpus_output_digests.json"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SYNTH_COUNT = 1000


def digest(source: Source | Skipped) -> str:
    if isinstance(source, Skipped):
        fields: object = ("skipped", source.path, source.reason)
    else:
        fields = (
            source.id,
            source.title,
            source.text,
            source.encoding,
            source.notes,
            source.dropped,
            tuple(
                (p.ordinal, p.start, p.end, p.kind, p.text, p.sentences) for p in source.passages
            ),
        )
    return hashlib.sha1(repr(fields).encode("utf-8", "surrogatepass")).hexdigest()


def _seed_digests() -> Iterator[tuple[str, str]]:
    entries, _ = scan(SEEDS)
    for entry in entries:
        yield "seeds/" + entry.rel, digest(load_source(SEEDS, entry))


def _synth_digests() -> Iterator[tuple[str, str]]:
    for index in range(SYNTH_COUNT):
        name = file_name(index)
        raw, encoding, note = decode(article_text(DEFAULT_SEED, index).encode("utf-8"))
        notes = (note,) if note else ()
        source = build_source(name.removesuffix(".txt"), Path(name), raw, encoding, notes)
        yield "synth/" + name, digest(source)


def current_digests() -> dict[str, str]:
    return dict([*_seed_digests(), *_synth_digests()])


def test_seed_and_synthetic_articles_load_exactly_as_frozen() -> None:
    frozen: dict[str, str] = json.loads(DIGESTS.read_text("utf-8"))
    current = current_digests()
    assert sorted(current) == sorted(frozen)
    changed = [name for name in frozen if current[name] != frozen[name]]
    assert changed == [], f"{len(changed)} articles load differently, first: {changed[:5]}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.test_corpus_output_frozen --write")
    DIGESTS.write_text(json.dumps(current_digests(), indent=0, sort_keys=True) + "\n", "utf-8")
