"""What search engines, social networks and feed readers read: canonical URLs, Open Graph and
Twitter cards, JSON-LD (schema.org ``NewsArticle`` and ``Legislation``), the sitemap with its
language alternates, robots.txt.

Absolute addresses need the publication's ``base_url``; without it the pages carry only what
can be said relatively (JSON-LD with relative ids, no canonical link), and the sitemap lists
nothing (search engines require absolute URLs).
"""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from babel.core import get_global
from markupsafe import Markup

from .. import output
from ..model import Document, OfficialText, Publication, Unit

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def address(publication: Publication, path: PurePath | str) -> str:
    """The public address of an output file: folders for index pages ("…/fr/slug/"), else the file."""
    text = str(path)
    if text == "index.html":
        text = ""
    elif text.endswith("/index.html"):
        text = text[: -len("index.html")]
    return f"{publication.base_url}{text}" if publication.base_url else text


def page_path(document: Document | None, language: str, columns: tuple[str, ...]) -> str:
    if document is None:
        return str(output.INDEX)
    if columns:
        return str(output.bilingual_page(document.slug, columns))
    return str(output.document_page(document.slug, language))


def og_locale(language: str) -> str:
    """Open Graph's locale: "fr_FR", "en_US", "zh_CN" (the likeliest country for the language)."""
    likely = get_global("likely_subtags").get(language.replace("-", "_").split("_")[0], "")
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{parts[0]}_{territory}" if parts and territory else language.replace("-", "_")


@dataclass(frozen=True)
class PageFacts:
    """What the head of one web page says about it (filled in by the page)."""

    publication: Publication
    language: str
    document: Document | None
    columns: tuple[str, ...]
    title: str
    description: str
    plain: Callable[[Unit, str], str]  # a unit's text in a language, or its source where untranslated


def head(facts: PageFacts) -> Markup:
    """The <link> and <meta> elements and the JSON-LD of a page."""
    publication = facts.publication
    path = page_path(facts.document, facts.language, facts.columns)
    url = address(publication, path)
    tags: list[Markup] = []
    if publication.base_url:
        tags.append(Markup('<link rel="canonical" href="{}">').format(url))
    for language in publication.languages if publication.base_url else ():
        tags.append(
            Markup('<link rel="alternate" type="application/atom+xml" hreflang="{}" href="{}" title="{}">').format(
                language, address(publication, feed_path(language)), f"{_plain(facts, publication.title, language)} ({language})"
            )
        )
    kind = "article" if facts.document else "website"
    properties = [
        ("og:type", kind),
        ("og:title", facts.title),
        ("og:site_name", _plain(facts, publication.title, facts.language)),
        ("og:locale", og_locale(facts.language)),
    ]
    if facts.description:
        properties.append(("og:description", facts.description))
    if publication.base_url:
        properties.append(("og:url", url))
    if facts.document and not facts.columns:
        properties += [("og:locale:alternate", og_locale(code)) for code in publication.languages if code != facts.language]
    if facts.document and facts.document.date:
        properties.append(("article:published_time", facts.document.date.isoformat()))
    tags += [Markup('<meta property="{}" content="{}">').format(name, value) for name, value in properties]
    cards = [("twitter:card", "summary"), ("twitter:title", facts.title)]
    if facts.description:
        cards.append(("twitter:description", facts.description))
    tags += [Markup('<meta name="{}" content="{}">').format(name, value) for name, value in cards]
    if facts.document:
        data = json_ld(facts, url)
        text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
        # inside <script>, "</" must not appear: JSON allows escaping "/" as "\/"
        text = text.replace("</", "<\\/")
        tags.append(Markup('<script type="application/ld+json">{}</script>').format(Markup(text)))
    return Markup("\n").join(tags) + Markup("\n")


def _plain(facts: PageFacts, unit: Unit, language: str) -> str:
    return facts.plain(unit, language)


def json_ld(facts: PageFacts, url: str) -> dict[str, object]:
    """schema.org: the document as a ``NewsArticle`` in its language, linked to its translations,
    and each official text it carries as ``Legislation`` (date, parties, language versions)."""
    publication, document, language = facts.publication, facts.document, facts.language
    assert document is not None
    languages = facts.columns or (language,)
    source = publication.source_language
    graph: list[dict[str, object]] = []
    article: dict[str, object] = {
        "@type": "NewsArticle",
        "@id": f"{url}#document",
        "url": url,
        "headline": _plain(facts, document.headline, language),
        "inLanguage": list(languages) if facts.columns else language,
        "isPartOf": {
            "@type": "WebSite",
            "name": _plain(facts, publication.title, language),
            "url": publication.base_url or "../../",
        },
    }
    if facts.description:
        article["description"] = facts.description
    if document.date:
        article["datePublished"] = document.date.isoformat()
    if publication.publisher:
        article["publisher"] = {"@type": "Organization", "name": publication.publisher}
        article["author"] = {"@type": "Organization", "name": publication.publisher}
    if not facts.columns:
        versions = {code: address(publication, output.document_page(document.slug, code)) for code in publication.languages}
        if language == source:
            article["workTranslation"] = [
                {"@id": f"{link}#document", "url": link, "inLanguage": code} for code, link in versions.items() if code != source
            ]
        else:
            article["translationOfWork"] = {"@id": f"{versions[source]}#document", "url": versions[source], "inLanguage": source}
    texts = [block for block in document.blocks if isinstance(block, OfficialText)]
    if texts:
        article["hasPart"] = [{"@id": f"{url}#{text.id}"} for text in texts]
    graph.append(article)
    for text in texts:
        graph.append(legislation(facts, text, url))
    return {"@context": "https://schema.org", "@graph": graph}


def legislation(facts: PageFacts, text: OfficialText, url: str) -> dict[str, object]:
    publication, language, document = facts.publication, facts.language, facts.document
    assert document is not None
    languages = facts.columns or (language,)
    pdfs = {code: output.document_pdf(document.slug, code) for code in languages}
    data: dict[str, object] = {
        "@type": "Legislation",
        "@id": f"{url}#{text.id}",
        "url": f"{url}#{text.id}",
        "name": _plain(facts, text.title, language),
        "inLanguage": list(languages) if facts.columns else language,
    }
    if text.signed:
        data["legislationDate"] = text.signed.date.isoformat()
        data["spatialCoverage"] = {"@type": "Place", "name": _plain(facts, text.signed.place, language)}
    if text.signatories:
        data["legislationPassedBy"] = [
            {"@type": "Person", "jobTitle": _plain(facts, signatory, language)} for signatory in text.signatories
        ]
    # every language version of the text, the source first
    versions = []
    for code in facts.publication.languages:
        link = address(publication, output.document_page(document.slug, code))
        versions.append({"@id": f"{link}#{text.id}", "url": f"{link}#{text.id}", "inLanguage": code})
    if facts.columns:
        data["workExample"] = versions
    elif language == publication.source_language:
        data["workTranslation"] = [v for v in versions if v["inLanguage"] != language]
    else:
        data["translationOfWork"] = next(v for v in versions if v["inLanguage"] == publication.source_language)
    data["encoding"] = [
        {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": address(publication, pdf), "inLanguage": code}
        for code, pdf in pdfs.items()
    ]
    return data


# -- files of their own ---------------------------------------------------------------


def feed_path(language: str) -> str:
    return str(output.feed(language))


def sitemap(publication: Publication) -> bytes:
    """Every page of the edition with its language alternates (``xhtml:link``), for search engines."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")

    def add(path: str, lastmod: str = "", alternates: dict[str, str] | None = None) -> None:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = address(publication, path)
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
        for language, link in (alternates or {}).items():
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=language, href=link)

    add(str(output.INDEX))
    for document in publication.documents:
        lastmod = document.date.isoformat() if document.date else ""
        versions = {code: address(publication, output.document_page(document.slug, code)) for code in publication.languages}
        alternates = {**versions, "x-default": versions[publication.source_language]}
        for code in publication.languages:
            add(str(output.document_page(document.slug, code)), lastmod, alternates)
        for columns in publication.language_sets():
            add(str(output.bilingual_page(document.slug, columns)), lastmod)
    ET.indent(urlset)
    body: bytes = ET.tostring(urlset, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def robots(publication: Publication) -> bytes:
    """Everything may be crawled but the translators' dashboard; the sitemap is named when its address is known."""
    lines = ["User-agent: *", f"Disallow: {urllib.parse.urlsplit(publication.base_url).path or '/'}status/"]
    if publication.base_url:
        lines += ["", f"Sitemap: {publication.base_url}{output.SITEMAP}"]
    return ("\n".join(lines) + "\n").encode()
