"""Build an edition: read, plan, make what changed, then publish it all at once.

Every file is first written beside its place under a temporary name; only
when everything is made (and ``--strict`` found no warning) are they renamed
into place, so a failed or interrupted build leaves the previous edition as
it was. PDFs are made by long-lived worker processes (``--jobs``); a rebuild
makes only the files whose inputs changed (see :mod:`.manifest`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import output
from .errors import BuildError, UsageError
from .files import list_files
from .fonts import FACE_SOURCES, faces_for, font_files
from .jobs import (
    PDF_STYLESHEETS,
    Job,
    Result,
    WarningCollector,
    make_renderer,
    plan,
    render_html,
    render_pdf,
    run_in_worker,
    start_worker,
)
from .lock import locked
from .manifest import Manifest, digest, file_digest, files_digest, versions
from .model import Publication
from .read import CONTENT_DIR, PUBLICATION_FILE, read_publication
from .read.documents import MAX_DOCUMENTS
from .render import LOCALE_DIR, has_ui_translations, style_path, template_dirs, theme_dir
from .translation.history import HISTORY_FILE

logger = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
STYLESHEETS = ("fonts.css", "edition.css", "screen.css", "print.css")
#: a worker process is replaced after this many PDFs (WeasyPrint's memory grows slowly)
DOCUMENTS_PER_WORKER = 100
MIN_JOBS_FOR_WORKERS = 6

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
        return f"{text} in {self.seconds:.1f} s → {self.output}"


def build(root: Path, options: BuildOptions | None = None, progress: Progress | None = None) -> BuildReport:
    """Build the publication in ``root`` into its output folder."""
    options = options or BuildOptions()
    started = time.perf_counter()
    out = output.Output(options.output or root / "output")
    manifest = Manifest.load(out.root)
    inputs = input_digests(root)
    run = digest(versions(), repr(sorted(options.languages or ())), repr(sorted(options.formats)), str(options.draft))
    if not options.force and manifest.up_to_date(inputs, run, manifest.outputs) and not (options.strict and manifest.warnings):
        # nothing changed since the last build: not even the YAML needs reading
        return BuildReport(out.root, skipped=len(manifest.outputs), seconds=time.perf_counter() - started, up_to_date=True)

    with ExitStack() as stack:
        warnings = stack.enter_context(collect_warnings())
        return _build(root, options, out, manifest, inputs, run, warnings, started, progress, stack)


def _build(
    root: Path,
    options: BuildOptions,
    out: output.Output,
    manifest: Manifest,
    inputs: dict[str, str],
    run: str,
    warnings: list[str],
    started: float,
    progress: Progress | None,
    stack: ExitStack,
) -> BuildReport:
    publication = read_publication(root)
    for problem in publication.warnings:
        logger.warning("%s", problem.format(root, excerpt=False, severity=False))
    languages = select_languages(publication, options.languages)
    formats = select_formats(options.formats)
    out.check_writable()
    stack.enter_context(locked(out.root, "building the edition"))  # held until the edition is in place
    for leftover in output.leftovers(out.root):
        leftover.unlink(missing_ok=True)
        logger.info("removed %s, left by an interrupted build", leftover)
    report_missing_translations(publication, languages)

    statics = static_files(publication)
    wanted = plan(publication, languages, formats)
    everything = {job.output for job in plan(publication, publication.languages, FORMATS)} | {str(p) for p in statics}
    keys = job_keys(publication, wanted, inputs, options.draft)
    keys.update({str(relative): file_digest(source) for relative, source in statics.items()})

    def stale(name: str) -> bool:
        return options.force or manifest.outputs.get(name) != keys[name] or not (out.root / name).is_file()

    todo_static = {relative: source for relative, source in statics.items() if stale(str(relative))}
    todo = [job for job in wanted if stale(job.output)]
    total, done = len(todo_static) + len(todo), 0
    pages = 0
    try:
        for relative, source in todo_static.items():
            out.stage(relative, source.read_bytes())
            done += 1
            if progress:
                progress(done, total, str(relative))
        for job in todo:
            if not job.is_pdf:
                out.stage(Path(job.output), render_html(publication, job, options.draft))
                done += 1
                if progress:
                    progress(done, total, job.output)
        for result in make_pdfs(publication, [j for j in todo if j.is_pdf], out.root, options):
            for message in result.warnings:
                logger.warning("%s", message)
            out.stage(Path(result.output), result.data)
            pages += result.pages
            done += 1
            if progress:
                progress(done, total, result.output)
        if options.strict and warnings:
            raise BuildError(
                "\n".join(f"warning: {w}" for w in warnings)
                + f"\n--strict: {len(warnings)} warning{'s' if len(warnings) != 1 else ''}, nothing was written."
            )
    except BaseException:
        out.abort()
        raise
    made = out.commit()
    removed = [Path(name) for name in sorted(set(manifest.outputs) - everything) if manifest.remove(name)]
    manifest.outputs.update({name: keys[name] for name in keys})
    manifest.files.update(out.digests)
    manifest.inputs, manifest.options, manifest.warnings = inputs, run, len(warnings)
    manifest.save()
    return BuildReport(
        output=out.root,
        documents=len(publication.documents),
        pages=pages,
        files=made,
        skipped=len(keys) - len(made),
        removed=removed,
        warnings=list(warnings),
        seconds=time.perf_counter() - started,
    )


def make_pdfs(publication: Publication, jobs: list[Job], out_root: Path, options: BuildOptions) -> Iterator[Result]:
    """The PDFs, in the order of ``jobs``: here with one job, else in worker processes."""
    if not jobs:
        return
    workers = min(options.jobs or os.cpu_count() or 1, len(jobs))
    # a worker costs an interpreter, WeasyPrint's import and a reading of the publication:
    # for a handful of PDFs (a one-paragraph edit) one process is quicker
    if workers <= 1 or len(jobs) < MIN_JOBS_FOR_WORKERS:
        renderer = make_renderer(publication, out_root)
        for job in jobs:
            yield render_pdf(renderer, publication, job, out_root, options.draft)
        return
    context = get_context("spawn")  # a clean process: no state copied from ours
    # Workers are replaced after DOCUMENTS_PER_WORKER PDFs each by starting a new pool for
    # every batch (Python 3.11's max_tasks_per_child can hang when a worker retires).
    batch = workers * DOCUMENTS_PER_WORKER
    for start in range(0, len(jobs), batch):
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=start_worker,
            initargs=(publication.root, out_root, options.draft),
        ) as pool:
            try:
                yield from pool.map(run_in_worker, jobs[start : start + batch])
            except BrokenProcessPool:
                raise BuildError(
                    "a PDF worker process stopped unexpectedly (killed, or out of memory); nothing was written.\n"
                    "  hint: run the build again; with little memory, use fewer workers (--jobs 1)"
                ) from None


def input_digests(root: Path) -> dict[str, str]:
    """A digest of every file the edition is made from, read as bytes (no YAML is parsed)."""
    content = root / CONTENT_DIR
    documents, refused = list_files(content, root, (".yaml", ".yml"), MAX_DOCUMENTS) if content.is_dir() else ([], [])
    digests = {"refused": str(time.time())} if refused else {}  # never up to date: reading reports them
    digests |= {str(p.relative_to(root)): file_digest(p) for p in [root / PUBLICATION_FILE, *documents, root / HISTORY_FILE]}
    digests.update(theme_digests(root))
    # every stylesheet (web ones included) and the fonts copied into static/
    styles = [
        p for folder in (root / "styles", theme_dir() / "styles") if folder.is_dir() for p in folder.iterdir() if not p.is_dir()
    ]
    digests["static"] = digest(files_digest(styles), *(str(p) for p in font_files()))
    return digests


def theme_digests(root: Path) -> dict[str, str]:
    """What pages depend on: "templates" (templates, interface catalogs, versions) for every
    page and PDF, and "print" (the stylesheets and fonts WeasyPrint reads) for the PDFs only."""
    theme = theme_dir()
    folders = [root / "templates", theme / "templates", LOCALE_DIR]
    # not only regular files: a FIFO or a link put in place of a template must make the pages again (and fail)
    templates = [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if not p.is_dir() and p.suffix != ".pyc"]
    styles = [root / "styles" / name for name in PDF_STYLESHEETS] + [theme / "styles" / name for name in PDF_STYLESHEETS]
    fonts = [f"{p}:{p.stat().st_size}" for face in ("Charis SIL", "Noto Serif SC", "Noto Naskh Arabic") for p in font_files(face)]
    return {"templates": digest(files_digest(templates), versions()), "print": digest(files_digest(styles), *fonts)}


def job_keys(publication: Publication, jobs: list[Job], inputs: dict[str, str], draft: bool) -> dict[str, str]:
    """Each output's key: the digests of exactly the inputs it is made from."""
    common = (inputs["templates"], inputs[PUBLICATION_FILE], str(draft), ",".join(str(d) for d in template_dirs(publication)))
    every_document = digest(*(inputs.get(str(d.path.relative_to(publication.root)), "") for d in publication.documents))
    keys = {}
    for job in jobs:
        if job.slug:
            document = publication.document(job.slug)
            source = inputs.get(str(document.path.relative_to(publication.root)), "")
        elif job.kind == "status":
            source = digest(every_document, inputs[str(HISTORY_FILE)])
        else:
            source = every_document
        printing = inputs["print"] if job.is_pdf else ""
        keys[job.output] = digest(*common, printing, source, job.kind, job.output, ",".join(job.languages), job.layout)
    return keys


def select_languages(publication: Publication, wanted: tuple[str, ...] | None) -> tuple[str, ...]:
    if not wanted:
        return publication.languages
    unknown = [code for code in wanted if code not in publication.languages]
    if unknown:
        raise UsageError(
            f"--lang {', '.join(unknown)}: not a language of this publication "
            f"(its languages are {', '.join(publication.languages)}; add new ones under 'languages' in publication.yaml)"
        )
    return tuple(code for code in publication.languages if code in wanted)


def select_formats(wanted: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise UsageError(f"--format {', '.join(unknown)}: unknown format (choose from {', '.join(FORMATS)})")
    return wanted


def static_files(publication: Publication) -> dict[Path, Path]:
    """Stylesheets and web fonts, copied once into output/static/."""
    files = {output.STATIC / name: style_path(publication, name) for name in STYLESHEETS}
    for face in faces_for((publication.source, *publication.targets)):
        if not font_files(face):
            logger.warning(
                "the face %s is not installed: its text falls back to another font (%s, or run make)", face, FACE_SOURCES[face]
            )
    for path in font_files():
        files[output.STATIC / "fonts" / path.name] = path
    return files


def report_missing_translations(publication: Publication, languages: tuple[str, ...]) -> None:
    for language in languages:
        if language != publication.source_language and not has_ui_translations(publication.language(language)):
            logger.warning("no interface translation for %r: menus and labels of its pages are in English", language)
    for document in publication.documents:
        units = list(document.units())
        for language in languages:
            if language in publication.draft_languages:
                continue  # a translation in progress: `diptych status` reports its gaps
            stale = [u for u in units if u.is_stale(language)]
            if stale:
                logger.warning(
                    "%s: %d %r translation(s) were made from an earlier source text (first: %s); "
                    "see `diptych status`, and build with --draft to see them marked",
                    document.path.name,
                    len(stale),
                    language,
                    stale[0].id,
                )
            missing = [u for u in units if u.text(language) is None]
            if missing:
                logger.warning(
                    "%s: %d of %d texts have no %r translation (first: %s, line %d); "
                    "the original is shown in their place, marked as untranslated",
                    document.path.relative_to(publication.root)
                    if document.path.is_relative_to(publication.root)
                    else document.path,
                    len(missing),
                    len(units),
                    language,
                    missing[0].id,
                    missing[0].location.line,
                )


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Every warning logged during the build (ours and WeasyPrint's), for --strict."""
    collector = WarningCollector()
    loggers = [logging.getLogger("diptych"), logging.getLogger("weasyprint")]
    for each in loggers:
        each.addHandler(collector)
    try:
        yield collector.messages
    finally:
        for each in loggers:
            each.removeHandler(collector)
