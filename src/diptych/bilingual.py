"""Bilingual editions: a document as rows of aligned units, one cell per language.

The parallel and interleaved layouts (HTML and PDF) are the same rows drawn
two ways; the facing layout combines the pages of one render per language
(see :func:`diptych.pdf.PdfRenderer.render_facing`). Alignment is on the
content's own units: one row per paragraph, title, article heading, list item.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from . import output
from .model import ArticleBlock, Block, Document, Heading, ListBlock, OfficialText, Paragraph, Publication, Quote, Unit
from .numbering import article_label
from .render import Link, Page, Shown, css_counter_content, render_template, ui_translations


@dataclass(frozen=True)
class Cell:
    language: str
    shown: Shown | None = None  # a unit shown in this cell's language
    text: str = ""  # or a plain text made for it (an article label, a date)

    @property
    def html(self) -> Markup:
        return self.shown.html if self.shown else Markup.escape(self.text)

    @property
    def attrs(self) -> Markup:
        return self.shown.attrs if self.shown else Markup("")


@dataclass(frozen=True)
class Row:
    """One aligned unit across languages.

    ``kind`` is headline, dateline, date, lede, paragraph, heading, official-title,
    article, item, ordered-item, quote, attribution, signatory or signed.
    """

    kind: str
    cells: tuple[Cell, ...]
    anchor: str = ""
    level: int = 0  # for headings
    #: the row's label for PDF bookmarks, in every language ("Article premier — Article 1")
    bookmark: str = ""


def document_rows(page: Page, document: Document, languages: tuple[str, ...]) -> list[Row]:
    """Every row of ``document`` for a parallel or interleaved view of ``languages``."""
    return list(_rows(page, document, languages))


def _units(page: Page, unit: Unit, languages: tuple[str, ...], kind: str) -> tuple[Cell, ...]:
    return tuple(Cell(language, shown=page.show(unit, kind, language=language)) for language in languages)


def _texts(texts: dict[str, str]) -> tuple[Cell, ...]:
    return tuple(Cell(language, text=text) for language, text in texts.items())


def _rows(page: Page, document: Document, languages: tuple[str, ...]) -> Iterator[Row]:
    if document.dateline:
        place, source = document.dateline.place, document.dateline.source
        cells = []
        for language in languages:
            shown = page.show(place, language=language) if place else None
            html = Markup("<span{}>{}</span>").format(shown.attrs, shown.html) if shown else Markup("")
            if source:
                html += Markup('{}<span class="source">{}</span>').format(" / " if shown else "", source)
            cells.append(Cell(language, shown=Shown(html, Markup(""), language, bool(shown and shown.missing))))
        yield Row("dateline", tuple(cells))
    headline = _units(page, document.headline, languages, "headline")
    yield Row("headline", headline, anchor="headline", level=1, bookmark=_bookmark(headline))
    if document.date:
        date = document.date
        yield Row("date", _texts({language: page.date(date, language) for language in languages}))
    for block in document.blocks:
        yield from _block_rows(page, document, block, languages)


def _block_rows(page: Page, document: Document, block: Block | ArticleBlock, languages: tuple[str, ...]) -> Iterator[Row]:
    if isinstance(block, Paragraph):
        kind = "lede" if block.role == "lede" else "paragraph"
        yield Row(kind, _units(page, block.unit, languages, kind), anchor=block.unit.id)
    elif isinstance(block, Heading):
        yield Row("heading", _units(page, block.unit, languages, "heading"), anchor=block.unit.id, level=min(block.level + 1, 6))
    elif isinstance(block, Quote):
        for unit in block.paragraphs:
            yield Row("quote", _units(page, unit, languages, "quote"), anchor=unit.id)
        if block.attribution:
            yield Row("attribution", _units(page, block.attribution, languages, "attribution"), anchor=block.attribution.id)
    elif isinstance(block, ListBlock):
        for number, unit in enumerate(block.items, start=1):
            kind = "ordered-item" if block.ordered else "item"
            yield Row(kind, _units(page, unit, languages, kind), anchor=unit.id, level=number)
    elif isinstance(block, OfficialText):
        yield Row("official-title", _units(page, block.title, languages, "official-title"), anchor=block.title.id, level=2)
        for inner in block.preamble:
            yield from _block_rows(page, document, inner, languages)
        for article in block.articles:
            labels = {
                code: article_label(article.number, document.numbering, page.publication.language(code)) for code in languages
            }
            if article.title:
                title = article.title
                labels = {code: f"{label} {page.plain(title, code)}" for code, label in labels.items()}
            cells = _texts(labels)
            yield Row("article", cells, anchor=article.anchor, level=3, bookmark=" — ".join(dict.fromkeys(labels.values())))
            for inner in article.blocks:
                yield from _block_rows(page, document, inner, languages)
        for signatory in block.signatories:
            yield Row("signatory", _units(page, signatory, languages, "signatory"), anchor=signatory.id)
        if block.signed:
            signed = block.signed
            yield Row(
                "signed",
                tuple(Cell(code, shown=Shown(page.place_and_date(signed, code), Markup(""), code, False)) for code in languages),
            )


def _bookmark(cells: tuple[Cell, ...]) -> str:
    from .inline import to_plain

    texts = [to_plain(c.shown.html.striptags()) if c.shown else c.text for c in cells]
    return " — ".join(dict.fromkeys(texts))


def render_bilingual(
    publication: Publication,
    document: Document,
    columns: tuple[str, ...],
    layout: str = "parallel",
    print: bool = False,
    draft: bool = False,
) -> str:
    """The HTML of a bilingual view: ``layout`` is parallel or interleaved (the web page switches between them)."""
    source = columns[0]
    page = Page(
        publication,
        source,
        root="../../",
        document=document,
        print=print,
        gettext=ui_translations(publication.language(source)),
        columns=columns,
        draft=draft,
    )
    _ = page.gettext.gettext
    names = {"parallel": _("PDF, side by side"), "interleaved": _("PDF, interleaved"), "facing": _("PDF, facing pages")}
    downloads = [
        Link(source, names[each], f"../../{output.bilingual_pdf(document.slug, columns, each)}")
        for each in publication.bilingual.layouts
        if each != "facing" or len(columns) == 2
    ]
    short = document.short_title or document.headline
    context = {
        "page": page,
        "publication": publication,
        "document": document,
        "columns": columns,
        "layout": layout,
        "rows": document_rows(page, document, columns),
        "downloads": downloads,
        "running_title": " / ".join(dict.fromkeys(page.plain(short, code) for code in columns)),
        "page_label": css_counter_content(page.gettext.gettext("page {page} of {pages}")),
    }
    return render_template(publication, source, "bilingual.html", context)
