"""PDF through WeasyPrint, with a URL fetcher that cannot reach outside the publication.

WeasyPrint is imported here only, and only when a PDF is made: importing it
costs about half a second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import facing

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    #: font family → the characters drawn with it
    fonts: dict[str, str]

    def fallbacks(self, faces: tuple[str, ...]) -> dict[str, str]:
        """The characters drawn with a font other than ``faces`` (fontconfig's silent fallback)."""
        return {family: chars for family, chars in self.fonts.items() if family not in faces and chars.strip()}


def _chunks(pages: list[Any], anchors: list[str]) -> list[list[int]]:
    """Page indices grouped by the anchor that starts each group (pages before the first form one too)."""
    chunks: list[list[int]] = [[]]
    wanted = set(anchors)
    for index, page in enumerate(pages):
        # an element split across pages leaves its anchor on each: a group starts where one is first seen
        starting = wanted.intersection(page.anchors)
        wanted -= starting
        if starting and chunks[-1]:
            chunks.append([])
        chunks[-1].append(index)
    return chunks


def _first_pages(pages: list[Any], names: list[str]) -> dict[str, int]:
    """The index of the page each anchor is first seen on."""
    found: dict[str, int] = {}
    wanted = set(names)
    for index, page in enumerate(pages):
        for name in wanted.intersection(page.anchors):
            found[name] = index
        wanted -= set(found)
    return found


def _content_bottom(box: Any) -> float:
    """The foot of the last line (or box) of the normal flow in ``box``."""
    from weasyprint.formatting_structure import boxes

    while True:
        children = [c for c in getattr(box, "children", ()) if c.is_in_normal_flow()]
        if not children:
            return float(box.position_y + box.margin_height())
        last = children[-1]
        if isinstance(last, boxes.LineBox):
            return float(last.position_y + last.height)
        box = last


def _measure(document: Any, names: list[str]) -> facing.Measure:
    """Where each anchor of ``names`` starts in the continuous flow of a laid-out side."""
    offsets: list[float] = []
    tops: list[float] = []
    flow = 0.0
    for page in document.pages:
        area = page._page_box
        top = float(area.content_box_y())
        root = area.children[0] if area.children else None
        bottom = _content_bottom(root) if root is not None else top
        offsets.append(flow)
        tops.append(top)
        flow += max(0.0, bottom - top)
    first = _first_pages(document.pages, names)
    missing = [name for name in names if name not in first]
    if missing:
        raise ValueError(f"facing pages: no element with the id {missing[0]!r} on one side")
    starts = [offsets[first[n]] + document.pages[first[n]].anchors[n][1] - tops[first[n]] for n in names]
    ends = [*starts[1:], flow]
    # a unit never ends before it starts, even where a margin collapsed through a break
    spans = [facing.Span(start, max(start, end)) for start, end in zip(starts, ends, strict=True)]
    height = float(document.pages[0]._page_box.height)
    return facing.Measure(spans, height)


def _astray(layouts: list[Any], chunks: list[list[list[int]]], names: list[str], breaks: list[str]) -> list[str]:
    """The first unit of each spread group found at a different page of the group on each side."""
    positions: list[dict[str, tuple[int, int]]] = []
    for layout, side, prefix in zip(layouts, chunks, facing.PREFIXES, strict=True):
        where = _first_pages(layout.pages, [prefix + name for name in names])
        place = {index: (group, offset) for group, indices in enumerate(side) for offset, index in enumerate(indices)}
        positions.append({name[len(prefix) :]: place[index] for name, index in where.items()})
    astray: list[str] = []
    groups_seen: set[int] = set()
    for name in names:
        left, right = positions[0].get(name), positions[1].get(name)
        if left is None or right is None or name in breaks:
            continue
        if left != right and left[0] not in groups_seen:
            groups_seen.add(left[0])
            astray.append(name)
    return astray


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def make_fetcher(roots: tuple[Path, ...]) -> Any:
    """A fetcher for ``data:`` URLs and files inside ``roots``; everything else is refused."""
    from weasyprint.urls import URLFetcher

    resolved = tuple(root.resolve() for root in roots)

    class PublicationFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(timeout=5, allowed_protocols={"file", "data"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not _inside(path, resolved):
                    logger.warning("refused to read %s: it is outside the publication", path)
                    raise ValueError(f"{url} is outside the publication")
                if not path.is_file() or path.is_fifo():
                    logger.warning("refused to read %s: not a regular file", path)
                    raise ValueError(f"{url} is not a regular file")
            elif parts.scheme != "data":
                logger.warning("refused to fetch %s: only files inside the publication are read", url)
                raise ValueError(f"{url} is not a local file")
            return super().fetch(url, headers)

    return PublicationFetcher()


def _tag_languages() -> None:
    """Give every tagged structure element the language of its HTML element (/Lang).

    WeasyPrint 70 tags the PDF but records the language only on the document;
    a screen reader then reads an English column with French rules. This wraps
    its (private) tree builder to copy each element's ``lang`` attribute. The
    dependency is pinned below 71, and a test fails if the languages go missing.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "diptych_languages", False):
        return

    def build_box_tree(box: Any, parent: Any, *args: Any) -> Any:
        language = box.element.get("lang") if getattr(box, "element", None) is not None else None
        for element in original(box, parent, *args):
            if language and box.element_tag not in ("html", "body") and "Lang" not in element:
                element["Lang"] = pydyf.String(language)
            yield element

    build_box_tree.diptych_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree


def _hang_trailing_spaces() -> None:
    """Stop WeasyPrint 70 from setting a line that holds only a fragment such as "régio‐".

    A run of text followed by an inline element (a proper name in its span, an
    emphasis, a link) ends with the space before that element. When the run fits on
    the line only without that space, WeasyPrint counts the space as overflowing,
    finds no break before the first word and hyphenates it: a line with "régio‐" and
    nothing else. The space may hang in the margin (WeasyPrint's own overflow test
    ignores it), so such a run is laid out whole, as it would be without the element.
    """
    from weasyprint.layout import inline
    from weasyprint.text.line_break import create_layout, line_size

    original = inline.split_first_line
    if getattr(original, "diptych_hang", False):
        return

    def split_first_line(text: str, style: Any, context: Any, max_width: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(text, style, context, max_width, *args, **kwargs)
        stripped = text.rstrip(" ")
        first_word = len(stripped.split(" ", 1)[0].encode())
        if result[2] is None or stripped == text or max_width is None or result[1] >= first_word:
            return result
        # only part of the first word made the line: does the run fit without its trailing space?
        layout = create_layout(stripped, style, context, max_width, *args[:1])
        line, resume = layout.get_first_line()
        fits = resume is None and line_size(line, style)[0] <= max_width
        layout.deactivate()
        if not fits:
            return result
        return original(text, style, context, float("inf"), *args, **kwargs)

    split_first_line.diptych_hang = True  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line


def _mirror_leaders() -> None:
    """Give the boxes around a right-to-left leader the place it grows into (WeasyPrint 70).

    In a right-to-left line WeasyPrint widens a ``leader()`` and shifts it, and what follows
    it, to the left, where the line grows; but it widens the boxes around it (the contents
    entry's link) to the right, past the end of the line: the link's area misses the page
    number and overhangs the margin. Their start moves left by the same width (their
    children are already in place).
    """
    from weasyprint.layout import inline
    from weasyprint.layout.leader import leader_index

    original = inline.handle_leader
    if getattr(original, "diptych_mirrored", False):
        return

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        index, leader = leader_index(line)
        if index is None or line.style["direction"] != "rtl":
            original(context, line, containing_block)
            return
        width = leader.width
        original(context, line, containing_block)
        added = leader.width - width
        box = line
        while index is not None and added:
            position, index = index
            box = box.children[position]
            if box is not leader:
                box.position_x -= added

    handle_leader.diptych_mirrored = True  # type: ignore[attr-defined]
    inline.handle_leader = handle_leader


class PdfRenderer:
    """Renders HTML pages to PDF, reusing one font configuration, stylesheets and cache."""

    def __init__(self, stylesheets: list[Path], roots: tuple[Path, ...], variant: str = "pdf/ua-1") -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        _tag_languages()
        _hang_trailing_spaces()
        _mirror_leaders()

        self._weasyprint = weasyprint
        self.fetcher = make_fetcher(roots)
        self.font_config = FontConfiguration()
        self.stylesheets = [
            weasyprint.CSS(filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config) for path in stylesheets
        ]
        self.cache: dict[str, Any] = {}
        # tagged PDF: structure, reading order and language per passage for assistive technology
        self.options: dict[str, Any] = {"pdf_tags": True, **({"pdf_variant": variant} if variant else {})}

    def layout(self, html: str, base_url: Path) -> Any:
        """WeasyPrint's laid-out document for one HTML page."""
        return self._weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=self.fetcher).render(
            stylesheets=self.stylesheets, font_config=self.font_config, cache=self.cache
        )

    def render(self, html: str, base_url: Path) -> RenderedPdf:
        """The PDF of one page, its number of pages, and the fonts it had to fall back on."""
        return self._write(self.layout(html, base_url))

    def render_facing(
        self,
        sides: tuple[Callable[[facing.Plan], str], Callable[[facing.Plan], str]],
        base_url: Path,
        candidates: list[str],
        forced: frozenset[int] = frozenset(),
        targets: tuple[str, ...] = (),
    ) -> RenderedPdf:
        """A facing-page PDF: the left side's pages on the left, the right side's on the right.

        Each side's HTML is made for a :class:`facing.Plan`: the units that open a spread
        (page breaks before them) and the page numbers of the facing edition. A first
        layout without breaks tells where the units fall (``candidates``: the ids a spread
        may open with; ``forced``: those that always open one); the plan made from it is
        checked on the next layout, and corrected until every unit opens on the same
        spread on both sides and the printed page numbers (footers, and the contents'
        ``targets``) are those of the pages as bound.
        """
        plan = facing.Plan()
        layouts = [self.layout(side(plan), base_url) for side in sides]
        # the page numbers foreseen with the breaks: right unless a side's layout moves
        names = [[prefix + name for name in candidates] for prefix in facing.PREFIXES]
        measures = [_measure(layout, side) for layout, side in zip(layouts, names, strict=True)]
        plan = facing.plan_spreads(measures, forced).plan(candidates, targets)
        for _attempt in range(6):
            layouts = [self.layout(side(plan), base_url) for side in sides]
            sided = [plan.side(0), plan.side(1)]
            chunks = [_chunks(layout.pages, list(each.breaks)) for layout, each in zip(layouts, sided, strict=True)]
            astray = _astray(layouts, chunks, candidates, plan.breaks)
            if astray:
                # a unit fell on different spreads on the two sides: it opens a spread of its own
                wanted = set(plan.breaks) | set(astray)
                plan = facing.Plan(breaks=[name for name in candidates if name in wanted])
                continue
            spreads = facing.pair(chunks)
            numbers = facing.folios(spreads)
            found = [
                _first_pages(layout.pages, [prefix + name for name in targets])
                for layout, prefix in zip(layouts, facing.PREFIXES, strict=True)
            ]
            pages = [
                {name[len(facing.PREFIXES[side]) :]: numbers[side][index + 1] for name, index in found[side].items()}
                for side in (0, 1)
            ]
            if numbers == plan.folios and pages == plan.targets:
                break
            plan = facing.Plan(plan.breaks, numbers, pages)
        else:
            raise RuntimeError("the facing pages did not settle")  # pragma: no cover - a layout that never converges
        blank = self._blank(layouts[0].pages[0])
        bound = [
            layouts[side].pages[index] if index is not None else blank for spread in spreads for side, index in enumerate(spread)
        ]
        return self._write(layouts[0].copy(bound), two_page_left=True)

    def _blank(self, like: Any) -> Any:
        """An empty page of the same size as ``like``."""
        css = f"@page {{ size: {like.width}px {like.height}px; margin: 0; }}"
        document = self._weasyprint.HTML(string="<html><body></body></html>").render(
            stylesheets=[self._weasyprint.CSS(string=css)], font_config=self.font_config
        )
        return document.pages[0]

    def _write(self, document: Any, two_page_left: bool = False) -> RenderedPdf:
        def finisher(_document: Any, pdf: Any) -> None:
            if two_page_left:
                # spreads: page 1 on the left, page 2 on the right, in readers' two-page view
                pdf.catalog["PageLayout"] = "/TwoPageLeft"

        data = document.write_pdf(finisher=finisher, **self.options)
        assert isinstance(data, bytes)
        fonts: dict[str, str] = {}
        for font in document.fonts.values():
            characters = "".join(sorted(set("".join(font.to_unicode.values()))))
            fonts[font.family] = "".join(sorted(set(fonts.get(font.family, "") + characters)))
        return RenderedPdf(data, len(document.pages), fonts)
