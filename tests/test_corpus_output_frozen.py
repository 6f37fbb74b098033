"""Loading an article gives exactly the output it gave when these digests were frozen.

Speed work on cleaning and segmentation must not change a single title, passage span, sentence
span, kind, dropped line or note. Every seed article and every article of the synthetic
benchmark corpus (``benchmarks.generate``, default seed, 1,000 articles, generated in memory) is
loaded and digested; the digests are compared with ``tests/data/corpus_output_digests.json``.
The speed work that froze them also checked generated texts (hypothesis) against a copy of the
code as it was; that copy served its purpose and is not kept (it would make every intended change
to cleaning fail twice).

Regenerate the file only for an intended change of output:
``python -m tests.test_corpus_output_frozen --write``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import DEFAULT_SEED, article_text, file_name
from tui_reader.corpus.articles import build_source, load_source
from tui_reader.corpus.loader import _repair_mojibake, decode, scan
from tui_reader.corpus.segment import split_passages, split_sentences
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


# Pieces that hit the fast paths and their edges: sentence ends after abbreviations, initials,
# acronyms, numbers and quotes; every kind of white space; markdown, LaTeX, furniture, tables.
PIECES = [
    "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x0b", "\x0c", "\x1c",
    "\x85", "\u2028", "\r", ". ", "! ", "? ", "?! ", "… ", "...", ".\" ", ".” ", ".’) ", ".] ",
    "Mr. ", "mr. ", "Approx. ", "approx.", "No. 10", "no. X", "Fig. 3", "Dec. 5", "St.", "I. ",
    "J. ", "j. ", "U.S. ", "e.g. ", "i.e.", "a.m. ", "U.S.A.", "ab.cd.", "(Dr. ", "“Mr. ", "'A. ",
    "‘St. ", "[Jr. ", "Smith", "Who", "the", "said", "Ⅻ", "ǅ", "É", "١٢", "5", "“", "‘", "«", "(",
    "[", "¿", "¡", "•", "\"", "'", "# ", "## Heading\n", "**bold**", "[link](http://x/y)",
    "![i](a.png)", "> ", "- ", "* ", "· ", "1. ", "a) ", "| a | b |\n", "|---|---|\n", "| 1 |",
    "Q: Why?\n", "A: Because.\n", "$12.5\\%$", "km^2", "5\\%", "Advertisement\n",
    "Share this article\n", "By John Smith\n", "Published 3 Dec 2025 10:00 GMT\n",
    "Home > World > Story\n", "Related Topics\n", "---\ntitle: x\n---\n", "\x1b[31m", "\x07",
    "\u200b", "\u202e", "\ufeff", "e\u0301", "Zürich", "東京", "🙂", "ﬁ", "ß",
]  # fmt: skip
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8
)
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), WORDS), max_size=60).map("".join)
COMPARED = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_long_passages_and_runs_of_marks_split_in_order() -> None:
    # A run of 5,000 marks once took the sentence splitter 23 s to backtrack through.
    sentences = "Dr. No met J. Smith at No. 10. It rained… “Yes,” he said. " * 300
    words = "word " * 3000
    marks = ["a" + "." * 5000 + " B", "!?" * 2500 + "” X. Y", "x" * 2100 + "…" * 3000 + " Z"]
    for text in (sentences, words, "x" * 9000, sentences.replace(" ", "\u00a0"), *marks):
        for spans in ([(a, b) for a, b, _kind in split_passages(text)], split_sentences(text)):
            assert spans and all(0 <= a < b <= len(text) for a, b in spans)
            assert all(b1 <= a2 for (_a1, b1), (a2, _b2) in pairwise(spans))
    first = split_sentences(sentences)[:3]
    assert [sentences[a:b] for a, b in first] == [
        "Dr. No met J. Smith at No. 10.",
        "It rained…",
        "“Yes,” he said.",
    ]


def _decode_as_before(data: bytes) -> tuple[str, str, str | None]:
    """``loader.decode`` for UTF-8 without a BOM, as it was: the repair is always tried."""
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    repaired = _repair_mojibake(text)
    if repaired != text:
        return unicodedata.normalize("NFC", repaired), "utf-8", "repaired mis-decoded text"
    return text, "utf-8", None


MOJIBAKE_PIECES = [
    "â€™", "Ã©", "Ã", "Â", "Â ", "ô", "õ", "é", "A\u0302", "\u0302", "a\u0301", "€", "’", "“",
    "\r\n", "\n", " ", "word", "Ã\u0302", "Â\u20ac", "ÃƒÂ©",
]  # fmt: skip


@COMPARED
@given(st.lists(st.sampled_from(MOJIBAKE_PIECES), max_size=30).map("".join))
def test_decoding_repairs_as_before(text: str) -> None:
    data = text.encode("utf-8")
    assert decode(data) == _decode_as_before(data)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.test_corpus_output_frozen --write")
    DIGESTS.write_text(json.dumps(current_digests(), indent=0, sort_keys=True) + "\n", "utf-8")
