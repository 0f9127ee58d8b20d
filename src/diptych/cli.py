"""The ``diptych`` command: each command parses its options and calls one library function.

Exit status: 0 success, 1 a problem in the publication or the build, 2 wrong usage, 70 a bug in diptych,
130 interrupted. The library never prints: it logs (INFO for progress, WARNING for what the user should
fix) and raises :class:`~diptych.errors.DiptychError`; this module decides what reaches the terminal.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import DiptychError, UsageError, control_character, printable

DESCRIPTION = """\
diptych turns a publication folder — publication.yaml and YAML documents under
content/, French text with its translations beside it — into an HTML edition
and typeset PDFs in every language.

\b
  diptych init my-edition     start a new publication with an example document
  diptych check my-edition    check the content and list every problem
  diptych build my-edition    write the edition into my-edition/output/

Translators' commands: status, add-language, export, import, suggest, mark-current.
Real texts in: ingest (a source document), align (an existing translation).
"""


class _Formatter(logging.Formatter):
    """One way to show what the library logs: ``warning: …`` and ``error: …``; progress as it is."""

    def format(self, record: logging.LogRecord) -> str:
        message = printable(record.getMessage())
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            source = "" if record.name.startswith("diptych") else f"[{record.name}] "
            return f"warning: {source}{message}"
        return message


@contextmanager
def _logging_to_stderr(verbosity: int) -> Iterator[None]:
    """Show the library's log on stderr for one command (-q errors, default warnings, -v each file, -vv debug).

    The loggers keep recording warnings under -q (``--strict`` counts them); only the display is quieter.
    Everything is put back afterwards, so that commands run in-process (tests) leave no trace.
    """
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    handler.setLevel(level)
    levels = {"diptych": min(level, logging.WARNING), "weasyprint": logging.WARNING, "fontTools": logging.ERROR}
    saved = {name: logging.getLogger(name).level for name in levels}
    for name, each in levels.items():
        logging.getLogger(name).setLevel(each)
    logging.getLogger().addHandler(handler)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)
        for name, each in saved.items():
            logging.getLogger(name).setLevel(each)


class _Command(click.Command):
    """A command with -q/-v, the log shown on stderr, and errors turned into a message and an exit status."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += [
            click.Option(["-q", "--quiet"], is_flag=True, help="show errors only"),
            click.Option(["-v", "--verbose"], count=True, help="say more (each file written)"),
        ]

    def invoke(self, ctx: click.Context) -> Any:
        quiet, verbose = ctx.params.pop("quiet"), ctx.params.pop("verbose")
        if quiet and verbose:
            raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together", ctx)
        ctx.meta["verbosity"] = -1 if quiet else verbose
        from .journal import completed

        completed.clear()  # what this command writes, for the message after Ctrl-C
        with _logging_to_stderr(ctx.meta["verbosity"]):
            try:
                return super().invoke(ctx)
            except DiptychError as error:
                click.echo(error.report(), err=True)
                ctx.exit(error.exit_code)
            except KeyboardInterrupt:
                from .journal import completed

                if completed:
                    click.echo(f"interrupted after the edit was complete: {len(completed)} file(s) were written.", err=True)
                else:
                    click.echo("interrupted: nothing was changed; the publication and its edition are as they were.", err=True)
                ctx.exit(130)
            except OSError as error:  # the machine's, not a bug: a full disk, a permission, a vanished folder
                where = f"{error.filename}: " if error.filename else ""
                click.echo(printable(f"error: {where}{error.strerror or error}"), err=True)
                ctx.exit(1)
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except Exception as error:  # a bug in diptych, not in the user's files
                if verbose:
                    click.echo(traceback.format_exc(), err=True, nl=False)
                click.echo(
                    f"internal error: {type(error).__name__}: {error}\n"
                    "  This is a bug in diptych, not in your files. Run again with -v for details and report it.",
                    err=True,
                )
                ctx.exit(70)


class _Group(click.Group):
    command_class = _Command


def _verbosity() -> int:
    """-1 with -q, 0 by default, the number of -v."""
    return int(click.get_current_context().meta.get("verbosity", 0))


def _say(message: str) -> None:
    """A line for the user on stderr, unless -q."""
    if _verbosity() >= 0:
        click.echo(message, err=True)


def _fail(status: int = 1) -> NoReturn:
    click.get_current_context().exit(status)


def _languages(_context: click.Context, _parameter: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(code.strip() for code in value.split(",") if code.strip())


PUBLICATION = click.argument("directory", default=".", type=click.Path(path_type=Path), metavar="[DIR]")
OUT = click.Path(path_type=Path)


@click.group(cls=_Group, help=DESCRIPTION, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diptych", message="%(prog)s %(version)s")
def cli() -> None:
    pass


@cli.command(short_help="build the HTML edition and the PDFs")
@PUBLICATION
@click.option("-o", "--output", type=OUT, metavar="OUT", help="write the edition into OUT (default: DIR/output)")
@click.option(
    "-l", "--lang", callback=_languages, metavar="LANGS", help="build only these languages, comma-separated (e.g. fr,en)"
)
@click.option(
    "-f", "--format", "formats", default="html,pdf", callback=_languages, metavar="FORMATS", help="html, pdf or html,pdf"
)
@click.option("--strict", is_flag=True, help="treat warnings as errors: fail and write nothing")
@click.option("--draft", is_flag=True, help="mark stale and draft translations on the pages (for review)")
@click.option("--force", is_flag=True, help="make every file again, even those whose inputs did not change")
@click.option("-j", "--jobs", type=int, metavar="N", help="PDF worker processes (default: one per processor core)")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="make the PDFs on a Dask cluster: its scheduler (tcp://host:8786), or local:N to start N worker processes here "
    "(default: $DIPTYCH_SCHEDULER unless --jobs is given; needs diptych[cluster])",
)
def build(directory: Path, output: Path | None, lang: tuple[str, ...] | None, formats: tuple[str, ...], **flags: Any) -> None:
    """Build the edition of the publication in DIR (default: the current folder)."""
    from .build import BuildOptions
    from .build import build as build_edition

    jobs, flags["scheduler"] = flags["jobs"], _scheduler(flags["jobs"], flags["scheduler"])
    if jobs is not None and jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    flags["jobs"] = jobs or 0
    options = BuildOptions(output=output, languages=lang, formats=formats, **flags)  # strict, draft, force, jobs, scheduler
    report = build_edition(directory, options, _Progress() if _verbosity() >= 0 else None)
    _say(report.summary())


def _scheduler(jobs: int | None, scheduler: str | None) -> str | None:
    """--scheduler, else $DIPTYCH_SCHEDULER unless --jobs was given; checked."""
    from .cluster import SCHEDULER_VARIABLE, check_scheduler

    if jobs is not None and scheduler:
        raise UsageError("--jobs and --scheduler: choose one (--jobs for this machine, --scheduler for a Dask cluster)")
    address = scheduler or (os.environ.get(SCHEDULER_VARIABLE) if jobs is None else None)
    if not address:
        return None
    # Dask's scheduler and workers tell of every connection: only with -v (distributed reads this when imported)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "info" if _verbosity() > 0 else "error")
    return check_scheduler(address)


@cli.command(short_help="check the publication's content")
@PUBLICATION
@click.option("--strict", is_flag=True, help="fail on warnings too")
@click.option("--translations", is_flag=True, help="also check the translations: numbers, markup, quotes, glossary, length")
def check(directory: Path, strict: bool, translations: bool) -> None:
    """Check publication.yaml and every document, and list all problems."""
    from .check import check_publication

    report = check_publication(directory, translations=translations)
    if strict and report.warnings:
        click.echo(f"--strict: {report.warnings} warning(s)", err=True)
        _fail()
    _say(report.summary(directory))


@cli.command(short_help="how far each translation is: translated, stale, missing, draft")
@PUBLICATION
@click.option("-l", "--lang", callback=_languages, metavar="LANGS", help="only these languages")
@click.option(
    "--format", "form", type=click.Choice(["text", "json"]), default="text", help="a table for people or JSON for scripts"
)
@click.option("--fail-under", type=float, metavar="PERCENT", help="exit 1 if a document is translated below PERCENT")
@click.option("--fail-on-stale", is_flag=True, help="exit 1 if any translation is stale")
def status(directory: Path, lang: tuple[str, ...] | None, form: str, fail_under: float | None, fail_on_stale: bool) -> None:
    """Per document and language: texts translated, stale (the source changed since), missing, in draft; words left
    to translate; and, for each stale text, what changed in the source."""
    from .read import read_publication
    from .translation.report import format_json, format_text, verdict
    from .translation.status import translation_status

    publication = read_publication(directory)
    statuses = translation_status(publication, lang, suggestions=True)
    click.echo(format_json(publication, statuses) if form == "json" else format_text(publication, statuses))
    failures = verdict(statuses, fail_under, fail_on_stale)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        _fail()


@cli.command("add-language", short_help="add a translation language to the publication")
@click.argument("language", metavar="LANG")
@PUBLICATION
@click.option("--draft", is_flag=True, help="mark it as a translation in progress (gaps are not warnings)")
def add_language(language: str, directory: Path, draft: bool) -> None:
    """Add LANG to publication.yaml and an empty LANG: field to every text, changing nothing else in the files."""
    from .translation.workflow import add_language

    added = add_language(directory, language, draft=draft)
    if added.written:
        _say(f"added {added.language!r}: {added.units} empty fields in {len(added.written)} file(s)")
    if added.catalog:
        _say(f"created {added.catalog}: translate its interface strings (contents, page numbers…)")


@cli.command("mark-current", short_help="confirm translations after review")
@click.argument("language", metavar="LANG")
@PUBLICATION
@click.option("--id", "ids", multiple=True, metavar="ID", help="only this text (repeat for more)")
@click.option("--document", metavar="SLUG", help="only this document")
def mark_current(language: str, directory: Path, ids: tuple[str, ...], document: str | None) -> None:
    """Record that the LANG translations (all, or those of --id) match the current source text: they stop being
    stale or draft."""
    from .translation.workflow import mark_current

    marked = mark_current(directory, language, ids, document)
    _say(f"marked {len(marked)} {language} translation(s) as current")


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
    from .translation.workflow import export_memory, export_translations

    if form == "tmx":
        paths = [export_memory(directory, out)]
    elif not lang:
        raise UsageError("export needs --lang LANG (the language to translate into), except with --format tmx")
    else:
        paths = export_translations(directory, lang, form, out, force=force)
    for path in paths:
        _say(f"wrote {path}")


@cli.command("import", short_help="merge translated PO, XLIFF or TMX files back into the YAML")
@click.argument("files", nargs=-1, required=True, type=OUT, metavar="FILE...")
@click.option("-C", "--directory", default=".", type=OUT, metavar="DIR", help="the publication folder (default: .)")
@click.option("-l", "--lang", metavar="LANG", help="refuse files in another language")
@click.option("--theirs", is_flag=True, help="on a conflict (changed in the YAML and in the file), take the file's text")
def import_(files: tuple[Path, ...], directory: Path, lang: str | None, theirs: bool) -> None:
    """Merge translations back: only translation fields change. Files are checked first; a corrupt or foreign file,
    the wrong language or unknown ids change nothing. A translation changed in the YAML since the export is a
    conflict: reported with both texts and left as it is (exit status 1), unless --theirs."""
    from .translation.report import import_messages
    from .translation.workflow import import_translations

    imported = import_translations(directory, list(files), lang, theirs=theirs)
    summary = import_messages(imported)[1]
    if imported.conflicts:
        click.echo(summary, err=True)
        _fail()
    _say(summary)


@cli.command(short_help="similar texts already translated, for the texts still to translate")
@PUBLICATION
@click.option("-l", "--lang", required=True, metavar="LANG")
@click.option("--apply-exact", is_flag=True, help="write exact matches into the YAML, as drafts")
def suggest(directory: Path, lang: str, apply_exact: bool) -> None:
    """For every text of LANG without a current translation, list the publication's translated texts whose source
    is at least 75% similar. --apply-exact writes exact matches into the YAML as drafts."""
    from .translation.report import format_suggestions
    from .translation.workflow import suggest as find_suggestions

    found, written = find_suggestions(directory, lang, apply_exact)
    click.echo(format_suggestions(found, apply_exact, written))


@cli.command(short_help="preview the edition in a browser, rebuilt as you save")
@PUBLICATION
@click.option("-p", "--port", type=int, default=8000, help="the port (default 8000; 0 picks a free one)")
@click.option("--host", default="127.0.0.1", help="the address to listen on (default: this machine only)")
@click.option("-o", "--output", type=OUT, metavar="OUT", help="where to build (default: DIR/output)")
@click.option(
    "--allow-host",
    multiple=True,
    metavar="NAME",
    help="also answer requests for this host name (the Host header); by default only the address served, "
    "localhost and 127.0.0.1 are answered, against DNS rebinding",
)
def serve(directory: Path, port: int, host: str, output: Path | None, allow_host: tuple[str, ...]) -> None:
    """Build the HTML edition, serve it on this machine only, and rebuild it whenever a file of the publication is
    saved: open pages reload by themselves, and a content error shows in the page. PDFs are rebuilt a few seconds
    after the last change. Ctrl-C stops."""
    from .read import read_publication
    from .serve import Preview

    read_publication(directory)  # a publication to serve, or a clear error now
    try:
        preview = Preview(directory, host, port, output, allow_host)
    except OSError as error:
        raise DiptychError(f"cannot listen on {host}:{port} ({error.strerror}); try another --port") from None
    preview.start()
    click.echo(f"serving {directory} at {preview.url} — Ctrl-C to stop", err=True)
    try:
        preview.watch()
    except KeyboardInterrupt:
        click.echo("stopped.", err=True)


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
        from .ingest.update import format_update
        from .ingest.update import update as update_document

        click.echo(format_update(update_document(directory, file, update, flags["prune"], flags["dry_run"])))
        return
    if flags["prune"]:
        raise UsageError("--prune goes with --update SLUG")
    from .ingest import format_outline
    from .ingest import ingest as ingest_document

    report = ingest_document(directory, file, lang, slug, dry_run=flags["dry_run"])
    if flags["dry_run"]:
        click.echo(format_outline(report))
        return
    _say(format_outline(report))
    _say(f"wrote {report.path}: check it with  diptych check {directory}")


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
    from .align import align as align_translation
    from .align import format_json, format_text

    result = align_translation(directory, file, lang, document, overwrite=overwrite, dry_run=dry_run)
    if form == "json":
        click.echo(format_json(result))
    elif _verbosity() >= 0:
        click.echo(format_text(result))


@cli.command(short_help="create a new publication")
@click.argument("directory", type=OUT, metavar="DIR")
@click.option("--title", help="the publication's title")
@click.option("--source", default="fr", metavar="LANG", help="the source language (default: fr)")
@click.option("--languages", default="en", callback=_languages, metavar="LANGS", help="translations, comma-separated")
def init(directory: Path, title: str | None, source: str, languages: tuple[str, ...]) -> None:
    """Create a new publication in DIR with one example document, ready to build."""
    from .scaffold import create_publication

    created = create_publication(directory, title=title, source=source, languages=languages)
    _say(f"created {created}: build it with  diptych build {directory}")


class _Progress:
    """A counter on a terminal; a plain line every tenth of the way when the output is a log."""

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.terminal:
            click.echo(f"\r\033[K[{done}/{total}] {name}", nl=done == total, err=True)
        elif total >= 20 and done * 10 // total != self.shown:
            self.shown = done * 10 // total
            click.echo(f"[{done}/{total}] {name}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``diptych``, ``python -m diptych``, ``build.py``) and return its exit status."""
    arguments = list(argv) if argv is not None else sys.argv[1:]
    for argument in arguments:  # the control-character policy of texts holds for arguments (--title, --id …)
        control = control_character(argument)
        if control:
            click.echo(printable(f"error: the argument {argument!r} contains the control character {control[1]}"), err=True)
            return 2
    try:
        status = cli.main(args=arguments, prog_name="diptych", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("interrupted.", err=True)
        return 130
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
