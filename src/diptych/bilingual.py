"""Bilingual editions: a document as rows of aligned units, one cell per language.

The parallel and interleaved layouts (HTML and PDF) are the same rows drawn
two ways; the facing layout combines the pages of one render per language
(see :func:`diptych.pdf.PdfRenderer.render_facing`). Alignment is on the
content's own units: one row per paragraph, title, article heading, list item.
A row says what is aligned; the template draws each cell with the block macros
of ``blocks.html``, as a single-language page draws the same unit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, replace

from . import output
from .model import (
    Article,
    ArticleBlock,
    Block,
    Dateline,
    Document,
    Heading,
    ListBlock,
    OfficialText,
    Paragraph,
    PlaceDate,
    Quote,
    Unit,
)
from .print_css import css_counter_content
from .render import Link, Page, RenderContext, render_template
from .urls import Urls


@dataclass(frozen=True)
class Row:
    """One aligned unit across languages.

    ``kind`` is headline, dateline, date, lede, paragraph, heading, official-title,
    article, item, ordered-item, quote, attribution, signatory or signed; the row holds
    what its cells show: a unit (in an element ``tag``), an article's heading, the
    dateline, the date, or the place and date of signature.
    """

    kind: str
    unit: Unit | None = None
    tag: str = "p"
    anchor: str = ""
    level: int = 0  # of a heading; the number of an ordered item
    article: Article | None = None
    dateline: Dateline | None = None
    date: datetime.date | None = None
    signed: PlaceDate | None = None
    #: the units after ``unit`` that a translator joined into its translation: drawn in the same row
    joined: tuple[Unit, ...] = ()


def document_rows(document: Document, columns: tuple[str, ...] = ()) -> list[Row]:
    """Every row of ``document`` for a parallel or interleaved view of ``columns`` (all languages if none).

    Where a translator joined units, their rows become one: the source's paragraphs beside the one translation.
    """
    rows: list[Row] = []
    for row in _rows(document):
        previous = rows[-1] if rows else None
        if previous is not None and previous.unit is not None and row.unit is not None and _covered(previous, row, columns):
            rows[-1] = replace(previous, joined=(*previous.joined, row.unit))
        else:
            rows.append(row)
    return rows


def _covered(previous: Row, row: Row, columns: tuple[str, ...]) -> bool:
    """True when ``row``'s unit is translated, in one of ``columns``, as part of the previous row's text."""
    assert previous.unit is not None and row.unit is not None
    owners = {previous.unit.id, *(unit.id for unit in previous.joined)}
    return any(
        translation.covered_by in owners for code, translation in row.unit.translations.items() if not columns or code in columns
    )


def _rows(document: Document) -> Iterator[Row]:
    if document.dateline:
        yield Row("dateline", dateline=document.dateline)
    yield Row("headline", document.headline, "h1", anchor="headline", level=1)
    if document.date:
        yield Row("date", date=document.date)
    for block in document.blocks:
        yield from _block_rows(block)


def _block_rows(block: Block | ArticleBlock) -> Iterator[Row]:
    if isinstance(block, Paragraph):
        yield Row("lede" if block.role == "lede" else "paragraph", block.unit, anchor=block.unit.id)
    elif isinstance(block, Heading):
        level = min(block.level + 1, 6)
        yield Row("heading", block.unit, f"h{level}", anchor=block.unit.id, level=level)
    elif isinstance(block, Quote):
        for unit in block.paragraphs:
            yield Row("quote", unit, anchor=unit.id)
        if block.attribution:
            yield Row("attribution", block.attribution, anchor=block.attribution.id)
    elif isinstance(block, ListBlock):
        for number, unit in enumerate(block.items, start=1):
            yield Row("ordered-item" if block.ordered else "item", unit, anchor=unit.id, level=number)
    elif isinstance(block, OfficialText):
        yield Row("official-title", block.title, "h2", anchor=block.title.id, level=2)
        for inner in block.preamble:
            yield from _block_rows(inner)
        for article in block.articles:
            yield Row("article", anchor=article.anchor, level=3, article=article)
            for inner in article.blocks:
                yield from _block_rows(inner)
        for signatory in block.signatories:
            yield Row("signatory", signatory, anchor=signatory.id)
        if block.signed:
            yield Row("signed", signed=block.signed)


def render_bilingual(context: RenderContext, document: Document, layout: str = "parallel") -> str:
    """The HTML of a bilingual view of ``context.columns``: ``layout`` is parallel or interleaved (the web page
    switches between them)."""
    columns = context.columns
    urls = Urls.at(output.bilingual_page(document.slug, columns))
    page = Page(context, urls, document)
    _ = page.gettext.gettext
    names = {"parallel": _("PDF, side by side"), "interleaved": _("PDF, interleaved"), "facing": _("PDF, facing pages")}
    downloads = [
        Link(columns[0], names[each], urls.bilingual_pdf(document, columns, each))
        for each in context.publication.bilingual.layouts
        if each != "facing" or len(columns) == 2
    ]
    short = document.short_title or document.headline
    values = {
        "page": page,
        "publication": context.publication,
        "document": document,
        "columns": columns,
        "layout": layout,
        "rows": document_rows(document, columns),
        "downloads": downloads,
        "running_title": " / ".join(dict.fromkeys(page.plain(short, code) for code in columns)),
        "page_label": css_counter_content(page.gettext.gettext("page {page} of {pages}")),
    }
    return render_template(context, "bilingual.html", values)
