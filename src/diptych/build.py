"""Build an edition: read, render every page, make the PDFs, then write.

Nothing is written until everything has been rendered, so a build that fails
(or that ``--strict`` stops on a warning) leaves the previous edition as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import output
from .bilingual import render_bilingual
from .book import render_book
from .errors import BuildError, UsageError
from .fonts import FACE_SOURCES, faces_for, font_files
from .model import Document, Publication
from .read import read_publication
from .render import has_ui_translations, render_document, render_index, style_path, theme_dir, ui_translations
from .translation.report import render_dashboard
from .translation.status import translation_status

if TYPE_CHECKING:
    from .pdf import PdfRenderer, RenderedPdf

logger = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
STYLESHEETS = ("fonts.css", "edition.css", "screen.css", "print.css")
PDF_STYLESHEETS = ("edition.css", "print.css")


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None
    languages: tuple[str, ...] | None = None  # None: every language of the publication
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    draft: bool = False  # flag stale and unreviewed translations on the pages


@dataclass
class BuildReport:
    output: Path
    documents: int = 0
    pages: int = 0  # PDF pages
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        pdfs = sum(1 for f in self.files if f.suffix == ".pdf")
        html = sum(1 for f in self.files if f.suffix == ".html")
        return (
            f"built {self.documents} document{'s' if self.documents != 1 else ''}: "
            f"{html} HTML page{'s' if html != 1 else ''}, {pdfs} PDF{'s' if pdfs != 1 else ''} ({self.pages} pages) "
            f"in {self.seconds:.1f} s → {self.output}"
        )


def build(root: Path, options: BuildOptions | None = None) -> BuildReport:
    """Build the publication in ``root`` into its output folder."""
    options = options or BuildOptions()
    started = time.perf_counter()
    with collect_warnings() as warnings:
        publication = read_publication(root)
        for problem in publication.warnings:
            logger.warning("%s", problem.format(root, excerpt=False))
        languages = select_languages(publication, options.languages)
        formats = select_formats(options.formats)
        out = output.Output(options.output or root / "output")
        out.check_writable()

        files: dict[Path, bytes | str] = {}
        files.update(static_files(publication))
        report_missing_translations(publication, languages)
        if "html" in formats:
            files[output.INDEX] = render_index(publication)
            if publication.target_languages:
                files[output.STATUS] = render_dashboard(publication, translation_status(publication))
            for document in publication.documents:
                for language in languages:
                    page = render_document(publication, document, language, draft=options.draft)
                    files[output.document_page(document.slug, language)] = page
                for columns in publication.language_sets(languages):
                    page = render_bilingual(publication, document, columns, draft=options.draft)
                    files[output.bilingual_page(document.slug, columns)] = page
        pages = 0
        if "pdf" in formats:
            pdfs, pages = render_pdfs(publication, languages, out.root, options.draft)
            files.update(pdfs)
        if options.strict and warnings:
            raise BuildError(
                "\n".join(f"warning: {w}" for w in warnings)
                + f"\n--strict: {len(warnings)} warning{'s' if len(warnings) != 1 else ''}, nothing was written."
            )
    for relative, data in files.items():
        out.write(relative, data)
        logger.info("wrote %s", out.root / relative)
    return BuildReport(
        output=out.root,
        documents=len(publication.documents),
        pages=pages,
        files=out.written,
        warnings=list(warnings),
        seconds=time.perf_counter() - started,
    )


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


def static_files(publication: Publication) -> dict[Path, bytes | str]:
    files: dict[Path, bytes | str] = {}
    for name in STYLESHEETS:
        files[output.STATIC / name] = style_path(publication, name).read_bytes()
    fonts = font_files()
    for face in faces_for(publication.languages):
        if not font_files(face):
            logger.warning(
                "the face %s is not installed: its text falls back to another font (%s, or run make)",
                face,
                FACE_SOURCES[face],
            )
    for path in fonts:
        files[output.STATIC / "fonts" / path.name] = path.read_bytes()
    return files


def report_missing_translations(publication: Publication, languages: tuple[str, ...]) -> None:
    for language in languages:
        if language != publication.source_language and not has_ui_translations(language):
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


def render_pdfs(
    publication: Publication, languages: tuple[str, ...], out_root: Path, draft: bool = False
) -> tuple[dict[Path, bytes | str], int]:
    from .pdf import PdfRenderer

    stylesheets = [style_path(publication, name) for name in PDF_STYLESHEETS]
    renderer = PdfRenderer(stylesheets, roots=(publication.root, theme_dir(), out_root), variant=publication.printing.variant)
    files: dict[Path, bytes | str] = {}
    pages = 0
    faces = faces_for(publication.languages)

    def keep(relative: Path, pdf: RenderedPdf) -> None:
        nonlocal pages
        for family, characters in pdf.fallbacks(faces).items():
            shown = [f"{c} (U+{ord(c):04X})" for c in characters if not c.isspace()]
            logger.warning(
                "%s: characters missing from %s were drawn with %s: %s",
                relative,
                " and ".join(faces),
                family,
                ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else ""),
            )
        files[relative] = pdf.data
        pages += pdf.pages

    for document in publication.documents:
        base = out_root / output.document_page(document.slug, publication.source_language)
        for language in languages:
            html = render_document(publication, document, language, print=True, draft=draft)
            keep(output.document_pdf(document.slug, language), renderer.render(html, base))
        for columns in publication.language_sets(languages):
            for layout in publication.bilingual.layouts:
                relative = output.bilingual_pdf(document.slug, columns, layout)
                if layout != "facing":
                    html = render_bilingual(publication, document, columns, layout, print=True, draft=draft)
                    keep(relative, renderer.render(html, base))
                elif len(columns) == 2:
                    keep(relative, render_facing(renderer, publication, document, columns, base, draft))
    if publication.documents:
        base = out_root / output.INDEX
        for columns in [(language,) for language in languages] + publication.language_sets(languages):
            keep(output.book_pdf(columns), renderer.render(render_book(publication, columns, draft), base))
    return files, pages


def render_facing(
    renderer: PdfRenderer, publication: Publication, document: Document, columns: tuple[str, ...], base: Path, draft: bool = False
) -> RenderedPdf:
    """French on the left-hand pages, the translation on the right, article N facing article N."""
    left, right = columns
    labels = {side: ui_translations(code).gettext("page {page} of {pages}") for side, code in (("left", left), ("right", right))}
    return renderer.render_facing(
        left=lambda folios: render_document(publication, document, left, print=True, partner=right, folios=folios, draft=draft),
        right=lambda folios: render_document(publication, document, right, print=True, partner=left, folios=folios, draft=draft),
        base_url=base,
        anchors=[article.anchor for article in document.articles()],
        folio=lambda side, page, total: labels[side].format(page=page, pages=total),
    )


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Every warning logged during the build (ours and WeasyPrint's), for --strict."""
    collector = _Collector()
    loggers = [logging.getLogger("diptych"), logging.getLogger("weasyprint")]
    for each in loggers:
        each.addHandler(collector)
    try:
        yield collector.messages
    finally:
        for each in loggers:
            each.removeHandler(collector)
