"""Recall and precision of fact extraction and source attribution against a hand-made gold list.

Gold: tests/data/gold_facts.json (read by a person from the seeds). Recall counts (fact, source)
pairs of the gold that the extractor finds; precision counts the extractor's (fact, source)
pairs on the seeds whose facts are all listed ("exhaustive"). Run with ``-s`` to see the table.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui_reader.corpus import load_corpus
from tui_reader.models import Source
from tui_reader.services.facts import Fact, extract_facts
from tui_reader.services.facts_quotes import quote_key
from tui_reader.services.facts_text import fold

GOLD = Path(__file__).parent / "data" / "gold_facts.json"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# What was measured when this test was written, minus a margin: a drop below fails the test.
FLOORS = {
    "number": {"recall": 0.95, "precision": 0.95},
    "name": {"recall": 0.90, "precision": 0.90},
    "quote": {"recall": 0.80, "precision": 0.75},
}
SPEAKER_FLOOR = 0.75


@dataclass
class Score:
    gold_pairs: int = 0
    found_pairs: int = 0
    predicted: int = 0
    correct: int = 0
    facts: int = 0
    facts_found: int = 0

    @property
    def recall(self) -> float:
        return self.found_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def _norm(text: str) -> str:
    return re.sub(r"^the ", "", " ".join(fold(text).split()))


def matches(fact: Fact, gold: dict[str, Any]) -> bool:
    if fact.kind != gold["kind"]:
        return False
    if fact.kind == "quote":
        want = f" {quote_key(gold['text'])} "
        keys = [f" {quote_key(v)} " for v in (fact.text, *fact.variants)]
        return any(want in k or k in want for k in keys)
    wanted = {_norm(t) for t in (gold["text"], *gold.get("also", []))}
    return any(_norm(t) in wanted for t in (fact.text, *fact.variants))


@pytest.fixture(scope="module")
def seeds() -> list[Source]:
    sources, _skipped = load_corpus(SEEDS)
    return sources


def _resolve(prefixes: list[str], ids: list[str]) -> set[str]:
    return {next(i for i in ids if i.startswith(p)) for p in prefixes}


def evaluate(sources: list[Source]) -> tuple[dict[str, Score], float, float]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    ids = [s.id for s in sources]
    started = time.perf_counter()
    facts = extract_facts(sources)
    seconds = time.perf_counter() - started
    scores = {kind: Score() for kind in FLOORS}
    speakers_right = speakers_total = 0
    golds = [{**g, "ids": _resolve(g["sources"], ids)} for g in gold["facts"]]
    for g in golds:
        score = scores[g["kind"]]
        score.facts += 1
        score.gold_pairs += len(g["ids"])
        found = [f for f in facts if matches(f, g)]
        carried = set().union(*(set(f.sources) for f in found)) if found else set()
        score.found_pairs += len(g["ids"] & carried)
        score.facts_found += bool(found)
        if g.get("speaker") and found:
            speakers_total += 1
            speakers_right += any(_norm(f.speaker or "") == _norm(g["speaker"]) for f in found)
        elif g.get("speaker"):
            speakers_total += 1
    exhaustive = _resolve(gold["exhaustive"], ids)
    for f in facts:
        for sid in exhaustive & set(f.sources):
            scores[f.kind].predicted += 1
            scores[f.kind].correct += any(sid in g["ids"] and matches(f, g) for g in golds)
    return scores, speakers_right / max(1, speakers_total), seconds


def test_gold_recall_and_precision(seeds: list[Source]) -> None:
    scores, speaker_accuracy, seconds = evaluate(seeds)
    print("\nkind     facts found  pair recall  pair precision (exhaustive seeds)")
    for kind, s in scores.items():
        print(
            f"{kind:8} {s.facts:5} {s.facts_found:5}  {s.recall:11.3f}  {s.precision:8.3f}"
            f" ({s.correct}/{s.predicted})"
        )
    print(f"speaker accuracy {speaker_accuracy:.3f}; extraction {seconds * 1000:.1f} ms")
    for kind, floor in FLOORS.items():
        assert scores[kind].recall >= floor["recall"], (kind, scores[kind])
        assert scores[kind].precision >= floor["precision"], (kind, scores[kind])
    assert speaker_accuracy >= SPEAKER_FLOOR  # the time is printed, not asserted
