"""The whole edition as one book: cover, contents, every document, pages numbered throughout.

``output/pdf/edition.<lang>.pdf`` in each language, and ``edition.<src>-<tgt>.pdf``
with every document side by side: the print edition of the publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import output
from .bilingual import Row, document_rows
from .model import Article
from .print_css import css_counter_content
from .render import Page, RenderContext, render_template
from .urls import Urls


@dataclass
class BookEntry:
    page: Page
    title: str
    #: the title in each column's language: [(code, text)], without repeats
    titles: list[tuple[str, str]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def render_book(context: RenderContext) -> str:
    """The HTML of the book in the context's language, or its languages side by side."""
    publication = context.publication
    codes = tuple(language.code for language in context.languages)
    urls = Urls.at(output.book_pdf(codes))
    page = Page(context, urls)
    entries = []
    for document in publication.documents:
        document_page = Page(context, urls, document, anchor_prefix=f"{document.slug}--")
        short = document.short_title or document.headline
        titles = list({document_page.plain(short, code): code for code in reversed(codes)}.items())[::-1]
        titles = [(code, text) for text, code in titles]
        title = " / ".join(text for _, text in titles)
        rows = document_rows(document) if context.columns else []
        entries.append(BookEntry(document_page, title, titles, list(document.articles()), rows))
    dates = [d.date for d in publication.documents if d.date]
    values = {
        "page": page,
        "publication": publication,
        "document": None,
        "columns": codes,
        "entries": entries,
        "edition_date": max(dates) if dates else None,
        "page_label": css_counter_content(page.gettext.gettext("page {page} of {pages}")),
    }
    return render_template(context, "book.html", values)
