"""The facts-by-sources grid as a Rich table (CLI) and as a Markdown report.

Fact text comes from files: it only reaches the terminal inside ``Text`` objects, with control
characters made visible, never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from tui_reader.corpus.safe import visible_controls
from tui_reader.services.facts import Fact

MARKS = {"same": "✓", "other": "≈", "": ""}
"""How a cell shows a source: carries the fact in the common form, in another form, or not."""
DISAGREE = "≠"
KIND_LABELS = {"number": "number", "name": "name", "quote": "quote", "date": "date"}


def short_ids(source_ids: Sequence[str], minimum: int = 3, maximum: int = 12) -> dict[str, str]:
    """The shortest prefixes (at least ``minimum`` characters) that tell the sources apart."""
    for length in range(minimum, maximum + 1):
        prefixes = [sid[:length] for sid in source_ids]
        if len(set(prefixes)) == len(prefixes):
            return dict(zip(source_ids, prefixes, strict=True))
    return {sid: sid[:maximum] for sid in source_ids}


def note(fact: Fact) -> str:
    """The last column: who said a quotation, what a name is, or that values disagree."""
    if fact.kind == "quote":
        return f"— {fact.speaker}" if fact.speaker else ""
    if fact.kind == "number":
        return f"{DISAGREE} other sources give another value" if fact.disagree else ""
    return fact.subkind


def render_facts_table(facts: Sequence[Fact], source_ids: Sequence[str], title: str = "") -> Table:
    short = short_ids(source_ids)
    table = Table(title=title or None, title_justify="left", show_lines=False)
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("fact", ratio=1, overflow="fold")
    for sid in source_ids:
        table.add_column(visible_controls(short[sid]), justify="center", no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("note", style="dim")
    for fact in facts:
        label = Text(visible_controls(fact.text), style="bold red" if fact.disagree else "")
        marks = [Text(MARKS[fact.mark(sid)]) for sid in source_ids]
        table.add_row(
            Text(KIND_LABELS.get(fact.kind, fact.kind)),
            label,
            *marks,
            Text(str(fact.count)),
            Text(visible_controls(note(fact))),
        )
    return table


def _cell(text: str) -> str:
    """Safe inside a Markdown table cell: no controls, no line breaks, no column bars."""
    flat = " ".join(visible_controls(text).split())
    return flat.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")


def facts_markdown(
    facts: Sequence[Fact], source_ids: Sequence[str], titles: dict[str, str] | None = None
) -> str:
    """A report to paste: legend, one table per kind, then the figures sources disagree on."""
    titles = titles or {}
    short = short_ids(source_ids)
    out = ["# Who reports what", ""]
    for sid in source_ids:
        title = titles.get(sid, "")
        out.append(f"- `{_cell(short[sid])}` {_cell(sid)}" + (f": {_cell(title)}" if title else ""))
    legend = (
        f"{MARKS['same']} carries it as most sources write it, {MARKS['other']} in another form,"
        f" {DISAGREE} the figure differs between sources."
    )
    out += ["", legend, ""]
    for kind in KIND_LABELS:
        rows = [f for f in facts if f.kind == kind]
        if not rows:
            continue
        out += [f"## {kind.capitalize()}s ({len(rows)})", ""]
        header = ["fact", *(short[s] for s in source_ids), "n", "note"]
        out.append("| " + " | ".join(_cell(h) for h in header) + " |")
        out.append("|" + "|".join(["---"] + [":-:"] * len(source_ids) + ["--:", "---"]) + "|")
        for f in rows:
            text = _cell(f.text)
            cells = [f"**{text}**" if f.disagree else text]
            cells += [MARKS[f.mark(s)] for s in source_ids]
            cells += [str(f.count), _cell(note(f))]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    disagreeing = [f for f in facts if f.disagree]
    if disagreeing:
        out += ["## Where sources disagree", ""]
        for f in disagreeing:
            forms = "; ".join(f"{_cell(short[s])}: {_cell(form)}" for s, form in f.forms.items())
            out.append(f"- **{_cell(f.text)}** ({forms})")
        out.append("")
    return "\n".join(out)
