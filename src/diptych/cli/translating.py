"""The translators' commands: status, add-language, mark-current, export, import and suggest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from .base import OUT, PUBLICATION, cli, fail, say, split_languages


@cli.command(short_help="how far each translation is: translated, stale, missing, draft")
@PUBLICATION
@click.option("-l", "--lang", callback=split_languages, metavar="LANGS", help="only these languages")
@click.option(
    "--format", "form", type=click.Choice(["text", "json"]), default="text", help="a table for people or JSON for scripts"
)
@click.option("--fail-under", type=float, metavar="PERCENT", help="exit 1 if a document is translated below PERCENT")
@click.option("--fail-on-stale", is_flag=True, help="exit 1 if any translation is stale")
def status(directory: Path, lang: tuple[str, ...] | None, form: str, fail_under: float | None, fail_on_stale: bool) -> None:
    """Per document and language: texts translated, stale (the source changed since), missing, in draft; words left
    to translate; and, for each stale text, what changed in the source."""
    from ..diagnose import log_warnings
    from ..read import read_publication
    from ..translation.report import format_json, format_text, verdict
    from ..translation.status import translation_status

    publication = read_publication(directory)
    statuses = translation_status(publication, lang, suggestions=True)
    click.echo(format_json(publication, statuses) if form == "json" else format_text(publication, statuses))
    log_warnings(publication, lang)  # the warnings of check and build, on stderr; they do not fail status
    failures = verdict(statuses, fail_under, fail_on_stale)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        fail()


@cli.command("add-language", short_help="add a translation language to the publication")
@click.argument("language", metavar="LANG")
@PUBLICATION
@click.option("--draft", is_flag=True, help="mark it as a translation in progress (gaps are not warnings)")
def add_language(language: str, directory: Path, draft: bool) -> None:
    """Add LANG to publication.yaml and an empty LANG: field to every text, changing nothing else in the files."""
    from ..translation.workflow import add_language

    added = add_language(directory, language, draft=draft)
    if added.written:
        say(f"added {added.language!r}: {added.units} empty fields in {len(added.written)} file(s)")
    if added.catalog:
        say(f"created {added.catalog}: translate its interface strings (contents, page numbers…)")


@cli.command("mark-current", short_help="confirm translations after review")
@click.argument("language", metavar="LANG")
@PUBLICATION
@click.option("--id", "ids", multiple=True, metavar="ID", help="only this text (repeat for more)")
@click.option("--document", metavar="SLUG", help="only this document")
def mark_current(language: str, directory: Path, ids: tuple[str, ...], document: str | None) -> None:
    """Record that the LANG translations (all, or those of --id) match the current source text: they stop being
    stale or draft."""
    from ..translation.workflow import mark_current

    marked = mark_current(directory, language, ids, document)
    say(f"marked {len(marked)} {language} translation(s) as current")


@cli.command(short_help="write PO, XLIFF or TMX files for translators' tools")
@PUBLICATION
@click.option("-l", "--lang", metavar="LANG", help="the language to translate into (not for tmx)")
@click.option(
    "--format",
    "form",
    type=click.Choice(["po", "xliff", "xliff2", "tmx"]),
    default="po",
    help="po, xliff (1.2), xliff2 (2.0), or tmx (the whole publication as a translation memory)",
)
@click.option("--out", type=OUT, metavar="OUT", help="where to write (default: DIR/translations/LANG)")
@click.option("--force", is_flag=True, help="overwrite files changed since diptych wrote them")
def export(directory: Path, lang: str | None, form: Any, out: Path | None, force: bool) -> None:
    """Write one file per document for LANG: gettext PO (Poedit, Weblate) or XLIFF 1.2 (memoQ, Trados, OmegaT;
    2.0 with --format xliff2); or, with --format tmx, the whole publication as one translation memory."""
    from ..translation.workflow import export_memory, export_translations

    if form == "tmx":
        paths = [export_memory(directory, out)]
    elif not lang:
        raise UsageError("export needs --lang LANG (the language to translate into), except with --format tmx")
    else:
        paths = export_translations(directory, lang, form, out, force=force)
    for path in paths:
        say(f"wrote {path}")


@cli.command("import", short_help="merge translated PO, XLIFF or TMX files back into the YAML")
@click.argument("files", nargs=-1, required=True, type=OUT, metavar="FILE...")
@click.option("-C", "--directory", default=".", type=OUT, metavar="DIR", help="the publication folder (default: .)")
@click.option("-l", "--lang", metavar="LANG", help="refuse files in another language")
@click.option("--theirs", is_flag=True, help="on a conflict (changed in the YAML and in the file), take the file's text")
def import_(files: tuple[Path, ...], directory: Path, lang: str | None, theirs: bool) -> None:
    """Merge translations back: only translation fields change. Files are checked first; a corrupt or foreign file,
    the wrong language or unknown ids change nothing. A translation changed in the YAML since the export is a
    conflict: reported with both texts and left as it is (exit status 1), unless --theirs."""
    from ..translation.report import import_messages
    from ..translation.workflow import import_translations

    imported = import_translations(directory, list(files), lang, theirs=theirs)
    summary = import_messages(imported)[1]
    if imported.conflicts:
        click.echo(summary, err=True)
        fail()
    say(summary)


@cli.command(short_help="similar texts already translated, for the texts still to translate")
@PUBLICATION
@click.option("-l", "--lang", required=True, metavar="LANG")
@click.option("--apply-exact", is_flag=True, help="write exact matches into the YAML, as drafts")
def suggest(directory: Path, lang: str, apply_exact: bool) -> None:
    """For every text of LANG without a current translation, list the publication's translated texts whose source
    is at least 75% similar. --apply-exact writes exact matches into the YAML as drafts."""
    from ..translation.report import format_suggestions
    from ..translation.workflow import suggest as find_suggestions

    found, written = find_suggestions(directory, lang, apply_exact)
    click.echo(format_suggestions(found, apply_exact, written))
