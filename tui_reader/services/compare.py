"""Align the passages of two sources, and diff the words of aligned passages.

How ``align`` works (all of it over ``normalize`` keys: stemmed content words, name keys,
normalised numbers and units; stop words out):

1. Every passage and every sentence becomes a set of keys. A key weighs its inverse document
   frequency over the passages of both sources; numbers weigh double and names half again, since
   a shared figure or name is stronger evidence than a shared common word.
2. A pair of passages scores the best of: weighted Dice of the two sets; the weighted containment
   of the smaller in the larger (a short passage that restates part of a long one), discounted
   for very short passages; the best Dice of two substantial sentences (one shared statement
   inside two otherwise different paragraphs). Pairs that share fewer than two keys, and headings
   against anything but headings, score zero: furniture never matches on one shared word (but a
   passage whose words are exactly those of the other, like a one-word heading, scores 1).
3. Global greedy matching by score, one to one, above ``MATCH``: reordering costs nothing.
4. n:m: a still unmatched passage joins the group of a neighbour on its own side when it scores
   at least ``MERGE`` against the other side of that group (one long paragraph in A covering two
   short ones in B), so groups stay runs of consecutive passages on each side.
5. ``moved``: the longest increasing run of matched groups (by position in A and in B) is the
   common order; a matched group outside it breaks the order and is marked moved.
6. Output order follows A; B-only passages sit where they fall between the in-order groups.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tui_reader.models import AlignedGroup, Alignment, DiffToken, Passage, Source
from tui_reader.services.normalize import NAME, NUMBER, STOP, UNIT, WORD, Key, content_keys, keys

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
RARE_SHARE = 8
RARE_MIN = 8
"""A key in more than 1/8 of all passages (and more than ``RARE_MIN``) is common: two
passages that share fewer than two rarer keys are not compared at all (speed)."""
BOOST = {NUMBER: 2.0, NAME: 1.5, UNIT: 0.5}
HEADING = "heading"


@dataclass(slots=True)
class _Unit:
    ordinal: int
    kind: str
    keys: frozenset[str]
    sentences: list[frozenset[str]]
    weight: float = 0.0
    sentence_weights: list[float] = field(default_factory=list)


def _units(passages: Sequence[Passage], kinds: dict[str, str]) -> list[_Unit]:
    units = []
    for p in passages:
        content = content_keys(p.text)
        for k in content:
            if k.kind != WORD or k.key not in kinds:
                kinds[k.key] = k.kind
        sentences: list[frozenset[str]] = []
        if len(p.sentences) > 1:
            n = 0
            for _, end in p.sentences:
                first = n
                while n < len(content) and content[n].start < end:
                    n += 1
                sentences.append(frozenset(k.key for k in content[first:n]))
        all_keys = frozenset(k.key for k in content)
        units.append(_Unit(p.ordinal, p.kind, all_keys, sentences or [all_keys]))
    return units


def _weigh(
    a: list[_Unit], b: list[_Unit], kinds: dict[str, str]
) -> tuple[dict[str, float], set[str]]:
    """Weights of keys, and the rare keys (in few passages) that candidate pairs must share."""
    df: dict[str, int] = defaultdict(int)
    for u in (*a, *b):
        for k in u.keys:
            df[k] += 1
    n = len(a) + len(b)
    weights = {k: math.log(1.0 + n / d) * BOOST.get(kinds.get(k, ""), 1.0) for k, d in df.items()}
    for u in (*a, *b):
        u.weight = sum(weights[k] for k in u.keys)
        u.sentence_weights = [sum(weights[k] for k in s) for s in u.sentences]
    cap = max(RARE_MIN, n // RARE_SHARE)
    return weights, {k for k, d in df.items() if d <= cap}


def _dice(x: frozenset[str], y: frozenset[str], wx: float, wy: float, w: dict[str, float]) -> float:
    shared = x & y
    if len(shared) < MIN_SHARED:
        return 0.0
    return 2.0 * sum(w[k] for k in shared) / (wx + wy)


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
    small = min(len(x.keys), len(y.keys))
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
        for k in u.keys & rare:
            postings[k].append(j)
    shared: dict[tuple[int, int], float] = defaultdict(float)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for i, u in enumerate(a):
        for k in u.keys & rare:
            w = weights[k]
            for j in postings.get(k, ()):
                shared[i, j] += w
                counts[i, j] += 1
    best_a: dict[int, list[tuple[float, int]]] = defaultdict(list)
    best_b: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), w in shared.items():
        if counts[i, j] >= MIN_SHARED:
            best_a[i].append((w, j))
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
            if len(sx) < MIN_SENTENCE_KEYS:
                continue
            wx = u.sentence_weights[n]
            counts_s: dict[tuple[int, int], int] = defaultdict(int)
            for k in sx & rare:
                for jm in sentence_postings.get(k, ()):
                    counts_s[jm] += 1
            for (j, m), c in counts_s.items():
                y = b[j]
                sy = y.sentences[m]
                if c < MIN_SHARED or len(sy) < MIN_SENTENCE_KEYS:
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
    groups.sort(key=lambda g: g.a[0])
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
                    if s >= MERGE and (best is None or s > best[0]):
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


def _increasing(groups: list[_Group]) -> set[int]:
    """Indices (into ``groups``, sorted by A) of one longest run increasing in B."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(groups)
    for idx, g in enumerate(groups):
        key = g.b[0]
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


def _group_score(g: _Group, a: list[_Unit], b: list[_Unit], weights: dict[str, float]) -> float:
    if len(g.a) == 1 and len(g.b) == 1:
        return g.score
    ka = frozenset().union(*(a[i].keys for i in g.a))
    kb = frozenset().union(*(b[j].keys for j in g.b))
    wa = sum(weights[k] for k in ka)
    wb = sum(weights[k] for k in kb)
    dice = 2.0 * sum(weights[k] for k in ka & kb) / (wa + wb) if wa + wb else 0.0
    return max(dice, g.score)


def _order(groups: list[_Group], moved: set[int], n_a: int, n_b: int) -> list[tuple[_Group, bool]]:
    """Groups in reading order of A, B-only passages between the in-order groups they fall in."""
    owner_a = {i: gi for gi, g in enumerate(groups) for i in g.a}
    owner_b = {j: gi for gi, g in enumerate(groups) for j in g.b}
    anchors = [gi for gi in range(len(groups)) if gi not in moved]
    out: list[tuple[_Group, bool]] = []
    ai = bi = 0
    for gi in [*anchors, -1]:
        end_a, end_b = (groups[gi].a[0], groups[gi].b[0]) if gi >= 0 else (n_a, n_b)
        for x in range(ai, end_a):
            owner = owner_a.get(x)
            if owner is None:
                out.append((_Group([x], [], 0.0), False))
            elif groups[owner].a[0] == x:
                out.append((groups[owner], True))
        for y in range(bi, end_b):
            if y not in owner_b:
                out.append((_Group([], [y], 0.0), False))
        if gi >= 0:
            out.append((groups[gi], False))
            ai, bi = groups[gi].a[-1] + 1, groups[gi].b[-1] + 1
    return out


def align(a: Source, b: Source) -> Alignment:
    """Groups of passages of ``a`` and ``b`` that report the same thing; every passage once."""
    kinds: dict[str, str] = {}
    ua = _units(a.passages, kinds)
    ub = _units(b.passages, kinds)
    weights, rare = _weigh(ua, ub, kinds)
    scores = _scores(ua, ub, weights, rare)
    groups = _greedy(scores)
    _merge_neighbours(groups, scores, ua, ub)
    _fill_gaps(groups, scores, len(ua), len(ub))
    _merge_neighbours(groups, scores, ua, ub)
    groups.sort(key=lambda g: g.a[0])
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
    ``km²`` = ``sq km``); joining the texts of each side gives back ``a`` and ``b`` exactly.
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
    seq_a = [k.key for ks in ka for k in ks]
    seq_b = [k.key for ks in kb for k in ks]
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
