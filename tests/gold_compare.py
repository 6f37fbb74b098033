"""Score ``align`` against the hand-made gold set in ``tests/data/gold_compare.json``.

Sure/possible links as in word-alignment evaluation: precision counts a predicted pair as right
when it is sure or possible; recall counts the sure pairs found. Run as a script to print them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui_reader.corpus import load_corpus
from tui_reader.models import Source
from tui_reader.services.compare import align

GOLD = Path(__file__).resolve().parent / "data" / "gold_compare.json"
SECOND = Path(__file__).resolve().parent / "data" / "gold_compare_second.json"
"""A second annotator's blind labels of the same pairs: how far two people agree."""
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Pair = tuple[int, int]


@dataclass(frozen=True)
class Score:
    name: str
    batch: int
    """1: the pairs the aligner was tuned on; 2: pairs written later, blind, held out."""
    predicted: frozenset[Pair]
    sure: frozenset[Pair]
    possible: frozenset[Pair]
    unique_gold: frozenset[tuple[str, int]]
    unmatched: frozenset[tuple[str, int]]

    @property
    def correct(self) -> int:
        return len(self.predicted & (self.sure | self.possible))

    @property
    def found(self) -> int:
        return len(self.predicted & self.sure)

    @property
    def precision(self) -> float:
        return self.correct / len(self.predicted) if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / len(self.sure) if self.sure else 1.0

    @property
    def unique_recall(self) -> float:
        """Share of the passages unique to one side that the alignment leaves unmatched."""
        if not self.unique_gold:
            return 1.0
        return len(self.unique_gold & self.unmatched) / len(self.unique_gold)


def load_gold() -> list[dict[str, object]]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    pairs: list[dict[str, object]] = data["pairs"]
    return pairs


def load_second() -> dict[tuple[str, str], tuple[frozenset[Pair], frozenset[Pair]]]:
    """The second annotation: (a, b) -> (sure, possible)."""
    data = json.loads(SECOND.read_text(encoding="utf-8"))
    return {
        (entry["a"], entry["b"]): (
            frozenset((int(i), int(j)) for i, j in entry["sure"]),
            frozenset((int(i), int(j)) for i, j in entry["possible"]),
        )
        for entry in data["pairs"]
    }


@dataclass(frozen=True)
class Agreement:
    both_sure: int
    first_sure: int
    second_sure: int
    aligner_found: int
    """Sure pairs of both annotators that the aligner predicts."""
    aligner_correct: int
    """Predicted pairs that both annotators mark sure or possible."""
    predicted: int

    @property
    def f1(self) -> float:
        """Agreement of the two annotators on sure pairs (F1 of one against the other)."""
        return 2 * self.both_sure / (self.first_sure + self.second_sure)

    @property
    def recall(self) -> float:
        return self.aligner_found / self.both_sure if self.both_sure else 1.0

    @property
    def precision(self) -> float:
        return self.aligner_correct / self.predicted if self.predicted else 1.0


def agreement(scores: list[Score]) -> Agreement:
    """The two annotators against each other, and the aligner against what both say."""
    second = load_second()
    names = {(str(e["a"]), str(e["b"])) for e in load_gold()}
    by_name = {f"{a[:3]}-{b[:3]}": second[a, b] for a, b in names}
    both = first = other = found = correct = predicted = 0
    for s in scores:
        sure2, possible2 = by_name[s.name]
        consensus = s.sure & sure2
        both += len(consensus)
        first += len(s.sure)
        other += len(sure2)
        found += len(s.predicted & consensus)
        correct += len(s.predicted & (s.sure | s.possible) & (sure2 | possible2))
        predicted += len(s.predicted)
    return Agreement(both, first, other, found, correct, predicted)


def seed_sources() -> dict[str, Source]:
    sources, _ = load_corpus(SEEDS)
    return {s.id: s for s in sources}


def snippet_mismatches(entry: dict[str, object], a: Source, b: Source) -> list[str]:
    problems = []
    for side, source in (("a", a), ("b", b)):
        snippets = entry[f"snippets_{side}"]
        assert isinstance(snippets, dict)
        if len(snippets) != len(source.passages):
            problems.append(
                f"{source.id}: {len(source.passages)} passages, gold has {len(snippets)}"
            )
        for ordinal, snippet in snippets.items():
            n = int(ordinal)
            if n >= len(source.passages) or not source.passages[n].text.startswith(snippet):
                problems.append(f"{source.id} passage {n} no longer starts with {snippet!r}")
    return problems


def score_entry(entry: dict[str, object], sources: dict[str, Source]) -> Score:
    a, b = sources[str(entry["a"])], sources[str(entry["b"])]
    alignment = align(a, b)
    predicted = frozenset((i, j) for g in alignment.groups for i in g.a for j in g.b)
    sure = frozenset((int(i), int(j)) for i, j in entry["sure"])  # type: ignore[attr-defined]
    possible = frozenset((int(i), int(j)) for i, j in entry["possible"])  # type: ignore[attr-defined]
    linked = sure | possible
    unique = frozenset(
        [("a", p.ordinal) for p in a.passages if all(i != p.ordinal for i, _ in linked)]
        + [("b", p.ordinal) for p in b.passages if all(j != p.ordinal for _, j in linked)]
    )
    unmatched = frozenset(
        [("a", i) for g in alignment.groups if not g.b for i in g.a]
        + [("b", j) for g in alignment.groups if not g.a for j in g.b]
    )
    return Score(
        f"{a.id[:3]}-{b.id[:3]}",
        int(str(entry.get("batch", 1))),
        predicted,
        sure,
        possible,
        unique,
        unmatched,
    )


def score_all() -> list[Score]:
    sources = seed_sources()
    return [score_entry(entry, sources) for entry in load_gold()]


def totals(scores: list[Score]) -> tuple[float, float, float]:
    predicted = sum(len(s.predicted) for s in scores)
    sure = sum(len(s.sure) for s in scores)
    unique = sum(len(s.unique_gold) for s in scores)
    precision = sum(s.correct for s in scores) / predicted if predicted else 1.0
    recall = sum(s.found for s in scores) / sure if sure else 1.0
    unique_recall = (
        sum(len(s.unique_gold & s.unmatched) for s in scores) / unique if unique else 1.0
    )
    return recall, precision, unique_recall


def batches(scores: list[Score]) -> dict[str, list[Score]]:
    """The scores of the tuning pairs, of the held-out pairs, and of all."""
    return {
        "tuned": [s for s in scores if s.batch == 1],
        "held-out": [s for s in scores if s.batch != 1],
        "all": scores,
    }


def report(scores: list[Score]) -> str:
    lines = [f"{'pair':8} {'recall':>7} {'precision':>9} {'unique':>7}  sure found/predicted ok"]
    for s in scores:
        lines.append(
            f"{s.name:8} {s.recall:7.2f} {s.precision:9.2f} {s.unique_recall:7.2f}"
            f"  {s.found}/{len(s.sure)} sure, {s.correct}/{len(s.predicted)} predicted"
        )
    for name, part in batches(scores).items():
        r, p, u = totals(part)
        found = sum(s.found for s in part)
        sure = sum(len(s.sure) for s in part)
        correct = sum(s.correct for s in part)
        predicted = sum(len(s.predicted) for s in part)
        lines.append(
            f"{name:8} {r:7.2f} {p:9.2f} {u:7.2f}"
            f"  {found}/{sure} sure, {correct}/{predicted} predicted ({len(part)} pairs)"
        )
    lines.append("second annotator: agreement on sure pairs; the aligner on what both say")
    for name, part in batches(scores).items():
        a = agreement(part)
        lines.append(
            f"{name:8} F1 {a.f1:.2f} ({a.both_sure} sure for both, {a.first_sure} first,"
            f" {a.second_sure} second); recall {a.recall:.2f} ({a.aligner_found}/{a.both_sure}),"
            f" precision {a.precision:.2f} ({a.aligner_correct}/{a.predicted})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    all_scores = score_all()
    print(report(all_scores))
    for s in all_scores:
        print(
            s.name,
            "missed",
            sorted(s.sure - s.predicted),
            "wrong",
            sorted(s.predicted - s.sure - s.possible),
        )
