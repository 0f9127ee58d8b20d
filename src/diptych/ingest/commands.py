"""The command-line side of ``diptych ingest`` and ``diptych align``: options in, a report out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

COMMANDS = ("ingest", "align")


def add_parsers(commands: Any, add_common: Any) -> None:
    """Add ``ingest`` and ``align`` to the ``diptych`` command's subparsers."""
    ingest = commands.add_parser(
        "ingest",
        help="turn a document (text, Markdown, DOCX, ODT, HTML) into content YAML",
        description="Read FILE (plain text, Markdown, DOCX, ODT or HTML, through Pandoc), recognise its structure — "
        "headline, dateline, lede, paragraphs, headings, quotes, lists, an official text with preamble, articles, "
        "signatories and closing place and date — and write content/SLUG.yaml. With --update SLUG, match a revised "
        "text to the existing document instead: ids and translations are kept, edited texts become stale.",
    )
    ingest.add_argument("file", type=Path, metavar="FILE")
    ingest.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    ingest.add_argument("--lang", metavar="LANG", help="the language of FILE (must be the source language)")
    ingest.add_argument("--slug", metavar="SLUG", help="the new document's slug (default: from the file name)")
    ingest.add_argument("--update", metavar="SLUG", help="re-ingest a revised source of the document SLUG")
    ingest.add_argument("--prune", action="store_true", help="with --update: remove the texts no longer in FILE")
    ingest.add_argument("--dry-run", action="store_true", help="print the outline (or the update plan); write nothing")
    add_common(ingest)

    align = commands.add_parser(
        "align",
        help="bring in an existing translation published as its own document",
        description="Split FILE into paragraphs and align them to the document's texts — by article labels, numbers "
        "and then by length — and write each as a draft translation. Existing translations are kept unless "
        "--overwrite. Uncertain pairs are listed first in the review page output/align/SLUG.LANG.html.",
    )
    align.add_argument("file", type=Path, metavar="FILE")
    align.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    align.add_argument("-l", "--lang", required=True, metavar="LANG", help="the language of FILE")
    align.add_argument("--document", metavar="SLUG", help="the document it translates (needed when there are several)")
    align.add_argument("--format", choices=("text", "json"), default="text", help="the summary as text or JSON")
    align.add_argument("--overwrite", action="store_true", help="replace translations that exist already")
    align.add_argument("--dry-run", action="store_true", help="align and report; write nothing")
    add_common(align)


def run(arguments: argparse.Namespace) -> int:
    directory = Path(arguments.directory)
    quiet = arguments.verbosity < 0
    if arguments.command == "ingest":
        if arguments.update:
            from .update import format_update, update

            planned = update(directory, arguments.file, arguments.update, prune=arguments.prune, dry_run=arguments.dry_run)
            print(format_update(planned))
            return 0
        if arguments.prune:
            from ..errors import UsageError

            raise UsageError("--prune goes with --update SLUG")
        from . import format_outline, ingest

        report = ingest(directory, arguments.file, arguments.lang, arguments.slug, dry_run=arguments.dry_run)
        if arguments.dry_run:
            print(format_outline(report))
        elif not quiet:
            print(format_outline(report), file=sys.stderr)
            print(f"wrote {report.path}: check it with  diptych check {directory}", file=sys.stderr)
        return 0
    from ..align import align, format_json, format_text

    result = align(
        directory,
        arguments.file,
        arguments.lang,
        arguments.document,
        overwrite=arguments.overwrite,
        dry_run=arguments.dry_run,
    )
    if arguments.format == "json":
        print(format_json(result))
    elif not quiet:
        print(format_text(result))
    return 0
