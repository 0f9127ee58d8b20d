"""Where the units of a document sit in its YAML, and putting new ones there (for ``ingest --update``).

The YAML is the round-trip tree of ruamel (comments and order kept). A unit sits in a list — a document's
paragraphs, an article's, a list's items, the signatories — as a mapping or under a one-key wrapper
(``{lede: …}``); :func:`places_of` finds each by its id. :class:`Articles` keeps the official text's articles
numbered as in the new version of the source, making the new ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..errors import DiptychError
from .structure import Item, Outline


@dataclass
class Place:
    sequence: CommentedSeq  # the list that holds the unit
    item: Any  # the list item (the unit's mapping, or a one-key wrapper such as {lede: …})


def places_of(data: Any) -> dict[str, Place]:
    """Unit id → where it sits in a list of the YAML (paragraphs, list items, signatories)."""
    found: dict[str, Place] = {}

    def walk(node: Any, sequence: CommentedSeq | None, item: Any) -> None:
        if isinstance(node, CommentedMap):
            if "id" in node and sequence is not None:
                found.setdefault(str(node["id"]), Place(sequence, item))
            for value in node.values():
                # a one-key wrapper ({lede: …}) is still the list's item; anything deeper is not
                walk(value, sequence if len(node) == 1 else None, item if len(node) == 1 else None)
        elif isinstance(node, CommentedSeq):
            for child in node:
                walk(child, node, child)

    walk(data, None, None)
    return found


def insert_after(
    places: dict[str, Place],
    after: str | None,
    inserted_after: dict[str, int],
    new_id: str,
    text: str,
    source: str,
    targets: tuple[str, ...],
) -> str:
    mapping = new_unit(new_id, text, source, targets)
    place = places.get(after) if after else None
    if place is None:
        first = next(iter(places.values()), None)
        if first is None:
            raise DiptychError("the document has no list of paragraphs to add the new one to; add it by hand")
        first.sequence.insert(0, mapping)
        places[new_id] = Place(first.sequence, mapping)
        return "at the start"
    position = index_of(place.sequence, place.item) + 1 + inserted_after.get(after or "", 0)
    place.sequence.insert(position, mapping)
    inserted_after[after or ""] = inserted_after.get(after or "", 0) + 1
    places[new_id] = Place(place.sequence, mapping)
    return f"after {after}"


def new_unit(new_id: str, text: str, source: str, targets: tuple[str, ...]) -> CommentedMap:
    mapping = CommentedMap()
    mapping["id"] = new_id
    mapping.update(texts(text, source, targets))
    return mapping


def texts(text: str, source: str, targets: tuple[str, ...]) -> CommentedMap:
    """The source text and an empty field waiting for each translation."""
    mapping = CommentedMap()
    mapping[source] = like(None, text)
    for code in targets:
        mapping[code] = None
    return mapping


class Articles:
    """The official text's articles in the YAML, numbered as in the new version of the source.

    An article's new number is the one most of its matched paragraphs have in the new version (its own when
    none matched). A paragraph of an article the document lacks opens a new article at its place in the order.
    """

    def __init__(self, sequence: CommentedSeq, number_of: dict[str, int], titles: set[str], votes: dict[int, Counter[int]]):
        self.sequence = sequence
        self.number_of = number_of  # outline item id → its article's number in the new version
        self.titles = titles  # the outline items that are an article's title
        self.numbers: dict[int, int] = {}  # id() of an article mapping → its number in the new version
        previous = 0
        for mapping in sequence:
            own = int(mapping["number"]) if isinstance(mapping.get("number"), int) else previous + 1
            previous = max(previous, own)
            vote = votes.get(id(mapping))
            self.numbers[id(mapping)] = vote.most_common(1)[0][0] if vote else own
        self.cursor: dict[int, CommentedMap] = {}  # id() of an article's paragraphs → the last new one put there

    @classmethod
    def find(cls, data: Any, outline: Outline, pairs: list[tuple[str, str]]) -> Articles | None:
        """The articles of the document's one official text, when both versions have one (else ``None``)."""
        sequences = _articles_sequences(data)
        if outline.official is None or len(sequences) != 1:
            return None
        number_of: dict[str, int] = {}
        titles: set[str] = set()
        for article in outline.official.articles:
            if article.title:
                number_of[article.title.id] = article.number
                titles.add(article.title.id)
            for block in article.blocks:
                for item in block.items:
                    number_of[item.id] = article.number
        (sequence,) = sequences
        owner = {unit_id: id(mapping) for mapping in sequence for unit_id in _ids(mapping)}
        votes: dict[int, Counter[int]] = {}
        for item_id, unit_id in pairs:
            held_by = owner.get(unit_id)
            if held_by is not None and item_id in number_of:
                votes.setdefault(held_by, Counter())[number_of[item_id]] += 1
        return cls(sequence, number_of, titles, votes)

    def article(self, number: int) -> CommentedMap | None:
        return next((m for m in self.sequence if self.numbers[id(m)] == number), None)

    def _article(self, number: int) -> tuple[CommentedMap, str]:
        """The article ``number`` of the new version, made (in its place) if the document lacks it; and how to
        say where something put in it went."""
        mapping = self.article(number)
        if mapping is not None:
            return mapping, f"in article {number}"
        mapping = CommentedMap()
        mapping["number"] = number
        mapping["paragraphs"] = CommentedSeq()
        self.sequence.insert(sum(1 for m in self.sequence if self.numbers[id(m)] < number), mapping)
        self.numbers[id(mapping)] = number
        return mapping, f"in the new article {number}"

    def put_title(self, item: Item, source: str, targets: tuple[str, ...]) -> str:
        """An article's title that the document does not have; where it went."""
        number = self.number_of[item.id]
        mapping, where = self._article(number)
        if "title" in mapping:
            return f"not written: article {number} has a title already (edit it by hand)"
        mapping.insert(1 if "number" in mapping else 0, "title", texts(item.text, source, targets))
        return f"the title, {where}"

    def insert(self, item: Item, unit: CommentedMap, places: dict[str, Place], after: str | None) -> str:
        """Put a new paragraph into its article, after the paragraph ``after`` if that is in the same article,
        else after the new ones already put there; where it went."""
        mapping, where = self._article(self.number_of[item.id])
        paragraphs: CommentedSeq = mapping["paragraphs"]
        place = places.get(after) if after else None
        anchor = place.item if place is not None and place.sequence is paragraphs else None
        last = self.cursor.get(id(paragraphs))
        if last is not None and (anchor is None or index_of(paragraphs, last) > index_of(paragraphs, anchor)):
            anchor = last
        paragraphs.insert(index_of(paragraphs, anchor) + 1 if anchor is not None else 0, unit)
        self.cursor[id(paragraphs)] = unit
        places[str(unit["id"])] = Place(paragraphs, unit)
        return where

    def finish(self) -> None:
        """Number the articles as in the new version, and drop those that the pruning left empty."""
        for mapping in [m for m in self.sequence if not m.get("paragraphs")]:
            del self.sequence[index_of(self.sequence, mapping)]
        previous = 0
        for mapping in self.sequence:
            number = self.numbers[id(mapping)]
            if "number" in mapping:
                mapping["number"] = number
            elif number != previous + 1:
                mapping.insert(0, "number", number)
            previous = number


def _articles_sequences(data: Any) -> list[CommentedSeq]:
    """Every ``articles:`` list in a document's YAML."""
    found: list[CommentedSeq] = []
    if isinstance(data, CommentedMap):
        for key, value in data.items():
            if key == "articles" and isinstance(value, CommentedSeq):
                found.append(value)
            else:
                found += _articles_sequences(value)
    elif isinstance(data, CommentedSeq):
        for child in data:
            found += _articles_sequences(child)
    return found


def _ids(node: Any) -> list[str]:
    """The ids of the units inside a part of the YAML."""
    if isinstance(node, CommentedMap):
        own = [str(node["id"])] if "id" in node else []
        return own + [unit_id for value in node.values() for unit_id in _ids(value)]
    if isinstance(node, CommentedSeq):
        return [unit_id for child in node for unit_id in _ids(child)]
    return []


def index_of(sequence: CommentedSeq, item: Any) -> int:
    for index, child in enumerate(sequence):
        if child is item:
            return index
    raise ValueError(item)


def remove(places: dict[str, Place], unit_id: str) -> None:
    place = places.get(unit_id)
    if place is None:
        raise DiptychError(f"cannot remove {unit_id!r} (a title or a place): edit it by hand")
    del place.sequence[index_of(place.sequence, place.item)]


def fresh_id(wanted: str, existing: set[str]) -> str:
    """``wanted``, or the next free one: a7-3 taken → a7-4 (the next paragraph of article 7), intro → intro-2."""
    numbered = re.fullmatch(r"(.*-)(\d+)", wanted)
    if numbered:
        prefix, number = numbered[1], int(numbered[2])
        while f"{prefix}{number}" in existing:
            number += 1
        return f"{prefix}{number}"
    candidate, counter = wanted, 2
    while candidate in existing:
        candidate = f"{wanted}-{counter}"
        counter += 1
    return candidate


def like(previous: Any, text: str) -> Any:
    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(previous, FoldedScalarString) or len(text) > 60:
        return FoldedScalarString(text)
    return text
