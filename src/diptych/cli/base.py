"""What every command shares: the group, -q/-v, the log on stderr, and errors turned into an exit status."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from .. import __version__
from ..errors import DiptychError, printable

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
        from ..journal import completed

        completed.clear()  # what this command writes, for the message after Ctrl-C
        with _logging_to_stderr(ctx.meta["verbosity"]):
            try:
                return super().invoke(ctx)
            except DiptychError as error:
                click.echo(error.report(), err=True)
                ctx.exit(error.exit_code)
            except KeyboardInterrupt:
                from ..journal import completed

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


def verbosity() -> int:
    """-1 with -q, 0 by default, the number of -v."""
    return int(click.get_current_context().meta.get("verbosity", 0))


def say(message: str) -> None:
    """A line for the user on stderr, unless -q."""
    if verbosity() >= 0:
        click.echo(message, err=True)


def fail(status: int = 1) -> NoReturn:
    click.get_current_context().exit(status)


def split_languages(_context: click.Context, _parameter: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(code.strip() for code in value.split(",") if code.strip())


PUBLICATION = click.argument("directory", default=".", type=click.Path(path_type=Path), metavar="[DIR]")
OUT = click.Path(path_type=Path)


@click.group(cls=_Group, help=DESCRIPTION, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diptych", message="%(prog)s %(version)s")
def cli() -> None:
    pass
