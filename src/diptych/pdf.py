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


def _spreads(sides: list[list[list[int]]]) -> list[tuple[int | None, int | None]]:
    """(left page, right page) for each spread; None where a side is padded with a blank page."""
    left, right = sides
    if len(left) != len(right):
        raise ValueError("the two sides of a facing edition do not have the same articles")
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


class PdfRenderer:
    """Renders HTML pages to PDF, reusing one font configuration, stylesheets and cache."""

    def __init__(self, stylesheets: list[Path], roots: tuple[Path, ...], variant: str = "pdf/ua-1") -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        _tag_languages()

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
        left: Callable[[dict[int, str]], str],
        right: Callable[[dict[int, str]], str],
        base_url: Path,
        anchors: list[str],
        folio: Callable[[str, int, int], str],
    ) -> RenderedPdf:
        """A facing-page PDF: the left side's pages on the left, the right side's on the right.

        ``left`` and ``right`` give each side's HTML for a map of page labels. Every
        anchor in ``anchors`` (each article) starts a new spread: the shorter side of a
        spread is padded with blank pages, so that article N faces article N. Pages are
        numbered through the book, left pages odd and right pages even; when blank pages
        had to be added, a second layout prints the numbers where the pages really land.
        """
        sides = [self.layout(left({}), base_url), self.layout(right({}), base_url)]
        spreads = _spreads([_chunks(side.pages, anchors) for side in sides])
        if any(index is None for spread in spreads for index in spread):
            # blank pages were needed: the first layout's 1, 3, 5… / 2, 4, 6… numbers are off after them
            total = len(spreads) * 2
            folios: list[dict[int, str]] = [{}, {}]
            for position, spread in enumerate(spreads):
                for side, index in enumerate(spread):
                    if index is not None:
                        folios[side][index + 1] = str(position * 2 + side + 1)
            names = ("left", "right")
            labels = [{n: folio(names[side], int(p), total) for n, p in folios[side].items()} for side in (0, 1)]
            sides = [self.layout(left(labels[0]), base_url), self.layout(right(labels[1]), base_url)]
        blank = self._blank(sides[0].pages[0])
        pages = [
            sides[side].pages[index] if index is not None else blank for spread in spreads for side, index in enumerate(spread)
        ]
        combined = sides[0].copy(pages)
        return self._write(combined, two_page_left=True)

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
