"""Cleaning rules on small synthetic articles (so the rules are shown to be generic), LaTeX, and
control characters."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from tui_reader.corpus import build_source, strip_controls, visible_controls
from tui_reader.corpus.clean import clean
from tui_reader.corpus.latex import convert_latex, math_to_text

BODY = (
    "The council approved the new budget on Monday after a long debate. Officials said the "
    "plan would take effect next year."
)
BODY2 = "Critics argued that the spending cuts went too far. The mayor disagreed with them."


def article(*lines: str) -> str:
    return "\n\n".join(lines)


# --- title -----------------------------------------------------------------------------------


def test_title_is_detected_and_not_repeated_in_text() -> None:
    cleaned = clean(article("City Council Approves Budget for Next Year", BODY, BODY2))
    assert cleaned.title == "City Council Approves Budget for Next Year"
    assert cleaned.text == BODY + "\n\n" + BODY2
    assert cleaned.dropped == ()


def test_repeated_title_lines_are_dropped() -> None:
    title = "City Council Approves Budget for Next Year"
    cleaned = clean(article(title, title, title, BODY))
    assert cleaned.title == title
    assert cleaned.text == BODY
    assert cleaned.dropped == (title, title)


def test_slug_variant_of_the_title_is_dropped_and_the_complete_title_wins() -> None:
    slug = "council approves budget next year springfield"
    title = "City Council Approves the Budget for Next Year: What Changes"
    cleaned = clean(article(slug, title, BODY))
    assert cleaned.title == title
    assert cleaned.dropped == (slug,)
    assert cleaned.text == BODY


def test_breadcrumb_ending_in_the_title_is_dropped() -> None:
    title = "Storm Closes Schools Across the Region"
    crumb = f"Home › Weather › {title}"
    cleaned = clean(article(crumb, title, "A Wider Look at the Season", BODY))
    assert cleaned.title == title
    assert crumb in cleaned.dropped
    assert cleaned.text.startswith("A Wider Look at the Season\n\n")


def test_leading_emoji_is_stripped_from_the_title() -> None:
    cleaned = clean(article("🌍️ Climate Summit Opens in Lima", BODY))
    assert cleaned.title == "Climate Summit Opens in Lima"
    assert "🌍" not in cleaned.text


def test_a_lone_line_is_content_not_a_title() -> None:
    assert clean("the end of the war came\n") == clean("the end of the war came")
    cleaned = clean("Budget Approved\n\nBudget Approved\n")
    assert (cleaned.title, cleaned.text) == ("", "Budget Approved")


def test_short_first_line_stays_the_title_above_a_sentence_case_line() -> None:
    cleaned = clean("A report\n\nthe end of the war came\n")
    assert (cleaned.title, cleaned.text) == ("A report", "the end of the war came")


def test_text_without_a_heading_has_no_title() -> None:
    cleaned = clean(article(BODY, BODY2))
    assert cleaned.title == ""
    assert cleaned.text == BODY + "\n\n" + BODY2


def test_title_echo_behind_link_labels_is_dropped_later_in_the_text() -> None:
    title = "Farmers Protest New Water Rules in the Valley"
    spam = "Useful link: Farmers protest water rules valley"
    cleaned = clean(article(title, BODY, spam, BODY2))
    assert spam in cleaned.dropped
    assert cleaned.text == BODY + "\n\n" + BODY2


def test_section_label_above_the_title_is_dropped() -> None:
    cleaned = clean(article("Politics", "Senate Passes the Infrastructure Bill", BODY))
    assert cleaned.title == "Senate Passes the Infrastructure Bill"
    assert cleaned.dropped == ("Politics",)


# --- furniture -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Ad Code",
        "Featured image",
        "Hero photo",
        "Photo: Jane Doe / Agency",
        "Leave a Reply",
        "Leave a comment",
        "Post a Comment",
        "12 Comments",
        "Your email address will not be published. Required fields are marked *",
        "Adblock Detected",
        "Please disable your ad blocker to continue reading.",
        "We noticed you're using an ad blocker.",
        "This site uses Akismet to reduce spam.",
        "You might also like",
        "Related Articles",
        "Read more",
        "Share this article",
        "Share on Facebook Twitter",
        "Follow us on Instagram",
        "Subscribe",
        "Tags: budget, council, city",
        "5 min read",
        "***",
        "— — —",
        "What do you think? Let us know in the comments!",
        "Tell us your thoughts below.",
        "Disclaimer: This page is for information only.",
        "This post contains affiliate links, which means we may earn a commission.",
        "See also: Related guide: Council budget",
        "By Maria Lopez and John Smith",
        "Written by Anna Berg | Staff Reporter",
        "Published: 3 March 2025 10:14",
        "Home » Local » Budget",
        "December 3, 2025 4:12 PM GMT+1 Updated 2 hours ago",
        "3 Dec 2025",
        "2025-12-03 14:05 UTC",
        "Reporting by Olena Harmash; Editing by Mark Heinrich",
        "Additional reporting by Anna Berg.",
        "Tuesday, 2 December 2025 at 09:30 CET",
        "Share this post: Twitter | Facebook",
        "News > Europe > Politics > Budget talks",
    ],
)
def test_furniture_lines_are_dropped(line: str) -> None:
    cleaned = clean(article("City Council Approves Budget for Next Year", BODY, line, BODY2))
    assert cleaned.dropped == (line,)
    assert cleaned.text == BODY + "\n\n" + BODY2


@pytest.mark.parametrize(
    "line",
    [
        "Readers left more than 300 comments below the original post, many of them angry.",
        "The photo agency said the image was taken on Tuesday.",
        "Share prices fell 3% after the announcement.",
        "By the end of the year, the city expects to hire 40 new teachers.",
        "Subscribers will pay $5 more per month, the company said.",
        "Disclaimers on the product were found to be misleading, the regulator said.",
        "Home prices rose again in March.",
        "Key Takeaway: The budget grows by 4% while taxes stay flat.",
        "Related: the mayor will present the plan on Friday.",
        "What happens next? The council votes again in May.",
        "Q: When does the plan start?",
        "Reporting by the Guardian showed that the minister knew.",
        "December 3, 2025 was the day the talks began.",
        "December 3, 2025 was the day the talks began",
        "Published reports say 12 people were hurt.",
    ],
)
def test_real_sentences_are_kept(line: str) -> None:
    cleaned = clean(article("City Council Approves Budget for Next Year", BODY, line, BODY2))
    assert cleaned.dropped == ()
    assert line in cleaned.text


def test_wire_story_head_title_is_the_first_line_not_the_timestamp() -> None:
    raw = (
        "Ukraine says it repelled Russian attacks near Pokrovsk\n"
        "By Olena Harmash\n"
        "3 minute read\n"
        "December 3, 2025 4:12 PM GMT+1 Updated 2 hours ago\n"
        f"{BODY}\n"
    )
    cleaned = clean(raw)
    assert cleaned.title == "Ukraine says it repelled Russian attacks near Pokrovsk"
    assert cleaned.text == BODY
    assert len(cleaned.dropped) == 3


def test_heading_is_not_merged_with_a_lead_sentence_sharing_stop_words() -> None:
    lead = "The talks in Miami matter for three reasons, as our analysis shows:"
    cleaned = clean(article("Why the Talks Matter", lead, "• Territory"))
    assert cleaned.title == "Why the Talks Matter"
    assert cleaned.text == f"{lead}\n\n• Territory"


def test_markdown_front_matter_images_and_emphasis() -> None:
    raw = (
        "---\ntitle: test\ntags: [a, b]\n---\n# Budget Approved\n\n"
        "![Council chamber](img/chamber.jpg)\n\n"
        "*Posted on 3 Dec 2025*\n\n"
        "The __final__ vote was 7 to 2, and 5 * 3 *members* abstained.\n\n"
        "*Share this post:* [Twitter](https://t.co/x) | [Facebook](https://fb.com/x)\n"
    )
    cleaned = clean(raw)
    assert cleaned.title == "Budget Approved"
    assert cleaned.text == "The final vote was 7 to 2, and 5 * 3 *members* abstained."
    assert cleaned.dropped == (
        "---",
        "title: test",
        "tags: [a, b]",
        "---",
        "*Posted on 3 Dec 2025*",
        "*Share this post:* Twitter | Facebook",
    )


def test_a_lone_rule_line_is_not_front_matter() -> None:
    cleaned = clean(f"---\nBudget Approved\n\n{BODY}")
    assert cleaned.title == "Budget Approved"
    assert cleaned.text == BODY


def test_dangling_short_headings_at_the_end_are_dropped() -> None:
    cleaned = clean(article("Budget Approved After Long Debate", BODY, "More From Local News"))
    assert cleaned.text == BODY
    assert cleaned.dropped == ("More From Local News",)


def test_headings_before_content_are_kept() -> None:
    cleaned = clean(article("Budget Approved", BODY, "What Happens Next", BODY2))
    assert cleaned.text == f"{BODY}\n\nWhat Happens Next\n\n{BODY2}"


# --- whitespace, bullets, tables, Q&A, unwrapping --------------------------------------------


def test_whitespace_is_normalised() -> None:
    cleaned = clean(
        "Budget Approved\n\n\u00a0The  council\u2009approved\tit.   \r\n\n\n\n  Next  line here.  "
    )
    assert cleaned.text == "The council approved it.\n\nNext line here."


def test_single_newline_paragraphs_stay_separate() -> None:
    cleaned = clean(f"Budget Approved\n{BODY}\nWhat Happens Next\n{BODY2}")
    assert cleaned.text.split("\n\n") == [BODY, "What Happens Next", BODY2]


@pytest.mark.parametrize("glyph", ["•", "-", "*", "·", "●", "▪", "•\u00a0"])
def test_bullet_glyphs_are_normalised(glyph: str) -> None:
    cleaned = clean(f"Budget Approved\n\n{BODY}\n\n  {glyph} First point here\n  {glyph} Second")
    assert cleaned.text.split("\n\n")[1:] == ["• First point here", "• Second"]


def test_numbered_items_and_negative_numbers_are_left_alone() -> None:
    cleaned = clean("Budget Approved\n\n1. First step\n2) Second step\n-5% was the change.")
    assert cleaned.text.split("\n\n") == ["1. First step", "2) Second step", "-5% was the change."]


def test_markdown_table_stays_one_block() -> None:
    table = "| Year | Budget |\n|---|---|\n| 2024 | $4m |\n| 2025 | $5m |"
    cleaned = clean(f"Budget Approved\n\n{BODY}\n\n{table}\n\n{BODY2}")
    assert cleaned.text.split("\n\n") == [BODY, table, BODY2]


def test_question_and_answer_are_joined() -> None:
    cleaned = clean(f"Budget Approved\n\n{BODY}\n\nQ: When?\n\nA: Next year.\n\nQ: Alone?")
    assert cleaned.text.split("\n\n") == [BODY, "Q: When?\nA: Next year.", "Q: Alone?"]


def test_markdown_marks_are_removed() -> None:
    raw = "# Budget Approved\n\n## What **Changes**\n\n> Read the [full plan](https://x.org/p) now."
    cleaned = clean(raw)
    assert cleaned.title == "Budget Approved"
    assert cleaned.text == "What Changes\n\nRead the full plan now."


def test_hard_wrapped_paragraphs_are_unwrapped() -> None:
    raw = (
        "Budget Approved\n\n"
        "The council approved the new budget on Monday after a long and\n"
        "sometimes heated debate that ran late into the night, officials\n"
        "said on Tuesday.\n\n"
        "Critics argued that the cuts to libraries and parks went much too\n"
        "far, and they promised to campaign against them next spring in the\n"
        "local elections.\n"
    )
    paragraphs = clean(raw).text.split("\n\n")
    assert paragraphs == [
        "The council approved the new budget on Monday after a long and sometimes heated "
        "debate that ran late into the night, officials said on Tuesday.",
        "Critics argued that the cuts to libraries and parks went much too far, and they "
        "promised to campaign against them next spring in the local elections.",
    ]


def test_empty_and_blank_input() -> None:
    assert clean("") == clean("\n \n\t\n")
    assert clean("").text == ""
    assert clean("").title == ""


@pytest.mark.parametrize(
    "raw",
    [
        "**a " * 20_000,
        "__a " * 20_000,
        "[a](" * 20_000,
        "$1\\x " * 20_000,
        "\x1b]" * 100_000,
        "x" * 1_000_000,
        ". A" * 40_000,
        "a / " * 40_000,
        "| a |\n" * 10_000,
        "Q: a\nA: b\n" * 3_000,
    ],
    ids=["bold", "underline", "links", "math", "osc", "word", "dots", "slashes", "table", "qa"],
)
def test_hostile_input_stays_linear(raw: str) -> None:
    started = time.perf_counter()
    source = build_source("x", Path("x.txt"), raw)
    assert time.perf_counter() - started < 3.0  # ~0.05 s each here; quadratic would be minutes
    assert len(source.title) <= 200


# --- LaTeX -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"over $19.3\%$ of it", "over 19.3% of it"),
        (
            r"about $701 \text{ km}^2$ ($270 \text{ square miles}$)",
            "about 701 km² (270 square miles)",
        ),
        (r"$5\,000 \times 3$", "5 000 × 3"),
        (r"$\approx 40\,\text{m}^3$", "≈ 40 m³"),
        (r"$25^\circ\text{C}$", "25°C"),
        (r"$10^{-3}$ and CO$_2$", "10⁻³ and CO₂"),
        (r"$\frac{2}{3}$ of voters", "2/3 of voters"),
        (r"$$1.5 \pm 0.2$$", "1.5 ± 0.2"),
        ("costs $140 billion, or $90 billion", "costs $140 billion, or $90 billion"),
        ("between $5 and $10 each", "between $5 and $10 each"),
        ("$5$", "$5$"),
        ("a 12 m^2 room", "a 12 m² room"),
        (r"up 4.5\% on the year", "up 4.5% on the year"),
    ],
)
def test_latex_to_plain_text(raw: str, expected: str) -> None:
    assert convert_latex(raw) == expected


def test_math_to_text_drops_unknown_commands() -> None:
    assert math_to_text(r"\left( 3 \right)") == "( 3 )"


def test_latex_is_converted_inside_clean() -> None:
    cleaned = clean(r"Land Seized in May" + "\n\nForces took $701 \\text{ km}^2$ or $19.3\\%$.")
    assert cleaned.text == "Forces took 701 km² or 19.3%."


# --- control characters ----------------------------------------------------------------------

DANGEROUS = (
    "red \x1b[31mALERT\x1b[0m, "
    "link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\, "
    "title \x1b]0;pwned\x07, "
    "csi8 \x9b2J, "
    "bidi \u202egnp.exe\u202c, iso \u2066x\u2069, "
    "zw a\u200bb\u200dc\ufeff, "
    "bell\x07 nul\x00 del\x7f c1\x85, "
    "tab\there\nnext line"
)


def test_strip_controls_removes_sequences_and_controls() -> None:
    assert strip_controls(DANGEROUS) == (
        "red ALERT, link click, title , csi8 , bidi gnp.exe, iso x, zw abc, "
        "bell nul del c1, tab here\nnext line"
    )


def test_strip_controls_keeps_plain_text_identical() -> None:
    text = "Zelenskyy’s “plan” — café, 19.3%, 🇺🇦 and 👩‍👩‍👧? ok\n"
    assert strip_controls(text.replace("\u200d", "")) is not None
    plain = "Café “quotes” — 19.3%\nnext"
    assert strip_controls(plain) is plain


def test_strip_controls_handles_unterminated_and_broken_sequences() -> None:
    assert strip_controls("a\x1b]8;;http://x unterminated\nnext") == "a\nnext"
    assert strip_controls("end\x1b") == "end"
    assert strip_controls("\x1b(Bx\x1bcy") == "xy"
    assert strip_controls("name\udcff.txt") == "name\ufffd.txt"
    assert strip_controls("a\u2028b\u2029c") == "a\nb\nc"


def test_strip_controls_covers_every_control_and_format_character() -> None:
    specials = "".join(
        chr(cp)
        for cp in [*range(0x20000), *range(0xE0000, 0xE1000)]  # planes with Cc/Cf characters
        if unicodedata.category(chr(cp)) in {"Cc", "Cf"} and chr(cp) not in "\n\t"
    )
    assert strip_controls(specials) == ""


def test_visible_controls_shows_what_strip_controls_drops() -> None:
    shown = visible_controls(DANGEROUS)
    assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown
    assert "␛[31mALERT␛[0m" in shown
    assert "␛]8;;https://evil.example␛\\click" in shown
    assert "<U+009B>2J" in shown
    assert "<U+202E>gnp.exe<U+202C>" in shown
    assert "a<U+200B>b<U+200D>c<U+FEFF>" in shown
    assert "bell␇ nul␀ del␡ c1<U+0085>" in shown
    assert shown.endswith("tab␉here\nnext line")
    assert visible_controls("file\udcff.txt") == "file<0xFF>.txt"
    assert strip_controls(shown) == shown  # nothing dangerous is left
    plain = "plain “text”\n"
    assert visible_controls(plain) is plain
