"""Passage alignment and word diff: the gold set over the seeds, and the rules one by one."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import gold_compare
from tui_reader.cli import main
from tui_reader.corpus import build_source
from tui_reader.models import Alignment, DiffToken, Passage, Source
from tui_reader.render.compare import compare_markdown, render_compare
from tui_reader.services import compare
from tui_reader.services.compare import align, diff_texts, word_diff
from tui_reader.services.normalize import keys

# Measured on the gold set (see README). Batch 1 (5 pairs, 29 sure links) is what the aligner
# was tuned on: recall 0.66, precision 0.95. Batch 2 (5 pairs, 6 sure links) was written later,
# blind, and is held out: recall 0.17 (1 of 6), precision 1.0. All 10: recall 0.57, precision
# 0.96. The floors leave a small margin; raise them when the aligner gets better, never lower
# them to make a test pass.
RECALL_FLOOR = {"tuned": 0.62, "held-out": 0.15, "all": 0.54}
PRECISION_FLOOR = 0.9
UNIQUE_FLOOR = 0.9
CONSENSUS_RECALL_FLOOR = 0.63  # sure pairs of both annotators: 18 of 27 found
SAME_STORY_RECALL_FLOOR = 0.87  # 000-001: one story told twice, the pair the compare screen is for


def source(source_id: str, *paragraphs: str, one_per_line: bool = False) -> Source:
    body = ("\n" if one_per_line else "\n\n").join(paragraphs)
    return build_source(source_id, Path(f"{source_id}.txt"), f"Title of {source_id}\n\n{body}\n")


def uncleaned(source_id: str, *paragraphs: str) -> Source:
    """A source whose passages are exactly ``paragraphs`` (no cleaning: hostile text stays)."""
    text = "\n\n".join(paragraphs)
    passages, start = [], 0
    for n, paragraph in enumerate(paragraphs):
        end = start + len(paragraph)
        passages.append(Passage(source_id, n, paragraph, start, end))
        start = end + 2
    return Source(source_id, Path(source_id), source_id, text, text, tuple(passages))


def pairs(alignment: Alignment) -> set[tuple[int, int]]:
    return {(i, j) for g in alignment.groups for i in g.a for j in g.b}


def check_complete(alignment: Alignment, a: Source, b: Source) -> None:
    seen_a = [i for g in alignment.groups for i in g.a]
    seen_b = [j for g in alignment.groups for j in g.b]
    assert sorted(seen_a) == [p.ordinal for p in a.passages]
    assert sorted(seen_b) == [p.ordinal for p in b.passages]
    firsts = [g.a[0] for g in alignment.groups if g.a]
    assert firsts == sorted(firsts), "groups follow the reading order of A (by first passage)"
    assert all(list(g.a) == sorted(g.a) and list(g.b) == sorted(g.b) for g in alignment.groups)
    assert all(g.a or g.b for g in alignment.groups)


# --------------------------------------------------------------------------- gold set


@pytest.fixture(scope="module")
def gold_scores() -> list[gold_compare.Score]:
    return gold_compare.score_all()


def test_gold_snippets_match_the_segmentation() -> None:
    sources = gold_compare.seed_sources()
    for entry in gold_compare.load_gold():
        a, b = sources[str(entry["a"])], sources[str(entry["b"])]
        assert not gold_compare.snippet_mismatches(entry, a, b), (
            "the corpus segmentation changed: re-read the seeds and update gold_compare.json"
        )


def test_second_annotation_covers_the_same_pairs_with_valid_ordinals() -> None:
    sources = gold_compare.seed_sources()
    second = gold_compare.load_second()
    assert set(second) == {(str(e["a"]), str(e["b"])) for e in gold_compare.load_gold()}
    for (a, b), (sure, possible) in second.items():
        assert not sure & possible, (a, b)
        for i, j in sure | possible:
            assert i < len(sources[a].passages) and j < len(sources[b].passages), (a, b, i, j)


def test_aligner_on_what_both_annotators_say(gold_scores: list[gold_compare.Score]) -> None:
    both = gold_compare.agreement(gold_scores)
    assert both.both_sure > 0
    assert both.recall >= CONSENSUS_RECALL_FLOOR
    assert both.precision >= PRECISION_FLOOR


def test_gold_recall_and_precision(gold_scores: list[gold_compare.Score]) -> None:
    print("\n" + gold_compare.report(gold_scores))
    assert len(gold_scores) >= 10
    for name, part in gold_compare.batches(gold_scores).items():
        recall, precision, unique = gold_compare.totals(part)
        assert part, name
        assert recall >= RECALL_FLOOR[name], name
        assert precision >= PRECISION_FLOOR, name
        assert unique >= UNIQUE_FLOOR, name
    same_story = next(s for s in gold_scores if s.name == "000-001")
    assert same_story.recall >= SAME_STORY_RECALL_FLOOR
    assert same_story.precision >= PRECISION_FLOOR


def test_every_seed_pair_is_complete() -> None:
    sources = list(gold_compare.seed_sources().values())
    for a in sources:
        for b in sources:
            check_complete(align(a, b), a, b)


def test_a_source_aligns_with_itself() -> None:
    a = gold_compare.seed_sources()["001_bbe6e142eb0c3a87"]
    alignment = align(a, a)
    assert all(g.a == g.b and not g.moved for g in alignment.groups)
    assert all(g.similarity == pytest.approx(1.0) for g in alignment.groups)


# --------------------------------------------------------------------------- rules

MIAMI = (
    "White House officials confirmed that envoy Steve Witkoff will meet Rustem Umerov, head of "
    "the national security council, in Miami on Thursday."
)
TALKS_A = (
    "Earlier this week Witkoff, accompanied by Jared Kushner, engaged in nearly five hours of "
    "discussions with Vladimir Putin in Moscow, which the Kremlin said produced no compromise."
)
TALKS_B = (
    "Witkoff held a five-hour dialogue with Vladimir Putin in Moscow, joined by Jared Kushner; "
    "the Kremlin reported no compromise."
)
TERRITORY_A = (
    "Russian forces seized approximately 701 sq km (270 sq miles) of Ukrainian territory in "
    "November, according to the Institute for the Study of War, and control 19.3% of Ukraine."
)
TERRITORY_B = (
    "The Institute for the Study of War says Moscow's troops took $701 \\text{ km}^2$ of land "
    "in November and now hold 19.3 percent of the country."
)
ZELENSKY_A = (
    "President Zelensky said the world clearly feels a real opportunity to end the war, backed "
    "by pressure on Russia."
)
ZELENSKY_B = (
    "Volodymyr Zelenskyy insisted that talks be backed by pressure on Russia, saying the world "
    "feels a real opportunity to end the war."
)
GAS = (
    "The European Union agreed to end imports of Russian natural gas by 2027, with a ban on "
    "long-term pipeline contracts."
)
CHILDREN = (
    "At the United Nations, ninety countries demanded the return of Ukrainian children deported "
    "to Russia."
)


def test_rewording_of_the_same_fact_matches() -> None:
    a = source("a", MIAMI, TALKS_A, GAS)
    b = source("b", MIAMI, TALKS_B, GAS)
    alignment = align(a, b)
    assert (1, 1) in pairs(alignment)
    diff_a, diff_b = word_diff(TALKS_A, TALKS_B)
    shared = "".join(t.text for t in diff_a if t.op == "same")
    assert "five hours" in shared  # "five hours" = "five-hour"
    assert "discussions" not in shared
    assert any(t.op == "b" and "dialogue" in t.text for t in diff_b)


def test_number_formats_match() -> None:
    a = source("a", MIAMI, TERRITORY_A)
    b = source("b", MIAMI, TERRITORY_B)
    assert "701 km²" in b.passages[1].text  # the cleaner turned LaTeX into text
    alignment = align(a, b)
    assert (1, 1) in pairs(alignment)
    diff_a, _ = word_diff(TERRITORY_A, b.passages[1].text)
    shared = " ".join(t.text for t in diff_a if t.op == "same")
    assert "701 sq km" in shared
    assert "19.3%" in shared


def test_name_spellings_match() -> None:
    a = source("a", ZELENSKY_A, GAS)
    b = source("b", ZELENSKY_B, GAS)
    assert (0, 0) in pairs(align(a, b))
    diff_a, _ = word_diff(ZELENSKY_A, ZELENSKY_B)
    assert any(t.op == "same" and "Zelensky" in t.text for t in diff_a)


def test_reordered_passage_matches_and_is_marked_moved() -> None:
    a = source("a", MIAMI, TALKS_A, TERRITORY_A, GAS, CHILDREN)
    b = source("b", TALKS_B, TERRITORY_B, GAS, CHILDREN, MIAMI)
    alignment = align(a, b)
    check_complete(alignment, a, b)
    moved = [g for g in alignment.groups if g.moved]
    assert [(g.a, g.b) for g in moved] == [((0,), (4,))]
    assert all(not g.moved for g in alignment.groups if g.a != (0,))
    assert {(1, 0), (2, 1), (3, 2), (4, 3)} <= pairs(alignment)


def test_one_long_passage_against_two_short_ones() -> None:
    a = source("a", MIAMI, f"{TALKS_A} {GAS}", CHILDREN)
    b = source("b", MIAMI, TALKS_B, GAS, CHILDREN)
    alignment = align(a, b)
    check_complete(alignment, a, b)
    group = next(g for g in alignment.groups if 1 in g.a)
    assert group.a == (1,) and group.b == (1, 2)
    assert not group.moved


def test_unique_passages_stay_unmatched() -> None:
    a = source("a", MIAMI, TALKS_A, CHILDREN)
    b = source("b", MIAMI, GAS, TALKS_B)
    alignment = align(a, b)
    check_complete(alignment, a, b)
    assert pairs(alignment) == {(0, 0), (1, 2)}
    assert any(g.a == (2,) and not g.b for g in alignment.groups)
    assert any(g.b == (1,) and not g.a for g in alignment.groups)


def test_headings_do_not_match_on_one_shared_word() -> None:
    a = source("a", "Moscow Talks", MIAMI, "Conclusion and Outlook")
    b = source("b", "Talks Abroad", GAS, "Outlook")
    assert pairs(align(a, b)) == set()


def test_one_line_per_paragraph_aligns_like_blank_lines() -> None:
    paragraphs_a = (MIAMI, TALKS_A, TERRITORY_A, GAS)
    paragraphs_b = (TALKS_B, MIAMI, TERRITORY_B, CHILDREN)
    blank = align(source("a", *paragraphs_a), source("b", *paragraphs_b))
    lines = align(
        source("a", *paragraphs_a, one_per_line=True), source("b", *paragraphs_b, one_per_line=True)
    )
    assert blank.groups == lines.groups
    assert {(0, 1), (1, 0), (2, 2)} <= pairs(blank)


def test_empty_and_one_sided_sources() -> None:
    a = source("a", MIAMI, GAS)
    b = source("b", "Nothing in common here at all, only weather and football results.")
    alignment = align(a, b)
    check_complete(alignment, a, b)
    assert pairs(alignment) == set()


HARBOUR_A = (
    "Minister Pertenko told Chilean dock workers that the harbour would reopen after the storm."
)
HARBOUR_B = "The harbour reopens after the storm, Minister Petrenko told the dock workers of Chile."
HARBOUR_NEWS = "Fishing fleets from Chile and Peru returned to the harbour after the storm."


def test_spelling_variants_and_demonyms_are_merged_between_the_two_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = source("a", HARBOUR_A, GAS)
    b = source("b", HARBOUR_NEWS, HARBOUR_B, CHILDREN)

    def similarity() -> float:
        alignment = align(a, b)
        assert (0, 1) in pairs(alignment)
        return next(g.similarity for g in alignment.groups if g.a == (0,))

    diff_a, _ = word_diff(HARBOUR_A, HARBOUR_B)
    shared = " ".join(t.text for t in diff_a if t.op == "same")
    assert "Pertenko" in shared and "Chilean" in shared
    merged = similarity()
    monkeypatch.setattr(compare, "variant_aliases", lambda names: {})
    assert similarity() < merged
    diff_a, _ = word_diff(HARBOUR_A, HARBOUR_B)
    assert "Pertenko" not in " ".join(t.text for t in diff_a if t.op == "same")


def _scored(a: Source, b: Source, *, phrases: bool = True) -> dict[tuple[int, int], float]:
    kinds = compare._kinds(a.passages, b.passages)
    ua = compare._units(a.passages, kinds, {})
    ub = compare._units(b.passages, kinds, {})
    if not phrases:
        for u in (*ua, *ub):
            u.keys = u.words
            u.sentences = [frozenset(k for k in s if compare.PHRASE not in k) for s in u.sentences]
    weights, rare = compare._weigh(ua, ub, kinds)
    return compare._scores(ua, ub, weights, rare)


def test_a_shared_phrase_outweighs_the_same_words_scattered() -> None:
    a = source("a", "Officials called the border talks reasonably good on Friday evening.")
    b = source(
        "b",
        "On Friday evening the talks went reasonably, officials said; the border news was good.",
        "The border talks were reasonably good, officials said.",
    )
    assert (0, 1) in pairs(align(a, b))
    with_phrases = _scored(a, b)
    assert with_phrases[0, 1] > with_phrases.get((0, 0), 0.0)
    words_only = _scored(a, b, phrases=False)
    assert words_only[0, 1] <= words_only.get((0, 0), 0.0)  # the words alone cannot tell


def test_a_phrase_weighs_only_what_its_words_do_not_already_say() -> None:
    a = source("a", f"Volodymyr Zelensky met farmers. {GAS}", CHILDREN)
    b = source("b", f"Volodymyr Zelensky met miners. {MIAMI}", CHILDREN)
    kinds = compare._kinds(a.passages, b.passages)
    ua = compare._units(a.passages, kinds, {})
    ub = compare._units(b.passages, kinds, {})
    weights, _ = compare._weigh(ua, ub, kinds)
    first, last = (k.key for k in keys("Volodymyr Zelensky"))
    assert weights[first + compare.PHRASE + last] == 0.0  # the two always come together
    assert weights[last] > 0.0
    assert all(w >= 0.0 for w in weights.values())


def test_one_passage_can_match_two_passages_that_are_not_neighbours() -> None:
    a = source("a", f"{MIAMI} {ZELENSKY_A}", GAS, CHILDREN)
    b = source("b", MIAMI, TALKS_B, ZELENSKY_B, CHILDREN)
    alignment = align(a, b)
    check_complete(alignment, a, b)
    group = next(g for g in alignment.groups if 0 in g.a)
    assert group.a == (0,) and group.b == (0, 2)
    assert any(g.b == (1,) and not g.a for g in alignment.groups)


def test_a_passage_that_adds_its_own_news_does_not_join_a_group() -> None:
    a = source("a", TALKS_A, GAS)
    b = source("b", TALKS_B, CHILDREN, GAS, f"{TALKS_B} {CHILDREN} {TERRITORY_B} {MIAMI}")
    alignment = align(a, b)
    check_complete(alignment, a, b)
    assert (0, 0) in pairs(alignment)
    assert (0, 3) not in pairs(alignment)
    # The long passage does restate the talks: only the whole-group check keeps it out.
    kinds = compare._kinds(a.passages, b.passages)
    ua = compare._units(a.passages, kinds, {})
    ub = compare._units(b.passages, kinds, {})
    weights, rare = compare._weigh(ua, ub, kinds)
    assert compare._scores(ua, ub, weights, rare)[0, 3] >= compare.MATCH


GAS_B = (
    "Member states of the European Union struck a deal to stop all imports of Russian natural "
    "gas by 2027, starting with long-term pipeline contracts."
)


def test_a_passage_restating_one_sentence_of_a_long_one_joins_its_group() -> None:
    # A says in one paragraph what B says in three; B's last restates only A's last sentence
    # and adds news of its own, so neither whole passages nor the whole-group check let it in:
    # the sentence, news to the group, does.
    a = source("a", f"{MIAMI} {TALKS_A} {GAS}")
    b = source("b", MIAMI, TALKS_B, f"{GAS_B} {CHILDREN} {TERRITORY_B}")
    alignment = align(a, b)
    check_complete(alignment, a, b)
    assert [(g.a, g.b) for g in alignment.groups] == [((0,), (0, 1, 2))]


PARAGRAPHS = (MIAMI, TALKS_A, TERRITORY_A, ZELENSKY_A, GAS, CHILDREN)


@settings(max_examples=40, deadline=None)
@given(
    order_a=st.permutations(range(len(PARAGRAPHS))),
    order_b=st.permutations(range(len(PARAGRAPHS))),
    keep_a=st.lists(st.booleans(), min_size=len(PARAGRAPHS), max_size=len(PARAGRAPHS)),
    keep_b=st.lists(st.booleans(), min_size=len(PARAGRAPHS), max_size=len(PARAGRAPHS)),
)
def test_any_shuffle_keeps_every_passage_once(
    order_a: list[int], order_b: list[int], keep_a: list[bool], keep_b: list[bool]
) -> None:
    chosen_a = [PARAGRAPHS[i] for i in order_a if keep_a[i]] or [GAS]
    chosen_b = [PARAGRAPHS[i] for i in order_b if keep_b[i]] or [CHILDREN]
    a, b = source("a", *chosen_a), source("b", *chosen_b)
    alignment = align(a, b)
    check_complete(alignment, a, b)
    # The same paragraph on both sides always finds its copy.
    for i, text in enumerate(chosen_a):
        if text in chosen_b:
            assert (i, chosen_b.index(text)) in pairs(alignment)


# --------------------------------------------------------------------------- word diff


def test_word_diff_marks_shared_and_unique_words() -> None:
    a = "The Kremlin said the talks produced no compromise on Tuesday."
    b = "On Tuesday the Kremlin said talks had produced no compromise at all."
    diff_a, diff_b = word_diff(a, b)
    assert "".join(t.text for t in diff_a) == a
    assert "".join(t.text for t in diff_b) == b
    assert {t.op for t in diff_a} <= {"same", "a"}
    assert {t.op for t in diff_b} <= {"same", "b"}
    shared = " ".join(t.text for t in diff_a if t.op == "same")
    assert "Kremlin said" in shared and "produced no compromise" in shared
    assert any(t.op == "b" and "at all" in t.text for t in diff_b)


def test_word_diff_sees_a_country_by_its_name_or_abbreviation() -> None:
    diff_a, diff_b = word_diff("the United States and the EU", "the US and the European Union")
    assert all(t.op == "same" for t in (*diff_a, *diff_b))


def test_word_diff_of_identical_and_disjoint_texts() -> None:
    assert word_diff(GAS, GAS) == ((DiffToken("same", GAS),), (DiffToken("same", GAS),))
    diff_a, diff_b = word_diff("alpha beta gamma", "delta epsilon")
    assert [t.op for t in diff_a] == ["a"] and [t.op for t in diff_b] == ["b"]
    assert word_diff("", "") == ((), ())


def test_diff_over_groups_returns_runs_per_passage() -> None:
    runs_a, runs_b = diff_texts([f"{TALKS_A} {GAS}"], [TALKS_B, GAS])
    assert len(runs_a) == 1 and len(runs_b) == 2
    assert "".join(t.text for t in runs_b[1]) == GAS
    assert all(t.op == "same" for t in runs_b[1] if t.text.strip(" .,"))


def test_word_diff_keeps_stop_word_islands_out() -> None:
    a = "sanctions on the oil exports of the country"
    b = "tariffs on the grain imports of the region"
    diff_a, _ = word_diff(a, b)
    assert not any(t.op == "same" and t.text.strip() == "the" for t in diff_a)


# --------------------------------------------------------------------------- output


def test_cli_compare_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", "000", "001", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    for r in records:
        assert set(r) == {"a", "b", "similarity", "moved"}
        assert isinstance(r["similarity"], float) and isinstance(r["moved"], bool)
        for side in ("a", "b"):
            assert all(set(p) == {"passage", "text"} for p in r[side])
        assert r["a"] or r["b"]
    sources = gold_compare.seed_sources()
    for side, sid in (("a", "000_15444799d16b97f2"), ("b", "001_bbe6e142eb0c3a87")):
        numbers = sorted(p["passage"] for r in records for p in r[side])
        assert numbers == list(range(len(sources[sid].passages)))


def test_markdown_report_has_passage_numbers_and_escapes() -> None:
    a = uncleaned("a", MIAMI, "A `tick` and *stars* and a_b only here in A.")
    b = uncleaned("b", MIAMI, GAS)
    report = compare_markdown(align(a, b), a, b)
    assert report.startswith("# Comparison:")
    assert "A ¶0 = B ¶0" in report
    assert "Only in A: ¶1" in report and "Only in B: ¶1" in report
    assert "\\`tick\\`" in report and "\\*stars\\*" in report and "a\\_b" in report


def test_rich_rendering_has_no_markup_from_files() -> None:
    from rich.console import Console

    a = uncleaned("a", MIAMI, "[bold red]not markup[/] in A, only here \x1b[31m.")
    b = uncleaned("b", MIAMI, GAS)
    console = Console(width=120, record=True, color_system=None)
    console.print(render_compare(align(a, b), a, b))
    text = console.export_text()
    assert "[bold red]not markup[/]" in text
    assert "\x1b" not in text
    assert "only in A" in text and "not in B" in text
    # One group, one passage of A alone, none of B: counted in the singular where it is one.
    assert text.startswith("1 matched group (0 moved), 1 passage only in A, 1 only in B")


def test_shuffled_seed_passages_are_found_again() -> None:
    a = gold_compare.seed_sources()["001_bbe6e142eb0c3a87"]
    paragraphs = [p.text for p in a.passages]
    order = list(range(len(paragraphs)))
    random.Random(7).shuffle(order)
    b = source("b", *(paragraphs[i] for i in order))
    alignment = align(a, b)
    check_complete(alignment, a, b)
    assert {(i, order.index(i)) for i in range(len(order))} <= pairs(alignment)


def test_synthetic_rewrite_is_recovered() -> None:
    """A generated article against its rewrite (paragraphs moved, dropped, added, edited): every
    surviving paragraph finds its original, nothing else is paired, the moved ones are marked."""
    import difflib

    from benchmarks.generate import long_article_pair

    text_a, text_b = long_article_pair(words=3000)
    a = build_source("a", Path("a.txt"), text_a)
    b = build_source("b", Path("b.txt"), text_b)
    truth = set()
    for j, q in enumerate(b.passages):
        for i, p in enumerate(a.passages):
            if p.kind == q.kind and abs(len(p.text) - len(q.text)) < 0.3 * len(p.text):
                words_a, words_b = p.text.split(), q.text.split()
                if difflib.SequenceMatcher(None, words_a, words_b).ratio() >= 0.75:
                    truth.add((i, j))
    alignment = align(a, b)
    check_complete(alignment, a, b)
    found = pairs(alignment)
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found & truth) >= 0.95 * len(found)
    assert any(g.moved for g in alignment.groups)
