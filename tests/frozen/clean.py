"""Turn a scraped article into clean text: one block per passage, blocks separated by a blank line.

Rules are generic (nothing is keyed to particular files):

* whitespace: any Unicode space (NBSP, thin space, tab) becomes a space, runs collapse, lines are
  stripped; hard-wrapped files (most lines 40-100 characters, almost none longer) are unwrapped;
* LaTeX math spans around numbers become plain text (see :mod:`tui_reader.corpus.latex`);
* light markdown: ``#`` heading marks, ``**bold**``, ``[text](url)`` links, ``>`` quote marks;
* bullets (``•``, ``-``, ``*``, ``·``, ...) are normalised to ``"• "``; numbered items stay;
* page furniture is dropped and recorded in ``Cleaned.dropped``: a small vocabulary of whole-line
  phrases (ads, image placeholders, comment and ad-blocker boxes, "you may also like", share bars),
  comment calls to action, disclaimers about affiliate links, "Label: Label: ..." link spam,
  breadcrumbs, bylines and date lines, lines of symbols only, and dangling short headings at the
  very end;
* the title is the most complete heading-like line at the top; its repeats (exact, slug-like
  variants, a breadcrumb ending in it) are dropped, and the title itself is *not* part of the text
  (the reader shows it separately). When no title is found it is ``""``.

Table rows stay together in one block, and a ``Q:`` line with the ``A:`` line after it form one
block. Everything else keeps one line per block.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tests.frozen.latex import convert_latex
from tests.frozen.segment import (
    BULLET_GLYPH,
    is_answer,
    is_bullet,
    is_heading_like,
    is_question,
    is_table_row,
)
from tui_reader.corpus.tokens import fold, tokenize


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str
    dropped: tuple[str, ...]


# --- line normalisation ----------------------------------------------------------------------

_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_MD_QUOTE_RE = re.compile(r"^(?:>\s*)+")
# Bounded spans: an unclosed "**" or "[" must not make a long line quadratic.
_MD_BOLD_RE = re.compile(r"\*\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*\*|__(?=\S)([^_\n]{1,300}?)(?<=\S)__")
_MD_IMAGE_RE = re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\[\]\s]{0,500}(?:\s+\"[^\"\n]{0,200}\")?\)")
_MD_LINK_RE = re.compile(
    r"!?\[([^\[\]\n]{0,300})\]\([^()\[\]\s]{0,500}(?:\s+\"[^\"\n]{0,200}\")?\)"
)
_GLYPH_BULLET_RE = re.compile(r"^(?:[•‣◦▪▫●■□►▸➤]\s*|[·\-*+]\s+)(?=\S)")
_HAS_WORD_RE = re.compile(r"[^\W_]")


def _bold_text(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def _normalise_line(line: str) -> str:
    line = " ".join(line.split())  # any Unicode space (NBSP, thin space, tab) -> one space
    if not line:
        return line
    line = convert_latex(line)
    if "#" in line[:1]:
        line = _MD_HEADING_RE.sub("", line)
    if ">" in line[:1]:
        line = _MD_QUOTE_RE.sub("", line)
    if "**" in line or "__" in line:
        line = _MD_BOLD_RE.sub(_bold_text, line)
    if "](" in line:
        line = _MD_LINK_RE.sub(r"\1", _MD_IMAGE_RE.sub("", line))
    line = _GLYPH_BULLET_RE.sub(BULLET_GLYPH, line)
    return " ".join(line.split())


def _wrap_width(lines: list[str]) -> int:
    """The wrap width of a hard-wrapped file, or 0 when lines are paragraphs."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 4:
        return 0
    long_lines = sum(1 for n in lengths if n > 100)
    wrapped = sum(1 for n in lengths if 40 <= n <= 100)
    if long_lines * 20 > len(lengths) or wrapped * 2 < len(lengths):
        return 0
    return max(lengths)


def _starts_block(line: str) -> bool:
    return is_bullet(line) or is_table_row(line) or is_question(line) or is_answer(line)


def _unwrap(lines: list[str], width: int) -> list[str]:
    """Join the physical lines of hard-wrapped paragraphs (a long line continues on the next)."""
    out: list[str] = []
    previous = ""
    for line in lines:
        joinable = (
            out
            and line
            and previous
            and len(previous) >= 0.6 * width
            and not _starts_block(line)
            and not is_table_row(previous)
        )
        if joinable:
            glue = "" if previous.endswith("-") and previous[-2:-1].isalpha() else " "
            out[-1] = out[-1] + glue + line
        else:
            out.append(line)
        previous = line
    return out


# --- page furniture --------------------------------------------------------------------------

_FURNITURE_RE = re.compile(
    r"(?:advertisements?|advert|ads?|ad code|sponsored(?: content| posts?| links?)?"
    r"|promoted(?: content)?|(?:\w+ )?(?:image|photo|picture|graphic|illustration|video|gallery)"
    r"(?: placeholder)?"
    r"|(?:image|photo|picture)s? ?(?:credits?|source|courtesy)? ?:.{0,100}"
    r"|leave a (?:reply|comment)|post a comment|add a comment|write a comment|cancel reply"
    r"|(?:no |\d+ )?comments?(?: \(\d+\))?|comments are closed"
    r"|your email address will not be published.*|required fields are marked.*"
    r"|ad ?block(?:er)? detected|(?:please )?(?:support us by )?(?:disabl\w*|turn(?:ing)? off"
    r"|whitelist\w*) (?:your )?ad ?block\w*.*"
    r"|we (?:noticed|detected|see) (?:that )?you(?:'re| are) using an? ad ?block\w*.*"
    r"|this site uses akismet.*"
    r"|(?:you (?:may|might) also like|related(?: posts| articles| stories| news| content"
    r"| reading| topics)?|recommended(?: for you| stories| articles)?|read (?:more|also|next)"
    r"|more (?:stories|news|articles)|trending(?: now| stories)?|popular (?:posts|stories)"
    r"|latest (?:news|posts|stories)|see also|further reading|most read)"
    r"|share(?: this)?(?: article| story| post| page)?(?: on| via)?(?:[\s:|,/·•*-]+(?:facebook"
    r"|twitter|x|linkedin|whatsapp|email|reddit|telegram|pinterest|bluesky|print|copy link))*"
    r"|(?:follow|like) us on .{0,60}|(?:subscribe|sign up)(?: (?:to|for) (?:our|the) "
    r"(?:newsletter|updates|channel))?|(?:click|tap) here .{0,80}"
    r"|(?:tags?|categories|category|filed under|topics?) ?:.{0,150}"
    r"|skip to (?:main )?content|back to top|top of page|print(?: this)?(?: article| page| story)?"
    r"|email this(?: article| story)?|loading|toggle navigation|menu|search|close"
    r"|(?:previous|next) (?:post|article|story)(?: ?:.{0,150})?|\d+ min(?:ute)?s? read)"
    r"[\s.!:…]*",
    re.IGNORECASE,
)
# A closing invitation to comment, possibly after a question: "What do you think? Tell us below!"
_CTA_RE = re.compile(
    r"(?:[^.!?]*\?\s+)*(?:share|leave|drop|post|tell us|let us know|join the (?:conversation"
    r"|discussion)|sound off)\b[^.!?]{0,80}\b(?:comments?|below|thoughts|opinions?|views)\b"
    r"[^.!?]{0,30}[.!]*",
    re.IGNORECASE,
)
_DISCLAIMER_RE = re.compile(
    r"^(?:disclaimer|disclosure|affiliate disclosure)\s*:"
    r"|\b(?:contains?|may contain|includes?) affiliate links?\b"
    r"|\bwe (?:may )?earn (?:a )?(?:small )?commission\b",
    re.IGNORECASE,
)
_LABELS_RE = re.compile(r"^((?:[A-Z][\w&'’ -]{0,30}:\s+){1,3})(\S.*)$")
_LINK_LABEL_RE = re.compile(
    r"guidance|resource|source|link|see also|related|read (?:more|also)|official|reference"
    r"|learn more|useful",
    re.IGNORECASE,
)
_CRUMB_MARKS = "»›>/→"
_CRUMB_SPLIT_RE = re.compile(f"\\s+[{_CRUMB_MARKS}]\\s+")
_CRUMB_HOMES = frozenset({"home", "homepage", "start", "main page", "front page"})
_BYLINE_RE = re.compile(
    r"(?:by|written by|posted by|words by|author|reporting by)\s*:?\s+(\S.*)", re.IGNORECASE
)
_BYLINE_JOINERS = frozenset(
    {"and", "&", "de", "da", "van", "von", "der", "la", "le", "|", "-", "–"}
)
_CREDIT_RE = re.compile(
    r"(?:additional )?(?:reporting|writing|editing|compiled|fact-checking|graphics)"
    r"(?: and \w+)? by\s+(\S.*)",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?"
_ZONE = r"(?:\s*(?:gmt|utc|bst|cet|cest|eet|eest|msk|est|edt|cst|cdt|pst|pdt|ist|jst)"
_ZONE += r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)?"
_UPDATED = r"(?:\s*[|·•,-]?\s*(?:last )?(?:updated|published)\b[\w ,:/.+-]{0,40})?"
_DATE = (
    rf"(?:{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?)"
    r"\s+\d{4}|\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d+ (?:minutes?|mins?|hours?|hrs?|days?|weeks?) ago)"
)
# "Posted on 3 Dec 2025", "December 3, 2025 4:12 PM GMT+1 Updated 2 hours ago", "2025-12-03"
_DATE_LINE_RE = re.compile(
    rf"(?:(?:first |last )?(?:published|updated|posted)(?: on)?\s*:?\s+)?{_DATE}{_TIME}{_ZONE}"
    rf"{_UPDATED}",
    re.IGNORECASE,
)
_SENTENCE_END = ".!?…\"”'’):;,"


def _words(line: str) -> list[str]:
    return line.split()


def _looks_like_disclaimer(line: str) -> bool:
    lowered = line.lower()
    if not (
        lowered.startswith(("disclaimer", "disclosure"))
        or "affiliate" in lowered
        or "commission" in lowered
    ):
        return False  # the cheap test spares a regex search over every line
    return _DISCLAIMER_RE.search(line) is not None


def _is_cta(line: str) -> bool:
    return len(line) <= 300 and _CTA_RE.fullmatch(line) is not None


def _is_breadcrumb(line: str) -> bool:
    if not any(mark in line for mark in _CRUMB_MARKS):
        return False
    if len(line) > 250 or line[-1] == ".":
        return False
    parts = _CRUMB_SPLIT_RE.split(line)
    if len(parts) < 2:
        return False
    if fold(parts[0]) in _CRUMB_HOMES:
        return True
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts[:-1])


def _are_names(text: str) -> bool:
    """ "James Carter Senior News Editor", "Anna Berg | Staff": capitalised words and joiners."""
    words = _words(text)
    if not words or len(words) > 12:
        return False
    return all(w[0].isupper() or w.lower() in _BYLINE_JOINERS or w[0] in ",|–-@" for w in words)


def _is_byline(line: str) -> bool:
    if len(line) > 120 or line[-1] in ".!?":
        return False
    match = _BYLINE_RE.fullmatch(line)
    return match is not None and _are_names(match.group(1))


def _is_credit_line(line: str) -> bool:
    """ "Reporting by Olena Harmash; Editing by Mark Heinrich" (a wire story's last line)."""
    if len(line) > 200:
        return False
    for part in line.rstrip(".").split(";"):
        match = _CREDIT_RE.fullmatch(part.strip())
        if match is None or not _are_names(match.group(1)):
            return False
    return True


def _is_furniture(line: str) -> bool:
    if _HAS_WORD_RE.search(line) is None:
        return True  # "***", "---", a lone emoji
    line = line.strip("*_ ")  # "*Posted on 3 Dec 2025*": markdown emphasis around furniture
    if len(line) <= 200 and _FURNITURE_RE.fullmatch(line):
        return True
    if len(line) <= 600 and _looks_like_disclaimer(line):
        return True
    return (
        _is_cta(line)
        or _is_breadcrumb(line)
        or _is_byline(line)
        or _is_credit_line(line)
        or (len(line) <= 120 and _DATE_LINE_RE.fullmatch(line) is not None)
        or _is_label_spam(line, "")
    )


def _is_label_spam(line: str, title: str) -> bool:
    """ "Official guidance: HMRC resource: <slug>": link labels, no sentence, or an echo of the
    title behind labels."""
    if line[-1] in ".!?" or len(line) > 250:
        return False
    match = _LABELS_RE.match(line)
    if match is None:
        return False
    labels, rest = match.groups()
    if title and _similar(rest, title):
        return True
    return labels.count(":") >= 2 and _LINK_LABEL_RE.search(labels) is not None


# --- title -----------------------------------------------------------------------------------

# Slugs leave these out, so they must not count for or against similarity.
# fmt: off
_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "why",
    "will", "with",
})
# fmt: on
_HEAD_LINES = 8
_MAX_TITLE_CHARS = 200
_TITLE_DECORATION = frozenset({"So", "Sk", "Mn", "Co", "Zs"})


@lru_cache(maxsize=512)
def _content_words(line: str) -> frozenset[str]:
    return frozenset(token for token, _, _ in tokenize(line) if token not in _STOP_WORDS)


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of ``b`` is in ``a``."""
    return len(a & b) / len(b) if b else 0.0


def _similar(a: str, b: str) -> bool:
    """Same heading, possibly as a slug ("Ukraine negotiators meet Florida Moscow talks"): equal
    when folded, or sharing 3+ content words that make up 3/4 of the shorter one."""
    if abs(len(a) - len(b)) <= 8 and fold(a) == fold(b):
        return True
    ta, tb = _content_words(a), _content_words(b)
    shared = len(ta & tb)
    return shared >= 3 and shared >= 0.75 * min(len(ta), len(tb))


def _strip_decoration(title: str) -> str:
    """Drop a leading emoji or symbol ("📰 Title")."""
    start = 0
    while start < len(title) and unicodedata.category(title[start]) in _TITLE_DECORATION:
        start += 1
    end = len(title)
    while end > start and unicodedata.category(title[end - 1]) in _TITLE_DECORATION:
        end -= 1
    return title[start:end]


@dataclass(slots=True)
class _Head:
    title: str
    remove: set[int]  # line indexes dropped because of the title (besides the title line)
    title_index: int | None


def _is_head_line(line: str) -> bool:
    """A heading, or a slug-like line: no sentence ending, at most 20 words and 200 characters."""
    if is_heading_like(line):
        return True
    if len(line) > _MAX_TITLE_CHARS or line[-1] in _SENTENCE_END or _starts_block(line):
        return False
    return len(_words(line)) <= 20


def _head_indexes(lines: list[str], dropped: set[int]) -> list[int]:
    """Indexes of the leading title-like lines, up to the first body line (at most _HEAD_LINES)."""
    head: list[int] = []
    for i, line in enumerate(lines):
        if not line or i in dropped:
            continue
        if len(head) >= _HEAD_LINES or not _is_head_line(_strip_decoration(line)):
            break
        head.append(i)
    return head


def _first_title(texts: dict[int, str], head: list[int]) -> int:
    """No repeats: the first line, unless it is a one- or two-word section label ("World") above
    a heading of three or more words."""
    first = head[0]
    if len(_words(texts[first])) <= 2:
        for i in head[1:]:
            if len(_words(texts[i])) >= 3 and is_heading_like(texts[i]):
                return i
    return first


def _find_title(lines: list[str], dropped: set[int], crumbs: list[str]) -> _Head:
    head = _head_indexes(lines, dropped)
    if not head:
        return _Head("", set(), None)
    texts = {i: _strip_decoration(lines[i]) for i in head}
    groups = {i: [j for j in head if j != i and _similar(texts[i], texts[j])] for i in head}
    echoes = {i: len(groups[i]) + sum(1 for c in crumbs if _similar(c, texts[i])) for i in head}
    best_echo = max(echoes.values())
    if best_echo == 0:
        choice = _first_title(texts, head)
        before = {i for i in head[: head.index(choice)] if _is_label_line(lines[i])}
        return _Head(texts[choice], before, choice)
    group_of = max(head, key=lambda i: (echoes[i], -i))
    members = [group_of, *groups[group_of]]

    def completeness(i: int) -> tuple[float, int, int]:
        mine = _content_words(texts[i])
        others = [_content_words(texts[j]) for j in members if j != i]
        score = sum(_containment(mine, other) for other in others)
        return score, len(texts[i]), -i

    choice = max(members, key=completeness)
    before = {i for i in head[: head.index(min(members))] if _is_label_line(lines[i])}
    return _Head(texts[choice], (set(members) - {choice}) | before, choice)


def _is_label_line(line: str) -> bool:
    """A section label above the title: up to 4 words, no sentence ending ("World", "Politics")."""
    return len(_words(line)) <= 4 and line[-1] not in ".!?"


# --- blocks ----------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> list[str]:
    """Group kept lines: adjacent table rows together, a question with the answer after it (blank
    lines between them allowed); one line per block otherwise."""
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if is_table_row(line):
            rows = [line]
            while i < len(lines) and is_table_row(lines[i]):
                rows.append(lines[i])
                i += 1
            blocks.append("\n".join(rows))
            continue
        if is_question(line):
            j = i
            while j < len(lines) and not lines[j]:
                j += 1
            if j < len(lines) and is_answer(lines[j]):
                blocks.append(line + "\n" + lines[j])
                i = j + 1
                continue
        blocks.append(line)
    return blocks


def _drop_dangling_headings(blocks: list[str]) -> list[str]:
    """Short headings at the very end introduce nothing ("Related Topics", "More from World")."""
    end = len(blocks)
    while end > 0:
        block = blocks[end - 1]
        if "\n" in block or len(_words(block)) > 8 or not is_heading_like(block):
            break
        end -= 1
    return blocks[:end] if end else blocks  # headings only: that is all the content there is


_FRONT_MATTER_LINE_RE = re.compile(r"\s*(?:[\w-]+\s*:.*|-\s.*|#.*)?")


def _front_matter(raw_lines: list[str]) -> int:
    """How many leading lines are a YAML front matter block (``---`` ... ``---``), else 0."""
    if not raw_lines or raw_lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(raw_lines), 60)):
        if raw_lines[i].strip() in ("---", "..."):
            return i + 1
        if not _FRONT_MATTER_LINE_RE.fullmatch(raw_lines[i]):
            return 0
    return 0


def _table_aware_lines(raw_lines: list[str]) -> list[str]:
    """Normalised lines; tables and blank lines are preserved so that blocks can be rebuilt."""
    lines = [_normalise_line(line) for line in raw_lines]
    width = _wrap_width(lines)
    return _unwrap(lines, width) if width else lines


def _kept_blocks(lines: list[str], dropped_at: set[int], title_index: int | None) -> list[str]:
    # Dropped lines leave a blank, so that rows around them do not join into one table.
    return _blocks(
        ["" if i in dropped_at or i == title_index else line for i, line in enumerate(lines)]
    )


def clean(raw: str) -> Cleaned:
    """Clean one article (already free of control characters, see ``safe.strip_controls``).

    The text is made NFC first (the loader already does so for files), so that an article
    written in decomposed form (NFD, as macOS tools write it) cleans, segments and tokenizes
    exactly like the same article in composed form.
    """
    if not raw.isascii() and not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    raw_lines = raw.split("\n")
    front = _front_matter(raw_lines)
    front_matter = [line.strip() for line in raw_lines[:front] if line.strip()]
    lines = _table_aware_lines([""] * front + raw_lines[front:])
    dropped_at: set[int] = set()
    crumbs: list[str] = []
    for i, line in enumerate(lines):
        if line and not is_table_row(line) and _is_furniture(line):
            dropped_at.add(i)
            if _is_breadcrumb(line):
                crumbs.append(_CRUMB_SPLIT_RE.split(line)[-1])
    head = _find_title(lines, dropped_at, crumbs)
    dropped_at |= head.remove
    title = head.title
    if title:
        folded_title = fold(title)
        for i, line in enumerate(lines):
            if not line or i == head.title_index or i in dropped_at:
                continue
            near = abs(len(line) - len(title)) <= 8  # folding only changes a length a little
            if (near and fold(_strip_decoration(line)) == folded_title) or _is_label_spam(
                line, title
            ):
                dropped_at.add(i)
    blocks = _kept_blocks(lines, dropped_at, head.title_index)
    if title and not blocks:  # a lone line is the content, not a title
        title = ""
        blocks = _kept_blocks(lines, dropped_at, None)
    tail = _drop_dangling_headings(blocks)
    dropped = front_matter + [lines[i] for i in sorted(dropped_at)] + blocks[len(tail) :]
    return Cleaned("\n\n".join(tail), title, tuple(dropped))
