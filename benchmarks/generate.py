"""Deterministic synthetic news corpora: ``benchmarks/corpora/synth-<N>/NNNNNN.txt``.

Every article is generated from its own ``random.Random(f"{seed}:{index}")``, so the bytes of
article ``i`` do not depend on the corpus size or on how many processes write it. An article:

- a title line, sometimes a byline, then 8-15 paragraphs (~6 KB in all) and a few headings;
- words drawn from a Zipf-like ranking of real English words (``vocab.py``), with a per-article
  topic (a few content words, people, places, an organisation) that recurs, as in real copy;
- people from a list of well-known names with spelling variants (Zelensky / Zelenskyy /
  Zelenskiy) and from a long tail of generated surnames; places; numbers with units and
  currencies; dates; quotations with curly and straight quotes.

About 8% of the articles rewrite an earlier one (paragraphs reordered, dropped and added, words
edited, another spelling of a name, a new title) and about 2% are syndicated copies of an earlier
one (same body, another title and outlet line). The manifest (``synth-<N>.json`` next to the
folder) lists them, with the size of every file: a rerun with the same parameters only checks
sizes and rewrites files that differ, so it takes well under a second.

Run ``python -m benchmarks.generate --sizes 1000,10000`` (or let ``benchmarks.run`` call it).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from benchmarks import vocab

VERSION = 1
"""Bump when the output changes: manifests of another version are regenerated."""
DEFAULT_SEED = 20260601
CORPORA = Path(__file__).resolve().parent / "corpora"
REWRITE_SHARE = 0.08
COPY_SHARE = 0.02
TAIL_NAMES = 20_000
ZIPF_S = 1.0


# --- vocabulary -------------------------------------------------------------------------------


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


DOUBLED = {"ban", "plan", "refer", "transfer", "admit", "commit", "control", "drop", "stop"}


def _verb_forms(verb: str) -> tuple[str, str, str]:
    """-s, -ed and -ing forms of a regular verb."""
    third = _plural(verb)
    if verb in DOUBLED:
        stem = verb + verb[-1]
        return third, stem + "ed", stem + "ing"
    if verb.endswith("e"):
        return third, verb + "d", verb[:-1] + "ing"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return third, verb[:-1] + "ied", verb + "ing"
    return third, verb + "ed", verb + "ing"


def _unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _tail_names(seed: int, count: int) -> list[str]:
    """Surname-like words for the long tail of a news lexicon (most rare words are names)."""
    rng = random.Random(f"{seed}:tail-names")
    onsets = vocab._words("b br ch d dr f g h k kr l m n p r s sh st t tr v z zh")
    vowels = vocab._words("a e i o u a e o ia ai ou")
    codas = ["", "", "n", "r", "l", "s", "k", "m", "t", "v"]
    endings = vocab._words(
        "enko chuk ov ova ski sky son sen ez ini elli escu ovic mann berg stein oglu yan ian "
        "adze shvili ura ati ez ova eva in ardt ek ak us is"
    )
    names: set[str] = set()
    ordered: list[str] = []
    while len(ordered) < count:
        parts = [rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)]
        if rng.random() < 0.5:
            parts.append(rng.choice(onsets) + rng.choice(vowels))
        name = ("".join(parts) + rng.choice(endings)).capitalize()
        if name not in names:
            names.add(name)
            ordered.append(name)
    return ordered


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum: list[float]
    content: list[str]
    """Content words (no function words), for topics and edits."""
    surnames: list[str]
    surname_cum: list[float]

    def scaled(self, total: float) -> list[float]:
        """``cum`` rescaled to end at ``total`` (cached: every article uses the same shares)."""
        return _scaled(id(self), self.cum, total)

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def surname(self, rng: random.Random) -> str:
        return self.surnames[bisect.bisect(self.surname_cum, rng.random() * self.surname_cum[-1])]


_SCALED: dict[tuple[int, float], list[float]] = {}


def _scaled(key: int, cum: list[float], total: float) -> list[float]:
    found = _SCALED.get((key, total))
    if found is None:
        found = _SCALED[(key, total)] = [c * total / cum[-1] for c in cum]
    return found


def _zipf(n: int, s: float = ZIPF_S, offset: float = 2.7) -> list[float]:
    return list(accumulate(1.0 / (rank + offset) ** s for rank in range(1, n + 1)))


@lru_cache(maxsize=4)
def vocabulary(seed: int) -> Vocabulary:
    function = _unique(vocab.FUNCTION_WORDS)
    content = list(vocab.NOUNS) + [_plural(n) for n in vocab.NOUNS] + list(vocab.WORDS)
    for verb in vocab.VERBS:
        content.append(verb)
        content.extend(_verb_forms(verb))
    content = [w for w in _unique(content) if w not in set(function)]
    random.Random(f"{seed}:ranks").shuffle(content)
    rare = [w for w in _unique(vocab.RARE_WORDS) if w not in set(content) | set(function)]
    words = function + content + rare
    surnames = _unique(vocab.SURNAMES) + _tail_names(seed, TAIL_NAMES)
    return Vocabulary(
        words=words,
        cum=_zipf(len(words)),
        content=content + rare,
        surnames=surnames,
        surname_cum=_zipf(len(surnames), s=1.1),
    )


# --- articles ---------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    spelling: tuple[str, ...]
    role: str

    def mention(self, rng: random.Random, first_time: bool) -> str:
        last = self.spelling[0]
        if len(self.spelling) > 1 and rng.random() < 0.08:
            last = rng.choice(self.spelling)  # copy that mixes spellings, as real copy does
        if first_time or rng.random() < 0.15:
            return f"{self.role} {self.first} {last}" if self.role else f"{self.first} {last}"
        return last if rng.random() < 0.7 else f"Mr {last}"


@dataclass
class Topic:
    words: list[str]
    people: list[Person]
    places: list[str]
    org: str
    mentioned: set[str]
    lexicon: list[str] = field(default_factory=list)
    """The vocabulary with this article's topic words and places added (bursty, as in news)."""
    cum: list[float] = field(default_factory=list)

    def mix(self, voc: Vocabulary, topic_share: float = 0.09, place_share: float = 0.015) -> None:
        base = voc.scaled(1.0 - topic_share - place_share)
        extra = [topic_share / len(self.words)] * len(self.words)
        extra += [place_share / len(self.places)] * len(self.places)
        self.lexicon = voc.words + self.words + self.places
        self.cum = base + list(accumulate(extra, initial=base[-1]))[1:]


def _pick_topic(rng: random.Random, voc: Vocabulary) -> Topic:
    people: list[Person] = []
    for _ in range(rng.randint(1, 2)):
        first, spellings, role = rng.choice(vocab.NAME_VARIANTS)
        order = list(spellings)
        rng.shuffle(order)
        people.append(Person(first, order[0], tuple(order), role))
    for _ in range(rng.randint(1, 3)):
        last = voc.surname(rng)
        role = rng.choice(("", "", "spokesperson", "analyst", "Dr", "minister", "official"))
        people.append(Person(rng.choice(vocab.FIRST_NAMES), last, (last,), role))
    topic_words = rng.sample(voc.content[:1500], 12)
    places = [p.replace("_", " ") for p in rng.sample(vocab.PLACES, 3)]
    topic = Topic(topic_words, people, places, rng.choice(vocab.ORGANISATIONS), set())
    topic.mix(voc)
    return topic


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.2:
        return f"{rng.randint(2, 99)} {rng.choice(vocab.UNITS)}"
    if kind < 0.35:
        return f"{rng.choice(vocab.CURRENCIES)}{rng.randint(1, 999) / 10:.1f}" + rng.choice(
            vocab.SCALES
        )
    if kind < 0.5:
        return f"{rng.randint(1, 99)}{rng.choice(('%', ' per cent', ' percent'))}"
    if kind < 0.65:
        return f"{rng.randint(1, 999):,}".replace(",", ",") + f",{rng.randint(0, 999):03d}"
    if kind < 0.8:
        return str(rng.randint(1990, 2026))
    if kind < 0.9:
        month = rng.choice(vocab.WORDS[vocab.WORDS.index("january") :][:12]).capitalize()
        return f"{month} {rng.randint(1, 28)}"
    return f"{rng.randint(1, 12)}.{rng.randint(0, 9)} {rng.choice(('million', 'billion'))}"


def _person(rng: random.Random, topic: Topic) -> str:
    person = rng.choice(topic.people)
    first = person.last not in topic.mentioned
    topic.mentioned.add(person.last)
    return person.mention(rng, first)


def _clause(rng: random.Random, voc: Vocabulary, topic: Topic, lo: int, hi: int) -> str:
    words = rng.choices(topic.lexicon, cum_weights=topic.cum, k=rng.randint(lo, hi))
    if rng.random() < 0.45:
        words.insert(rng.randrange(len(words) + 1), _person(rng, topic))
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words) + 1), _number(rng))
    if rng.random() < 0.12:
        words.insert(rng.randrange(len(words) + 1), f"the {topic.org}")
    if len(words) > 8 and rng.random() < 0.35:
        cut = rng.randrange(3, len(words) - 2)
        words[cut] += ","
    return " ".join(words)


def _sentence(rng: random.Random, voc: Vocabulary, topic: Topic) -> str:
    if rng.random() < 0.14:
        said = rng.choice(vocab.SPEECH_VERBS)
        quote = _clause(rng, voc, topic, 6, 18)
        quote = quote[0].upper() + quote[1:]
        if rng.random() < 0.8:
            return f"“{quote},” {_person(rng, topic)} {said}."
        return f'{_person(rng, topic)} {said}: "{quote}."'
    text = _clause(rng, voc, topic, 8, 26)
    text = text[0].upper() + text[1:]
    return text + rng.choice((".", ".", ".", ".", ".", ".", "?", ";"))[:1].replace(";", ".")


def _paragraph(rng: random.Random, voc: Vocabulary, topic: Topic) -> str:
    target = rng.randint(220, 640)
    sentences: list[str] = []
    size = 0
    while size < target:
        sentence = _sentence(rng, voc, topic)
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)


def _title(rng: random.Random, voc: Vocabulary, topic: Topic) -> str:
    words = [rng.choice(topic.words) for _ in range(rng.randint(2, 4))]
    words += voc.sample(rng, rng.randint(2, 5))
    words.insert(rng.randrange(len(words) + 1), rng.choice(topic.places))
    if rng.random() < 0.5:
        words.insert(0, topic.people[0].spelling[0])
    small = {"the", "of", "and", "to", "a", "in", "for", "on", "at", "by", "as", "or", "an"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in words)


@dataclass
class Article:
    title: str
    byline: str
    body: list[str]
    """Paragraphs; headings are short lines without a final full stop."""
    topic: Topic

    def render(self) -> str:
        parts = [self.title, ""]
        if self.byline:
            parts += [self.byline, ""]
        for block in self.body:
            parts += [block, ""]
        return "\n".join(parts)


def _original(seed: int, index: int) -> Article:
    rng = random.Random(f"{seed}:{index}")
    voc = vocabulary(seed)
    topic = _pick_topic(rng, voc)
    title = _title(rng, voc, topic)
    byline = ""
    if rng.random() < 0.5:
        byline = (
            f"By {rng.choice(vocab.FIRST_NAMES)} {voc.surname(rng)}, {rng.choice(vocab.OUTLETS)}"
        )
    body: list[str] = []
    count = rng.randint(8, 15)
    for n in range(count):
        if n and rng.random() < 0.15:
            body.append(_title(rng, voc, topic))
        text = _paragraph(rng, voc, topic)
        if n == 0 and rng.random() < 0.6:
            where, when = topic.places[0].upper(), _number_date(rng)
            text = f"{where}, {when} ({rng.choice(vocab.OUTLETS)}) - {text}"
        body.append(text)
    return Article(title, byline, body, topic)


def _number_date(rng: random.Random) -> str:
    months = vocab.WORDS[vocab.WORDS.index("january") :][:12]
    return f"{rng.choice(months).capitalize()} {rng.randint(1, 28)}"


def _edit_words(rng: random.Random, voc: Vocabulary, text: str, share: float) -> str:
    words = text.split(" ")
    for i in range(len(words)):
        if rng.random() < share and words[i].isalpha() and words[i].islower():
            words[i] = rng.choice(voc.content[:2000])
    return " ".join(words)


def _respell(article: Article, rng: random.Random) -> None:
    """Another outlet's spelling of the main person's name, throughout."""
    for person in article.topic.people:
        if len(person.spelling) > 1:
            old = person.spelling[0]
            new = rng.choice(person.spelling[1:])
            article.title = article.title.replace(old, new)
            article.body = [b.replace(old, new) for b in article.body]
            return


def _rewrite(seed: int, index: int, base: int) -> Article:
    """Another outlet's version of article ``base``: reordered, trimmed, extended, edited."""
    rng = random.Random(f"{seed}:{index}:rewrite")
    voc = vocabulary(seed)
    article = _original(seed, base)
    body = list(article.body)
    for _ in range(rng.randint(1, 3)):  # reorder: move a paragraph elsewhere
        if len(body) > 2:
            block = body.pop(rng.randrange(1, len(body)))
            body.insert(rng.randrange(1, len(body) + 1), block)
    for _ in range(rng.randint(0, 2)):  # drop
        if len(body) > 6:
            body.pop(rng.randrange(1, len(body)))
    for _ in range(rng.randint(1, 2)):  # add
        body.insert(rng.randrange(1, len(body) + 1), _paragraph(rng, voc, article.topic))
    body = [_edit_words(rng, voc, b, 0.06) if rng.random() < 0.4 else b for b in body]
    article.body = body
    article.title = _edit_words(rng, voc, article.title, 0.3).title()
    article.byline = f"By {rng.choice(vocab.FIRST_NAMES)} {voc.surname(rng)}"
    _respell(article, rng)
    return article


def _copy(seed: int, index: int, base: int) -> Article:
    """A syndicated copy: the same body under another title and outlet line."""
    rng = random.Random(f"{seed}:{index}:copy")
    article = _original(seed, base)
    article.title = f"{article.title} | {rng.choice(vocab.OUTLETS)}"
    article.byline = f"Published by {rng.choice(vocab.OUTLETS)}"
    return article


def plan(seed: int, index: int) -> tuple[str, int | None]:
    """What article ``index`` is: ``("original", None)``, ``("rewrite", b)`` or ``("copy", b)``."""
    if index < 10:
        return "original", None
    rng = random.Random(f"{seed}:{index}:plan")
    r = rng.random()
    base = rng.randrange(max(0, index - 500), index)
    if r < REWRITE_SHARE:
        return "rewrite", base
    if r < REWRITE_SHARE + COPY_SHARE:
        return "copy", base
    return "original", None


def article_text(seed: int, index: int) -> str:
    kind, base = plan(seed, index)
    if kind == "rewrite" and base is not None:
        return _rewrite(seed, index, base).render()
    if kind == "copy" and base is not None:
        return _copy(seed, index, base).render()
    return _original(seed, index).render()


def long_article_pair(seed: int = DEFAULT_SEED, words: int = 10_000) -> tuple[str, str]:
    """Two versions of one long article (about ``words`` words each) for the compare figure."""
    rng = random.Random(f"{seed}:long")
    voc = vocabulary(seed)
    topic = _pick_topic(rng, voc)
    blocks: list[str] = []
    count = 0
    while count < words:
        if blocks and rng.random() < 0.1:
            blocks.append(_title(rng, voc, topic))
        blocks.append(_paragraph(rng, voc, topic))
        count += len(blocks[-1].split())
    a = Article(_title(rng, voc, topic), "", blocks, topic)
    b_body = list(blocks)
    for _ in range(8):
        block = b_body.pop(rng.randrange(1, len(b_body)))
        b_body.insert(rng.randrange(1, len(b_body) + 1), block)
    for _ in range(5):
        b_body.pop(rng.randrange(1, len(b_body)))
    for _ in range(5):
        b_body.insert(rng.randrange(1, len(b_body) + 1), _paragraph(rng, voc, topic))
    b_body = [_edit_words(rng, voc, x, 0.05) if rng.random() < 0.3 else x for x in b_body]
    b = Article(a.title + " (updated)", "", b_body, topic)
    return a.render(), b.render()


# --- corpora on disk --------------------------------------------------------------------------


def file_name(index: int) -> str:
    return f"{index:06d}.txt"


def corpus_dir(count: int, root: Path = CORPORA) -> Path:
    return root / f"synth-{count}"


def manifest_path(count: int, root: Path = CORPORA) -> Path:
    return root / f"synth-{count}.json"


def _write_range(args: tuple[int, Sequence[int], str]) -> list[tuple[int, int]]:
    seed, indices, folder = args
    sizes = []
    for index in indices:
        data = article_text(seed, index).encode("utf-8")
        path = os.path.join(folder, file_name(index))
        with open(path, "wb") as handle:
            handle.write(data)
        sizes.append((index, len(data)))
    return sizes


def _write(seed: int, indices: list[int], folder: Path, jobs: int) -> dict[int, int]:
    if not indices:
        return {}
    chunks = [indices[i : i + 250] for i in range(0, len(indices), 250)]
    tasks = [(seed, chunk, str(folder)) for chunk in chunks]
    sizes: dict[int, int] = {}
    if jobs <= 1 or len(chunks) == 1:
        for task in tasks:
            sizes.update(_write_range(task))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for part in pool.map(_write_range, tasks):
                sizes.update(part)
    return sizes


@dataclass(frozen=True)
class Corpus:
    path: Path
    count: int
    seed: int
    bytes: int
    duplicates: list[tuple[int, int, str]]
    """``(index, base, kind)`` for rewrites and copies."""
    generated: int
    """Files written by this call (0 when the corpus on disk was current)."""
    seconds: float


def ensure_corpus(
    count: int,
    seed: int = DEFAULT_SEED,
    root: Path = CORPORA,
    *,
    jobs: int | None = None,
    force: bool = False,
) -> Corpus:
    """The corpus of ``count`` articles, generated or repaired as needed (cheap when current)."""
    started = time.perf_counter()
    folder = corpus_dir(count, root)
    folder.mkdir(parents=True, exist_ok=True)
    mpath = manifest_path(count, root)
    manifest: dict[str, object] = {}
    if mpath.exists() and not force:
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
    sizes_raw = manifest.get("sizes")
    current = (
        manifest.get("version") == VERSION
        and manifest.get("seed") == seed
        and manifest.get("count") == count
        and isinstance(sizes_raw, list)
        and len(sizes_raw) == count
    )
    expected: list[int] = (
        [int(s) for s in sizes_raw] if current and isinstance(sizes_raw, list) else []
    )
    todo: list[int] = []
    for index in range(count):
        try:
            size = os.stat(folder / file_name(index)).st_size
        except OSError:
            size = -1
        if not expected or size != expected[index]:
            todo.append(index)
    for extra in folder.iterdir():  # files another run (or the incremental benchmark) left
        stem = extra.name.removesuffix(".txt")
        if extra.is_file() and not (stem.isdigit() and len(stem) == 6 and int(stem) < count):
            extra.unlink()
    written = _write(seed, todo, folder, jobs or min(4, os.cpu_count() or 1))
    sizes = expected or [0] * count
    for index, size in written.items():
        sizes[index] = size
    duplicates = [
        (i, base, kind) for i in range(count) for kind, base in [plan(seed, i)] if base is not None
    ]
    if written or not current:
        mpath.write_text(
            json.dumps(
                {
                    "version": VERSION,
                    "seed": seed,
                    "count": count,
                    "bytes": sum(sizes),
                    "duplicates": duplicates,
                    "sizes": sizes,
                }
            ),
            encoding="utf-8",
        )
    return Corpus(
        path=folder,
        count=count,
        seed=seed,
        bytes=sum(sizes),
        duplicates=duplicates,
        generated=len(written),
        seconds=time.perf_counter() - started,
    )


def restore_file(corpus: Corpus, index: int) -> None:
    """Write article ``index`` back as generated (after a benchmark changed it)."""
    (corpus.path / file_name(index)).write_bytes(article_text(corpus.seed, index).encode("utf-8"))


def ensure_long_pair(seed: int = DEFAULT_SEED, root: Path = CORPORA) -> Path:
    folder = root / "long-pair"
    folder.mkdir(parents=True, exist_ok=True)
    a, b = long_article_pair(seed)
    for name, text in (("a.txt", a), ("b.txt", b)):
        path = folder / name
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate every file")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: cores, max 4)")
    args = parser.parse_args(argv)
    for count in (int(s) for s in args.sizes.split(",") if s.strip()):
        corpus = ensure_corpus(count, args.seed, jobs=args.jobs, force=args.force)
        print(
            f"synth-{count}: {corpus.generated} files written, {corpus.bytes / 1e6:.1f} MB, "
            f"{len(corpus.duplicates)} near-duplicates, {corpus.seconds:.2f} s -> {corpus.path}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
