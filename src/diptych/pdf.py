"""PDF through WeasyPrint, with a URL fetcher that cannot reach outside the publication.

WeasyPrint is imported here only, and only when a PDF is made: importing it
costs about half a second.
"""

from __future__ import annotations

import logging
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
            elif parts.scheme != "data":
                logger.warning("refused to fetch %s: only files inside the publication are read", url)
                raise ValueError(f"{url} is not a local file")
            return super().fetch(url, headers)

    return PublicationFetcher()


class PdfRenderer:
    """Renders HTML pages to PDF, reusing one font configuration, stylesheets and cache."""

    def __init__(self, stylesheets: list[Path], roots: tuple[Path, ...]) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        self.fetcher = make_fetcher(roots)
        self.font_config = FontConfiguration()
        self.stylesheets = [
            weasyprint.CSS(filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config) for path in stylesheets
        ]
        self.cache: dict[str, Any] = {}

    def render(self, html: str, base_url: Path) -> RenderedPdf:
        """The PDF of one page, its number of pages, and the fonts it had to fall back on."""
        document = self._weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=self.fetcher).render(
            stylesheets=self.stylesheets, font_config=self.font_config, cache=self.cache
        )
        data = document.write_pdf()
        assert isinstance(data, bytes)
        fonts: dict[str, str] = {}
        for font in document.fonts.values():
            characters = "".join(sorted(set("".join(font.to_unicode.values()))))
            fonts[font.family] = "".join(sorted(set(fonts.get(font.family, "") + characters)))
        return RenderedPdf(data, len(document.pages), fonts)
