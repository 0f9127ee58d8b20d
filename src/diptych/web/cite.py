"""Citing one paragraph: where a unit sits in its document, and the citation line in a language.

Every unit already carries its id as its anchor (``#a7-2``). The citation names it the way
a reader of that language cites a legal text: "…, article 7, paragraphe 2" in French,
"…, Article 7(2)" in English, "……第七条第二款" in Chinese. Paragraphs are counted by
position inside their article (or preamble, or the document's own text), so a citation
says what a reader sees even where ids are names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..languages import language as language_value
from ..model import Article, ArticleBlock, Block, Document, Heading, ListBlock, OfficialText, Paragraph, Quote, Unit
from ..numbering import article_label, chinese


@dataclass(frozen=True)
class Place:
    """Where a unit is: in an article of an official text, in its preamble, or in the document's own text."""

    paragraph: int  # 1-based, among the units of its article, preamble or document body
    of: int  # how many there are
    text: OfficialText | None = None
    article: Article | None = None


#: the places of the documents seen last, by identity (a Document holds dicts: it cannot be hashed)
_seen: dict[int, tuple[Document, dict[str, Place]]] = {}


def places(document: Document) -> dict[str, Place]:
    """The place of every citable unit of ``document``, by unit id."""
    known = _seen.get(id(document))
    if known is not None and known[0] is document:
        return known[1]
    if len(_seen) > 64:
        _seen.clear()
    found: dict[str, Place] = {}
    _seen[id(document)] = (document, found)
    body = [unit for block in document.blocks if not isinstance(block, OfficialText) for unit in _units(block)]
    found.update({unit.id: Place(n, len(body)) for n, unit in enumerate(body, 1)})
    for block in document.blocks:
        if not isinstance(block, OfficialText):
            continue
        preamble = [unit for inner in block.preamble for unit in _units(inner)]
        found.update({unit.id: Place(n, len(preamble), block) for n, unit in enumerate(preamble, 1)})
        for article in block.articles:
            units = [unit for inner in article.blocks for unit in _units(inner)]
            found.update({unit.id: Place(n, len(units), block, article) for n, unit in enumerate(units, 1)})
    return found


def _units(block: Block | ArticleBlock) -> Iterator[Unit]:
    """The paragraphs a reader counts: headings are not counted, a quote's or list's parts are."""
    if isinstance(block, Paragraph):
        yield block.unit
    elif isinstance(block, Quote):
        yield from block.paragraphs
    elif isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, Heading):
        return


def citation(
    document: Document, unit: Unit, language: str, plain: Callable[[Unit], str], gettext: Callable[[str], str]
) -> str | None:
    """The citation line of ``unit`` in ``language``, or ``None`` if it is not a citable paragraph.

    ``plain`` gives a unit's text in ``language`` (or its source where it is untranslated),
    ``gettext`` the interface strings of ``language``.
    """
    place = places(document).get(unit.id)
    if place is None:
        return None
    value = language_value(language)
    title = plain(place.text.title) if place.text is not None else ""
    number = chinese(place.paragraph) if value.numerals == "han" else str(place.paragraph)
    if place.article is not None:
        label = article_label(place.article.number, document.numbering, value)
        if value.base == "fr" and document.numbering == "article":
            label = label[:1].lower() + label[1:]  # "article 7" inside a sentence
        if place.of == 1:
            return gettext("{title}, {article}").format(title=title, article=label)
        return gettext("{title}, {article}({paragraph})").format(title=title, article=label, paragraph=number)
    if place.text is not None:
        return gettext("{title}, preamble, paragraph {paragraph}").format(title=title, paragraph=number)
    # the document's own text: cited by its short title where it has one (headlines are often in capitals)
    headline = plain(document.short_title or document.headline)
    return gettext("{headline}, paragraph {paragraph}").format(headline=headline, paragraph=number)
