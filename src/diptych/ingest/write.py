"""An outline as a content file in the house style.

Long texts are folded block scalars (``>-``) on a line of their own, a text
with line breaks a literal block (``|-``); ids come before the texts; an empty
field waits for each translation (as ``add-language`` writes it); a comment at
the top names the file the text came from.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..load import double_quoted
from .structure import Block, Item, Outline

LONG_TEXT = 60  # characters: longer texts go into a folded block
#: a short text that YAML reads back as written without quotes (and that no YAML 1.1 reader takes for a value)
_PLAIN = re.compile(r"[^\W\d_][^:#\n\t\"'\\{}\[\],&*!|>%@`]*", re.UNICODE)
_SPECIAL = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


class FoldedScalarString(str):
    """A text written as a folded block (``>-``)."""


class LiteralScalarString(str):
    """A text written as a literal block (``|-``): its line breaks are kept."""


Tree = dict[str, Any]


def outline_yaml(outline: Outline, source: str, targets: tuple[str, ...], origin: str, numbering: str | None) -> str:
    """The YAML text of a new document; ``origin`` names the file it was ingested from."""
    writer = _Writer(source, targets)
    document = Tree()
    if outline.date:
        document["date"] = outline.date
    if numbering:
        document["numbering"] = numbering
    if outline.dateline_place or outline.dateline_source:
        dateline = Tree()
        if outline.dateline_place:
            dateline["place"] = writer.texts(outline.dateline_place)
        if outline.dateline_source:
            dateline["source"] = outline.dateline_source
        document["dateline"] = dateline
    document["headline"] = writer.texts(outline.headline)
    body = []
    for block in outline.body:
        body.append(writer.block(block))
    official = outline.official
    if official:
        text = Tree()
        text["id"] = official.id
        text["title"] = writer.texts(official.title)
        if official.preamble:
            text["preamble"] = [writer.block(block) for block in official.preamble]
        articles = []
        for article in official.articles:
            entry = Tree()
            entry["number"] = article.number
            if article.title:
                entry["title"] = writer.texts(article.title)
            entry["paragraphs"] = [writer.block(block) for block in article.blocks]
            articles.append(entry)
        text["articles"] = articles
        if official.signatories:
            text["signatories"] = [writer.unit(item) for item in official.signatories]
        if official.closing:
            signed = Tree()
            signed["place"] = writer.texts(official.closing.place)
            signed["date"] = official.closing.date
            text["signed"] = signed
        body.append(_single("official", text))
    for block in outline.after:
        body.append(writer.block(block))
    document["body"] = body
    comment = (
        f"# Ingested from {origin} by diptych ingest.\n"
        "# Ids are names, not positions: keep them when you move or edit a paragraph.\n"
    )
    return comment + "\n".join(_mapping(document, 0)) + "\n"


def _mapping(mapping: dict[str, Any], column: int) -> list[str]:
    """The lines of a block mapping whose keys start at ``column`` (the house style: 2 more per level)."""
    lines: list[str] = []
    for key, value in mapping.items():
        prefix = f"{' ' * column}{key}:"
        if value is None:
            lines.append(prefix)
        elif isinstance(value, dict):
            lines.append(prefix)
            lines += _mapping(value, column + 2)
        elif isinstance(value, list):
            lines.append(prefix)
            lines += _sequence(value, column + 2)
        else:
            lines += _scalar_lines(prefix, value, column + 2)
    return lines


def _sequence(items: list[Any], column: int) -> list[str]:
    """A block sequence whose dashes are at ``column``; each item a mapping, its first key on the dash's line."""
    lines: list[str] = []
    for item in items:
        inner = _mapping(item, column + 2)
        lines.append(f"{' ' * column}- {inner[0][column + 2 :]}")
        lines += inner[1:]
    return lines


def _scalar_lines(prefix: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, bool):
        return [f"{prefix} {'true' if value else 'false'}"]
    if isinstance(value, (int, datetime.date)):
        return [f"{prefix} {value.isoformat() if isinstance(value, datetime.date) else value}"]
    text = str(value)
    if _unsafe(text):
        return [f"{prefix} {double_quoted(text)}"]
    if isinstance(value, LiteralScalarString):
        return [f"{prefix} |-", *(f"{' ' * indent}{line}" if line else "" for line in text.split("\n"))]
    if isinstance(value, FoldedScalarString):
        return [f"{prefix} >-", f"{' ' * indent}{text}"]
    if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL and not text.endswith(" ") and " #" not in text:
        return [f"{prefix} {text}"]
    return [f"{prefix} {double_quoted(text)}"]


def _unsafe(text: str) -> bool:
    """Characters a block scalar cannot hold as they are (controls, line separators, leading spaces)."""
    return bool(re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]", text)) or text != text.strip()


class _Writer:
    def __init__(self, source: str, targets: tuple[str, ...]) -> None:
        self.source = source
        self.targets = targets

    def texts(self, item: Item) -> Tree:
        """The source text and an empty field per translation (for units whose id is implied)."""
        mapping = Tree()
        mapping[self.source] = _scalar(item.text)
        for target in self.targets:
            mapping[target] = None
        return mapping

    def unit(self, item: Item) -> Tree:
        mapping = Tree()
        mapping["id"] = item.id
        mapping.update(self.texts(item))
        return mapping

    def block(self, block: Block) -> Tree:
        if block.kind == "paragraph":
            return self.unit(block.items[0])
        if block.kind == "lede":
            return _single("lede", self.unit(block.items[0]))
        if block.kind == "heading":
            heading = Tree()
            heading["id"] = block.items[0].id
            if block.level != 2:
                heading["level"] = block.level
            heading.update(self.texts(block.items[0]))
            return _single("heading", heading)
        if block.kind == "quote":
            if len(block.items) == 1:
                return _single("quote", self.unit(block.items[0]))
            quote = Tree()
            quote["paragraphs"] = [self.unit(item) for item in block.items]
            return _single("quote", quote)
        listing = Tree()
        if block.ordered:
            listing["ordered"] = True
        listing["items"] = [self.unit(item) for item in block.items]
        return _single("list", listing)


def _single(key: str, value: Any) -> Tree:
    return {key: value}


def _scalar(text: str) -> Any:
    if "\n" in text:
        return LiteralScalarString(text)
    if len(text) > LONG_TEXT:
        return FoldedScalarString(text)
    return text
