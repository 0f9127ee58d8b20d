"""Bilingual editions: alignment measured from the PDFs themselves, every column in its language."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from diptych.build import BuildOptions, BuildReport, build
from diptych.languages import language
from diptych.model import Publication
from diptych.numbering import article_label

from .conftest import PUBLICATION_YAML, SEED_SLUG, MakePublication, pdf_text

TRILINGUAL = Path(__file__).parent / "data" / "trilingual"


def squash(text: str) -> str:
    """Letters and digits only, hyphenation undone: text compared across line and page breaks."""
    return re.sub(r"[\W_]+", "", re.sub(r"-\n", "", unicodedata.normalize("NFKC", text))).lower()


def first_words(text: str, count: int = 14) -> str:
    return squash(" ".join(text.split()[:count]))


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def page_of(pages: list[str], needle: str) -> int:
    found = [number for number, text in enumerate(pages) if needle in text]
    assert found, f"{needle!r} not found in the PDF"
    return found[0]


@pytest.fixture(scope="session")
def built_trilingual(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    return build(TRILINGUAL, BuildOptions(output=tmp_path_factory.mktemp("trilingual"), strict=True))


def article_openings(seed: Publication, language: str) -> dict[int, str]:
    (document,) = seed.documents
    openings = {}
    for article in document.articles():
        unit = article.blocks[0].unit  # type: ignore[union-attr]
        openings[article.number] = first_words(unit.text(language) or "")
    return openings


@pytest.mark.slow
def test_seed_builds_every_bilingual_layout(built_seed: BuildReport) -> None:
    files = {str(f) for f in built_seed.files}
    assert {
        f"fr-en/{SEED_SLUG}/index.html",
        f"pdf/{SEED_SLUG}.fr-en.pdf",
        f"pdf/{SEED_SLUG}.fr-en.interleaved.pdf",
        f"pdf/{SEED_SLUG}.fr-en.facing.pdf",
    } <= files


@pytest.mark.slow
def test_parallel_pdf_keeps_each_article_on_one_page_in_both_languages(built_seed: BuildReport, seed: Publication) -> None:
    pages = page_texts(built_seed.output / "pdf" / f"{SEED_SLUG}.fr-en.pdf")
    french, english = article_openings(seed, "fr"), article_openings(seed, "en")
    for number in range(1, 19):
        assert page_of(pages, french[number]) == page_of(pages, english[number]), f"article {number}"


@pytest.mark.slow
def test_facing_pdf_puts_article_n_opposite_article_n(built_seed: BuildReport, seed: Publication) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.fr-en.facing.pdf"
    pages = page_texts(path)
    assert len(pages) % 2 == 0
    french, english = article_openings(seed, "fr"), article_openings(seed, "en")
    for number in range(1, 19):
        left, right = page_of(pages, french[number]), page_of(pages, english[number])
        assert left % 2 == 0 and right == left + 1, f"article {number}: pages {left + 1} and {right + 1}"
        # and each side of the spread is in one language
        assert english[number] not in pages[left] and french[number] not in pages[right]
    assert PdfReader(path).trailer["/Root"]["/PageLayout"] == "/TwoPageLeft"


@pytest.mark.slow
def test_facing_pdf_numbers_its_pages_continuously(built_seed: BuildReport) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.fr-en.facing.pdf"
    text = pdf_text(path, "-layout")
    pages = text.split("\f")[:-1]
    for number, page in enumerate(pages, start=1):
        if page.strip():  # blank padding pages carry no number
            assert re.search(rf"\bpage {number}\s*$", page.rstrip()), (number, page[-200:])


@pytest.mark.slow
def test_facing_pages_stay_numbered_when_blank_pages_are_needed(make_publication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An article much longer in one language: the other side is padded, and the numbers still run on."""
    long_en = " ".join(["The Parties agree on a long list of provisions, one after another."] * 120)
    document = textwrap.dedent(
        f"""\
        headline: {{fr: Essai, en: Trial}}
        body:
          - official:
              title: {{fr: Texte, en: Text}}
              articles:
                - paragraphs:
                    - {{id: court, fr: Court., en: "{long_en}"}}
                - paragraphs:
                    - {{id: fin, fr: Fin., en: End.}}
        """
    )
    only_facing = PUBLICATION_YAML + "bilingual:\n  layouts: [facing]\nprint:\n  book: false\n"  # the PDF read here
    root = make_publication(publication=only_facing, documents={"doc.yaml": document})
    report = build(root, BuildOptions(output=tmp_path / "out", formats=("pdf",), languages=("fr", "en"), jobs=1))
    path = report.output / "pdf" / "doc.fr-en.facing.pdf"
    text = pdf_text(path, "-layout")
    pages = text.split("\f")[:-1]
    assert any(not page.strip() for page in pages)  # a blank page pads the French side
    for number, page in enumerate(pages, start=1):
        if page.strip():
            assert re.search(rf"\bpage {number}\s*$", page.rstrip()), (number, page[-200:])
    fin = [n for n, page in enumerate(pages, start=1) if "Fin." in page]
    end = [n for n, page in enumerate(pages, start=1) if "End." in page]
    assert fin and end and end[0] == fin[0] + 1 and fin[0] % 2 == 1


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["fr-en", "fr-en.interleaved", "fr-en.facing"])
def test_bilingual_bookmarks_carry_both_titles(built_seed: BuildReport, layout: str) -> None:
    outline = PdfReader(built_seed.output / "pdf" / f"{SEED_SLUG}.{layout}.pdf").outline
    assert len(outline) == 2 and isinstance(outline[1], list)
    assert outline[0].title.startswith("L’AZERBAÏDJAN") and "— AZERBAIJAN AND CHINA" in outline[0].title
    fr, en = language("fr"), language("en")
    labels = [(article_label(n, "article", fr), article_label(n, "article", en)) for n in range(1, 19)]
    assert [item.title for item in outline[1]] == [" — ".join(dict.fromkeys(pair)) for pair in labels]
    assert outline[1][0].title == "Article premier — Article 1"


def test_parallel_html_cells_carry_their_language(seed_html: BuildReport) -> None:
    html = (seed_html.output / "fr-en" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<div class="cell" lang="(\w+)" dir="(\w+)">', html)
    assert cells and len(cells) % 2 == 0
    assert cells[0::2] == [("fr", "ltr")] * (len(cells) // 2) and cells[1::2] == [("en", "ltr")] * (len(cells) // 2)
    assert '<h3 class="article-heading"><span class="article-number">Article premier</span></h3>' in html
    assert '<h3 class="article-heading"><span class="article-number">Article 1</span></h3>' in html
    assert 'id="article-7"' in html
    for view in ("parallel", "interleaved", "fr", "en"):
        assert f'<input type="radio" name="view" id="view-{view}"' in html
    assert "<script" not in html


@pytest.mark.slow
def test_long_and_short_units_stay_aligned_and_lose_nothing(make_publication: MakePublication, tmp_path: Path) -> None:
    long_fr = " ".join(f"Phrase numéro {n} du très long alinéa, qui continue encore." for n in range(1, 160))
    long_en = " ".join(f"Sentence number {n} of the very long paragraph, which goes on." for n in range(1, 160))
    document = textwrap.dedent(
        f"""\
        headline: {{fr: Essai, en: Trial}}
        body:
          - official:
              title: {{fr: Texte, en: Text}}
              articles:
                - paragraphs:
                    - {{id: court, fr: Oui., en: Yes.}}
                - paragraphs:
                    - id: long
                      fr: {long_fr}
                      en: {long_en}
                - paragraphs:
                    - {{id: fin, fr: Dernier alinéa., en: Last paragraph.}}
        """
    )
    only_parallel = PUBLICATION_YAML + "bilingual:\n  layouts: [parallel]\nprint:\n  book: false\n"  # the PDF read here
    root = make_publication(publication=only_parallel, documents={"doc.yaml": document})
    report = build(root, BuildOptions(output=tmp_path / "out", formats=("pdf",), languages=("fr", "en")))
    path = report.output / "pdf" / "doc.fr-en.pdf"
    pages = page_texts(path)
    assert len(pages) >= 3  # the long row is taller than a page
    for french, english in (("oui", "yes"), ("dernieralinéa", "lastparagraph"), ("article3", "article3")):
        assert page_of(pages, french) == page_of(pages, english)
    for column, expected in ((0, long_fr), (1, long_en)):
        text = column_text(path, column)
        assert re.sub(r"\s+", "", expected) in text


def column_text(path: Path, column: int) -> str:
    """The text of one column of a two-column parallel PDF, page after page, without spaces or hyphenation."""
    reader = PdfReader(path)
    out = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        top, bottom = 68, height - 74  # inside the running head and the page number
        x = 0 if column == 0 else width / 2
        out.append(
            pdf_text(path, "-f", str(number), "-l", str(number), "-x", str(int(x)), "-y", str(top),
                     "-W", str(int(width / 2)), "-H", str(int(bottom - top)))
        )  # fmt: skip
    return re.sub(r"\s+", "", re.sub(r"[-\u2010\u00ad]\n", "", "".join(out)))


def test_missing_translation_is_visible_in_the_bilingual_view(make_publication: MakePublication, tmp_path: Path) -> None:
    from .conftest import DOCUMENT_YAML

    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("              en: Second article.\n", "")})
    report = build(root, BuildOptions(output=tmp_path / "out", formats=("html",)))
    html = (report.output / "fr-en" / "doc" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<div class="cell" lang="en" dir="ltr"><p class="paragraph untranslated" lang="fr">Deuxième article\.', html
    )
    assert "(not yet translated)" in html
    assert "Translation in progress: 4 of 5 passages are translated" in html


@pytest.mark.slow
def test_three_languages_build_in_every_layout(built_trilingual: BuildReport) -> None:
    files = {str(f) for f in built_trilingual.files}
    slug = "convention-rhin"
    for columns in ("fr-en", "fr-de"):
        assert {
            f"{columns}/{slug}/index.html",
            f"pdf/{slug}.{columns}.pdf",
            f"pdf/{slug}.{columns}.interleaved.pdf",
            f"pdf/{slug}.{columns}.facing.pdf",
        } <= files
    assert {f"fr-en-de/{slug}/index.html", f"pdf/{slug}.fr-en-de.pdf", f"pdf/{slug}.fr-en-de.interleaved.pdf"} <= files
    assert built_trilingual.warnings == []
    html = (built_trilingual.output / "fr-en-de" / slug / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<div class="cell" lang="(\w+)"', html)[:3] == ["fr", "en", "de"]
    assert "Article premier" in html and "Artikel 1" in html and "Straßburg</span>, den <time" in html
    reader = PdfReader(built_trilingual.output / "pdf" / f"{slug}.fr-en-de.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert width > height  # landscape, as the publication asks
    assert [item.title for item in reader.outline[1]] == [
        "Article premier — Article 1 — Artikel 1",
        "Article 2 — Artikel 2",
        "Article 3 — Artikel 3",
    ]
    pages = page_texts(built_trilingual.output / "pdf" / f"{slug}.fr-en-de.pdf")
    for words in ("lalignedestexploitée", "lineDisoperated".lower(), "dielinieDwird".lower()):
        assert page_of(pages, words) == 0
