"""The plan of a build, one job per output file, and how each job is rendered.

HTML jobs run in the building process. PDF jobs run there too with ``--jobs 1``,
or in the worker processes of :mod:`.workers`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import output
from .bilingual import render_bilingual
from .book import render_book
from .errors import UsageError
from .fonts import faces_for
from .model import Document, Publication
from .render import RenderContext, render_document, render_index
from .theme import PDF_STYLESHEETS, static_files, style_path, theme_dir, ui_translations
from .translation.report import render_dashboard
from .translation.status import translation_status

if TYPE_CHECKING:
    from .pdf import PdfRenderer, RenderedPdf

Kind = Literal["index", "status", "page", "bilingual", "pdf", "bilingual-pdf", "facing", "book"]
FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Job:
    output: str  # the file, relative to the output folder
    kind: Kind
    slug: str = ""  # the document, if the job is about one
    languages: tuple[str, ...] = ()
    layout: str = ""
    #: a draft build for review: stale and unreviewed translations are flagged
    draft: bool = False

    @property
    def is_pdf(self) -> bool:
        return self.kind in ("pdf", "bilingual-pdf", "facing", "book")

    def context(self, publication: Publication) -> RenderContext:
        """What the job renders: its languages, for print or the web, final or draft."""
        return RenderContext.of(publication, self.languages, "print" if self.is_pdf else "web", self.draft)


@dataclass
class Result:
    output: str
    data: bytes
    pages: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What a build makes: a job per page or PDF, the static files, and the names of the whole edition's outputs."""

    jobs: list[Job]
    #: output/static/… → the stylesheet or font it is a copy of
    statics: dict[Path, Path]
    #: every output of the edition in all its languages and formats: a file not among them is removed
    edition: frozenset[str]

    def only(self, names: set[str]) -> Plan:
        """The part of the plan that makes ``names``."""
        jobs = [job for job in self.jobs if job.output in names]
        return Plan(jobs, {path: source for path, source in self.statics.items() if str(path) in names}, self.edition)

    @property
    def pages(self) -> list[Job]:
        return [job for job in self.jobs if not job.is_pdf]

    @property
    def pdfs(self) -> list[Job]:
        return [job for job in self.jobs if job.is_pdf]

    def __len__(self) -> int:
        return len(self.jobs) + len(self.statics)


def plan_edition(publication: Publication, languages: tuple[str, ...], formats: tuple[str, ...], draft: bool) -> Plan:
    """The plan of a build in ``languages`` and ``formats`` (see :func:`select_languages`)."""
    statics = static_files(publication)
    edition = {job.output for job in plan(publication, publication.languages, FORMATS)} | {str(p) for p in statics}
    return Plan(plan(publication, languages, formats, draft), statics, frozenset(edition))


def select_languages(publication: Publication, wanted: tuple[str, ...] | None) -> tuple[str, ...]:
    """The languages of ``--lang`` in the publication's order (all when not given); a language it lacks is an error."""
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


def plan(publication: Publication, languages: tuple[str, ...], formats: tuple[str, ...], draft: bool = False) -> list[Job]:
    """Every output of the edition in ``languages`` and ``formats``, in a stable order (``draft``: for review)."""
    jobs: list[Job] = []
    sets = publication.language_sets(languages)
    if "html" in formats:
        jobs.append(Job(str(output.INDEX), "index"))
        if publication.target_languages:
            jobs.append(Job(str(output.STATUS), "status"))
        for document in publication.documents:
            for language in languages:
                jobs.append(Job(str(output.document_page(document.slug, language)), "page", document.slug, (language,)))
            for columns in sets:
                jobs.append(Job(str(output.bilingual_page(document.slug, columns)), "bilingual", document.slug, columns))
    if "pdf" in formats:
        for document in publication.documents:
            for language in languages:
                jobs.append(Job(str(output.document_pdf(document.slug, language)), "pdf", document.slug, (language,)))
            for columns in sets:
                for layout in publication.bilingual.layouts:
                    path = str(output.bilingual_pdf(document.slug, columns, layout))
                    if layout != "facing":
                        jobs.append(Job(path, "bilingual-pdf", document.slug, columns, layout))
                    elif len(columns) == 2:
                        jobs.append(Job(path, "facing", document.slug, columns, layout))
        if publication.documents and publication.printing.book:
            for columns in [(language,) for language in languages] + sets:
                jobs.append(Job(str(output.book_pdf(columns)), "book", "", columns))
    return [replace(job, draft=draft) for job in jobs] if draft else jobs


def render_html(publication: Publication, job: Job) -> bytes:
    """A web page: the home page, the translation status, or a document in one language or several."""
    if job.kind == "index":
        html = render_index(publication)
    elif job.kind == "status":
        html = render_dashboard(publication, translation_status(publication))
    elif job.kind == "page":
        html = render_document(job.context(publication), publication.document(job.slug))
    else:
        html = render_bilingual(job.context(publication), publication.document(job.slug))
    return html.encode("utf-8")


def make_renderer(publication: Publication, out_root: Path) -> PdfRenderer:
    from .pdf import PdfRenderer

    stylesheets = [style_path(publication, name) for name in PDF_STYLESHEETS]
    return PdfRenderer(stylesheets, roots=(publication.root, theme_dir(), out_root), variant=publication.printing.variant)


def render_pdf(renderer: PdfRenderer, publication: Publication, job: Job, out_root: Path) -> Result:
    """One PDF; the warnings name the characters drawn with a fallback font."""
    base = out_root / (output.document_page(job.slug, publication.source_language) if job.slug else output.INDEX)
    context = job.context(publication)
    if job.kind == "book":
        pdf = renderer.render(render_book(context), base)
    elif job.kind == "facing":
        pdf = render_facing(renderer, context, publication.document(job.slug), base)
    elif job.kind == "bilingual-pdf":
        pdf = renderer.render(render_bilingual(context, publication.document(job.slug), job.layout), base)
    else:
        pdf = renderer.render(render_document(context, publication.document(job.slug)), base)
    faces = faces_for((publication.source, *publication.targets))
    warnings = []
    for family, characters in pdf.fallbacks(faces).items():
        shown = [f"{c} (U+{ord(c):04X})" for c in characters if not c.isspace()]
        listed = ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "")
        warnings.append(f"{job.output}: characters missing from {' and '.join(faces)} were drawn with {family}: {listed}")
    return Result(job.output, pdf.data, pdf.pages, tuple(warnings))


def render_facing(renderer: PdfRenderer, context: RenderContext, document: Document, base: Path) -> RenderedPdf:
    """A facing edition: the source on the left-hand pages, the translation on the right."""
    left, right = context.facing_side(left=True), context.facing_side(left=False)
    labels = {"left": left.language, "right": right.language}
    return renderer.render_facing(
        left=lambda folios: render_document(left, document, folios),
        right=lambda folios: render_document(right, document, folios),
        base_url=base,
        anchors=[article.anchor for article in document.articles()],
        folio=lambda side, page, total: (
            ui_translations(labels[side], context.publication.root).gettext("page {page}").format(page=page, pages=total)
        ),
    )
