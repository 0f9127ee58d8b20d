"""The PDF edition of the seed, checked by structure: pages, metadata, bookmarks, text, fonts."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader

from diptych.build import BuildReport
from diptych.inline import to_plain
from diptych.model import Publication
from diptych.numbering import article_label

from .conftest import SEED_SLUG, pdf_dangers, pdf_text

pytestmark = pytest.mark.slow  # every test here reads the seed's PDFs


def reader(built_seed: BuildReport, language: str) -> PdfReader:
    return PdfReader(built_seed.output / "pdf" / f"{SEED_SLUG}.{language}.pdf")


def squash(text: str) -> str:
    """Text compared across line breaks and hyphenation: letters and digits only."""
    text = re.sub(r"-\n", "", unicodedata.normalize("NFKC", text))  # NFKC: a superscript ᵉ is an e
    return re.sub(r"[\W_]+", "", text).lower()


def test_the_seed_builds_without_any_warning(built_seed: BuildReport) -> None:
    assert built_seed.warnings == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_metadata(built_seed: BuildReport, seed: Publication, language: str) -> None:
    pdf = reader(built_seed, language)
    (document,) = seed.documents
    info = pdf.metadata
    assert info is not None
    headline, title = document.headline.text(language) or "", seed.title.text(language) or ""
    value = seed.language(language)
    assert info.title == f"{to_plain(headline, value)} — {to_plain(title, value)}"
    assert info.author == "La Gazette"
    assert info["/CreationDate"].startswith("D:20250423")
    assert pdf.trailer["/Root"]["/Lang"] == language
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)  # A4
    assert 4 <= len(pdf.pages) <= 10


@pytest.mark.parametrize("language", ["fr", "en"])
def test_one_bookmark_per_article_under_the_document_title(built_seed: BuildReport, seed: Publication, language: str) -> None:
    pdf = reader(built_seed, language)
    (document,) = seed.documents
    outline = pdf.outline
    assert len(outline) == 2 and isinstance(outline[1], list)
    assert outline[0].title == to_plain(document.headline.text(language) or "", seed.language(language))
    labels = [item.title for item in outline[1]]
    assert labels == [article_label(n, "article", seed.language(language)) for n in range(1, 19)]
    # bookmarks point at pages in reading order
    pages = [pdf.get_destination_page_number(item) for item in outline[1]]
    assert pages == sorted(pages) and pages[-1] == len(pdf.pages) - 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_article_text_is_in_the_pdf(built_seed: BuildReport, seed: Publication, language: str) -> None:
    (document,) = seed.documents
    pdf = reader(built_seed, language)
    furniture = [squash(to_plain(seed.title.text(language) or "")), squash(to_plain(document.short_title.text(language) or ""))]  # type: ignore[union-attr]
    text = ""
    for number, page in enumerate(pdf.pages, start=1):
        page_text = squash(page.extract_text())
        for running in [*furniture, squash(f"page {number} {'sur' if language == 'fr' else 'of'} {len(pdf.pages)}")]:
            page_text = page_text.replace(running, "")
        page_text = re.sub(r"article(premier|\d+)$", "", page_text)  # the running head ends "· Article 7"
        text += page_text
    for unit in document.units():
        if unit.id == "short-title":
            continue  # shown in the running head, checked below
        assert squash(to_plain(unit.text(language) or "")) in text, unit.id


@pytest.mark.parametrize(
    ("language", "label", "head"), [("fr", "page 2 sur", "Azerbaïdjan–Chine"), ("en", "page 2 of", "Azerbaijan–China")]
)
def test_running_head_and_localized_page_numbers(built_seed: BuildReport, language: str, label: str, head: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.{language}.pdf"
    pages = pdf_text(path, "-layout").split("\f")
    total = len([p for p in pages if p.strip()])
    assert f"page 1 {label.split()[-1]} {total}" in pages[0]
    assert head not in pages[0]  # no running head on the title page
    assert label in pages[1] and head in pages[1] and "GAZETTE" in pages[1].upper()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_book_face_is_embedded(built_seed: BuildReport, language: str) -> None:
    fonts = set()
    for page in reader(built_seed, language).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"] or "/FontFile3" in descendant["/FontDescriptor"]
    assert fonts and all(name.startswith("Charis-SIL") for name in fonts), fonts


def test_pdfs_link_nowhere_outside(built_seed: BuildReport) -> None:
    for path in (built_seed.output / "pdf").glob("*.pdf"):
        assert pdf_dangers(path) == [], path
