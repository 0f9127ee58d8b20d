"""What a build makes, one job per output file, and how each job is rendered.

HTML jobs run in the building process. PDF jobs run there too with ``--jobs 1``,
or in long-lived worker processes that each read the publication once and keep
one WeasyPrint font configuration, parsed stylesheets and cache (see :mod:`.build`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import output
from .bilingual import render_bilingual
from .book import render_book
from .fonts import faces_for
from .model import Publication
from .render import render_document, render_index, style_path, theme_dir, ui_translations
from .translation.report import render_dashboard
from .translation.status import translation_status

if TYPE_CHECKING:
    from .pdf import PdfRenderer

Kind = Literal["index", "status", "page", "bilingual", "pdf", "bilingual-pdf", "facing", "book"]
PDF_STYLESHEETS = ("edition.css", "print.css")


@dataclass(frozen=True)
class Job:
    output: str  # the file, relative to the output folder
    kind: Kind
    slug: str = ""  # the document, if the job is about one
    languages: tuple[str, ...] = ()
    layout: str = ""

    @property
    def is_pdf(self) -> bool:
        return self.kind in ("pdf", "bilingual-pdf", "facing", "book")


@dataclass
class Result:
    output: str
    data: bytes
    pages: int = 0
    warnings: tuple[str, ...] = ()


def plan(publication: Publication, languages: tuple[str, ...], formats: tuple[str, ...]) -> list[Job]:
    """Every output of the edition in ``languages`` and ``formats``, in a stable order."""
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
    return jobs


def render_html(publication: Publication, job: Job, draft: bool) -> bytes:
    if job.kind == "index":
        html = render_index(publication)
    elif job.kind == "status":
        html = render_dashboard(publication, translation_status(publication))
    elif job.kind == "page":
        html = render_document(publication, publication.document(job.slug), job.languages[0], draft=draft)
    else:
        html = render_bilingual(publication, publication.document(job.slug), job.languages, draft=draft)
    return html.encode("utf-8")


def make_renderer(publication: Publication, out_root: Path) -> PdfRenderer:
    from .pdf import PdfRenderer

    stylesheets = [style_path(publication, name) for name in PDF_STYLESHEETS]
    return PdfRenderer(stylesheets, roots=(publication.root, theme_dir(), out_root), variant=publication.printing.variant)


def render_pdf(renderer: PdfRenderer, publication: Publication, job: Job, out_root: Path, draft: bool) -> Result:
    """One PDF; the warnings name the characters drawn with a fallback font."""
    document = publication.document(job.slug) if job.slug else None
    base = out_root / (output.document_page(job.slug, publication.source_language) if job.slug else output.INDEX)
    if job.kind == "pdf":
        assert document is not None
        pdf = renderer.render(render_document(publication, document, job.languages[0], print=True, draft=draft), base)
    elif job.kind == "bilingual-pdf":
        assert document is not None
        pdf = renderer.render(render_bilingual(publication, document, job.languages, job.layout, print=True, draft=draft), base)
    elif job.kind == "facing":
        assert document is not None
        left, right = job.languages
        labels = {
            side: ui_translations(publication.language(code)).gettext("page {page}")
            for side, code in (("left", left), ("right", right))
        }
        pdf = renderer.render_facing(
            left=lambda folios: render_document(
                publication, document, left, print=True, partner=right, folios=folios, draft=draft
            ),
            right=lambda folios: render_document(
                publication, document, right, print=True, partner=left, folios=folios, draft=draft
            ),
            base_url=base,
            anchors=[article.anchor for article in document.articles()],
            folio=lambda side, page, total: labels[side].format(page=page, pages=total),
        )
    else:
        pdf = renderer.render(render_book(publication, job.languages, draft), base)
    faces = faces_for((publication.source, *publication.targets))
    warnings = []
    for family, characters in pdf.fallbacks(faces).items():
        shown = [f"{c} (U+{ord(c):04X})" for c in characters if not c.isspace()]
        listed = ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "")
        warnings.append(f"{job.output}: characters missing from {' and '.join(faces)} were drawn with {family}: {listed}")
    return Result(job.output, pdf.data, pdf.pages, tuple(warnings))


# -- worker processes ------------------------------------------------------------

_worker: dict[str, object] = {}


class WarningCollector(logging.Handler):
    """Keeps the messages of every warning logged to the loggers it is added to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def start_worker(root: Path, out_root: Path, draft: bool) -> None:
    """In a new worker process: read the publication once, and set up WeasyPrint once."""
    from .read import read_publication

    messages = WarningCollector()
    logging.getLogger("weasyprint").addHandler(messages)
    logging.getLogger("weasyprint").propagate = False
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    publication = read_publication(root)
    _worker.update(
        publication=publication, renderer=make_renderer(publication, out_root), out_root=out_root, draft=draft, messages=messages
    )


def run_in_worker(job: Job) -> Result:
    messages = _worker["messages"]
    assert isinstance(messages, WarningCollector)
    messages.messages.clear()
    publication = _worker["publication"]
    assert isinstance(publication, Publication)
    result = render_pdf(_worker["renderer"], publication, job, _worker["out_root"], bool(_worker["draft"]))  # type: ignore[arg-type]
    result.warnings = (*messages.messages, *result.warnings)
    return result
