"""Build an edition: read, plan, keep what is unchanged, render the pages, make the PDFs, commit.

Every file is first written beside its place under a temporary name; only
when everything is made (and ``--strict`` found no warning) are they renamed
into place, so a failed or interrupted build leaves the previous edition as
it was. PDFs are made by an executor (:mod:`.executors`): long-lived worker
processes (``--jobs``) or a Dask cluster (``--scheduler``); a rebuild makes only
the files whose inputs changed (see :mod:`.manifest`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from . import output
from .diagnose import edition_warnings
from .errors import BuildError
from .executors import Executor, executor_for
from .jobs import FORMATS, Job, plan_edition, render_html, select_formats, select_languages
from .lock import locked
from .logs import collect_warnings
from .manifest import Manifest, input_digests, options_digest, output_keys
from .model import Publication
from .read import read_publication
from .web import search

logger = logging.getLogger(__name__)

#: progress(done, total, the file just made)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None
    languages: tuple[str, ...] | None = None  # None: every language of the publication
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    draft: bool = False  # flag stale and unreviewed translations on the pages
    force: bool = False  # make everything again, whatever the manifest says
    jobs: int = 0  # PDF worker processes; 0: one per core
    search: bool = True  # update the search index now (the live preview defers it to its quiet moments)
    scheduler: str | None = None  # a Dask scheduler's address, or local:N: the PDFs are made on that cluster

    def digest(self) -> str:
        """The options that change every output (a change makes everything again)."""
        return options_digest(repr(sorted(self.languages or ())), repr(sorted(self.formats)), str(self.draft))


@dataclass
class BuildReport:
    output: Path
    documents: int = 0
    pages: int = 0  # PDF pages made
    files: list[Path] = field(default_factory=list)  # files made
    skipped: int = 0  # files left as they were: their inputs had not changed
    removed: list[Path] = field(default_factory=list)  # files of documents that no longer exist
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False  # nothing had changed: nothing was read or made
    made_on: str = ""  # where the PDFs were made, when not on this machine

    @classmethod
    def unchanged(cls, out_root: Path, files: int, started: float) -> BuildReport:
        return cls(out_root, skipped=files, seconds=time.perf_counter() - started, up_to_date=True)

    def summary(self) -> str:
        if self.up_to_date:
            return (
                f"up to date: nothing changed since the last build ({self.skipped} files) — {self.seconds:.2f} s → {self.output}"
            )
        pdfs = sum(1 for f in self.files if f.suffix == ".pdf")
        html = sum(1 for f in self.files if f.suffix == ".html")
        text = (
            f"built {self.documents} document{'s' if self.documents != 1 else ''}: "
            f"{html} HTML page{'s' if html != 1 else ''}, {pdfs} PDF{'s' if pdfs != 1 else ''} ({self.pages} pages)"
        )
        if self.skipped:
            text += f", {self.skipped} unchanged"
        if self.removed:
            text += f", {len(self.removed)} removed"
        text = f"{text} in {self.seconds:.1f} s → {self.output}"
        return f"{text}\n  {self.made_on}" if self.made_on else text


def build(root: Path, options: BuildOptions | None = None, progress: Progress | None = None) -> BuildReport:
    """Build the publication in ``root`` into its output folder."""
    options = options or BuildOptions()
    started = time.perf_counter()
    out = output.Output(options.output or root / "output")
    manifest = Manifest.load(out.root)
    inputs, run = input_digests(root), options.digest()
    if nothing_changed(manifest, inputs, run, options):  # not even the YAML needs reading
        return BuildReport.unchanged(out.root, len(manifest.outputs), started)
    with collect_warnings() as warnings, ExitStack() as held:
        publication = read(root)
        languages, formats = select_languages(publication, options.languages), select_formats(options.formats)
        take_over(out, held)
        warn_of_gaps(publication, languages)
        refuse_warnings(options.strict, warnings)  # known from reading: stop before rendering anything
        plan = plan_edition(publication, languages, formats, options.draft)
        keys = output_keys(publication, plan, inputs)
        todo = plan.only(manifest.changed(keys, options.force))
        meter, executor = Meter(progress, len(todo)), executor_for(options.jobs, options.scheduler)
        with out.staging():
            stage_static_files(out, todo.statics, meter)
            stage_pages(out, publication, todo.pages, meter)
            pages = stage_pdfs(out, publication, todo.pdfs, executor, meter)
            refuse_warnings(options.strict, warnings)
        made, written = out.commit(), dict(manifest.files)  # the bytes of each file before this build
        removed = manifest.forget(plan.edition)
        manifest.record(keys, inputs, run, len(warnings), out.digests)
        if "html" in formats:  # the search index is made from the pages as written
            changed = search.pages_changed(publication.languages, written, out.digests, removed)
            search.update(out.root, publication.languages, changed=changed, now=options.search)
    documents, skipped, seconds = len(publication.documents), len(keys) - len(made), time.perf_counter() - started
    made_on = executor.describe() if todo.pdfs else ""
    return BuildReport(out.root, documents, pages, made, skipped, removed, list(warnings), seconds, made_on=made_on)


def nothing_changed(manifest: Manifest, inputs: dict[str, str], run: str, options: BuildOptions) -> bool:
    """True when no input or option changed since the last build and all its files are there."""
    if options.force or (options.strict and manifest.warnings):
        return False  # --strict must see the warnings of the last build again
    if options.search and search.behind(manifest.path.parent):
        return False  # pages changed since the search index was made
    return manifest.up_to_date(inputs, run, manifest.outputs)


def read(root: Path) -> Publication:
    """The publication; what it should fix but need not stop the build is logged as warnings."""
    publication = read_publication(root)
    for problem in publication.warnings:
        logger.warning("%s", problem.format(root, excerpt=False, severity=False))
    return publication


def take_over(out: output.Output, held: ExitStack) -> None:
    """Check that the output folder can be written, lock it until the build ends, clear an interrupted build's files."""
    out.check_writable()
    held.enter_context(locked(out.root, "building the edition"))
    for leftover in output.leftovers(out.root):  # only our temporary names, never through a link
        leftover.unlink(missing_ok=True)
        logger.info("removed %s, left by an interrupted build", leftover)


def warn_of_gaps(publication: Publication, languages: tuple[str, ...]) -> None:
    """Warn of what the pages will show: interface strings, untranslated or stale texts, missing faces —
    the list `check` shows too (diagnose.py), so that their --strict agree."""
    for message in edition_warnings(publication, languages):
        logger.warning("%s", message)


@dataclass
class Meter:
    """Counts the files made, for the progress callback."""

    progress: Progress | None
    total: int
    done: int = 0

    def tick(self, name: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, name)


def stage_static_files(out: output.Output, files: dict[Path, Path], meter: Meter) -> None:
    for relative, source in files.items():
        out.stage(relative, source.read_bytes())
        meter.tick(str(relative))


def stage_pages(out: output.Output, publication: Publication, jobs: list[Job], meter: Meter) -> None:
    for job in jobs:
        out.stage(Path(job.output), render_html(publication, job))
        meter.tick(job.output)


def stage_pdfs(out: output.Output, publication: Publication, jobs: list[Job], executor: Executor, meter: Meter) -> int:
    """Make and stage the PDFs, by whichever executor the options chose; their number of pages."""
    pages = 0
    for result in executor.make_pdfs(publication, jobs, out.root):
        for message in result.warnings:
            logger.warning("%s", message)
        out.stage(Path(result.output), result.data)
        pages += result.pages
        meter.tick(result.output)
    return pages


def refuse_warnings(strict: bool, warnings: list[str]) -> None:
    """--strict: any warning fails the build before anything is put in place."""
    if strict and warnings:
        raise BuildError(
            "\n".join(f"warning: {w}" for w in warnings)
            + f"\n--strict: {len(warnings)} warning{'s' if len(warnings) != 1 else ''}, nothing was written."
        )
