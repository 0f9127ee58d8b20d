"""The commands of the edition: build, check, serve and init."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import DiptychError, UsageError
from .base import OUT, PUBLICATION, cli, fail, say, split_languages, verbosity


@cli.command(short_help="build the HTML edition and the PDFs")
@PUBLICATION
@click.option("-o", "--output", type=OUT, metavar="OUT", help="write the edition into OUT (default: DIR/output)")
@click.option(
    "-l", "--lang", callback=split_languages, metavar="LANGS", help="build only these languages, comma-separated (e.g. fr,en)"
)
@click.option(
    "-f", "--format", "formats", default="html,pdf", callback=split_languages, metavar="FORMATS", help="html, pdf or html,pdf"
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
    from ..build import BuildOptions
    from ..build import build as build_edition

    jobs, flags["scheduler"] = flags["jobs"], _scheduler(flags["jobs"], flags["scheduler"])
    if jobs is not None and jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    flags["jobs"] = jobs or 0
    options = BuildOptions(output=output, languages=lang, formats=formats, **flags)  # strict, draft, force, jobs, scheduler
    report = build_edition(directory, options, _Progress() if verbosity() >= 0 else None)
    say(report.summary())


def _scheduler(jobs: int | None, scheduler: str | None) -> str | None:
    """--scheduler, else $DIPTYCH_SCHEDULER unless --jobs was given; checked."""
    from ..cluster import SCHEDULER_VARIABLE, check_scheduler

    if jobs is not None and scheduler:
        raise UsageError("--jobs and --scheduler: choose one (--jobs for this machine, --scheduler for a Dask cluster)")
    address = scheduler or (os.environ.get(SCHEDULER_VARIABLE) if jobs is None else None)
    if not address:
        return None
    # Dask's scheduler and workers tell of every connection: only with -v (distributed reads this when imported)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "info" if verbosity() > 0 else "error")
    return check_scheduler(address)


@cli.command(short_help="check the publication's content")
@PUBLICATION
@click.option("--strict", is_flag=True, help="fail on warnings too")
@click.option("--translations", is_flag=True, help="also check the translations: numbers, markup, quotes, glossary, length")
def check(directory: Path, strict: bool, translations: bool) -> None:
    """Check publication.yaml and every document, and list all problems."""
    from ..check import check_publication

    report = check_publication(directory, translations=translations)
    if strict and report.warnings:
        click.echo(f"--strict: {report.warnings} warning(s)", err=True)
        fail()
    say(report.summary(directory))


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
    from ..read import read_publication
    from ..serve import Preview

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


@cli.command(short_help="create a new publication")
@click.argument("directory", type=OUT, metavar="DIR")
@click.option("--title", help="the publication's title")
@click.option("--source", default="fr", metavar="LANG", help="the source language (default: fr)")
@click.option("--languages", default="en", callback=split_languages, metavar="LANGS", help="translations, comma-separated")
def init(directory: Path, title: str | None, source: str, languages: tuple[str, ...]) -> None:
    """Create a new publication in DIR with one example document, ready to build."""
    from ..scaffold import create_publication

    created = create_publication(directory, title=title, source=source, languages=languages)
    say(f"created {created}: build it with  diptych build {directory}")


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
