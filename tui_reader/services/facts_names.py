"""People, places and organisations found by generic rules over capitalisation.

A name is a run of capitalised words (with "of", "for", "von der"... inside). Runs that start a
sentence, or sit in a Title Case heading, count only when the corpus shows them capitalised
elsewhere too. Titles ("President", "Foreign Minister") are cut off and mark a person. Spelling
variants share a key; acronyms ("ISW") and surnames ("Putin") are merged into the one full name
that matches them, when there is exactly one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tui_reader.corpus.names import name_key as corpus_name_key
from tui_reader.models import Passage, Source
from tui_reader.services.facts_model import Mention
from tui_reader.services.facts_text import DAYS, MONTHS, STOP_WORDS, fold, sentences, word_set

_TOKEN = re.compile(
    r"(?P<init>(?:[A-Z]\.){2,})"
    r"|(?P<abbr>(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Gov|Lt|Col|Jr|Sr)\.|[A-Z]\.(?= [A-Z]))"
    r"|(?P<word>[^\W\d_][\w]*(?:['’\-][\w]+)*)"
    r"|(?P<other>\S)"
)
_POSSESSIVE = re.compile(r"['’]s?$")
CONNECTORS = word_set("of for the and de von der van den al bin da di du la le y")
TITLES = word_set(
    """president vice-president prime minister secretary secretary-general chancellor
    commissioner envoy ambassador senator governor mayor king queen prince princess pope sir
    dame lord lady mr mrs ms dr prof professor judge chief spokesman spokeswoman
    spokesperson director chairman chairwoman editor premier"""
)
_TITLE_MODIFIERS = word_set(
    """foreign defence defense press deputy special senior former vice first energy finance
    interior health trade economy acting news"""
)
ORG_HEADS = word_set(
    """council committee commission bank court institute institution organization organisation
    agency ministry department parliament union party fund association forum office house
    assembly authority corporation company group university school times post press news
    network alliance coalition federation accords accord treaty"""
)
_DEMONYM = re.compile(r"(?:ian|ican|ean|ese|ish|ern|ic)$")
_DEMONYMS = word_set("arab french german dutch swiss greek thai soviet israeli iraqi afghan")
_PLACE_CUE = re.compile(
    r"\b(?:in|to|from|near|across|into|outside|around)\s+"
    r"(?:(?:the\s+)?(?:eastern|western|northern|southern|central|north|south|east|west)\s+)?$",
    re.IGNORECASE,
)
_OPENERS = frozenset('“"‘–—•*|:')
_BEFORE_THE = frozenset(("of", "for", "and"))
_NOT_NAMES = frozenset(MONTHS + DAYS)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # "init" | "abbr" | "word" | "other"
    possessive: bool = False

    @property
    def cap(self) -> bool:
        return self.kind in ("init", "abbr") or (self.kind == "word" and self.text[0].isupper())

    @property
    def low(self) -> str:
        return _low(self.text)


@lru_cache(maxsize=65536)
def _low(text: str) -> str:
    return fold(text).replace(".", "")


@lru_cache(maxsize=65536)
def variant_key(word: str) -> str:
    """One key for the spellings of a name word: Zelensky, Zelenskyy, Zelenskiy; U.S. and US."""
    return corpus_name_key(word)


def name_key(words: Sequence[str]) -> str:
    return " ".join(variant_key(w) for w in words if w.lower() not in CONNECTORS)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        word = m.group()
        if kind == "word":
            if "-" in word:
                # "US-based": the name is the part before the first lower-case part.
                parts = word.split("-")
                cut = next((i for i, p in enumerate(parts) if not p[0].isupper()), len(parts))
                if 0 < cut < len(parts):
                    head = "-".join(parts[:cut])
                    out.append(_Tok(head, m.start(), m.start() + len(head), kind, possessive=True))
                    continue
            stripped = _POSSESSIVE.sub("", word) if len(word) > 2 else word
            if stripped != word and stripped:
                out.append(_Tok(stripped, m.start(), m.start() + len(stripped), kind, True))
                continue
        out.append(_Tok(word, m.start(), m.end(), kind))
    return out


@dataclass(slots=True)
class _Run:
    toks: list[_Tok]
    initial: bool
    person: bool = False
    follows_lower: bool = False  # the next word is lower-case (an adjective use: "Russian forces")


def _runs(text: str, toks: list[_Tok], seg_start: int) -> list[_Run]:
    """Maximal runs of capitalised tokens joined by single spaces (and connectors)."""
    runs: list[_Run] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if not tok.cap:
            i += 1
            continue
        run = [tok]
        j = i + 1
        while j < n and not run[-1].possessive:
            gap = text[run[-1].end : toks[j].start]
            if gap != " ":
                break
            if toks[j].cap:
                run.append(toks[j])
                j += 1
                continue
            # connectors continue a run only when a capitalised word follows them
            k = j
            while k < n and toks[k].kind == "word" and toks[k].text in CONNECTORS and k - j < 3:
                if text[toks[k].end : toks[k].end + 1] != " ":
                    break
                if toks[k].text == "the" and (k == j or toks[k - 1].text not in _BEFORE_THE):
                    break  # "Following the Moscow talks" is no name; "Study of the War" may be
                k += 1
            if k > j and k < n and toks[k].cap and text[toks[k - 1].end : toks[k].start] == " ":
                run.extend(toks[j : k + 1])
                j = k + 1
                continue
            break
        initial = _at_start(text[seg_start : tok.start])
        after = text[run[-1].end : run[-1].end + 2]
        follows_lower = len(after) == 2 and after[0] == " " and after[1].islower()
        runs.append(_Run(run, initial, follows_lower=follows_lower))
        i = j
    return runs


def _at_start(before: str) -> bool:
    """Whether a word after ``before`` (the segment so far) opens a sentence or a quotation."""
    if not re.search(r"\w", before):
        return True
    stripped = before.rstrip()
    prev = stripped[-1]
    if prev == '"':
        # a straight quote opens when a space or the segment start precedes it
        return len(stripped) == 1 or stripped[-2].isspace()
    return prev in _OPENERS


def _is_title(tok: _Tok) -> bool:
    return tok.low in TITLES


def _split_run(run: _Run) -> list[_Run]:
    """Cut titles, "and" lists, "X of the Y" and leading stop words out of a run."""
    toks = run.toks
    out: list[_Run] = []
    # Title blocks: "Ukrainian Foreign Minister Andrii Sybhia" -> person "Andrii Sybhia".
    title_at = [i for i, t in enumerate(toks) if _is_title(t)]
    if title_at:
        first = title_at[0]
        while first > 0 and toks[first - 1].low in _TITLE_MODIFIERS:
            first -= 1
        last = title_at[-1]
        while last + 1 < len(toks) and (
            toks[last + 1].low in _TITLE_MODIFIERS or _is_title(toks[last + 1])
        ):
            last += 1
        prefix = [t for t in toks[:first] if not _is_demonym(t)]
        rest = toks[last + 1 :]
        if prefix:
            out.extend(_split_run(_Run(prefix, run.initial)))
        if rest and rest[0].text in CONNECTORS:
            # "President of the Russian Federation": the domain, not a person
            out.extend(_split_run(_Run(_strip_connectors(rest), False, False, run.follows_lower)))
        elif rest:
            cut = next((i for i, t in enumerate(rest) if t.text in ("of", "for", "and")), len(rest))
            out.append(_Run(rest[:cut], False, True, run.follows_lower and cut == len(rest)))
            if cut < len(rest):
                out.extend(_split_run(_Run(_strip_connectors(rest[cut:]), False)))
        return [r for r in out if r.toks]
    # "Witkoff and Kushner", "Moscow and Kyiv": two names, unless an organisation head ends it.
    if any(t.text == "and" for t in toks) and toks[-1].low not in ORG_HEADS:
        cut = next(i for i, t in enumerate(toks) if t.text == "and")
        left, right = _strip_connectors(toks[:cut]), _strip_connectors(toks[cut + 1 :])
        return _split_run(_Run(left, run.initial)) + _split_run(
            _Run(right, False, follows_lower=run.follows_lower)
        )
    # Leading function words and month or day names are not part of a name; after "The" or
    # "In" a capitalised word is no longer the sentence's first ("The Kremlin said").
    initial = run.initial
    while toks and (toks[0].low in STOP_WORDS and not toks[0].text.isupper()):
        toks = _strip_connectors(toks[1:])
        initial = False
    parts: list[list[_Tok]] = [[]]
    for t in toks:
        if t.low in _NOT_NAMES:
            parts.append([])
        else:
            parts[-1].append(t)
    for k, part in enumerate(parts):
        part = _strip_connectors(part)
        if part:
            last_part = k == len(parts) - 1
            out.append(_Run(part, initial and k == 0, False, run.follows_lower and last_part))
    return out


def _strip_connectors(toks: list[_Tok]) -> list[_Tok]:
    a, b = 0, len(toks)
    while a < b and toks[a].text in CONNECTORS:
        a += 1
    while b > a and toks[b - 1].text in CONNECTORS:
        b -= 1
    return toks[a:b]


def _is_demonym(tok: _Tok) -> bool:
    low = tok.low[:-1] if tok.low.endswith("s") else tok.low
    return (
        tok.kind == "word"
        and not tok.text.isupper()
        and (low in _DEMONYMS or bool(_DEMONYM.search(low)))
    )


_SEG_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_PROSE_END = re.compile(r"[.!?][\"”’)]*\s*$")


def _title_case(text: str, kind: str) -> bool:
    """Headings, bullet labels and table cells: most longer words are capitalised."""
    if kind == "heading":
        return True
    content = [w for w in _SEG_WORD.findall(text) if w.lower() not in STOP_WORDS]
    if content and all(w[0].isupper() for w in content):
        return True  # "Key Takeaway", "A Guide", "0 Comments"
    longer = [w for w in content if len(w) >= 4]
    if len(longer) < 2 or _PROSE_END.search(text):
        return False  # a sentence that ends like one is prose, however many names it has
    caps = sum(1 for w in longer if w[0].isupper())
    return caps / len(longer) >= 0.6


_SEGMENT_BREAK = re.compile(r"[:|][\"”’]?\s|\s[–—]\s")


def _segments(passage: Passage) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    text = passage.text
    for a, b in sentences(passage):
        start = a
        for m in _SEGMENT_BREAK.finditer(text, a, b):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, b))
    return spans


@dataclass(frozen=True, slots=True)
class _Candidate:
    passage: Passage
    toks: tuple[_Tok, ...]
    initial: bool
    title_mode: bool
    person: bool
    follows_lower: bool

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.toks]

    @property
    def key(self) -> str:
        return name_key(self.words)


_CAP_TOKEN = (
    r"(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Gov|Lt|Col|Jr|Sr)\.|[A-Z]\.(?= [A-Z])"
    r"|[^\W\d_a-z][\w]*(?:['’\-][\w]+)*"
)
# Only these stretches are tokenised: capitalised words and the connectors between them.
_CONNECTOR = "|".join(sorted(CONNECTORS))
_COARSE_RUN = re.compile(
    rf"(?<![\w'’\-])(?:{_CAP_TOKEN})(?: (?:(?:{_CONNECTOR}) ){{0,3}}(?:{_CAP_TOKEN}))*"
)
_LOWER_WORD = re.compile(r"(?<![\w'’\-])[^\W\d_A-Z][\w'’]*")


def _candidates(sources: Iterable[Source]) -> tuple[list[_Candidate], set[str]]:
    out: list[_Candidate] = []
    lower: set[str] = set()
    for source in sources:
        for passage in source.passages:
            text = passage.text
            lower.update(w.lower() if w.isascii() else fold(w) for w in _LOWER_WORD.findall(text))
            toks_all = [
                _Tok(t.text, t.start + m.start(), t.end + m.start(), t.kind, t.possessive)
                for m in _COARSE_RUN.finditer(text)
                for t in _tokens(m.group())
            ]
            starts = [t.start for t in toks_all]
            for a, b in _segments(passage):
                toks = toks_all[bisect_left(starts, a) : bisect_left(starts, b)]
                title_mode = _title_case(text[a:b], passage.kind)
                for run in _runs(text, toks, a):
                    for part in _expand(run):
                        out.append(
                            _Candidate(
                                passage,
                                tuple(part.toks),
                                part.initial,
                                title_mode,
                                part.person,
                                part.follows_lower,
                            )
                        )
    return out, lower


def _expand(run: _Run) -> list[_Run]:
    parts = _split_run(run)
    out: list[_Run] = []
    for part in parts:
        toks = part.toks
        if len(toks) == 1 and toks[0].kind == "word" and "-" in toks[0].text:
            # "US-Russia talks": two names
            pieces = toks[0].text.split("-")
            pos = toks[0].start
            for k, piece in enumerate(pieces):
                tok = _Tok(piece, pos, pos + len(piece), "word")
                last = k == len(pieces) - 1
                out.append(
                    _Run([tok], part.initial and k == 0, part.person, part.follows_lower and last)
                )
                pos += len(piece) + 1
        else:
            out.append(part)
    return out


def name_mentions(sources: Sequence[Source]) -> list[Mention]:
    """Every accepted name occurrence, keyed by its spelling-variant key (not yet merged)."""
    candidates, lower = _candidates(sources)
    plain = [c for c in candidates if not c.initial and not c.title_mode]
    known_tokens = {t.low for c in plain for t in c.toks}
    known_names = {c.key for c in plain if _acceptable(c)}
    mentions: list[Mention] = []
    for c in candidates:
        for part in _accept(c, known_tokens, known_names, lower):
            mentions.append(_to_mention(c.passage, part, c.person))
    return mentions


def _acceptable(c: _Candidate) -> bool:
    toks = c.toks
    if not toks:
        return False
    if len(toks) == 1:
        tok = toks[0]
        if len(tok.low) < 2 or (tok.low in STOP_WORDS and not tok.text.isupper()):
            return False
        if _is_demonym(tok) and not c.person:
            return False  # "Russian forces", "Ukrainians": adjectives and peoples, not names
        if _is_title(tok) or tok.low in _TITLE_MODIFIERS:
            return False
    return True


def _accept(
    c: _Candidate, known_tokens: set[str], known_names: set[str], lower: set[str]
) -> list[tuple[_Tok, ...]]:
    if not _acceptable(c):
        return []
    toks = c.toks
    if c.title_mode:
        return _known_parts(toks, known_names)
    if not c.initial:
        return [toks]
    if len(toks) == 1:
        return [toks] if toks[0].low in known_tokens else []
    # A sentence opens with several capitalised words: a name unless the first one is an
    # ordinary word seen in lower case elsewhere ("Increased Reliance").
    if toks[0].low in lower and toks[0].low not in known_tokens:
        rest_toks = tuple(_strip_connectors(list(toks[1:])))
        rest = _Candidate(c.passage, rest_toks, False, False, c.person, c.follows_lower)
        return [rest.toks] if _acceptable(rest) else []
    return [toks]


def _known_parts(toks: tuple[_Tok, ...], known: set[str]) -> list[tuple[_Tok, ...]]:
    found: list[tuple[_Tok, ...]] = []
    i = 0
    while i < len(toks):
        for j in range(len(toks), i, -1):
            part = toks[i:j]
            if part[0].text in CONNECTORS or part[-1].text in CONNECTORS:
                continue
            if name_key([t.text for t in part]) in known:
                found.append(part)
                i = j
                break
        else:
            i += 1
    return found


def _to_mention(passage: Passage, toks: tuple[_Tok, ...], person: bool) -> Mention:
    start, end = toks[0].start, toks[-1].end
    form = passage.text[start:end]
    words = [t.text for t in toks]
    subkind = ""
    if person:
        subkind = "person"
    elif toks[-1].low in ORG_HEADS or (len(toks) == 1 and toks[0].text.replace(".", "").isupper()):
        subkind = "org"
    elif _PLACE_CUE.search(passage.text[max(0, start - 40) : start]):
        subkind = "place"
    return Mention(
        kind="name",
        key=name_key(words),
        label=form,
        form=form,
        source_id=passage.source_id,
        ordinal=passage.ordinal,
        start=start,
        end=end,
        subkind=subkind,
    )


def merge_keys(mentions: Sequence[Mention]) -> dict[str, str]:
    """Map each name key to the key of the group it belongs to.

    An acronym joins the one multi-word name whose initials spell it ("ISW" -> "Institute for
    the Study of War"); a single word joins the one multi-word name that ends with it
    ("Putin" -> "Vladimir Putin"). Ambiguous ones stay on their own.
    """
    counts = Counter(m.key for m in mentions)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        forms[m.key][m.form] += 1
    multi = [k for k in counts if " " in k]
    by_initials: dict[str, list[str]] = defaultdict(list)
    by_last: dict[str, list[str]] = defaultdict(list)
    for key in multi:
        form = forms[key].most_common(1)[0][0]
        by_initials[_initials(form)].append(key)
        if not any(w in ORG_HEADS for w in key.split()):
            by_last[key.split()[-1]].append(key)
    target: dict[str, str] = {k: k for k in counts}
    for key in counts:
        if " " in key:
            continue
        form = forms[key].most_common(1)[0][0]
        letters = form.replace(".", "")
        if letters.isupper() and 2 <= len(letters) <= 6:
            options = by_initials.get(letters, [])
            if len(options) == 1:
                # the acronym and its expansion: the more frequent one names the group
                full = options[0]
                if counts[key] >= counts[full]:
                    target[full] = key
                else:
                    target[key] = full
            continue
        options = by_last.get(key, [])
        if len(options) == 1:
            target[key] = options[0]
    # follow chains (Putin -> Vladimir Putin -> ...) to their end
    for key in list(target):
        seen = {key}
        dest = target[key]
        while target[dest] != dest and dest not in seen:
            seen.add(dest)
            dest = target[dest]
        target[key] = dest
    return target


def _initials(form: str) -> str:
    words = re.split(r"[\s\-]+", form)
    return "".join(w[0] for w in words if w and w[0].isupper())
