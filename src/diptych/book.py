"""The whole edition as one book: cover, contents, every document, pages numbered throughout.

``output/pdf/edition.<lang>.pdf`` in each language, and ``edition.<src>-<tgt>.pdf``
with every document side by side: the print edition of the publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .bilingual import Row, document_rows
from .model import Article, Publication
from .render import Page, css_counter_content, render_template, ui_translations

BOOK_SLUG = "edition"


@dataclass
class BookEntry:
    page: Page
    title: str
    #: the title in each column's language: [(code, text)], without repeats
    titles: list[tuple[str, str]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def render_book(publication: Publication, columns: tuple[str, ...], draft: bool = False) -> str:
    """The HTML of the book in one language (``columns`` = (lang,)) or side by side."""
    language = columns[0]
    bilingual = columns if len(columns) > 1 else ()
    gettext = ui_translations(publication.language(language))
    page = Page(publication, language, root="../", print=True, gettext=gettext, columns=bilingual, draft=draft)
    entries = []
    for document in publication.documents:
        document_page = Page(
            publication,
            language,
            root="../",
            document=document,
            print=True,
            gettext=gettext,
            columns=bilingual,
            draft=draft,
            anchor_prefix=f"{document.slug}--",
        )
        short = document.short_title or document.headline
        titles = list({document_page.plain(short, code): code for code in reversed(columns)}.items())[::-1]
        titles = [(code, text) for text, code in titles]
        title = " / ".join(text for _, text in titles)
        rows = document_rows(document_page, document, columns) if bilingual else []
        entries.append(BookEntry(document_page, title, titles, list(document.articles()), rows))
    dates = [d.date for d in publication.documents if d.date]
    context = {
        "page": page,
        "publication": publication,
        "document": None,
        "columns": columns,
        "entries": entries,
        "edition_date": max(dates) if dates else None,
        "page_label": css_counter_content(gettext.gettext("page {page} of {pages}")),
    }
    return render_template(publication, language, "book.html", context)
