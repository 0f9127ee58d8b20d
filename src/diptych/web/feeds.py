"""An Atom feed per language (``<lang>/feed.xml``): the documents, newest first, for feed readers.

Atom needs absolute, permanent ids: the feed is made only when the publication has a ``base_url``.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from .. import inline, output
from ..languages import language as language_value
from ..model import Document, Paragraph, Publication, Unit
from .metadata import address, feed_path

ATOM_NS = "http://www.w3.org/2005/Atom"
#: how many documents a feed lists
ENTRIES = 50


def text_in(unit: Unit, language: str) -> tuple[str, str]:
    """(plain text, its language): the translation, or the source where there is none."""
    translated = unit.text(language)
    if translated is not None:
        return inline.to_plain(translated, language_value(language)), language
    return inline.to_plain(unit.source, language_value(unit.language)), unit.language


def _timestamp(date: datetime.date | None) -> str:
    return f"{(date or datetime.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def atom(publication: Publication, language: str) -> bytes:
    """The feed of ``language``: each entry links to the document's page in that language."""
    ET.register_namespace("", ATOM_NS)

    def element(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attributes)
        if text is not None:
            child.text = text
        return child

    documents: list[Document] = sorted(publication.documents, key=lambda d: (d.date or datetime.date.min, d.slug), reverse=True)[
        :ENTRIES
    ]
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})
    element(feed, "title", text_in(publication.title, language)[0])
    if publication.description:
        element(feed, "subtitle", text_in(publication.description, language)[0])
    element(feed, "id", address(publication, feed_path(language)))
    element(feed, "link", rel="self", type="application/atom+xml", href=address(publication, feed_path(language)))
    element(feed, "link", rel="alternate", type="text/html", href=address(publication, str(output.INDEX)))
    element(feed, "updated", _timestamp(documents[0].date if documents else None))
    if publication.publisher:
        element(element(feed, "author"), "name", publication.publisher)
    element(feed, "generator", "diptych")
    for document in documents:
        url = address(publication, output.document_page(document.slug, language))
        entry = element(feed, "entry")
        headline, headline_language = text_in(document.headline, language)
        heading = element(entry, "title", headline)
        if headline_language != language:
            heading.set("{http://www.w3.org/XML/1998/namespace}lang", headline_language)
        element(entry, "id", url)
        element(entry, "link", rel="alternate", type="text/html", hreflang=language, href=url)
        for code in publication.languages:
            if code != language:
                element(
                    entry,
                    "link",
                    rel="alternate",
                    type="text/html",
                    hreflang=code,
                    href=address(publication, output.document_page(document.slug, code)),
                )
        element(entry, "updated", _timestamp(document.date))
        if document.date:
            element(entry, "published", _timestamp(document.date))
        lede = next((b.unit for b in document.blocks if isinstance(b, Paragraph)), None)
        if lede is not None:
            summary, summary_language = text_in(lede, language)
            node = element(entry, "summary", summary)
            if summary_language != language:
                node.set("{http://www.w3.org/XML/1998/namespace}lang", summary_language)
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
