"""The five sample articles: titles, furniture dropped, content kept, offsets exact."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tui_reader.corpus import load_corpus, load_source, scan
from tui_reader.models import Source

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def _sources() -> dict[str, Source]:
    sources, skipped = load_corpus(SEEDS)
    assert skipped == []
    return {s.id: s for s in sources}


def seed(prefix: str) -> Source:
    (match,) = [s for sid, s in _sources().items() if sid.startswith(prefix)]
    return match


def texts(source: Source) -> list[str]:
    return [p.text for p in source.passages]


def assert_dropped(source: Source, *lines: str) -> None:
    for line in lines:
        assert line in source.dropped, line
        assert line not in source.text, line


def assert_kept(source: Source, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in source.text, fragment


def test_all_five_seeds_load() -> None:
    entries, skipped = scan(SEEDS)
    assert [e.rel[:3] for e in entries] == ["000", "001", "002", "003", "004"]
    assert skipped == []
    assert len(_sources()) == 5


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_offsets_are_exact(prefix: str) -> None:
    source = seed(prefix)
    assert [p.ordinal for p in source.passages] == list(range(len(source.passages)))
    previous_end = 0
    for passage in source.passages:
        assert passage.text
        assert passage.text == passage.text.strip()
        assert source.text[passage.start : passage.end] == passage.text
        assert passage.start >= previous_end
        previous_end = passage.end
        assert passage.kind in {"paragraph", "heading", "bullet", "table", "qa"}
        assert passage.sentences
        for start, end in passage.sentences:
            sentence = passage.text[start:end]
            assert sentence and sentence == sentence.strip()
    assert source.title not in texts(source)  # shown separately, not repeated as a passage
    assert "\u00a0" not in source.text
    assert "  " not in source.text


def test_seed_000_title_repeats_and_slug() -> None:
    source = seed("000")
    assert source.title == "Ukraine Negotiators Meet in Florida After Moscow Talks: A Guide"
    assert source.title not in source.text
    assert "Ukraine negotiators meet Florida Moscow talks Canada Guide" not in source.text
    assert_dropped(
        source,
        "Ukraine negotiators meet Florida Moscow talks Canada Guide",
        "Official guidance: HMRC resource: "
        "Ukraine negotiators meet Florida Moscow talks Canada Guide",
        "Section image",
        "Supporting image",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    )
    assert any(line.startswith("Disclaimer:") for line in source.dropped)
    assert "affiliate" not in source.text
    first = source.passages[0]
    assert first.kind == "paragraph"
    assert first.text.startswith("In a significant development in the ongoing efforts")
    headings = [p.text for p in source.passages if p.kind == "heading"]
    assert headings == [
        "The Moscow Talks: A Search for Common Ground",
        "The Florida Meeting: Continuing the Dialogue",
        "Geopolitical Context and Future Prospects",
        "Conclusion",
    ]
    assert_kept(
        source, "Russia now controls 19.3% of Ukrainian territory.", "701 sq km (270 sq miles)"
    )
    assert texts(source)[-1].endswith("a lasting and just resolution to the conflict.")
    assert 14 <= len(source.passages) <= 20


def test_seed_001_emoji_title_ads_and_latex() -> None:
    source = seed("001")
    assert source.title == (
        "Diplomatic Overtures: US and Ukrainian Envoys to Convene in Florida Following "
        "High-Stakes Moscow Consultations"
    )
    assert "📰" not in source.text
    assert_dropped(source, "Ad Code", "Post a Comment", "0 Comments")
    # The first paragraph started with a non-breaking space.
    assert source.passages[0].text.startswith("The White House has officially corroborated")
    assert_kept(
        source,
        "the forces annexed approximately 701 km² (270 square miles) of Ukrainian territory",
        "their current control extends over 19.3% of Ukraine's sovereign landmass.",
        "€90 billion",
        "€140 billion loan",
        "Mr. Witkoff's extensive five-hour dialogue",
    )
    assert "\\text" not in source.text and "$" not in source.text and "\\%" not in source.text
    assert all(p.kind == "paragraph" for p in source.passages)
    assert texts(source)[-1] == (
        "It is relevant to note that in 2023, the International Criminal Court (ICC) issued a "
        "warrant for the arrest of President Putin, due in part to the charges relating to the "
        "unlawful deportation of children. President Putin and his administration staunchly deny "
        "these allegations."
    )
    assert 22 <= len(source.passages) <= 26


def test_seed_002_breadcrumb_byline_bullets_qa_and_calls_to_action() -> None:
    source = seed("002")
    assert source.title == "Ukraine-Russia Talks: US Proposes Miami Meeting – Zelenskyy"
    assert_dropped(
        source,
        "Home » world » Ukraine-Russia Talks: US Proposes Miami Meeting – Zelenskyy",
        "by James Carter Senior News Editor",
        "What are your predictions for the future of Ukraine peace negotiations? "
        "Share your thoughts in the comments below!",
        "You may also like",
        "Leave a Comment",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Adblock Detected",
        "Please support us by disabling your AdBlocker extension from your browsers for our "
        "website.",
    )
    first = source.passages[0]
    assert first.kind == "heading"
    assert first.text.startswith("Ukraine Peace Talks in Miami: A Shift Towards")
    bullets = [p.text for p in source.passages if p.kind == "bullet"]
    assert len(bullets) == 8
    assert all(b.startswith("• ") for b in bullets)
    assert bullets[0].startswith("• Increased Reliance on Intermediaries: Expect to see")
    assert bullets[-1].startswith("• Scenario Planning: Develop contingency plans")
    qa = [p for p in source.passages if p.kind == "qa"]
    assert len(qa) == 4
    assert qa[0].text.startswith(
        "Q: What is the likelihood of a breakthrough in the Miami talks?\nA:"
    )
    assert_kept(
        source,
        "Kushner’s Role: A Return to Influence?",
        "Key Takeaway: The inclusion of Kushner introduces a wildcard element",
        "“Pro Tip:” Stay informed",
        "Frequently Asked Questions",
    )
    assert texts(source)[-1].startswith("The Miami talks represent a complex and uncertain chapter")
    assert 28 <= len(source.passages) <= 34


def test_seed_003_single_newlines_and_table() -> None:
    source = seed("003")
    assert source.title == (
        "Critical Peace Discussions on Ukraine Between Putin, Trump Envoy in Moscow"
    )
    assert [p.text for p in source.passages if p.kind == "heading"] == [
        "Preface",
        "Lazy bag",
        "Main Body",
        "Key Insights Table",
    ]
    tables = [p for p in source.passages if p.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert table is source.passages[-1]
    rows = table.text.split("\n")
    assert rows[0] == "| Aspect | Description |"
    assert rows[-1] == (
        "| Key Fact 2 | Territorial concessions and security guarantees are major issues in the "
        "negotiations. |"
    )
    assert len(table.sentences) == 3  # header and two rows; the |---| separator is not a sentence
    paragraphs = [p for p in source.passages if p.kind == "paragraph"]
    assert len(paragraphs) == 9
    assert paragraphs[2].text.startswith("As tensions continue over the conflict in Ukraine")
    assert source.dropped == ()


def test_seed_004_single_newlines_and_sentences() -> None:
    source = seed("004")
    assert source.title == (
        "US & Russia Set for High-Stakes Talks in Moscow to End Ukraine War Amid Kyiv's Concerns"
    )
    assert [p.kind for p in source.passages][:3] == ["paragraph", "heading", "paragraph"]
    assert source.passages[1].text == "Intense Diplomacy Amidst European Apprehension"
    assert_kept(
        source,
        "a 28-point US plan last month",
        "Moscow launched 5,660 missiles and long-range drones last month, a 2 percent increase",
    )
    last = source.passages[-1]
    sentences = [last.text[a:b] for a, b in last.sentences]
    assert sentences[0] == (
        "Adding to the urgency, an AFP analysis revealed Russia's escalated drone and missile "
        "attacks throughout November."
    )
    assert sentences[-1].startswith('"This is serious pressure')
    assert len(sentences) == 3
    assert source.dropped == ()
    assert len(source.passages) == 12


def test_quotes_and_abbreviations_in_seed_sentences() -> None:
    source = seed("001")
    passage = next(p for p in source.passages if p.text.startswith("The Ukrainian Foreign"))
    sentences = [passage.text[a:b] for a, b in passage.sentences]
    assert sentences[-1] == 'That was their impression."'
    assert sentences[-2].endswith('"[Putin] would like to end the war.')
    mr = next(p for p in source.passages if p.text.startswith("While Mr. Ushakov"))
    assert mr.text[slice(*mr.sentences[0])].startswith("While Mr. Ushakov did not furnish")
    zero = seed("000").passages[0]
    first = zero.text[slice(*zero.sentences[0])]
    assert first.endswith("Ukrainian and U.S. negotiators are scheduled to meet in Miami, Florida.")


def test_load_source_matches_load_corpus(seeds_dir: Path) -> None:
    entries, _ = scan(seeds_dir)
    loaded = load_source(seeds_dir, entries[2])
    assert isinstance(loaded, Source)
    assert loaded == seed("002")
    assert loaded.raw == (seeds_dir / entries[2].rel).read_text(encoding="utf-8")
