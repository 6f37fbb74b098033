"""Who reports what: numbers, names and quotations merged across sources.

``extract_facts(sources)`` returns one ``Fact`` per number, name or quotation, with the passages
of each source that carry it, how each source writes it, and (numbers) whether another source
gives a different value for the same thing. Pure functions over ``Source`` objects: no I/O.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from tui_reader.models import Source
from tui_reader.services.facts_model import KINDS, Fact, Mention
from tui_reader.services.facts_names import merge_keys, name_mentions
from tui_reader.services.facts_numbers import number_mentions
from tui_reader.services.facts_quotes import NameSpan, quote_mentions
from tui_reader.services.facts_text import STOP_WORDS, fold, sentence_at, sentences

__all__ = [
    "DEFAULT_KINDS",
    "KINDS",
    "Fact",
    "Mention",
    "disagreements",
    "extract_facts",
    "fact_record",
    "missing_from",
    "omissions",
    "only_in",
    "singletons",
]

DEFAULT_KINDS = ("number", "name", "quote")
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_MIN_QUOTE_WORDS = 3
_CONTEXT_WORD = re.compile(r"[^\W\d_]{4,}")


def extract_facts(sources: Sequence[Source], kinds: Iterable[str] = DEFAULT_KINDS) -> list[Fact]:
    """Facts of the wanted kinds, most widely carried first within each kind."""
    wanted = set(kinds)
    order = {s.id: i for i, s in enumerate(sources)}
    names: list[Mention] = []
    name_facts: list[Fact] = []
    if wanted & {"name", "quote"}:
        names = name_mentions(sources)
        target = merge_keys(names)
        names = [_rekey(m, target[m.key]) for m in names]
        name_facts = _group(names, order)
    facts: list[Fact] = []
    if "name" in wanted:
        facts.extend(name_facts)
    if wanted & {"number", "date"}:
        numbers = [m for s in sources for p in s.passages for m in number_mentions(p)]
        facts.extend(_numbers(numbers, sources, order, wanted))
    if "quote" in wanted:
        facts.extend(_quotes(sources, names, name_facts, order))
    facts.sort(key=lambda f: (_KIND_ORDER[f.kind], -f.count, _first(f, order)))
    return facts


def _rekey(m: Mention, key: str) -> Mention:
    if key == m.key:
        return m
    return Mention(
        m.kind, key, m.label, m.form, m.source_id, m.ordinal, m.start, m.end, subkind=m.subkind
    )


def _first(fact: Fact, order: dict[str, int]) -> tuple[int, int]:
    m = fact.mentions[0]
    return (order.get(m.source_id, 0), m.ordinal)


def _group(mentions: Sequence[Mention], order: dict[str, int]) -> list[Fact]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[(m.kind, m.key)].append(m)
    return [_fact(ms, order) for ms in groups.values()]


def _fact(mentions: list[Mention], order: dict[str, int], **extra: object) -> Fact:
    mentions = sorted(mentions, key=lambda m: (order.get(m.source_id, 0), m.ordinal, m.start))
    first = mentions[0]
    ordinals: dict[str, set[int]] = defaultdict(set)
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        ordinals[m.source_id].add(m.ordinal)
        per_source[m.source_id][m.form] += 1
    forms = {sid: _preferred(c) for sid, c in per_source.items()}
    if first.kind == "name":
        text = _name_text(mentions)
    elif first.kind == "quote":
        text = max((m.form for m in mentions), key=len)
    else:
        text = Counter(m.label for m in mentions).most_common(1)[0][0]
    # the form most sources use; on a tie, the one the fact is shown as, then the first
    used = Counter(forms.values())
    common = max(used, key=lambda f: (used[f], f == text))
    variants = tuple(dict.fromkeys(m.form for m in mentions))
    subkinds = Counter(m.subkind for m in mentions if m.subkind)
    subkind = ""
    if subkinds:
        rank = {"person": 0, "org": 1, "place": 2}
        subkind = min(subkinds, key=lambda k: (-subkinds[k], rank.get(k, 3)))
    return Fact(
        kind=first.kind,
        key=first.key,
        text=text,
        sources={sid: tuple(sorted(ordinals[sid])) for sid in ordinals},
        variants=variants,
        forms=forms,
        common=common,
        subkind=subkind,
        measure=first.measure,
        mentions=tuple(mentions),
        **extra,  # type: ignore[arg-type]
    )


def _preferred(forms: Counter[str]) -> str:
    """The form a source uses for a fact: its fullest one, then its most frequent."""
    return max(forms, key=lambda f: (len(f.split()), forms[f]))


def _name_text(mentions: Sequence[Mention]) -> str:
    forms = Counter(m.form for m in mentions)
    acronyms = [f for f in forms if f.replace(".", "").isupper()]
    if acronyms:
        # "NATO" over "North Atlantic Treaty Organization" when the acronym is the usual form
        top = max(acronyms, key=lambda f: forms[f])
        full = [f for f in forms if f not in acronyms]
        if not full or forms[top] >= max(forms[f] for f in full):
            return top
        return max(full, key=lambda f: forms[f])
    return max(forms, key=lambda f: (len(f.split()), forms[f]))


# --- numbers ------------------------------------------------------------------------------------


def _numbers(
    mentions: list[Mention], sources: Sequence[Source], order: dict[str, int], wanted: set[str]
) -> list[Fact]:
    mentions = [m for m in mentions if m.kind in wanted]
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[m.key].append(m)
    by_measure: dict[str, list[str]] = defaultdict(list)
    for key, ms in groups.items():
        if ms[0].measure and ms[0].kind == "number":
            by_measure[ms[0].measure].append(key)
    disagreeing: set[str] = set()
    if any(len(keys) > 1 for keys in by_measure.values()):
        contexts = _contexts(sources)
        common_words = _common_words(contexts)
        for keys in by_measure.values():
            for i, a in enumerate(keys):
                for b in keys[i + 1 :]:
                    if _disagree(groups[a], groups[b], contexts, common_words):
                        disagreeing.update((a, b))
    return [_fact(ms, order, disagree=key in disagreeing) for key, ms in groups.items()]


def _contexts(
    sources: Sequence[Source],
) -> dict[tuple[str, int], list[tuple[int, int, frozenset[str]]]]:
    out: dict[tuple[str, int], list[tuple[int, int, frozenset[str]]]] = {}
    for s in sources:
        for p in s.passages:
            spans = sentences(p)
            out[(s.id, p.ordinal)] = [
                (a, b, frozenset(_CONTEXT_WORD.findall(fold(p.text[a:b])))) for a, b in spans
            ]
    return out


def _common_words(
    contexts: dict[tuple[str, int], list[tuple[int, int, frozenset[str]]]],
) -> frozenset[str]:
    """Words in more than a fifth of all sentences: too common to tie two sentences together."""
    counts: Counter[str] = Counter()
    total = 0
    for sents in contexts.values():
        for _a, _b, ws in sents:
            counts.update(ws)
            total += 1
    limit = max(2, total // 5)
    return frozenset(w for w, n in counts.items() if n > limit) | STOP_WORDS


def _context_of(
    m: Mention, contexts: dict[tuple[str, int], list[tuple[int, int, frozenset[str]]]]
) -> frozenset[str]:
    for a, b, ws in contexts.get((m.source_id, m.ordinal), []):
        if a <= m.start < b:
            return ws
    return frozenset()


def _disagree(
    a: list[Mention],
    b: list[Mention],
    contexts: dict[tuple[str, int], list[tuple[int, int, frozenset[str]]]],
    common: frozenset[str],
) -> bool:
    """Two values for one measure disagree when one source gives only the first, another only
    the second, and their sentences share at least two uncommon words (the same event)."""
    sources_a = {m.source_id for m in a}
    sources_b = {m.source_id for m in b}
    only_a, only_b = sources_a - sources_b, sources_b - sources_a
    if not only_a or not only_b:
        return False
    for ma in a:
        if ma.source_id not in only_a:
            continue
        words_a = _context_of(ma, contexts) - common
        for mb in b:
            if mb.source_id not in only_b:
                continue
            if len(words_a & (_context_of(mb, contexts) - common)) >= 2:
                return True
    return False


# --- quotes -------------------------------------------------------------------------------------


def _quotes(
    sources: Sequence[Source],
    names: Sequence[Mention],
    name_facts: Sequence[Fact],
    order: dict[str, int],
) -> list[Fact]:
    label = {f.key: f.text for f in name_facts}
    subkind = {f.key: f.subkind for f in name_facts}
    person_keys = {f.key for f in name_facts if f.subkind == "person"} | _surnamed(name_facts)
    by_passage: dict[tuple[str, int], list[NameSpan]] = defaultdict(list)
    for m in names:
        by_passage[(m.source_id, m.ordinal)].append(
            NameSpan(
                m.start,
                m.end,
                label[m.key],
                m.key in person_keys or m.subkind == "person",
                subkind[m.key] == "place",
            )
        )
    mentions = [
        q
        for s in sources
        for p in s.passages
        for q in quote_mentions(p, by_passage.get((s.id, p.ordinal), []))
    ]
    groups = _merge_quotes(mentions)
    facts: list[Fact] = []
    for ms in groups:
        longest = max(len(m.key.split()) for m in ms)
        if longest < _MIN_QUOTE_WORDS and len({m.source_id for m in ms}) < 2:
            continue  # a two-word quote of one source is most often a scare quote
        speakers = Counter(m.speaker for m in ms if m.speaker)
        speaker = speakers.most_common(1)[0][0] if speakers else None
        key = max((m.key for m in ms), key=len)
        ms = [_with_key(m, key) for m in ms]
        facts.append(_fact(ms, order, speaker=speaker))
    return facts


def _surnamed(name_facts: Sequence[Fact]) -> set[str]:
    """Names also written as a single word of a longer form (Putin / Vladimir Putin): people."""
    out: set[str] = set()
    for f in name_facts:
        if f.subkind in ("org", "place"):
            continue
        lengths = {len(v.split()) for v in f.variants}
        if 1 in lengths and any(n in (2, 3) for n in lengths):
            out.add(f.key)
    return out


def _with_key(m: Mention, key: str) -> Mention:
    return Mention(
        m.kind, key, m.label, m.form, m.source_id, m.ordinal, m.start, m.end, speaker=m.speaker
    )


def _merge_quotes(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Same words, or one quotation inside another, are one quotation."""
    keys = sorted({m.key for m in mentions}, key=lambda k: -len(k))
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    padded = {k: f" {k} " for k in keys}
    for i, short in enumerate(keys):
        for long in keys[:i]:
            if len(long) > len(short) and padded[short] in padded[long]:
                parent[find(short)] = find(long)
                break
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[find(m.key)].append(m)
    return list(groups.values())


# --- filters ------------------------------------------------------------------------------------


def singletons(facts: Iterable[Fact]) -> list[Fact]:
    """Facts that only one source carries."""
    return [f for f in facts if f.count == 1]


def omissions(facts: Iterable[Fact], source_ids: Sequence[str]) -> list[Fact]:
    """Facts that every source but one carries (with three sources or more)."""
    n = len(source_ids)
    return [f for f in facts if n >= 3 and f.count == n - 1]


def disagreements(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.disagree]


def only_in(facts: Iterable[Fact], source_id: str) -> list[Fact]:
    """Facts that this source alone carries."""
    return [f for f in facts if f.count == 1 and source_id in f.sources]


def missing_from(facts: Iterable[Fact], source_id: str) -> list[Fact]:
    """Facts other sources carry and this one leaves out, most widely carried first."""
    left_out = [f for f in facts if source_id not in f.sources]
    return sorted(left_out, key=lambda f: -f.count)


def fact_record(fact: Fact) -> dict[str, object]:
    """The ``facts --json`` line for one fact."""
    return {
        "kind": fact.kind,
        "text": fact.text,
        "sources": {sid: list(ordinals) for sid, ordinals in fact.sources.items()},
        "variants": list(fact.variants),
    }


_ = sentence_at  # re-exported helpers are used by the quote module
