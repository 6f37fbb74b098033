"""An alignment of two sources side by side (Rich, for the CLI) and as a Markdown report.

Passage text comes from files: it reaches the terminal only inside ``Text`` objects, never
through markup, and the Markdown report escapes what Markdown would interpret.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tui_reader.corpus.safe import visible_controls
from tui_reader.models import AlignedGroup, Alignment, DiffToken, Source
from tui_reader.render.words import plural
from tui_reader.services.compare import diff_texts

STYLE_A = "bold red"
STYLE_B = "bold green"
MOVED = "↕ moved"
ONLY_A = "◀ only in A"
ONLY_B = "only in B ▶"
MISSING = "∅ not in {side}"


def passage_label(ordinals: Sequence[int]) -> str:
    """``¶3``, ``¶3-4`` or ``¶3, 5``: passage numbers as the CLI's ``passages`` prints them."""
    if not ordinals:
        return ""
    if len(ordinals) > 1 and list(ordinals) == list(range(ordinals[0], ordinals[-1] + 1)):
        return f"¶{ordinals[0]}-{ordinals[-1]}"
    return "¶" + ", ".join(str(n) for n in ordinals)


def group_tokens(
    group: AlignedGroup, a: Source, b: Source
) -> tuple[list[tuple[DiffToken, ...]], list[tuple[DiffToken, ...]]]:
    """Word-diff runs for each passage of a group (plain ``same`` runs for an unmatched one)."""
    texts_a = [a.passages[n].text for n in group.a]
    texts_b = [b.passages[n].text for n in group.b]
    if texts_a and texts_b:
        return diff_texts(texts_a, texts_b)
    return [(DiffToken("same", t),) for t in texts_a], [(DiffToken("same", t),) for t in texts_b]


def _cell(ordinals: Sequence[int], runs: list[tuple[DiffToken, ...]], style: str) -> Text:
    text = Text()
    for n, (ordinal, tokens) in enumerate(zip(ordinals, runs, strict=True)):
        if n:
            text.append("\n\n")
        text.append(f"¶{ordinal} ", style="dim")
        for token in tokens:
            text.append(visible_controls(token.text), style="" if token.op == "same" else style)
    return text


def _status(group: AlignedGroup) -> Text:
    if not group.b:
        return Text(ONLY_A, style="yellow")
    if not group.a:
        return Text(ONLY_B, style="yellow")
    status = Text(f"{group.similarity:.2f}", style="cyan")
    if group.moved:
        status.append(f"\n{MOVED}", style="magenta")
    return status


def render_compare(alignment: Alignment, a: Source, b: Source) -> Group:
    """A summary line and a table: A | status | B, one row per group, words only one side
    has coloured (red for A, green for B), unmatched passages opposite a marker."""
    table = Table(expand=True, show_lines=True, title_justify="left")
    table.add_column(Text(f"A  {visible_controls(a.id)}: {a.title}"), ratio=1)
    table.add_column(Text("match"), justify="center", no_wrap=True, width=11)
    table.add_column(Text(f"B  {visible_controls(b.id)}: {b.title}"), ratio=1)
    for group in alignment.groups:
        runs_a, runs_b = group_tokens(group, a, b)
        left = _cell(group.a, runs_a, STYLE_A) if group.a else Text(MISSING.format(side="A"))
        right = _cell(group.b, runs_b, STYLE_B) if group.b else Text(MISSING.format(side="B"))
        if not group.a:
            left.stylize("dim italic")
        if not group.b:
            right.stylize("dim italic")
        table.add_row(left, _status(group), right)
    return Group(Text(summary(alignment), style="bold"), table)


def summary(alignment: Alignment) -> str:
    return (
        f"{plural(len(alignment.matched), 'matched group')} ({alignment.moved} moved), "
        f"{plural(alignment.only_a, 'passage')} only in A, {alignment.only_b} only in B"
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")
_SPACES = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACES.sub(" ", visible_controls(text))


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md(text: str) -> str:
    """Plain text that Markdown shows as written: specials escaped, on one line."""
    return _escape(_flat(text).strip())


def _md_runs(tokens: tuple[DiffToken, ...]) -> str:
    out = []
    for token in tokens:
        flat = _flat(token.text)
        if token.op != "same" and flat.strip():
            lead = " " if flat[0] == " " else ""
            tail = " " if flat[-1] == " " else ""
            out.append(f"{lead}**{_escape(flat.strip())}**{tail}")
        else:
            out.append(_escape(flat))
    return "".join(out).strip()


def compare_markdown(alignment: Alignment, a: Source, b: Source) -> str:
    """A report to paste: the two sources, a summary, then every group with passage numbers;
    in matched groups the words only one side has are in bold."""
    out = [
        f"# Comparison: {_md(a.title)} / {_md(b.title)}",
        "",
        f"- **A** `{_md(a.id)}`: {_md(a.title)} ({len(a.passages)} passages)",
        f"- **B** `{_md(b.id)}`: {_md(b.title)} ({len(b.passages)} passages)",
        f"- {summary(alignment)}",
        "",
        "In matched groups, **bold** words are said by that side only.",
        "",
    ]
    for number, group in enumerate(alignment.groups, 1):
        runs_a, runs_b = group_tokens(group, a, b)
        if group.a and group.b:
            head = f"A {passage_label(group.a)} = B {passage_label(group.b)}"
            head += f" (similarity {group.similarity:.2f}" + (", moved)" if group.moved else ")")
        elif group.a:
            head = f"Only in A: {passage_label(group.a)}"
        else:
            head = f"Only in B: {passage_label(group.b)}"
        out += [f"## {number}. {head}", ""]
        for side, ordinals, runs in (("A", group.a, runs_a), ("B", group.b, runs_b)):
            for ordinal, tokens in zip(ordinals, runs, strict=True):
                body = _md_runs(tokens) if group.a and group.b else _md(tokens[0].text)
                out += [f"> **{side} ¶{ordinal}** {body}", ""]
    return "\n".join(out)
