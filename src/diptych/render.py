"""Render HTML pages from the model with Jinja2.

One template family serves the web edition and the PDF (``medium="print"``):
the print variant leaves out navigation and links, and carries the localized
running head and page labels for WeasyPrint. Content is passed to templates as
data and escaped; it is never compiled as a template.

A :class:`RenderContext` says what is being rendered — the page's languages, the
medium, draft mode — once; a :class:`Page` is what a template sees of it.
"""

from __future__ import annotations

import datetime
import functools
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup, escape

from . import inline, output
from .errors import BuildError
from .facing import SidePlan
from .labels import ArticleLabels
from .languages import Language, plain_script, shorten
from .model import Article, Document, Paragraph, PlaceDate, Publication, Unit
from .print_css import css_counter_content, css_string
from .template_files import template_error
from .theme import environment, template_dirs, ui_translations
from .typography import Typesetter
from .urls import Urls
from .web import cite, metadata

Medium = Literal["web", "print"]


@dataclass(frozen=True)
class RenderContext:
    """What is rendered: the publication in some languages, for the web or for print, final or draft."""

    publication: Publication
    #: the page's language first; then the languages beside it (a bilingual view) or facing it
    languages: tuple[Language, ...]
    medium: Medium = "web"
    #: a draft build for review: stale and unreviewed translations are flagged on the page
    draft: bool = False
    #: one side of a facing edition: ``languages[1]`` is on the facing pages
    facing: bool = False

    @classmethod
    def of(cls, publication: Publication, codes: tuple[str, ...], medium: Medium = "web", draft: bool = False) -> RenderContext:
        return cls(publication, tuple(publication.language(code) for code in codes), medium, draft)

    @property
    def language(self) -> Language:
        return self.languages[0]

    @property
    def columns(self) -> tuple[str, ...]:
        """The languages side by side, when this is a bilingual view."""
        return tuple(language.code for language in self.languages) if len(self.languages) > 1 and not self.facing else ()

    @property
    def partner(self) -> str | None:
        """The language on the facing pages, when this is one side of a facing edition."""
        return self.languages[1].code if self.facing else None

    @property
    def print(self) -> bool:
        return self.medium == "print"

    def facing_side(self, left: bool) -> RenderContext:
        """One side of a facing edition of these two languages: the first on the left, the second on the right."""
        first, second = self.languages
        return RenderContext(self.publication, (first, second) if left else (second, first), self.medium, self.draft, True)


@dataclass(frozen=True)
class Shown:
    """A unit as shown on a page: its HTML and the attributes of the element that holds it."""

    html: Markup
    attrs: Markup
    language: str
    missing: bool
    #: nothing to show on purpose: the translation covers this unit with another's text, or omits it
    absent: bool = False
    #: the translation's paragraphs, when the translator made several of this unit
    parts: tuple[Markup, ...] = ()
    #: the attributes of the second and later paragraphs (no id)
    continued: Markup = field(default_factory=Markup)


@dataclass(frozen=True)
class Link:
    language: str
    name: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Page:
    """What a template needs to draw one page: the context, the document, links and anchors."""

    context: RenderContext
    #: links from this page to the rest of the edition
    urls: Urls
    document: Document | None = None
    #: prefix of the ids on the page: documents bound in one book keep their anchors apart
    anchor_prefix: str = ""

    @property
    def publication(self) -> Publication:
        return self.context.publication

    @property
    def language(self) -> str:
        return self.context.language.code

    @property
    def dir(self) -> str:
        return self.context.language.direction

    @property
    def print(self) -> bool:
        return self.context.print

    @property
    def partner(self) -> str | None:
        return self.context.partner

    @property
    def gettext(self) -> NullTranslations:
        """The interface strings in this page's language."""
        return ui_translations(self.context.language, self.publication.root)

    @functools.cached_property
    def labels(self) -> ArticleLabels:
        numbering = self.document.numbering if self.document else self.publication.numbering
        return ArticleLabels(self.publication, numbering, self.language, self.plain)

    def anchor(self, name: str) -> str:
        return f"{self.anchor_prefix}{name}"

    def show(self, unit: Unit, classes: str = "", anchor: bool = False, language: str | None = None) -> Shown:
        """The unit in this page's language, or its source text marked as untranslated.

        With ``language``, the unit is shown in that language inside an element
        whose ``lang`` is already ``language`` (a column of a bilingual page).
        """
        wanted = self.publication.language(language or self.language)
        if unit.is_absent(wanted.code):
            return Shown(Markup(""), Markup(""), wanted.code, False, absent=True)
        text = unit.text(wanted.code)
        missing = text is None
        shown_in = wanted if text is not None else self.publication.language(unit.language)
        ordinals = self.publication.printing.ordinals
        html = inline.to_html(text if text is not None else unit.source, shown_in, ordinals, names=self.print)
        names = [classes] if classes else []
        parts = []
        if anchor:
            parts.append(f' id="{escape(self.anchor(unit.id))}"')
        flag = _review_flag(unit, wanted.code) if self.context.draft and not missing else ""
        flag_html = Markup("")
        if flag:
            names.append("review-" + flag)
            if flag == "stale":
                label = ui_translations(wanted, self.publication.root).gettext(
                    "The source changed after this translation was made"
                )
            else:
                label = ui_translations(wanted, self.publication.root).gettext("Draft translation, not yet reviewed")
            flag_html = Markup('<span class="review-flag" role="note">{}</span> ').format(label)
            html = flag_html + html
        if missing:
            names.append("untranslated")
            note = ui_translations(wanted, self.publication.root).gettext("not yet translated")
            html = html + Markup('<span class="visually-hidden" lang="{}"> ({})</span>').format(wanted.code, note)
        if names:
            parts.append(f' class="{escape(" ".join(names))}"')
        if shown_in != wanted:
            parts.append(f' lang="{escape(shown_in.code)}"')
            if shown_in.direction != wanted.direction:
                parts.append(f' dir="{shown_in.direction}"')
        paragraphs = unit.paragraphs(wanted.code)
        pieces: tuple[Markup, ...] = ()
        if len(paragraphs) > 1:
            pieces = tuple(inline.to_html(p, shown_in, ordinals, names=self.print) for p in paragraphs)
            pieces = (flag_html + pieces[0], *pieces[1:])
            html = Markup("<br><br>").join(pieces)  # where one element must hold them all (a list item)
        continued = Markup("".join(part for part in parts if not part.startswith(" id=")))
        return Shown(html, Markup("".join(parts)), shown_in.code, missing, parts=pieces, continued=continued)

    def plain(self, unit: Unit, language: str | None = None) -> str:
        language = language or self.language
        text = unit.text(language)
        shown_in = language if text is not None else unit.language
        return inline.to_plain(text if text is not None else unit.source, self.publication.language(shown_in))

    def headline_bookmark(self, unit: Unit, languages: tuple[str, ...]) -> str:
        """A headline's bookmark in a parallel view: its text in each language, once each."""
        texts = [inline.to_plain(self.show(unit, language=code).html.striptags()) for code in languages]
        return " — ".join(dict.fromkeys(texts))

    def citation(self, unit: Unit) -> str | None:
        """How to cite ``unit`` in this page's language ("…, Article 7(2)"); web pages only."""
        if self.print or self.document is None:
            return None
        return cite.citation(self.document, unit, self.language, self.plain, self.gettext.gettext)

    def head_meta(self) -> Markup:
        """Canonical link, feeds, Open Graph and Twitter cards, JSON-LD (web pages only)."""
        if self.print:
            return Markup("")
        columns = self.context.columns
        if self.document is None:
            title = self.plain(self.publication.title)
            description = self.plain(self.publication.description) if self.publication.description else ""
        else:
            title = " / ".join(self.plain(self.document.headline, code) for code in columns or (self.language,))
            description = self.lede()
        facts = metadata.PageFacts(self.publication, self.language, self.document, columns, title, description, self.plain)
        return metadata.head(facts)

    def site_path(self) -> str:
        """The path the edition is served under ("/" or "/editions/gazette/"), from base_url."""
        return urllib.parse.urlsplit(self.publication.base_url).path or "/"

    def language_name(self, code: str) -> str:
        return self.publication.language(code).name

    def direction(self, code: str) -> str:
        return self.publication.language(code).direction

    def gettext_in(self, language: str, message: str, **values: object) -> str:
        """An interface string in another language than the page's (a column's header)."""
        text = ui_translations(self.publication.language(language), self.publication.root).gettext(message)
        return text % values if values else text

    def date(self, value: datetime.date, language: str | None = None) -> str:
        value_language = self.publication.language(language or self.language)
        return Typesetter(value_language)(value_language.format_date(value))

    def place_and_date(self, signed: PlaceDate, language: str | None = None) -> Markup:
        """ "Pékin, le 23 avril 2025." / "Beijing, April 23, 2025." """
        language = language or self.language
        place = self.show(signed.place, language=language)
        done_at = ui_translations(self.publication.language(language), self.publication.root).gettext("{place}, {date}.")
        return Markup(done_at).format(
            place=Markup("<span{}>{}</span>").format(place.attrs, place.html),
            date=Markup('<time datetime="{}">{}</time>').format(signed.date.isoformat(), self.date(signed.date, language)),
        )

    def excerpt(self, article: Article, words: int = 9) -> Markup:
        """The first words of an article (or its title), for a table of contents; marked with
        its language when it is the untranslated source."""
        unit = article.title or next((b.unit for b in article.blocks if isinstance(b, Paragraph)), None)
        if unit is None:
            return Markup("")
        text = self.plain(unit)
        if not article.title:
            text = shorten(text, self.language if unit.text(self.language) is not None else unit.language, words)
        if unit.text(self.language) is None:
            return Markup('<span lang="{}">{}</span>').format(unit.language, text)
        return Markup.escape(text)

    def language_links(self) -> list[Link]:
        """Every language version of this page, named in its own language."""
        links = []
        for language in (self.publication.source, *self.publication.targets):
            url = self.urls.document(self.document, language.code) if self.document else self.urls.index()
            current = language == self.context.language and not self.context.columns
            links.append(Link(language.code, language.name, url, current=current))
        return links

    def language_sets(self, language: str | None = None) -> list[tuple[str, ...]]:
        """The bilingual editions (all, or those that include ``language``)."""
        sets = self.publication.language_sets()
        return [columns for columns in sets if language is None or language in columns]

    def has_toc(self) -> bool:
        return self.document is not None and sum(1 for _ in self.document.articles()) >= 3

    def script_css(self) -> Markup:
        """Running heads in Arabic or Chinese: no letter-spacing, no slanted (synthesised) face."""
        codes = (self.language, *self.context.columns, *([self.partner] if self.partner else []))
        if not any(plain_script(code) for code in codes):
            return Markup("")
        return Markup("@page { @top-left { letter-spacing: 0; } @top-right { letter-spacing: 0; font-style: normal; } }")

    def lede(self) -> str:
        assert self.document is not None
        for block in self.document.blocks:
            if isinstance(block, Paragraph):
                return self.plain(block.unit)
        return ""


def _review_flag(unit: Unit, language: str) -> str:
    """ "stale" or "draft" for a translation a reviewer should look at, else ""."""
    translation = unit.translations.get(language)
    if translation is None:
        return ""
    if unit.is_stale(language):
        return "stale"
    return "draft" if translation.status in ("draft", "review") else ""


def render_document(context: RenderContext, document: Document, facing: SidePlan | None = None) -> str:
    """The HTML of one document in one language: for the web, for the PDF, or for one side of a facing PDF.

    ``facing`` says which units open a spread and the page numbers of the facing edition
    (see :mod:`diptych.facing`).
    """
    urls = Urls.at(output.document_page(document.slug, context.language.code))
    page = Page(context, urls, document, anchor_prefix=facing.prefix if facing else "")
    values = {
        "page": page,
        "publication": context.publication,
        "document": document,
        "page_label": css_counter_content(page.gettext.gettext("page {page} of {pages}")),
        "folio_label": css_counter_content(page.gettext.gettext("page {page}"), counter="folio"),
        "facing": facing or SidePlan(),
        "folios": {
            number: css_string(page.gettext.gettext("page {page}").format(page=folio))
            for number, folio in (facing.folios if facing else {}).items()
        },
    }
    return render_template(context, "document.html", values)


def render_index(publication: Publication) -> str:
    """The edition's home page, in the source language."""
    page = Page(RenderContext(publication, (publication.source,)), Urls.at(output.INDEX))
    return render_template(page.context, "index.html", {"page": page, "publication": publication, "document": None})


def render_search(publication: Publication, language: str) -> str:
    """The search page of a language (search/<lang>/index.html), run by Pagefind's script."""
    page = Page(RenderContext.of(publication, (language,)), Urls.at(output.search_page(language)))
    return render_template(page.context, "search.html", {"page": page, "publication": publication, "document": None})


def render_template(context: RenderContext, name: str, values: dict[str, object]) -> str:
    """Render one of the theme's templates in the context's language; errors name the template file and line."""
    publication = context.publication
    env = environment(tuple(str(d) for d in template_dirs(publication)), context.language, publication.root)
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateSyntaxError as error:
        raise BuildError(f"{error.filename or error.name}:{error.lineno}: error: template syntax: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise BuildError(f"template {error.name!r} not found in {', '.join(map(str, template_dirs(publication)))}") from None
    except jinja2.UndefinedError as error:
        raise BuildError(f"{_template_frame(error)}error: template uses an undefined value: {error.message}") from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as error:
        mistake = template_error(error, publication.root / "templates")
        if mistake is None:
            raise
        raise mistake from None


def _template_frame(error: BaseException) -> str:
    """'file:line: ' of the innermost template frame of a rendering error."""
    found = ""
    for filename, lineno in _frames(error):
        if filename.endswith((".html", ".j2", ".xml")):
            found = f"{filename}:{lineno}: "
    return found


def _frames(error: BaseException) -> Iterator[tuple[str, int]]:
    traceback = error.__traceback__
    while traceback is not None:
        yield traceback.tb_frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next
