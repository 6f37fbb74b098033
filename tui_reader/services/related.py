"""Sources that tell the same story as a given one: the sources a coverage grid should compare.

On a folder of five articles every source is compared; on 10,000 the grid needs the handful that
report the same events. The article's most telling words (names first, then long words, by how
often the article uses them) become one ``Or`` query; the sources whose passages score highest for
it, summed over their passages, are its neighbours.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from tui_reader.corpus.tokens import tokenize
from tui_reader.models import Source
from tui_reader.services.backend import SearchBackend
from tui_reader.services.normalize import NAME, WORD, content_keys
from tui_reader.services.query import Or, ParsedQuery, Term

NEIGHBOURS = 7
"""How many closest sources a facts grid compares with the current one on a large corpus."""
QUERY_WORDS = 12
CANDIDATES = 400
MIN_WORD = 5


def _word(text: str, start: int, end: int) -> str:
    """The folded word as the index holds it (a unit of two words gives none)."""
    tokens = tokenize(text[start:end])
    return tokens[0][0] if len(tokens) == 1 else ""


def telling_words(source: Source, count: int = QUERY_WORDS) -> list[str]:
    """The words of ``source`` that best tell its story apart, most telling first."""
    weights: Counter[str] = Counter()
    for text in (source.title, *(p.text for p in source.passages)):
        for k in content_keys(text):
            if k.kind == NAME or (k.kind == WORD and k.end - k.start >= MIN_WORD):
                word = _word(text, k.start, k.end)
                if word:
                    weights[word] += 2 if k.kind == NAME else 1
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:count]]


def related_sources(backend: SearchBackend, source: Source, limit: int) -> list[str]:
    """Up to ``limit`` other source ids, the closest first (none when nothing is shared)."""
    words = telling_words(source)
    if not words or limit <= 0:
        return []
    root = Or(tuple(Term(w) for w in words)) if len(words) > 1 else Term(words[0])
    hits, _total = backend.search(ParsedQuery(root, None, " OR ".join(words)), CANDIDATES)
    scores: defaultdict[str, float] = defaultdict(float)
    for hit in hits:
        if hit.source_id != source.id:
            scores[hit.source_id] += hit.score
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [source_id for source_id, _ in ranked[:limit]]
