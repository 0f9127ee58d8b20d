"""An outline as a content file in the house style.

Long texts are folded block scalars (``>-``) on a line of their own, a text
with line breaks a literal block (``|-``); ids come before the texts; an empty
field waits for each translation (as ``add-language`` writes it); a comment at
the top names the file the text came from.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from .structure import Block, Item, Outline

LONG_TEXT = 60  # characters: longer texts go into a folded block


def outline_yaml(outline: Outline, source: str, targets: tuple[str, ...], origin: str, numbering: str | None) -> str:
    """The YAML text of a new document; ``origin`` names the file it was ingested from."""
    writer = _Writer(source, targets)
    document = CommentedMap()
    if outline.date:
        document["date"] = outline.date
    if numbering:
        document["numbering"] = numbering
    if outline.dateline_place or outline.dateline_source:
        dateline = CommentedMap()
        if outline.dateline_place:
            dateline["place"] = writer.texts(outline.dateline_place)
        if outline.dateline_source:
            dateline["source"] = outline.dateline_source
        document["dateline"] = dateline
    document["headline"] = writer.texts(outline.headline)
    body = CommentedSeq()
    for block in outline.body:
        body.append(writer.block(block))
    official = outline.official
    if official:
        text = CommentedMap()
        text["id"] = official.id
        text["title"] = writer.texts(official.title)
        if official.preamble:
            text["preamble"] = CommentedSeq(writer.block(block) for block in official.preamble)
        articles = CommentedSeq()
        for article in official.articles:
            entry = CommentedMap()
            entry["number"] = article.number
            if article.title:
                entry["title"] = writer.texts(article.title)
            entry["paragraphs"] = CommentedSeq(writer.block(block) for block in article.blocks)
            articles.append(entry)
        text["articles"] = articles
        if official.signatories:
            text["signatories"] = CommentedSeq(writer.unit(item) for item in official.signatories)
        if official.closing:
            signed = CommentedMap()
            signed["place"] = writer.texts(official.closing.place)
            date = official.closing.date
            signed["date"] = type(date)(date.year, date.month, date.day)  # a copy: the same object would be an alias
            text["signed"] = signed
        body.append(_single("official", text))
    for block in outline.after:
        body.append(writer.block(block))
    document["body"] = body
    document.yaml_set_start_comment(
        f"Ingested from {origin} by diptych ingest.\nIds are names, not positions: keep them when you move or edit a paragraph."
    )
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


class _Writer:
    def __init__(self, source: str, targets: tuple[str, ...]) -> None:
        self.source = source
        self.targets = targets

    def texts(self, item: Item) -> CommentedMap:
        """The source text and an empty field per translation (for units whose id is implied)."""
        mapping = CommentedMap()
        mapping[self.source] = _scalar(item.text)
        for target in self.targets:
            mapping[target] = None
        return mapping

    def unit(self, item: Item) -> CommentedMap:
        mapping = CommentedMap()
        mapping["id"] = item.id
        mapping.update(self.texts(item))
        return mapping

    def block(self, block: Block) -> CommentedMap:
        if block.kind == "paragraph":
            return self.unit(block.items[0])
        if block.kind == "lede":
            return _single("lede", self.unit(block.items[0]))
        if block.kind == "heading":
            heading = CommentedMap()
            heading["id"] = block.items[0].id
            if block.level != 2:
                heading["level"] = block.level
            heading.update(self.texts(block.items[0]))
            return _single("heading", heading)
        if block.kind == "quote":
            if len(block.items) == 1:
                return _single("quote", self.unit(block.items[0]))
            quote = CommentedMap()
            quote["paragraphs"] = CommentedSeq(self.unit(item) for item in block.items)
            return _single("quote", quote)
        listing = CommentedMap()
        if block.ordered:
            listing["ordered"] = True
        listing["items"] = CommentedSeq(self.unit(item) for item in block.items)
        return _single("list", listing)


def _single(key: str, value: Any) -> CommentedMap:
    mapping = CommentedMap()
    mapping[key] = value
    return mapping


def _scalar(text: str) -> Any:
    if "\n" in text:
        return LiteralScalarString(text)
    if len(text) > LONG_TEXT:
        return FoldedScalarString(text)
    return text
