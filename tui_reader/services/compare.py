"""Align the passages of two sources, and diff the words of aligned passages.

How ``align`` works (all of it over ``normalize`` keys: stemmed content words, name keys,
normalised numbers and units; stop words out):

1. Names that the two sources spell differently are merged first (``variant_aliases``: a
   demonym and its place, Russian/Russia; names one edit apart, Sybiha/Sybhia).
2. Every passage and every sentence becomes a set of keys: its content words, and its phrases
   (two content words in a row within a sentence). A word weighs its inverse document frequency
   over the passages of both sources; numbers weigh double and names half again, since a shared
   figure or name is stronger evidence than a shared common word. A phrase weighs only what it
   says beyond its words (its idf less the larger idf of its two words): nothing for a first
   name and surname that always come together, much for common words that rarely meet
   ("reasonably good"). Phrases count when shared, never in a passage's own mass, so two
   passages that share no phrase score exactly what their words give, and one shared phrase
   only adds evidence: the thresholds mean the same with or without phrases.
3. A pair of passages scores the best of: weighted Dice of the two sets; the weighted containment
   of the smaller in the larger (a short passage that restates part of a long one), discounted
   for very short passages; the best Dice of two substantial sentences (one shared statement
   inside two otherwise different paragraphs). Pairs that share fewer than two keys, and headings
   against anything but headings, score zero: furniture never matches on one shared word (but a
   passage whose words are exactly those of the other, like a one-word heading, scores 1).
4. Global greedy matching by score, one to one, above ``MATCH``: reordering costs nothing.
5. n:m: a still unmatched passage joins the group of a neighbour on its own side when it scores
   at least ``MERGE`` against the other side of that group (one long paragraph in A covering two
   short ones in B); leftovers between two in-order groups match at ``GAP_MATCH``; last, a
   passage whose best partner (at least ``MATCH``, a match had the partner been free) is in a
   group joins that group wherever it lies, so groups need not be consecutive. Every join must
   leave the group matching at least as well as a whole (``_grows``): a passage that adds only
   its own news to a group is not part of it.
   Sentence-level groups: a long passage may say in one sentence each what several passages of
   the other side say, and those passages may add news of their own, which the whole-group
   check rejects. So, last, a passage still unmatched joins a group when one of its sentences
   and one of a passage standing alone on its side of the group contain each other (weighted
   containment of the smaller sentence at least ``SENTENCE_JOIN``, both sentences substantial)
   and that sentence is news to the group: no sentence of the passages already paired with it
   shares as much weight with it. A group takes such joins on one side only, so every pair they
   add is linked by a sentence.
6. ``moved``: the longest increasing run of matched groups (by the one-to-one match each grew
   from, in A and in B) is the common order; a matched group outside it is marked moved.
7. Output order follows A (a group sits at its first passage of A); B-only passages sit where
   they fall between the in-order groups.
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tui_reader.models import AlignedGroup, Alignment, DiffToken, Passage, Source
from tui_reader.services.normalize import (
    NAME,
    NUMBER,
    STOP,
    UNIT,
    WORD,
    Key,
    content_keys,
    keys,
    variant_aliases,
)

MATCH = 0.3
"""Lowest pair score that matches two passages one to one."""
GAP_MATCH = 0.18
"""Lowest score that matches two passages lying between the same two in-order groups."""
GAP_SIZE = 4
"""Only gaps of at most this many passages on each side: in a long gap, position says little."""
MERGE = 0.18
"""Lowest score that lets a neighbour join an existing group (n:m)."""
CONTAINMENT = 0.8
"""Weight of containment against Dice: restating part of a passage is weaker than restating it."""
SENTENCE = 0.85
"""Weight of the best sentence pair against whole passages."""
MIN_SHARED = 2
SHORT = 6
"""Passages with fewer content keys than this get their containment scaled down."""
MIN_SENTENCE_KEYS = 5
CANDIDATES = 12
"""Each passage is scored against at most this many partners (those sharing most rare weight)."""
STRONG = 0.6
"""A passage with a partner this close is not searched sentence by sentence."""
SENTENCE_JOIN = 0.4
"""Lowest weighted containment of one sentence in another that lets a still unmatched passage
join the group of the passage it restates a sentence of (sentence-level groups)."""
RARE_SHARE = 8
RARE_MIN = 8
"""A key in more than 1/8 of all passages (and more than ``RARE_MIN``) is common: two
passages that share fewer than two rarer keys are not compared at all (speed)."""
BOOST = {NUMBER: 2.0, NAME: 1.5, UNIT: 0.5}
HEADING = "heading"
PHRASE = " "
"""Joins the two words of a phrase key (no word key contains a space)."""


@dataclass(slots=True)
class _Unit:
    ordinal: int
    kind: str
    keys: frozenset[str]
    sentences: list[frozenset[str]]
    words: frozenset[str]
    """The content words alone (``keys`` without the phrases)."""
    phrases: frozenset[str]
    sentence_words: list[frozenset[str]]
    weight: float = 0.0
    sentence_weights: list[float] = field(default_factory=list)


def _units(
    passages: Sequence[Passage], kinds: dict[str, str], alias: dict[str, str]
) -> list[_Unit]:
    """Each passage as a set of keys: its content words and its phrases (two content words in
    a row within a sentence, stop words skipped), whole and sentence by sentence."""
    units = []
    for p in passages:
        content = content_keys(p.text)
        words = [alias.get(k.key, k.key) for k in content]
        bounds = [0]
        if len(p.sentences) > 1:
            n = 0
            for _, end in p.sentences:
                while n < len(content) and content[n].start < end:
                    n += 1
                bounds.append(n)
        if bounds[-1] != len(words):
            bounds.append(len(words))
        pairs = [f"{x}{PHRASE}{y}" if x != y else "" for x, y in itertools.pairwise(words)]
        sentences: list[frozenset[str]] = []
        sentence_words: list[frozenset[str]] = []
        for first, last in itertools.pairwise(bounds):
            part = frozenset(words[first:last])
            phrases = frozenset(k for k in pairs[first : last - 1] if k)
            sentences.append(part | phrases)
            sentence_words.append(part)
        if len(sentences) < 2:
            sentences = sentences[:1] or [frozenset()]
            sentence_words = sentence_words[:1] or [frozenset()]
        all_keys = frozenset().union(*sentences)
        all_words = frozenset(words)
        units.append(
            _Unit(
                p.ordinal,
                p.kind,
                all_keys,
                sentences,
                all_words,
                all_keys - all_words,
                sentence_words,
            )
        )
    return units


def _kinds(*sources: Sequence[Passage]) -> dict[str, str]:
    """Kind of every content key of the passages (a word is a name if it is one anywhere)."""
    kinds: dict[str, str] = {}
    for passages in sources:
        for p in passages:
            for k in content_keys(p.text):
                if k.kind != WORD or k.key not in kinds:
                    kinds[k.key] = k.kind
    return kinds


def _weigh(
    a: list[_Unit], b: list[_Unit], kinds: dict[str, str]
) -> tuple[dict[str, float], set[str]]:
    """Weights of keys, and the rare keys (in few passages) that candidate pairs must share."""
    units = (*a, *b)
    df = Counter(itertools.chain.from_iterable(u.words for u in units))
    n = len(units)
    idf = {k: math.log(1.0 + n / d) for k, d in df.items()}
    weights = {k: v * BOOST.get(kinds.get(k, ""), 1.0) for k, v in idf.items()}
    for k, d in Counter(itertools.chain.from_iterable(u.phrases for u in units)).items():
        # What the phrase says beyond its words: nothing when its words only ever occur
        # together (a first name and a surname), much when common words make a rare phrase.
        first, _, second = k.partition(PHRASE)
        weights[k] = max(0.0, math.log(1.0 + n / d) - max(idf[first], idf[second]))
    for u in units:
        u.weight = sum(weights[k] for k in u.words)
        u.sentence_weights = [sum(weights[k] for k in s) for s in u.sentence_words]
    cap = max(RARE_MIN, n // RARE_SHARE)
    # Phrases are left out of candidate search: two passages that share a phrase share its words.
    return weights, {k for k, d in df.items() if d <= cap}


def _mass(keys: frozenset[str], weights: dict[str, float]) -> float:
    """Weight of the words of ``keys`` (phrases count only when shared: see ``_pair_score``)."""
    return sum(weights[k] for k in keys if PHRASE not in k)


def _dice(x: frozenset[str], y: frozenset[str], wx: float, wy: float, w: dict[str, float]) -> float:
    shared = x & y
    if len(shared) < MIN_SHARED:
        return 0.0
    return min(1.0, 2.0 * sum(w[k] for k in shared) / (wx + wy))


def _pair_score(x: _Unit, y: _Unit, weights: dict[str, float]) -> float:
    if (x.kind == HEADING) != (y.kind == HEADING):
        return 0.0
    if x.keys == y.keys and x.keys:
        return 1.0  # the same words: a one-word heading matches its copy
    shared = x.keys & y.keys
    if len(shared) < MIN_SHARED:
        return 0.0
    w = sum(weights[k] for k in shared)
    dice = 2.0 * w / (x.weight + y.weight)
    small = min(len(x.words), len(y.words))
    contained = w / min(x.weight, y.weight) * CONTAINMENT * min(1.0, small / SHORT)
    return min(max(dice, contained), 1.0)


def _postings(
    units: list[_Unit], rare: set[str], skip: set[int]
) -> dict[str, list[tuple[int, int]]]:
    """Rare key -> (passage, sentence) that contain it."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, u in enumerate(units):
        if i in skip:
            continue
        for n, part in enumerate(u.sentences):
            for k in part & rare:
                postings[k].append((i, n))
    return postings


def _candidates(
    a: list[_Unit], b: list[_Unit], weights: dict[str, float], rare: set[str]
) -> set[tuple[int, int]]:
    """Pairs that share at least two rare keys, and of those only the ``CANDIDATES`` best
    (by shared rare weight) of each passage on either side: global matching only ever needs
    the best few partners of a passage."""
    postings: dict[str, list[int]] = defaultdict(list)
    for j, u in enumerate(b):
        for k in u.words & rare:
            postings[k].append(j)
    best_a: dict[int, list[tuple[float, int]]] = {}
    best_b: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, u in enumerate(a):
        shared: dict[int, float] = {}
        counts: dict[int, int] = {}
        for k in u.words & rare:
            w = weights[k]
            for j in postings.get(k, ()):
                shared[j] = shared.get(j, 0.0) + w
                counts[j] = counts.get(j, 0) + 1
        options = [(w, j) for j, w in shared.items() if counts[j] >= MIN_SHARED]
        if options:
            best_a[i] = options
            for w, j in options:
                best_b[j].append((w, i))
    chosen: set[tuple[int, int]] = set()
    copies: dict[frozenset[str], list[int]] = defaultdict(list)
    for j, u in enumerate(b):
        if u.keys:
            copies[u.keys].append(j)
    for i, u in enumerate(a):
        chosen.update((i, j) for j in copies.get(u.keys, ())[:CANDIDATES])
    for i, options in best_a.items():
        chosen.update((i, j) for _, j in sorted(options, reverse=True)[:CANDIDATES])
    for j, options in best_b.items():
        chosen.update((i, j) for _, i in sorted(options, reverse=True)[:CANDIDATES])
    return chosen


def _scores(
    a: list[_Unit], b: list[_Unit], weights: dict[str, float], rare: set[str]
) -> dict[tuple[int, int], float]:
    """Scores of candidate passage pairs, raised by their best sentence pair where that helps."""
    scores: dict[tuple[int, int], float] = {}
    for i, j in _candidates(a, b, weights, rare):
        s = _pair_score(a[i], b[j], weights)
        if s > 0.0:
            scores[i, j] = s
    # One shared statement inside two otherwise different passages: best sentence pair. A
    # passage that already has a near copy on the other side needs no such help.
    strong_a = {i for (i, _), s in scores.items() if s >= STRONG}
    strong_b = {j for (_, j), s in scores.items() if s >= STRONG}
    sentence_postings = _postings(b, rare, strong_b)
    for i, u in enumerate(a):
        if i in strong_a or len(u.sentences) < 2:
            continue
        for n, sx in enumerate(u.sentences):
            if len(u.sentence_words[n]) < MIN_SENTENCE_KEYS:
                continue
            wx = u.sentence_weights[n]
            counts_s: dict[tuple[int, int], int] = defaultdict(int)
            for k in sx & rare:
                for jm in sentence_postings.get(k, ()):
                    counts_s[jm] += 1
            for (j, m), c in counts_s.items():
                y = b[j]
                sy = y.sentences[m]
                if c < MIN_SHARED or len(y.sentence_words[m]) < MIN_SENTENCE_KEYS:
                    continue
                if (u.kind == HEADING) != (y.kind == HEADING):
                    continue
                s = SENTENCE * _dice(sx, sy, wx, y.sentence_weights[m], weights)
                if s > scores.get((i, j), 0.0):
                    scores[i, j] = s
    return scores


@dataclass(slots=True)
class _Group:
    a: list[int]
    b: list[int]
    score: float
    head: tuple[int, int] = (-1, -1)
    """The one-to-one match the group grew from: where it sits in the order of both sides
    (passages that join it later, from anywhere, do not move it)."""

    def __post_init__(self) -> None:
        if self.head == (-1, -1) and self.a and self.b:
            self.head = (self.a[0], self.b[0])


def _greedy(scores: dict[tuple[int, int], float]) -> list[_Group]:
    used_a: set[int] = set()
    used_b: set[int] = set()
    groups = []
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < MATCH:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        groups.append(_Group([i], [j], s))
    return groups


def _fill_gaps(
    groups: list[_Group], scores: dict[tuple[int, int], float], n_a: int, n_b: int
) -> None:
    """Match leftovers between two consecutive in-order groups with a lower threshold.

    Position is evidence: a passage lying between the same two matched neighbours on both
    sides, in a short gap, is likely to restate the other one, even in other words. Pairs
    within a gap keep the order of each other, so gap matches never count as moved.
    """
    groups.sort(key=lambda g: g.head)
    anchors = [groups[i] for i in sorted(_increasing(groups))]
    used_a = {i for g in groups for i in g.a}
    used_b = {j for g in groups for j in g.b}
    gap_of_a: dict[int, int] = {}
    gap_of_b: dict[int, int] = {}
    bounds = [(-1, -1), *((g.a[-1], g.b[-1]) for g in anchors)]
    ends = [*((g.a[0], g.b[0]) for g in anchors), (n_a, n_b)]
    for number, ((lo_a, lo_b), (hi_a, hi_b)) in enumerate(zip(bounds, ends, strict=True)):
        if max(hi_a - lo_a, hi_b - lo_b) - 1 <= GAP_SIZE:
            gap_of_a.update((i, number) for i in range(lo_a + 1, hi_a))
            gap_of_b.update((j, number) for j in range(lo_b + 1, hi_b))
    accepted: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < GAP_MATCH:
            break
        gap = gap_of_a.get(i)
        if gap is None or gap != gap_of_b.get(j) or i in used_a or j in used_b:
            continue
        if any((i < x) != (j < y) for x, y in accepted[gap]):
            continue
        accepted[gap].append((i, j))
        used_a.add(i)
        used_b.add(j)
        groups.append(_Group([i], [j], s))


def _merge_neighbours(
    groups: list[_Group],
    scores: dict[tuple[int, int], float],
    a: list[_Unit],
    b: list[_Unit],
    weights: dict[str, float],
) -> None:
    """Let unmatched passages join an adjacent group they restate part of, best score first."""
    owner_a = {i: g for g in groups for i in g.a}
    owner_b = {j: g for g in groups for j in g.b}
    while True:
        best: tuple[float, str, int, _Group] | None = None
        for side, units, owner, other in (("a", a, owner_a, "b"), ("b", b, owner_b, "a")):
            for x in range(len(units)):
                if x in owner or units[x].kind == HEADING:
                    continue
                for neighbour in (x - 1, x + 1):
                    group = owner.get(neighbour)
                    if group is None:
                        continue
                    partners = group.b if other == "b" else group.a
                    s = max(scores.get((x, p) if side == "a" else (p, x), 0.0) for p in partners)
                    if (
                        s >= MERGE
                        and (best is None or s > best[0])
                        and _grows(group, side, x, a, b, weights)
                    ):
                        best = (s, side, x, group)
        if best is None:
            return
        _, side, x, group = best
        if side == "a":
            group.a = sorted([*group.a, x])
            owner_a[x] = group
        else:
            group.b = sorted([*group.b, x])
            owner_b[x] = group


def _join_best(
    groups: list[_Group],
    scores: dict[tuple[int, int], float],
    a: list[_Unit],
    b: list[_Unit],
    weights: dict[str, float],
) -> None:
    """n:m beyond neighbours: a passage still unmatched whose best partner scores at least
    ``MATCH`` (a one-to-one match, had that partner been free) joins the partner's group
    wherever it lies, if the group grows no worse for it (``_grows``). Decided on the groups as
    they stand, so a passage that joins never pulls in another one."""
    owner = {"a": {i: g for g in groups for i in g.a}, "b": {j: g for g in groups for j in g.b}}
    best: dict[str, dict[int, tuple[float, int]]] = {"a": {}, "b": {}}
    for (i, j), s in scores.items():
        for side, x, p in (("a", i, j), ("b", j, i)):
            if s >= MATCH and x not in owner[side] and (s, -p) > best[side].get(x, (0.0, 0)):
                best[side][x] = (s, -p)
    joins: list[tuple[_Group, str, int]] = []
    for side, other in (("a", "b"), ("b", "a")):
        for x, (_, minus_p) in best[side].items():
            group = owner[other].get(-minus_p)
            if group is not None and _grows(group, side, x, a, b, weights):
                joins.append((group, side, x))
    for group, side, x in joins:
        if side == "a":
            group.a = sorted([*group.a, x])
        else:
            group.b = sorted([*group.b, x])


def _substantial(u: _Unit) -> list[int]:
    """Indices of the sentences of ``u`` with at least ``MIN_SENTENCE_KEYS`` content words."""
    return [n for n, words in enumerate(u.sentence_words) if len(words) >= MIN_SENTENCE_KEYS]


def _join_sentences(
    groups: list[_Group],
    scores: dict[tuple[int, int], float],
    a: list[_Unit],
    b: list[_Unit],
    weights: dict[str, float],
    rare: set[str],
) -> None:
    """Sentence-level groups: a long passage may say in one sentence what a passage of the other
    side says, and in its other sentences what other passages say. A passage still unmatched
    joins the group of the passage it restates a sentence of: weighted containment of the
    smaller sentence in the larger at least ``SENTENCE_JOIN``, both sentences substantial and
    sharing two rare keys. Only a passage alone on its side of its group takes such a join, so
    the new link is to the passage restated and not to others that a group pairs it with.
    Candidates are the scored pairs (``_candidates``). Decided on the groups as they stand,
    like ``_join_best``, and applied best first."""
    taken = {"a": {i for g in groups for i in g.a}, "b": {j for g in groups for j in g.b}}
    alone = {
        "a": {g.a[0]: g for g in groups if len(g.a) == 1},
        "b": {g.b[0]: g for g in groups if len(g.b) == 1},
    }
    options: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, j in scores:
        if i not in taken["a"] and j in alone["b"]:
            options["a", i].append(j)
        if j not in taken["b"] and i in alone["a"]:
            options["b", j].append(i)
    joins: list[tuple[float, int, str, int, _Group]] = []
    for (side, q), found in sorted(options.items()):
        units, others = (a, b) if side == "a" else (b, a)
        group_of = alone["b" if side == "a" else "a"]
        u = units[q]
        mine = _substantial(u)
        if u.kind == HEADING or not mine:
            continue
        best: tuple[float, int] | None = None
        for p in found:
            y = others[p]
            if y.kind == HEADING:
                continue
            partners = group_of[p].a if side == "a" else group_of[p].b
            theirs = _substantial(y)
            for n in mine:
                part = u.sentences[n]
                for m in theirs:
                    said = y.sentences[m]
                    common = part & said
                    if len(common) < MIN_SHARED or len(common & rare) < MIN_SHARED:
                        continue
                    small = min(u.sentence_weights[n], y.sentence_weights[m])
                    shared = sum(weights[k] for k in common)
                    contained = min(1.0, shared / small) if small else 0.0
                    if contained < SENTENCE_JOIN or (best is not None and (contained, -p) <= best):
                        continue
                    # The sentence must be news to the group: restated better by this passage
                    # than by any sentence of the passages already paired with it.
                    if any(
                        sum(weights[k] for k in said & other) >= shared
                        for r in partners
                        for other in units[r].sentences
                    ):
                        continue
                    best = (contained, -p)
        if best is not None:
            joins.append((best[0], best[1], side, q, group_of[-best[1]]))
    # Best first; a group that took a join on one side takes none on the other, which would
    # pair two passages that no sentence links.
    for _, _, side, x, group in sorted(joins, key=lambda j: (-j[0], j[1], j[2], j[3])):
        if side == "a" and len(group.b) == 1:
            group.a = sorted([*group.a, x])
        elif side == "b" and len(group.a) == 1:
            group.b = sorted([*group.b, x])


def _increasing(groups: list[_Group]) -> set[int]:
    """Indices (into ``groups``, sorted by A) of one longest run increasing in B."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(groups)
    for idx, g in enumerate(groups):
        key = g.head[1]
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(key)
            tail_idx.append(idx)
        else:
            tails[lo] = key
            tail_idx[lo] = idx
        prev[idx] = tail_idx[lo - 1] if lo else -1
    keep: set[int] = set()
    idx = tail_idx[-1] if tail_idx else -1
    while idx >= 0:
        keep.add(idx)
        idx = prev[idx]
    return keep


def _union_dice(
    ia: Sequence[int], ib: Sequence[int], a: list[_Unit], b: list[_Unit], weights: dict[str, float]
) -> float:
    """Weighted Dice of the passages ``ia`` of A taken together against ``ib`` of B."""
    ka = frozenset().union(*(a[i].keys for i in ia))
    kb = frozenset().union(*(b[j].keys for j in ib))
    wa, wb = _mass(ka, weights), _mass(kb, weights)
    return min(1.0, 2.0 * sum(weights[k] for k in ka & kb) / (wa + wb)) if wa + wb else 0.0


def _grows(
    group: _Group, side: str, x: int, a: list[_Unit], b: list[_Unit], weights: dict[str, float]
) -> bool:
    """Whether ``group`` with passage ``x`` added on ``side`` matches at least as well as a
    whole as without it: the new passage restates what the other side says, rather than
    adding its own."""
    before = _union_dice(group.a, group.b, a, b, weights)
    if side == "a":
        return _union_dice([*group.a, x], group.b, a, b, weights) >= before
    return _union_dice(group.a, [*group.b, x], a, b, weights) >= before


def _group_score(g: _Group, a: list[_Unit], b: list[_Unit], weights: dict[str, float]) -> float:
    if len(g.a) == 1 and len(g.b) == 1:
        return g.score
    return max(_union_dice(g.a, g.b, a, b, weights), g.score)


def _order(groups: list[_Group], moved: set[int], n_a: int, n_b: int) -> list[tuple[_Group, bool]]:
    """Groups in reading order of A (each at its first passage of A), B-only passages before
    the first in-order group that follows them in B."""
    owner_a = {i: gi for gi, g in enumerate(groups) for i in g.a}
    owner_b = {j: gi for gi, g in enumerate(groups) for j in g.b}
    out: list[tuple[_Group, bool]] = []
    bi = 0

    def flush_b(end: int) -> None:
        nonlocal bi
        for y in range(bi, end):
            if y not in owner_b:
                out.append((_Group([], [y], 0.0), False))
        bi = max(bi, end)

    for x in range(n_a):
        owner = owner_a.get(x)
        if owner is None:
            out.append((_Group([x], [], 0.0), False))
        elif groups[owner].a[0] == x:
            if owner not in moved:
                flush_b(groups[owner].head[1])
            out.append((groups[owner], owner in moved))
            if owner not in moved:
                flush_b(groups[owner].head[1] + 1)
    flush_b(n_b)
    return out


def align(a: Source, b: Source) -> Alignment:
    """Groups of passages of ``a`` and ``b`` that report the same thing; every passage once."""
    kinds = _kinds(a.passages, b.passages)
    alias = variant_aliases({k for k, kind in kinds.items() if kind == NAME})
    ua = _units(a.passages, kinds, alias)
    ub = _units(b.passages, kinds, alias)
    weights, rare = _weigh(ua, ub, kinds)
    scores = _scores(ua, ub, weights, rare)
    groups = _greedy(scores)
    _merge_neighbours(groups, scores, ua, ub, weights)
    _fill_gaps(groups, scores, len(ua), len(ub))
    _merge_neighbours(groups, scores, ua, ub, weights)
    _join_best(groups, scores, ua, ub, weights)
    _join_sentences(groups, scores, ua, ub, weights, rare)
    groups.sort(key=lambda g: g.head)
    in_order = _increasing(groups)
    moved = set(range(len(groups))) - in_order
    ordered = _order(groups, moved, len(ua), len(ub))
    ord_a = [p.ordinal for p in a.passages]
    ord_b = [p.ordinal for p in b.passages]
    return Alignment(
        a.id,
        b.id,
        tuple(
            AlignedGroup(
                tuple(ord_a[i] for i in g.a),
                tuple(ord_b[j] for j in g.b),
                round(_group_score(g, ua, ub, weights), 4) if g.a and g.b else 0.0,
                is_moved,
            )
            for g, is_moved in ordered
        ),
    )


# --- word diff ---------------------------------------------------------------------------------

_SMALL_ISLAND = 2
"""A run of at most this many shared stop words between differences counts as different."""


def word_diff(a: str, b: str) -> tuple[tuple[DiffToken, ...], tuple[DiffToken, ...]]:
    """Runs of ``a`` and of ``b`` marked ``same`` (both say it) or ``a``/``b`` (only one does).

    Words are compared by their normalised keys (``Zelenskyy`` = ``Zelensky``, ``five`` = ``5``,
    ``km²`` = ``sq km``), with the names of both texts merged by ``variant_aliases``
    (``Sybiha`` = ``Sybhia``, ``Russian`` = ``Russia``); joining the texts of each side gives
    back ``a`` and ``b`` exactly.
    """
    da, db = diff_texts([a], [b])
    return da[0], db[0]


def diff_texts(
    a: Sequence[str], b: Sequence[str]
) -> tuple[list[tuple[DiffToken, ...]], list[tuple[DiffToken, ...]]]:
    """``word_diff`` over groups of passages: the texts of each side are compared as one
    sequence (so n:m groups diff as a whole) and the runs are returned per text."""
    ka = [keys(t) for t in a]
    kb = [keys(t) for t in b]
    alias = variant_aliases({k.key for ks in (*ka, *kb) for k in ks if k.kind == NAME})
    seq_a = [alias.get(k.key, k.key) for ks in ka for k in ks]
    seq_b = [alias.get(k.key, k.key) for ks in kb for k in ks]
    kinds_a = [k.kind for ks in ka for k in ks]
    same_a = [False] * len(seq_a)
    same_b = [False] * len(seq_b)
    # The first pass is an ordinary diff; later passes run on what is left, so a clause that
    # the other side moved elsewhere in the group is still "said by both".
    for first in (True, False, False):
        left_a = [n for n, flag in enumerate(same_a) if not flag]
        left_b = [n for n, flag in enumerate(same_b) if not flag]
        if not left_a or not left_b:
            break
        matcher = difflib.SequenceMatcher(
            None, [seq_a[n] for n in left_a], [seq_b[n] for n in left_b], autojunk=False
        )
        found = False
        for block in matcher.get_matching_blocks():
            picked_a = left_a[block.a : block.a + block.size]
            picked_b = left_b[block.b : block.b + block.size]
            content = sum(1 for n in picked_a if kinds_a[n] != STOP)
            if content == 0 and (block.size <= _SMALL_ISLAND or not first):
                continue
            found = True
            for n in picked_a:
                same_a[n] = True
            for n in picked_b:
                same_b[n] = True
        if not found:
            break
    return _runs(a, ka, same_a, "a"), _runs(b, kb, same_b, "b")


def _runs(
    texts: Sequence[str], all_keys: list[tuple[Key, ...]], same: list[bool], own: str
) -> list[tuple[DiffToken, ...]]:
    out: list[tuple[DiffToken, ...]] = []
    offset = 0
    for text, ks in zip(texts, all_keys, strict=True):
        out.append(_text_runs(text, ks, same[offset : offset + len(ks)], own))
        offset += len(ks)
    return out


def _text_runs(
    text: str, ks: tuple[Key, ...], flags: list[bool], own: str
) -> tuple[DiffToken, ...]:
    """Cut ``text`` where the op changes: words take their flag; the text between two words is
    "different" only when both neighbours are."""
    changes: list[tuple[str, int]] = [("same", 0)]
    pos = 0
    for n, (k, flag) in enumerate(zip(ks, flags, strict=True)):
        if k.start > pos:
            gap = own if n > 0 and not flags[n - 1] and not flag else "same"
            if gap != changes[-1][0]:
                changes.append((gap, pos))
        op = "same" if flag else own
        if op != changes[-1][0]:
            changes.append((op, k.start))
        pos = k.end
    if pos < len(text) and changes[-1][0] != "same":
        changes.append(("same", pos))
    ends = [start for _, start in changes[1:]] + [len(text)]
    return tuple(
        DiffToken(op, text[start:end])
        for (op, start), end in zip(changes, ends, strict=True)
        if end > start
    )
