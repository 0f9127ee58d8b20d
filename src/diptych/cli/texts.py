"""Real texts in: ingest (a source document) and align (an existing translation)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .base import OUT, PUBLICATION, cli, say, verbosity


@cli.command(short_help="turn a document (text, Markdown, DOCX, ODT, HTML) into content YAML")
@click.argument("file", type=OUT, metavar="FILE")
@PUBLICATION
@click.option("--lang", metavar="LANG", help="the language of FILE (it must be the source language)")
@click.option("--slug", metavar="SLUG", help="the new document's slug (default: from the file name)")
@click.option("--update", metavar="SLUG", help="re-ingest a revised source of the document SLUG")
@click.option("--prune", is_flag=True, help="with --update: remove the texts no longer in FILE")
@click.option("--dry-run", is_flag=True, help="print the outline (or the update plan); write nothing")
def ingest(file: Path, directory: Path, lang: str | None, slug: str | None, update: str | None, **flags: bool) -> None:
    """Read FILE (plain text, Markdown, DOCX, ODT or HTML, through Pandoc), recognise its structure — headline,
    dateline, lede, paragraphs, headings, quotes, lists, an official text with preamble, articles, signatories and
    closing place and date — and write content/SLUG.yaml. With --update SLUG, match a revised text to the existing
    document instead: ids and translations are kept, edited texts become stale."""
    if update:
        from ..ingest.update import format_update
        from ..ingest.update import update as update_document

        click.echo(format_update(update_document(directory, file, update, flags["prune"], flags["dry_run"])))
        return
    if flags["prune"]:
        raise UsageError("--prune goes with --update SLUG")
    from ..ingest import format_outline
    from ..ingest import ingest as ingest_document

    report = ingest_document(directory, file, lang, slug, dry_run=flags["dry_run"])
    if flags["dry_run"]:
        click.echo(format_outline(report))
        return
    say(format_outline(report))
    say(f"wrote {report.path}: check it with  diptych check {directory}")


@cli.command(short_help="bring in an existing translation published as its own document")
@click.argument("file", type=OUT, metavar="FILE")
@PUBLICATION
@click.option("-l", "--lang", required=True, metavar="LANG", help="the language of FILE")
@click.option("--document", metavar="SLUG", help="the document it translates (needed when there are several)")
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text", help="the summary as text or JSON")
@click.option("--overwrite", is_flag=True, help="replace translations that exist already")
@click.option("--dry-run", is_flag=True, help="align and report; write nothing")
def align(file: Path, directory: Path, lang: str, document: str | None, form: str, overwrite: bool, dry_run: bool) -> None:
    """Split FILE into paragraphs and align them to the document's texts — by article labels, headings and numbers,
    then by length — and write each as a draft translation. Existing translations are kept unless --overwrite.
    Uncertain pairs are listed first in the review page output/align/SLUG.LANG.html."""
    from ..align import align as align_translation
    from ..align import format_json, format_text

    result = align_translation(directory, file, lang, document, overwrite=overwrite, dry_run=dry_run)
    if form == "json":
        click.echo(format_json(result))
    elif verbosity() >= 0:
        click.echo(format_text(result))
