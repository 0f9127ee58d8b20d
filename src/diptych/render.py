"""Render HTML pages from the model with Jinja2.

One template family serves the web edition and the PDF (``page.print``):
the print variant leaves out navigation and links, and carries the localized
running head and page labels for WeasyPrint. Content is passed to templates as
data and escaped; it is never compiled as a template.
"""

from __future__ import annotations

import datetime
import functools
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from . import __version__, inline
from .errors import BuildError
from .files import FileRefused, inside
from .languages import Language
from .model import Article, Document, Heading, ListBlock, OfficialText, Paragraph, PlaceDate, Publication, Quote, Unit
from .numbering import article_label
from .template_files import TemplateFiles, template_error
from .typography import Typesetter

LOCALE_DIR = Path(__file__).parent / "locale"


def theme_dir() -> Path:
    """The built-in theme: inside an installed package, or the repository's top level."""
    packaged = Path(__file__).parent / "theme"
    if (packaged / "templates").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def template_dirs(publication: Publication) -> list[Path]:
    """The publication's own templates first, then the theme's (override by name)."""
    dirs = [publication.root / "templates", theme_dir() / "templates"]
    return [d for d in dict.fromkeys(dirs) if d.is_dir()]


def style_path(publication: Publication, name: str) -> Path:
    """A stylesheet by name: the publication's own if it has one, else the theme's."""
    own = publication.root / "styles" / name
    if not os.path.lexists(own):
        return theme_dir() / "styles" / name
    if not inside(own, publication.root / "styles") or not own.is_file() or own.is_fifo():
        raise FileRefused(own, "a stylesheet must be a regular file inside styles/ (not a link out, a pipe or a folder)")
    return own


@functools.cache
def ui_translations(language: Language) -> NullTranslations:
    """The interface strings for ``language``, compiled from our PO catalog in memory."""
    for code in (language.code, language.base):
        path = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            with path.open("rb") as stream:
                catalog = read_po(stream, locale=code.replace("-", "_"))
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return Translations(buffer)
    return NullTranslations()


def has_ui_translations(language: Language) -> bool:
    return any((LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").is_file() for code in (language.code, language.base))


@functools.cache
def make_environment(search_path: tuple[str, ...], language: Language) -> jinja2.Environment:
    """One environment per theme and language; UI strings are bound to the language."""
    env = jinja2.Environment(
        loader=TemplateFiles(list(search_path)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(ui_translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["version"] = __version__
    env.tests["paragraph"] = lambda b: isinstance(b, Paragraph)
    env.tests["heading"] = lambda b: isinstance(b, Heading)
    env.tests["quote"] = lambda b: isinstance(b, Quote)
    env.tests["list"] = lambda b: isinstance(b, ListBlock)
    env.tests["official"] = lambda b: isinstance(b, OfficialText)
    env.filters["css_string"] = css_string
    return env


@dataclass(frozen=True)
class Shown:
    """A unit as shown on a page: its HTML and the attributes of the element that holds it."""

    html: Markup
    attrs: Markup
    language: str
    missing: bool


@dataclass(frozen=True)
class Link:
    language: str
    name: str
    url: str
    current: bool = False


@dataclass
class Page:
    """What a template needs to draw one page in one language."""

    publication: Publication
    language: str
    root: str  # relative path from this page to the output root, "" or "../../"
    document: Document | None = None
    print: bool = False
    #: the language on the facing page, when this page is one side of a facing edition
    partner: str | None = None
    #: the languages side by side, when this page is a bilingual view
    columns: tuple[str, ...] = ()
    #: a draft build for review: stale and unreviewed translations are flagged on the page
    draft: bool = False
    #: prefix of the ids on the page: documents bound in one book keep their anchors apart
    anchor_prefix: str = ""

    def anchor(self, name: str) -> str:
        return f"{self.anchor_prefix}{name}"

    #: translations of UI strings in this page's language
    gettext: NullTranslations = field(default_factory=NullTranslations)

    @property
    def dir(self) -> str:
        return self.publication.language(self.language).direction

    def show(self, unit: Unit, classes: str = "", anchor: bool = False, language: str | None = None) -> Shown:
        """The unit in this page's language, or its source text marked as untranslated.

        With ``language``, the unit is shown in that language inside an element
        whose ``lang`` is already ``language`` (a column of a bilingual page).
        """
        wanted = language or self.language
        text = unit.text(wanted)
        missing = text is None
        shown_in = wanted if text is not None else unit.language
        html = inline.to_html(
            text if text is not None else unit.source,
            self.publication.language(shown_in),
            self.publication.printing.ordinals,
            names=self.print,
        )
        names = [classes] if classes else []
        parts = []
        if anchor:
            parts.append(f' id="{escape(self.anchor(unit.id))}"')
        flag = self._review_flag(unit, wanted) if self.draft and not missing else ""
        if flag:
            names.append("review-" + flag)
            ui = ui_translations(self.publication.language(wanted))
            if flag == "stale":
                label = ui.gettext("The source changed after this translation was made")
            else:
                label = ui.gettext("Draft translation, not yet reviewed")
            html = Markup('<span class="review-flag" role="note">{}</span> ').format(label) + html
        if missing:
            names.append("untranslated")
            note = ui_translations(self.publication.language(wanted)).gettext("not yet translated")
            html = html + Markup('<span class="visually-hidden" lang="{}"> ({})</span>').format(wanted, note)
        if names:
            parts.append(f' class="{escape(" ".join(names))}"')
        if shown_in != wanted:
            parts.append(f' lang="{escape(shown_in)}"')
            direction = self.publication.language(shown_in).direction
            if direction != self.publication.language(wanted).direction:
                parts.append(f' dir="{direction}"')
        return Shown(html, Markup("".join(parts)), shown_in, missing)

    @staticmethod
    def _review_flag(unit: Unit, language: str) -> str:
        """ "stale" or "draft" for a translation a reviewer should look at, else ""."""
        translation = unit.translations.get(language)
        if translation is None:
            return ""
        if unit.is_stale(language):
            return "stale"
        return "draft" if translation.status in ("draft", "review") else ""

    def plain(self, unit: Unit, language: str | None = None) -> str:
        language = language or self.language
        text = unit.text(language)
        shown_in = language if text is not None else unit.language
        return inline.to_plain(text if text is not None else unit.source, self.publication.language(shown_in))

    def language_name(self, code: str) -> str:
        return self.publication.language(code).name

    def direction(self, code: str) -> str:
        return self.publication.language(code).direction

    def gettext_in(self, language: str, message: str, **values: object) -> str:
        """An interface string in another language than the page's (a column's header)."""
        text = ui_translations(self.publication.language(language)).gettext(message)
        return text % values if values else text

    def date(self, value: datetime.date, language: str | None = None) -> str:
        value_language = self.publication.language(language or self.language)
        return Typesetter(value_language)(value_language.format_date(value))

    def place_and_date(self, signed: PlaceDate, language: str | None = None) -> Markup:
        """ "Pékin, le 23 avril 2025." / "Beijing, April 23, 2025." """
        language = language or self.language
        place = self.show(signed.place, language=language)
        return Markup(ui_translations(self.publication.language(language)).gettext("{place}, {date}.")).format(
            place=Markup("<span{}>{}</span>").format(place.attrs, place.html),
            date=Markup('<time datetime="{}">{}</time>').format(signed.date.isoformat(), self.date(signed.date, language)),
        )

    def label(self, article: Article, language: str | None = None) -> str:
        assert self.document is not None
        return article_label(article.number, self.document.numbering, self.publication.language(language or self.language))

    def bookmark(self, article: Article, languages: tuple[str, ...]) -> str:
        """An article's bookmark in a bilingual edition: "Article premier — Article 1"."""
        return " — ".join(label for _, label in self.labels(article, languages))

    def labels(self, article: Article, languages: tuple[str, ...]) -> list[tuple[str, str]]:
        """(language, label) of an article in each language, a label written once when several agree."""
        seen: dict[str, str] = {}
        for code in languages:
            seen.setdefault(self.label(article, code), code)
        return [(code, label) for label, code in seen.items()]

    def excerpt(self, article: Article, words: int = 9) -> Markup:
        """The first words of an article (or its title), for a table of contents; marked with
        its language when it is the untranslated source."""
        unit = article.title or next((b.unit for b in article.blocks if isinstance(b, Paragraph)), None)
        if unit is None:
            return Markup("")
        text = self.plain(unit)
        if not article.title:
            cut = text.split()
            text = " ".join(cut[:words]).rstrip(",;:") + ("…" if len(cut) > words else "")
        if unit.text(self.language) is None:
            return Markup('<span lang="{}">{}</span>').format(unit.language, text)
        return Markup.escape(text)

    def language_links(self) -> list[Link]:
        """Every language version of this page, named in its own language."""
        links = []
        for code in self.publication.languages:
            url = self.document_url(self.document, code) if self.document else f"{self.root}index.html"
            name = self.publication.language(code).name
            links.append(Link(code, name, url, current=code == self.language and not self.columns))
        return links

    def document_url(self, document: Document, language: str) -> str:
        return f"{self.root}{language}/{document.slug}/index.html"

    def pdf_url(self, document: Document, language: str) -> str:
        return f"{self.root}pdf/{document.slug}.{language}.pdf"

    def bilingual_url(self, document: Document, columns: tuple[str, ...]) -> str:
        return f"{self.root}{'-'.join(columns)}/{document.slug}/index.html"

    def bilingual_pdf_url(self, document: Document, columns: tuple[str, ...], layout: str) -> str:
        suffix = "" if layout == "parallel" else f".{layout}"
        return f"{self.root}pdf/{document.slug}.{'-'.join(columns)}{suffix}.pdf"

    def language_sets(self, language: str | None = None) -> list[tuple[str, ...]]:
        """The bilingual editions (all, or those that include ``language``)."""
        sets = self.publication.language_sets()
        return [columns for columns in sets if language is None or language in columns]

    def static(self, name: str) -> str:
        return f"{self.root}static/{name}"

    def completeness(self, document: Document, language: str | None = None) -> tuple[int, int]:
        """(translated, total) units of ``document`` in this page's language (or ``language``)."""
        units = list(document.units())
        return sum(1 for u in units if u.text(language or self.language) is not None), len(units)

    def has_toc(self) -> bool:
        return self.document is not None and sum(1 for _ in self.document.articles()) >= 3

    def page_css(self, landscape: bool = False) -> Markup:
        """The publication's page: paper, margins, marks, base type size (for WeasyPrint and printing browsers)."""
        settings = self.publication.printing
        size = f"{settings.paper} landscape" if landscape else settings.paper
        margins = " ".join(f"{m:g}mm" for m in settings.margins)
        rules = [f"size: {size}", f"margin: {margins}"]
        if settings.crop_marks:
            rules.append("marks: crop cross")
        if settings.bleed:
            rules.append(f"bleed: {settings.bleed:g}mm")
        return Markup(f"@page {{ {'; '.join(rules)}; }}\nhtml {{ font-size: {settings.font_size:g}pt; }}")

    def lede(self) -> str:
        assert self.document is not None
        for block in self.document.blocks:
            if isinstance(block, Paragraph):
                return self.plain(block.unit)
        return ""


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, safe inside a <style> element."""
    escaped = re.sub(r'[\\"<>\n\r]', lambda m: f"\\{ord(m.group()):x} ", text)
    return Markup(f'"{escaped}"')


def css_counter_content(pattern: str, counter: str = "page") -> Markup:
    """A CSS ``content`` value from "page {page} of {pages}": strings and counters."""
    parts = re.split(r"(\{page\}|\{pages\})", pattern)
    out = []
    for part in parts:
        if part == "{page}":
            out.append(f"counter({counter})")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return Markup(" ".join(out))


def render_document(
    publication: Publication,
    document: Document,
    language: str,
    print: bool = False,
    partner: str | None = None,
    folios: dict[int, str] | None = None,
    draft: bool = False,
) -> str:
    """The HTML of one document in one language: for the web, for the PDF, or for one side of a facing PDF.

    ``partner`` is the language of the other side; ``folios`` maps this side's page numbers
    to the page labels of the combined edition.
    """
    gettext = ui_translations(publication.language(language))
    page = Page(publication, language, root="../../", document=document, print=print, gettext=gettext)
    page.partner = partner
    page.draft = draft
    context = {
        "page": page,
        "publication": publication,
        "document": document,
        "page_label": css_counter_content(page.gettext.gettext("page {page} of {pages}")),
        "folio_label": css_counter_content(page.gettext.gettext("page {page}"), counter="folio"),
        "folios": folios or {},
    }
    return _render(publication, language, "document.html", context)


def render_index(publication: Publication) -> str:
    """The edition's home page, in the source language."""
    language = publication.source_language
    page = Page(publication, language, root="", gettext=ui_translations(publication.source))
    context = {"page": page, "publication": publication, "document": None}
    return _render(publication, language, "index.html", context)


def render_template(publication: Publication, language: str, name: str, context: dict[str, object]) -> str:
    """Render one of the theme's templates; errors name the template file and line."""
    return _render(publication, language, name, context)


def _render(publication: Publication, language: str, name: str, context: dict[str, object]) -> str:
    env = make_environment(tuple(str(d) for d in template_dirs(publication)), publication.language(language))
    try:
        return env.get_template(name).render(context)
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
