"""The blocks of a document's body: paragraphs, headings, quotes, lists and official texts with their articles."""

from __future__ import annotations

from typing import cast

from ..errors import Location
from ..load import Mapping, Node, Scalar
from ..model import (
    Article,
    ArticleBlock,
    Block,
    Heading,
    ListBlock,
    NumberingStyle,
    OfficialText,
    Paragraph,
    PlaceDate,
    Quote,
    Unit,
)
from ..numbering import label_problem
from .units import Units
from .values import Values, suggest

BLOCK_TYPES = ("paragraph", "lede", "heading", "quote", "list", "official")
ARTICLE_BLOCK_TYPES = ("paragraph", "quote", "list")
OFFICIAL_KEYS = ("id", "title", "preamble", "articles", "signatories", "signed")
ARTICLE_KEYS = ("number", "title", "paragraphs")


class Blocks:
    """Reads blocks of the types ``allowed`` where they stand, their texts through ``units``."""

    def __init__(self, values: Values, units: Units) -> None:
        self.values = values
        self.units = units
        self.numbering: NumberingStyle = "decimal"  # the current document's, set before its blocks are read

    def blocks(self, node: Node, allowed: tuple[str, ...], where: str) -> list[Block]:
        items = self.values.sequence(node, where)
        blocks: list[Block] = []
        for item in items or ():
            block = self.block(item, allowed)
            if block is not None:
                blocks.append(block)
        return blocks

    def block(self, node: Node, allowed: tuple[str, ...]) -> Block | None:
        if isinstance(node, Scalar):
            self.values.error(
                node,
                "a paragraph needs an id and its text under the language code",
                "write it as:  - id: my-paragraph\n          fr: Le texte …",
            )
            return None
        fields = self.values.mapping(node, "a block")
        if fields is None:
            return None
        if len(fields) == 1:
            (kind,) = fields.scalar_keys()
            if kind not in allowed and not self.units.is_unit_key(kind):
                hint = suggest(kind, allowed) or f"the blocks allowed here are: {', '.join(allowed)}"
                self.values.error(kind, f"unknown block type {str(kind)!r}", hint)
                return None
            if kind in allowed:
                return self.typed_block(str(kind), fields[kind])
        if "id" in fields or any(self.units.is_unit_key(k) for k in fields):
            unit = self.units.unit(fields, "a paragraph")
            return Paragraph(unit) if unit else None
        self.values.error(
            node,
            "this is neither a paragraph (id: and text) nor a block of a known type",
            f"blocks allowed here: {', '.join(allowed)}",
        )
        return None

    def typed_block(self, kind: str, node: Node) -> Block | None:
        if kind in ("paragraph", "lede"):
            unit = self.units.unit(node, f"a {kind}")
            return Paragraph(unit, role="lede" if kind == "lede" else "body") if unit else None
        if kind == "heading":
            return self.heading(node)
        if kind == "quote":
            return self.quote(node)
        if kind == "list":
            return self.list_block(node)
        return self.official(node)

    def heading(self, node: Node) -> Heading | None:
        level = 2
        if isinstance(node, Mapping) and "level" in node:
            value = self.values.integer(node["level"], "a heading's level")
            if value is not None and not 2 <= value <= 4:
                self.values.error(node["level"], "a heading's level must be 2, 3 or 4 (the headline is level 1)")
            level = value or 2
        unit = self.units.unit(node, "a heading", extra=("level",))
        return Heading(unit, level) if unit else None

    def quote(self, node: Node) -> Quote | None:
        fields = self.values.mapping(node, "a quote")
        if fields is None:
            return None
        attribution = None
        if "attribution" in fields:
            attribution = self.units.unit(fields["attribution"], "a quote's attribution")
        if "paragraphs" in fields:
            self.values.check_keys(fields, ("paragraphs", "attribution"), "a quote")
            items = self.values.sequence(fields["paragraphs"], "paragraphs") or ()
            paragraphs = tuple(u for u in (self.units.unit(item, "a quoted paragraph") for item in items) if u)
        else:
            unit = self.units.unit(fields, "a quote", extra=("attribution",))
            paragraphs = (unit,) if unit else ()
        if not paragraphs:
            return None
        return Quote(paragraphs, attribution)

    def list_block(self, node: Node) -> ListBlock | None:
        fields = self.values.mapping(node, "a list")
        if fields is None:
            return None
        self.values.check_keys(fields, ("ordered", "items"), "a list")
        ordered = False
        if "ordered" in fields:
            ordered = bool(self.values.boolean(fields["ordered"], "ordered"))
        items_node = self.values.required(fields, "items", "a list")
        items = (self.values.sequence(items_node, "items") or ()) if items_node is not None else ()
        return ListBlock(tuple(u for u in (self.units.unit(item, "a list item") for item in items) if u), ordered)

    def official(self, node: Node) -> OfficialText | None:
        fields = self.values.mapping(node, "an official text")
        if fields is None:
            return None
        self.values.check_keys(fields, OFFICIAL_KEYS, "an official text")
        text_id = "official"
        if "id" in fields:
            text_id = self.units.unit_id(fields["id"]) or text_id
        title_node = self.values.required(fields, "title", "an official text")
        title = self.units.unit(title_node, "the official text's title", f"{text_id}-title") if title_node is not None else None
        preamble = self.blocks(fields["preamble"], ARTICLE_BLOCK_TYPES, "preamble") if "preamble" in fields else []
        articles = self.articles(fields["articles"]) if "articles" in fields else []
        signatories: list[Unit] = []
        for item in (self.values.sequence(fields["signatories"], "signatories") or ()) if "signatories" in fields else ():
            unit = self.units.unit(item, "a signatory")
            if unit:
                signatories.append(unit)
        signed = self.place_date(fields["signed"], text_id) if "signed" in fields else None
        if title is None:
            return None
        return OfficialText(
            id=text_id,
            title=title,
            preamble=tuple(cast(list[ArticleBlock], preamble)),
            articles=tuple(articles),
            signatories=tuple(signatories),
            signed=signed,
        )

    def articles(self, node: Node) -> list[Article]:
        articles: list[Article] = []
        previous = 0
        seen: dict[int, Location] = {}
        for item in self.values.sequence(node, "articles") or ():
            fields = self.values.mapping(item, "an article")
            if fields is None:
                continue
            self.values.check_keys(fields, ARTICLE_KEYS, "an article")
            number = previous + 1
            if "number" in fields:
                given = self.article_number(fields["number"], previous, seen)
                number = given if given is not None else number
            seen.setdefault(number, fields.location)
            previous = max(previous, number)
            problem = label_problem(number, self.numbering, self.units.languages)
            if problem:
                self.values.error(fields.get("number", fields), problem, "use decimal numbering for so many articles")
            title = None
            if "title" in fields:
                title = self.units.unit(fields["title"], "an article's title", f"article-{number}-title")
            paragraphs_node = self.values.required(fields, "paragraphs", f"article {number}")
            blocks = self.blocks(paragraphs_node, ARTICLE_BLOCK_TYPES, "paragraphs") if paragraphs_node is not None else []
            if paragraphs_node is not None and not blocks and not self.values.has_errors():
                self.values.error(paragraphs_node, f"article {number} has no paragraphs")
            articles.append(Article(number, tuple(cast(list[ArticleBlock], blocks)), fields.location, title))
        return articles

    def article_number(self, node: Node, previous: int, seen: dict[int, Location]) -> int | None:
        """The number an article gives itself, checked against those before it (``None`` when unusable)."""
        given = self.values.integer(node, "an article's number")
        if given is None:
            return None
        if given == 0:
            self.values.error(node, "article numbers start at 1")
        elif given in seen:
            self.values.error(node, f"article {given} appears twice (first on line {seen[given].line})", "renumber the articles")
        elif given < previous:
            self.values.error(
                node,
                f"article {given} comes after article {previous}: articles must be in order",
                "move the article or fix its number",
            )
        elif previous and given > previous + 1:
            self.values.warn(node, f"article {given} follows article {previous}: articles {previous + 1}–{given - 1} are missing")
        return given

    def place_date(self, node: Node, text_id: str) -> PlaceDate | None:
        fields = self.values.mapping(node, "signed")
        if fields is None:
            return None
        self.values.check_keys(fields, ("place", "date"), "signed")
        place_node = self.values.required(fields, "place", "signed")
        date_node = self.values.required(fields, "date", "signed")
        place = self.units.unit(place_node, "the place of signature", f"{text_id}-place") if place_node is not None else None
        date = self.values.date(date_node, "the date of signature") if date_node is not None else None
        if place is None or date is None:
            return None
        return PlaceDate(place, date)
