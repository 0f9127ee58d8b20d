"""Links between the files of an edition, built on :mod:`.output`'s paths (the public contract).

A page's links are relative, so an edition can be opened from disk or served
from any folder: :meth:`Urls.at` climbs from a page's own place to the output
folder, and every link is one of :mod:`.output`'s paths below it. Python and
templates use the same object (``page.urls``), so a path is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import output
from .model import Document


@dataclass(frozen=True)
class Urls:
    #: from the page to the output folder: "", "../" or "../../"
    root: str

    @classmethod
    def at(cls, page: Path) -> Urls:
        """The links of the page at ``page`` (relative to the output folder)."""
        return cls("../" * (len(page.parts) - 1))

    def to(self, path: Path) -> str:
        return self.root + path.as_posix()

    def index(self) -> str:
        return self.to(output.INDEX)

    def status(self) -> str:
        return self.to(output.STATUS)

    def static(self, name: str) -> str:
        return self.to(output.STATIC / name)

    def document(self, document: Document, language: str) -> str:
        return self.to(output.document_page(document.slug, language))

    def pdf(self, document: Document, language: str) -> str:
        return self.to(output.document_pdf(document.slug, language))

    def bilingual(self, document: Document, columns: tuple[str, ...]) -> str:
        return self.to(output.bilingual_page(document.slug, columns))

    def bilingual_pdf(self, document: Document, columns: tuple[str, ...], layout: str) -> str:
        return self.to(output.bilingual_pdf(document.slug, columns, layout))
