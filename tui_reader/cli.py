"""The scriptable face of tui-reader: one function per subcommand, JSON lines with ``--json``.

Kept free of Textual (and of Rich on the ``--json`` paths) so that a search is a fast process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui_reader import __version__
from tui_reader.locations import default_corpus
from tui_reader.render.words import carry, hits_summary, plural

if TYPE_CHECKING:
    from tui_reader.models import Progress, UpdateStats
    from tui_reader.services.library import Library

PROG = "tui-reader"
COMMANDS = ("sources", "passages", "search", "index", "compare", "where", "facts")


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2


MAX_FACT_SOURCES = 50
"""Above this many sources, ``facts`` needs a source to centre on (each one is read and parsed)."""


class CliError(Exception):
    """Unusable input: printed as one line on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read, search and compare how several outlets tell the same story.",
        epilog=f"Run '{PROG}' or '{PROG} DIR' to open the reader.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "--corpus",
            type=Path,
            default=None,
            metavar="DIR",
            help="folder of .txt/.md articles (default: the bundled seeds)",
        )
        return p

    p = command("sources", "list the sources of the corpus")
    p.add_argument("--json", action="store_true", help="one JSON object per line")

    p = command("passages", "print the cleaned passages of one source")
    p.add_argument("source", help="source id or a unique prefix of it")
    p.add_argument("--json", action="store_true", help="one JSON object per line")

    p = command("search", "full-text search over all passages")
    p.add_argument("query", help='words, "phrases", word*, AND/OR/NOT, (groups)')
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")

    p = command("index", "bring the index up to date (incremental) and print what changed")
    p.add_argument("--rebuild", action="store_true", help="throw the index away and rebuild it")
    p.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    p = command("compare", "align the passages of two sources")
    p.add_argument("a", help="first source (id or unique prefix)")
    p.add_argument("b", help="second source (id or unique prefix)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object per aligned group")
    fmt.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text (side by side, default) or markdown (a report to paste)",
    )

    p = command("where", "which sources carry a statement, exactly or nearly")
    p.add_argument("text", help="a phrase or a sentence")
    p.add_argument("--json", action="store_true", help="one JSON object per line")

    p = command("facts", "which source reports which numbers, names and quotations")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--only", metavar="SOURCE", help="facts that this source alone carries")
    which.add_argument("--missing", metavar="SOURCE", help="facts other sources carry, not this")
    which.add_argument(
        "--near",
        metavar="SOURCE",
        help="this source and the 7 that tell the same story most closely (large folders)",
    )
    p.add_argument(
        "--kind",
        choices=("number", "name", "quote", "date"),
        action="append",
        help="only facts of this kind (repeatable; dates only when asked for)",
    )
    p.add_argument(
        "--disagree", action="store_true", help="only figures that differ between sources"
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object per fact")
    fmt.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text (a table, default) or markdown (a report to paste)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        return open_reader(args_list)
    args = build_parser().parse_args(args_list)
    handler = HANDLERS[args.command]
    try:
        return int(handler(args))
    except CliError as error:
        return fail(str(error))
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)
    except KeyboardInterrupt:
        return 130


def fail(message: str) -> int:
    print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)
    return int(ExitCode.USAGE)


def one_line(message: str) -> str:
    return " ".join(message.split())


def open_reader(argv: list[str]) -> int:
    if len(argv) > 1:
        return fail(f"expected at most one folder, got {len(argv)} arguments (see '{PROG} --help')")
    corpus = Path(argv[0]) if argv else default_corpus()
    if not corpus.is_dir():
        return fail(f"corpus folder not found: {corpus}")
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        return fail(
            "the reader needs an interactive terminal; "
            f"use '{PROG} search', 'sources' or 'compare' in scripts"
        )
    if os.environ.get("TERM", "") in ("", "dumb"):
        return fail(
            f"the reader cannot run on TERM={os.environ.get('TERM', '')!r}; "
            "set TERM (e.g. xterm-256color) or use the CLI subcommands"
        )
    from tui_reader.ui.app import run_app

    return run_app(corpus)


# --- shared plumbing ---------------------------------------------------------------------------


def open_library(args: argparse.Namespace, *, quiet: bool = True) -> Library:
    """The corpus named by ``--corpus``, with its index brought up to date."""
    from tui_reader.corpus.loader import CorpusError
    from tui_reader.locations import LocationError
    from tui_reader.services.backend import BackendError

    corpus: Path = args.corpus or default_corpus()
    try:
        library, stats = updated_library(corpus, show_progress=not quiet)
    except (CorpusError, LocationError, BackendError) as error:
        raise CliError(str(error)) from error
    if not stats.added + stats.updated + stats.unchanged:
        raise CliError(f"no readable .txt or .md files in {shown_name(str(corpus))}")
    return library


def updated_library(
    corpus: Path, *, show_progress: bool, rebuild: bool = False
) -> tuple[Library, UpdateStats]:
    """A library with its index up to date (held in memory if the cache cannot hold it)."""
    from tui_reader.services.library import Library

    library = Library(corpus)
    stats = update_index(library, show_progress=show_progress, rebuild=rebuild)
    notice(library.notice)
    return library, stats


def update_index(library: Library, *, show_progress: bool, rebuild: bool = False) -> UpdateStats:
    if not show_progress:
        return library.update(None, rebuild=rebuild)
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as ProgressBar

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with ProgressBar(*columns, transient=True, console=console(stderr=True)) as bar:
        task = bar.add_task("indexing", total=None)

        def report(p: Progress) -> None:
            bar.update(task, completed=p.done, total=p.total)

        return library.update(report, rebuild=rebuild)


def resolve(library: Library, name: str) -> str:
    from tui_reader.services.library import UnknownSource

    try:
        return library.resolve(name)
    except UnknownSource as error:
        raise CliError(str(error.args[0] if error.args else error)) from error


def write_json_lines(records: Iterable[dict[str, Any]], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    for record in records:
        line = json.dumps(record, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates (undecodable bytes of a file name) cannot be written as UTF-8;
            # JSON's \\udcXX escapes can, and json.loads gives back the os.fsdecode form.
            line = json.dumps(record)
        stream.write(line + "\n")
    stream.flush()


def shown_name(name: str) -> str:
    """A file name or source id for human output: controls visible, always one line."""
    from tui_reader.corpus.safe import visible_controls

    return visible_controls(name).replace("\n", "\u240a")


def console(*, stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False)


def notice(message: str | None) -> None:
    if message:
        print(f"{PROG}: note: {one_line(message)}", file=sys.stderr)


# --- subcommands -------------------------------------------------------------------------------


def cmd_sources(args: argparse.Namespace) -> int:
    library = open_library(args)
    infos = library.sources()
    if args.json:
        write_json_lines(
            {"id": s.id, "path": s.path, "title": s.title, "passages": s.passages, "words": s.words}
            for s in infos
        )
        return ExitCode.OK
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{plural(len(infos), 'source')} in {library.name}", title_justify="left")
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("passages", justify="right")
    table.add_column("words", justify="right")
    for s in infos:
        table.add_row(Text(shown_name(s.id)), Text(s.title), str(s.passages), f"{s.words:,}")
    console().print(table)
    return ExitCode.OK


def cmd_passages(args: argparse.Namespace) -> int:
    library = open_library(args)
    source_id = resolve(library, args.source)
    from tui_reader.services.library import UnknownSource

    try:
        source = library.source(source_id)
    except UnknownSource as error:
        raise CliError(str(error)) from error
    if args.json:
        write_json_lines(
            {
                "source": p.source_id,
                "passage": p.ordinal,
                "text": p.text,
                "start": p.start,
                "end": p.end,
            }
            for p in source.passages
        )
        return ExitCode.OK
    from rich.text import Text

    for note in source.notes:  # e.g. "decoded as cp1252": what the reader shows in its header
        notice(note)
    out = console()
    out.print(Text(source.title, style="bold underline"))
    for p in source.passages:
        line = Text(f"{p.ordinal:>4}  ", style="dim")
        line.append(p.text, style="bold" if p.kind == "heading" else "")
        out.print(line)
    return ExitCode.OK


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    library = open_library(args)
    result = library.search(args.query, limit=min(args.limit, 10_000))
    notice(result.notice)
    if args.json:
        write_json_lines(
            {
                "source": h.source_id,
                "passage": h.ordinal,
                "score": round(h.score, 4),
                "text": h.text,
                "highlights": [list(span) for span in h.highlights],
            }
            for h in result.hits
        )
        return ExitCode.OK
    from rich.text import Text

    out = console()
    out.print(Text(hits_summary(result.total, len(result.hits), result.source_count), style="bold"))
    for hit in result.hits:
        out.print(
            Text(
                f"\n{shown_name(hit.source_id)} · passage {hit.ordinal} · {hit.score:.2f}",
                style="cyan",
            )
        )
        body = Text(hit.text)
        for start, end in hit.highlights:
            body.stylize("bold reverse", start, end)
        out.print(body)
    return ExitCode.OK


def cmd_index(args: argparse.Namespace) -> int:
    from tui_reader.corpus.loader import CorpusError
    from tui_reader.locations import LocationError
    from tui_reader.services.backend import BackendError

    corpus: Path = args.corpus or default_corpus()
    try:
        library, stats = updated_library(corpus, show_progress=not args.json, rebuild=args.rebuild)
    except (CorpusError, LocationError, BackendError) as error:
        raise CliError(str(error)) from error
    counts = {
        "added": stats.added,
        "updated": stats.updated,
        "removed": stats.removed,
        "unchanged": stats.unchanged,
        "skipped": len(stats.skipped),
        "seconds": round(stats.seconds, 3),
    }
    if args.json:
        write_json_lines([{**counts, "rebuilt": stats.rebuilt, "reason": stats.reason}])
        return ExitCode.FAILURE if library.stale else ExitCode.OK
    summary = ", ".join(f"{key} {value}" for key, value in counts.items() if key != "seconds")
    print(f"{summary} in {stats.seconds:.2f} s")
    if stats.rebuilt and stats.reason:
        print(f"rebuilt: {one_line(stats.reason)}")
    for skipped in stats.skipped:
        print(f"skipped {shown_name(skipped.path)}: {one_line(skipped.reason)}")
    return ExitCode.FAILURE if library.stale else ExitCode.OK


def cmd_compare(args: argparse.Namespace) -> int:
    library = open_library(args)
    a_id, b_id = resolve(library, args.a), resolve(library, args.b)
    from tui_reader.services.library import UnknownSource

    try:
        a, b = library.source(a_id), library.source(b_id)
    except UnknownSource as error:
        raise CliError(str(error)) from error
    from tui_reader.services.compare import align

    alignment = align(a, b)
    if args.json:
        text_a = {p.ordinal: p.text for p in a.passages}
        text_b = {p.ordinal: p.text for p in b.passages}
        write_json_lines(
            {
                "a": [{"passage": n, "text": text_a[n]} for n in g.a],
                "b": [{"passage": n, "text": text_b[n]} for n in g.b],
                "similarity": round(g.similarity, 4),
                "moved": g.moved,
            }
            for g in alignment.groups
        )
        return ExitCode.OK
    from tui_reader.render.compare import compare_markdown, render_compare

    if args.format == "markdown":
        sys.stdout.write(compare_markdown(alignment, a, b))
        return ExitCode.OK
    console().print(render_compare(alignment, a, b))
    return ExitCode.OK


def cmd_where(args: argparse.Namespace) -> int:
    if not args.text.strip():
        raise CliError("give a phrase or a sentence to look for")
    library = open_library(args)
    hits = library.where(args.text)
    if args.json:
        write_json_lines(
            {
                "source": h.source_id,
                "passage": h.ordinal,
                "text": h.text,
                "kind": h.kind,
                "score": round(h.score, 4),
            }
            for h in hits
        )
        return ExitCode.OK
    from rich.text import Text

    out = console()
    out.print(Text(f"{carry(len(hits))} it", style="bold"))
    for h in hits:
        out.print(
            Text(
                f"\n{shown_name(h.source_id)} · passage {h.ordinal} · {h.kind} {h.score:.2f}",
                style="cyan",
            )
        )
        body = Text(h.text)
        if h.span:
            body.stylize("bold reverse", *h.span)
        out.print(body)
    return ExitCode.OK


def cmd_facts(args: argparse.Namespace) -> int:
    library = open_library(args)
    from tui_reader.services.facts import (
        DEFAULT_KINDS,
        disagreements,
        fact_record,
        missing_from,
        only_in,
    )
    from tui_reader.services.related import NEIGHBOURS

    infos = library.sources()
    ids = [info.id for info in infos]
    anchor = args.near or args.only or args.missing
    if anchor is not None and len(ids) > NEIGHBOURS + 1:
        # A grid of thousands of columns tells nothing: the story's closest sources do.
        near = resolve(library, anchor)
        ids = [near, *library.related(near, NEIGHBOURS)]
    elif len(ids) > MAX_FACT_SOURCES:
        raise CliError(
            f"{len(ids):,} sources: name one with --near SOURCE (it and its {NEIGHBOURS} "
            "closest are compared), --only SOURCE or --missing SOURCE"
        )
    kinds = tuple(args.kind) if args.kind else DEFAULT_KINDS
    facts = library.facts(kinds, source_ids=ids)
    scope = ""
    if args.only:
        source_id = resolve(library, args.only)
        facts, scope = only_in(facts, source_id), f" only in {shown_name(source_id)}"
    elif args.missing:
        source_id = resolve(library, args.missing)
        facts, scope = missing_from(facts, source_id), f" missing from {shown_name(source_id)}"
    if args.disagree:
        facts = disagreements(facts)
    if args.json:
        write_json_lines(fact_record(f) for f in facts)
        return ExitCode.OK
    from tui_reader.render.facts import facts_markdown, render_facts_table

    if args.format == "markdown":
        sys.stdout.write(facts_markdown(facts, ids, {i.id: i.title for i in infos}))
        return ExitCode.OK
    title = f"{plural(len(facts), 'fact')}{scope} across {plural(len(ids), 'source')}"
    console().print(render_facts_table(facts, ids, title))
    return ExitCode.OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "sources": cmd_sources,
    "passages": cmd_passages,
    "search": cmd_search,
    "index": cmd_index,
    "compare": cmd_compare,
    "where": cmd_where,
    "facts": cmd_facts,
}
