"""The ``diptych`` command: a thin layer that parses options and calls the library.

Exit status: 0 success, 1 a problem in the publication or the build, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import DiptychError, UsageError, control_character, printable

logger = logging.getLogger("diptych")

DESCRIPTION = """\
diptych turns a publication folder — publication.yaml and YAML documents under
content/, French text with its translations beside it — into an HTML edition
and typeset PDFs in every language.

  diptych init my-edition     start a new publication with an example document
  diptych check my-edition    check the content and list every problem
  diptych build my-edition    write the edition into my-edition/output/

Translators' commands: status, add-language, export, import, mark-current.
"""


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = printable(record.getMessage())
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            source = "" if record.name.startswith("diptych") else f"[{record.name}] "
            return f"warning: {source}{message}"
        return message


def _configure_logging(verbosity: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    for name in ("diptych", "weasyprint"):
        logging.getLogger(name).setLevel(level if name == "diptych" else max(level, logging.WARNING))
    # fontTools and WeasyPrint's progress chatter stay quiet unless asked for
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _languages(value: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in value.split(",") if code.strip())


def _add_common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_const", const=-1, dest="verbosity", help="show errors only")
    group.add_argument("-v", "--verbose", action="count", dest="verbosity", help="say more (each file written)")
    parser.set_defaults(verbosity=0)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diptych", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"diptych {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    build = commands.add_parser(
        "build",
        help="build the HTML edition and the PDFs",
        description="Build the edition of the publication in DIR (default: the current folder).",
    )
    build.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    build.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the edition into OUT (default: DIR/output)")
    build.add_argument(
        "-l", "--lang", type=_languages, metavar="LANGS", help="build only these languages, comma-separated (e.g. fr,en)"
    )
    build.add_argument(
        "-f",
        "--format",
        type=_languages,
        metavar="FORMATS",
        default=("html", "pdf"),
        help="html, pdf or html,pdf (default: both)",
    )
    build.add_argument("--strict", action="store_true", help="treat warnings as errors: fail and write nothing")
    build.add_argument("--draft", action="store_true", help="mark stale and draft translations on the pages (for review)")
    build.add_argument("--force", action="store_true", help="make every file again, even those whose inputs did not change")
    build.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N", help="PDF worker processes (default: one per processor core)"
    )
    _add_common(build)

    check = commands.add_parser(
        "check",
        help="check the publication's content",
        description="Check publication.yaml and every document, and list all problems.",
    )
    check.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--translations", action="store_true", help="also check the translations: numbers, markup, quotes, glossary, length"
    )
    _add_common(check)

    status = commands.add_parser(
        "status",
        help="how far each translation is: translated, stale, missing, draft",
        description="Per document and language: texts translated, stale (the source changed since), missing, in draft; "
        "words left to translate; and, for each stale text, what changed in the source.",
    )
    status.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    status.add_argument("-l", "--lang", type=_languages, metavar="LANGS", help="only these languages")
    status.add_argument(
        "--format", choices=("text", "json"), default="text", help="a table for people (text) or JSON for scripts"
    )
    status.add_argument("--fail-under", type=float, metavar="PERCENT", help="exit 1 if a document is translated below PERCENT")
    status.add_argument("--fail-on-stale", action="store_true", help="exit 1 if any translation is stale")
    _add_common(status)

    add = commands.add_parser(
        "add-language",
        help="add a translation language to the publication",
        description="Add LANG to publication.yaml and an empty LANG: field to every text, changing nothing else in the files.",
    )
    add.add_argument("language", metavar="LANG", help="the language code, e.g. az, zh-Hans, ar")
    add.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    add.add_argument("--draft", action="store_true", help="mark it as a translation in progress (gaps are not warnings)")
    _add_common(add)

    mark = commands.add_parser(
        "mark-current",
        help="confirm translations after review",
        description="Record that the LANG translations (all, or those of --id) match the current source text: "
        "they stop being stale or draft.",
    )
    mark.add_argument("language", metavar="LANG")
    mark.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    mark.add_argument("--id", action="append", default=[], metavar="ID", help="only this text (repeat for more)")
    mark.add_argument("--document", metavar="SLUG", help="only this document")
    _add_common(mark)

    export = commands.add_parser(
        "export",
        help="write PO or XLIFF files for translators' tools",
        description="Write one file per document for LANG: gettext PO (Poedit, Weblate) or XLIFF 1.2 (memoQ, Trados, "
        "OmegaT; 2.0 with --format xliff2).",
    )
    export.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    export.add_argument("-l", "--lang", required=True, metavar="LANG", help="the language to translate into")
    export.add_argument("--format", choices=("po", "xliff", "xliff2"), default="po", help="po, xliff (1.2) or xliff2 (2.0)")
    export.add_argument("--out", type=Path, metavar="OUT", help="where to write (default: DIR/translations/LANG)")
    _add_common(export)

    importer = commands.add_parser(
        "import",
        help="merge translated PO or XLIFF files back into the YAML",
        description="Merge translations back: only translation fields change. Files are checked first; a corrupt or "
        "foreign file, the wrong language or unknown ids change nothing.",
    )
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.add_argument("-C", "--directory", default=".", metavar="DIR", help="the publication folder (default: .)")
    importer.add_argument("-l", "--lang", metavar="LANG", help="refuse files in another language")
    _add_common(importer)

    serve = commands.add_parser(
        "serve",
        help="preview the edition in a browser, rebuilt as you save",
        description="Build the HTML edition, serve it on this machine only, and rebuild it whenever a file of the "
        "publication is saved: open pages reload by themselves, and a content error shows in the page. "
        "PDFs are rebuilt a few seconds after the last change. Ctrl-C stops.",
    )
    serve.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the publication folder (default: .)")
    serve.add_argument("-p", "--port", type=int, default=8000, help="the port (default 8000; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: this machine only)")
    serve.add_argument("-o", "--output", type=Path, metavar="OUT", help="where to build (default: DIR/output)")
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests for this host name (the Host header); by default only the address served, "
        "localhost and 127.0.0.1 are answered, against DNS rebinding",
    )
    _add_common(serve)

    init = commands.add_parser(
        "init",
        help="create a new publication",
        description="Create a new publication in DIR with one example document, ready to build.",
    )
    init.add_argument("directory", metavar="DIR", help="the folder to create (it must be empty or absent)")
    init.add_argument("--title", default=None, help="the publication's title")
    init.add_argument("--source", default="fr", metavar="LANG", help="the source language (default: fr)")
    init.add_argument(
        "--languages", type=_languages, default=("en",), metavar="LANGS", help="translations, comma-separated (default: en)"
    )
    _add_common(init)
    return parser


class _Progress:
    """A counter on a terminal; a plain line every tenth of the way when the output is a log."""

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.terminal:
            end = "\n" if done == total else ""
            print(f"\r\033[K[{done}/{total}] {name}", end=end, file=sys.stderr, flush=True)
        elif total >= 20 and done * 10 // total != self.shown:
            self.shown = done * 10 // total
            print(f"[{done}/{total}] {name}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    _configure_logging(arguments.verbosity)
    try:
        _check_arguments(arguments)
        return int(_run(arguments))
    except DiptychError as error:
        print(error.report(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        from .journal import completed

        if completed:
            print(f"interrupted after the edit was complete: {len(completed)} file(s) were written.", file=sys.stderr)
        else:
            print("interrupted: nothing was changed; the publication and its edition are as they were.", file=sys.stderr)
        return 130
    except OSError as error:  # the machine's, not a bug: a full disk, a permission, a vanished folder
        where = f"{error.filename}: " if error.filename else ""
        print(printable(f"error: {where}{error.strerror or error}"), file=sys.stderr)
        return 1
    except Exception as error:  # a bug in diptych, not in the user's files
        if arguments.verbosity > 0:
            traceback.print_exc()
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            "  This is a bug in diptych, not in your files. Run again with -v for details and report it.",
            file=sys.stderr,
        )
        return 70


def _check_arguments(arguments: argparse.Namespace) -> None:
    """The control-character policy of texts holds for arguments too (they may become text: --title, --id)."""
    for name, value in vars(arguments).items():
        for each in value if isinstance(value, (list, tuple)) else [value]:
            control = control_character(str(each)) if isinstance(each, (str, Path)) else None
            if control:
                raise UsageError(f"the argument {name.replace('_', '-')} contains the control character {control[1]}")


def _run(arguments: argparse.Namespace) -> int:
    directory = Path(arguments.directory)
    if arguments.command == "build":
        from .build import BuildOptions, build

        if arguments.jobs < 0:
            raise UsageError("--jobs must be 0 (one per core) or more")
        report = build(
            directory,
            BuildOptions(
                output=arguments.output,
                languages=arguments.lang,
                formats=arguments.format,
                strict=arguments.strict,
                draft=arguments.draft,
                force=arguments.force,
                jobs=arguments.jobs,
            ),
            progress=_Progress() if arguments.verbosity >= 0 else None,
        )
        if arguments.verbosity >= 0:
            print(report.summary(), file=sys.stderr)
        return 0
    if arguments.command == "check":
        from .read import read_publication

        publication = read_publication(directory)
        warnings = list(publication.warnings)
        if arguments.translations:
            from .translation.qa import check_translations

            warnings += [finding.problem() for finding in check_translations(publication)]
        for problem in warnings:
            print(problem.format(directory), file=sys.stderr)
        units = sum(1 for d in publication.documents for _ in d.units())
        if arguments.strict and warnings:
            print(f"--strict: {len(warnings)} warning(s)", file=sys.stderr)
            return 1
        if arguments.verbosity >= 0:
            print(
                f"{directory}: OK — {len(publication.documents)} document(s), {units} texts, "
                f"languages {', '.join(publication.languages)}",
                file=sys.stderr,
            )
        return 0
    if arguments.command == "serve":
        from .read import read_publication
        from .serve import Preview

        read_publication(directory)  # a publication to serve, or a clear error now
        try:
            preview = Preview(directory, arguments.host, arguments.port, arguments.output, tuple(arguments.allow_host))
        except OSError as error:
            raise DiptychError(
                f"cannot listen on {arguments.host}:{arguments.port} ({error.strerror}); try another --port"
            ) from None
        preview.start()
        print(f"serving {directory} at {preview.url} — Ctrl-C to stop", file=sys.stderr, flush=True)
        try:
            preview.watch()
        except KeyboardInterrupt:
            print("stopped.", file=sys.stderr)
        return 0
    if arguments.command == "init":
        from .scaffold import create_publication

        created = create_publication(directory, title=arguments.title, source=arguments.source, languages=arguments.languages)
        if arguments.verbosity >= 0:
            print(f"created {created}: build it with  diptych build {directory}", file=sys.stderr)
        return 0
    if arguments.command == "status":
        from .read import read_publication
        from .translation.report import format_json, format_text, verdict
        from .translation.status import translation_status

        publication = read_publication(directory)
        statuses = translation_status(publication, arguments.lang)
        print(format_json(publication, statuses) if arguments.format == "json" else format_text(publication, statuses))
        failures = verdict(statuses, arguments.fail_under, arguments.fail_on_stale)
        for failure in failures:
            print(f"error: {failure}", file=sys.stderr)
        return 1 if failures else 0
    if arguments.command == "add-language":
        from .translation.workflow import add_language

        added = add_language(directory, arguments.language, draft=arguments.draft)
        if arguments.verbosity >= 0:
            print(f"added {added.language!r}: {added.units} empty fields in {len(added.written)} file(s)", file=sys.stderr)
        return 0
    if arguments.command == "mark-current":
        from .translation.workflow import mark_current

        marked = mark_current(directory, arguments.language, tuple(arguments.id), arguments.document)
        if arguments.verbosity >= 0:
            print(f"marked {len(marked)} {arguments.language} translation(s) as current", file=sys.stderr)
        return 0
    if arguments.command == "export":
        from .translation.workflow import export_translations

        for path in export_translations(directory, arguments.lang, arguments.format, arguments.out):
            if arguments.verbosity >= 0:
                print(f"wrote {path}", file=sys.stderr)
        return 0
    if arguments.command == "import":
        from .translation.workflow import import_translations

        imported = import_translations(directory, arguments.files, arguments.lang)
        for plan in imported.plans:
            for path, unit in plan.source_changed:
                print(
                    f"warning: {path}: {unit.id!r} was translated from an earlier source text; "
                    "kept as a draft — review it, then run diptych mark-current",
                    file=sys.stderr,
                )
        if arguments.verbosity >= 0:
            print(
                f"imported {imported.changed} translation(s), {imported.unchanged} unchanged; "
                f"{len(imported.written)} file(s) written",
                file=sys.stderr,
            )
        return 0
    raise UsageError(f"unknown command {arguments.command!r}")


if __name__ == "__main__":
    sys.exit(main())
