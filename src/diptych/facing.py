"""Facing pages: the source on the left-hand pages, the translation on the right, spread by spread.

Each side is laid out on its own, continuously, at full width. A spread holds the
same units on both pages: where a unit would not fit on one side, it opens the next
spread on both sides (a forced page break before it), and the shorter side of the
spread keeps some white space at its foot. A unit that runs over the foot of the
page on both sides may continue on the next spread; a unit longer than a page on
one side only continues there while the other side stays blank. reledpar's
``\\Pages`` works the same way.

The plan is made from where each unit landed in a first layout (``Measure``); the
second layout, with the breaks, is checked unit by unit, and a unit found on
different spreads opens a spread of its own in one more layout. Nothing here knows
WeasyPrint: :mod:`diptych.pdf` measures and lays out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Block, Document, Heading, ListBlock, OfficialText, Paragraph, Quote

#: a unit split at the foot of a page keeps at least this much (CSS px, about four lines) on each page
MIN_ROOM = 64.0
#: prefixes of the ids of the left and right sides (links in each side's contents go to its own pages)
PREFIXES = ("", "facing-")
#: the page's usable height is taken this much shorter: page breaks fall between lines
SLACK = 16.0


@dataclass(frozen=True)
class Span:
    """Where a unit lies in one side's continuous flow (CSS px, page gaps left out)."""

    start: float
    end: float


@dataclass(frozen=True)
class Measure:
    """One side's layout: the span of every opening candidate, and the height of a page's area."""

    spans: list[Span]
    height: float


@dataclass
class Plan:
    """What each side is rendered with: the units that open a spread, and the page labels."""

    #: ids of the units with a page break before them (on both sides)
    breaks: list[str] = field(default_factory=list)
    #: for each side: its page number (1-based) → the page's number in the facing edition
    folios: list[dict[int, int]] = field(default_factory=lambda: [{}, {}])
    #: for each side: anchor → the number of the page it is on in the facing edition (contents)
    targets: list[dict[str, int]] = field(default_factory=lambda: [{}, {}])

    def side(self, index: int) -> SidePlan:
        """What the left (0) or right (1) side is rendered with."""
        prefix = PREFIXES[index]
        return SidePlan(tuple(prefix + name for name in self.breaks), self.folios[index], self.targets[index], prefix)


@dataclass(frozen=True)
class SidePlan:
    """One side's part of a plan (see :class:`Plan`)."""

    breaks: tuple[str, ...] = ()
    folios: dict[int, int] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    #: prefix of every id on this side: the two sides bound in one PDF keep their anchors apart
    prefix: str = ""


def openings(document: Document, has_toc: bool) -> list[str]:
    """The ids of the elements a spread may open with, in reading order.

    Never the first paragraph of an article or the text after a heading: a spread
    must not leave a heading alone at the foot of the page before it.
    """
    ids = ["document"]
    if has_toc:
        ids.append("toc-title")
    ids.extend(_blocks(document.blocks))
    return ids


def _blocks(blocks: tuple[Block, ...] | list[Block], skip_first: bool = False) -> Iterator[str]:
    after_heading = skip_first
    for block in blocks:
        found = list(_block(block))
        if after_heading and found:
            found = found[1:]
        yield from found
        after_heading = isinstance(block, Heading)


def _block(block: Block) -> Iterator[str]:
    if isinstance(block, (Paragraph, Heading)):
        yield block.unit.id
    elif isinstance(block, Quote):
        yield from (unit.id for unit in block.paragraphs)
    elif isinstance(block, ListBlock):
        yield from (unit.id for unit in block.items)
    elif isinstance(block, OfficialText):
        yield block.id
        yield from _blocks(list(block.preamble))
        for article in block.articles:
            yield article.anchor
            yield from _blocks(list(article.blocks), skip_first=True)


@dataclass(frozen=True)
class Spreads:
    """A plan of the spreads, as foreseen from a layout without breaks."""

    #: the candidates (indices) that open a new spread
    opens: list[int]
    #: for each candidate: the spread (0-based) it starts on
    placed: list[int]
    #: for each side: the spread of each of its pages
    pages: list[list[int]]

    def plan(self, candidates: list[str], targets: tuple[str, ...]) -> Plan:
        """The plan to render with: its breaks, and the page numbers these spreads give."""
        where = {name: index for index, name in enumerate(candidates)}
        folios = [{n + 1: spread * 2 + side + 1 for n, spread in enumerate(pages)} for side, pages in enumerate(self.pages)]
        found = [name for name in targets if name in where]
        pages = [{name: self.placed[where[name]] * 2 + side + 1 for name in found} for side in range(len(self.pages))]
        return Plan([candidates[i] for i in self.opens], folios, pages)


def plan_spreads(sides: list[Measure], forced: frozenset[int] = frozenset()) -> Spreads:
    """The spreads, given where each candidate landed on each side in a layout without breaks.

    ``forced`` candidates always open a spread (``new_spread: article``).
    """
    count = len(sides[0].spans)
    height = min(side.height for side in sides) - SLACK
    opens: list[int] = []
    placed: list[int] = []
    pages: list[list[int]] = [[] for _ in sides]
    first_spread = 0  # of the group of spreads being filled
    turned = 0  # pages turned in this group on both sides
    extra = [0 for _ in sides]  # pages a side runs longer at the end of this group
    opening = 0
    base = [side.spans[0].start for side in sides]

    def close() -> int:
        lengths = [1 + turned + more for more in extra]
        for side, length in enumerate(lengths):
            pages[side].extend(range(first_spread, first_spread + length))
        return first_spread + max(lengths)

    def open_at(i: int) -> None:
        nonlocal opening, base, first_spread, turned, extra
        first_spread = close()
        opens.append(i)
        opening, turned, extra = i, 0, [0 for _ in sides]
        base = [side.spans[i].start for side in sides]

    index = 0
    while index < count:
        if index in forced and index != opening:
            open_at(index)
        spans = [side.spans[index] for side in sides]
        crossed = [_crossed(span.end - b, height) for span, b in zip(spans, base, strict=True)]
        if len(placed) == index:
            placed.append(first_spread + turned)
        if not any(crossed):
            index += 1
            continue
        room = [b + height - span.start for span, b in zip(spans, base, strict=True)]
        tail = [span.end - b - c * height for span, b, c in zip(spans, base, crossed, strict=True)]
        # a unit split at the foot of the page keeps a few lines on each side of the break
        if index != opening and not (all(crossed) and min(room) >= MIN_ROOM and min(tail) >= MIN_ROOM):
            placed.pop()
            open_at(index)  # it does not fit on this spread: it opens the next one
            continue
        if len(set(crossed)) == 1:
            # it runs over the foot of the page on both sides alike: the flow goes on
            base = [b + crossed[0] * height for b in base]
            turned += crossed[0]
            index += 1
            continue
        # longer on one side: its tail faces white space, and the next unit opens a spread
        extra = crossed
        index += 1
        if index < count:
            open_at(index)
    close()
    return Spreads(opens, placed, pages)


def _crossed(extent: float, height: float) -> int:
    """How many page feet a unit reaching ``extent`` below the top of its page runs over."""
    if extent <= height + 0.5:
        return 0
    return int((extent - 0.5) // height)


def pair(chunks: list[list[list[int]]]) -> list[tuple[int | None, int | None]]:
    """(left page, right page) for each spread; None where a side is left blank.

    ``chunks`` holds, for each side, its page indices grouped by the unit that opens a spread.
    """
    left, right = chunks
    if len(left) != len(right):
        raise ValueError("the two sides of a facing edition do not open the same spreads")
    spreads: list[tuple[int | None, int | None]] = []
    for left_chunk, right_chunk in zip(left, right, strict=True):
        for position in range(max(len(left_chunk), len(right_chunk))):
            spreads.append(
                (
                    left_chunk[position] if position < len(left_chunk) else None,
                    right_chunk[position] if position < len(right_chunk) else None,
                )
            )
    return spreads


def folios(spreads: list[tuple[int | None, int | None]]) -> list[dict[int, int]]:
    """For each side, its page numbers (1-based) → page numbers in the facing edition (left odd, right even)."""
    numbers: list[dict[int, int]] = [{}, {}]
    for position, spread in enumerate(spreads):
        for side, index in enumerate(spread):
            if index is not None:
                numbers[side][index + 1] = position * 2 + side + 1
    return numbers
