"""Tables of contents measured from the PDF, running heads that follow the article, the edition as one book."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from diptych.build import BuildReport

from .conftest import SEED_SLUG, pdf_text

pytestmark = pytest.mark.slow  # every test here reads the seed's PDFs

LEADER = re.compile(r"^\s*(?P<title>.+?)\s*\.{4,}\s*(?P<page>\d+)\s*$")


def pages(path: Path) -> list[str]:
    return pdf_text(path, "-layout").split("\f")[:-1]


def normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


def toc_entries(page: str) -> list[tuple[str, int]]:
    """(title, page) of each line of a contents page; an entry may wrap onto several lines."""
    entries, pending = [], ""
    for line in page.splitlines():
        match = LEADER.match(f"{pending} {line.strip()}")
        if match:
            entries.append((match.group("title"), int(match.group("page"))))
            pending = ""
        elif re.match(r"\s*ARTICLE", line):
            pending = line.strip()
    return entries


def test_document_contents_point_at_the_right_pages(built_seed: BuildReport) -> None:
    text = pages(built_seed.output / "pdf" / f"{SEED_SLUG}.fr.pdf")
    entries = toc_entries(text[0])
    labels = [re.match(r"ARTICLE (PREMIER|\d+)", title) for title, _ in entries]
    assert len([m for m in labels if m]) == 18, entries
    for (_, number), match in zip(entries, labels, strict=True):
        if not match:
            continue
        label = match.group(0)
        body = text[number - 1]
        # the heading itself stands alone on its line on that page (the running head says "· Article N")
        assert re.search(rf"^\s*{label}\s*$", body, flags=re.M), (label, number)


def test_running_heads_follow_the_article(built_seed: BuildReport) -> None:
    text = pages(built_seed.output / "pdf" / f"{SEED_SLUG}.en.pdf")
    current = None
    for number, page in enumerate(text, start=1):
        head = page.strip().splitlines()[0]
        headings = re.findall(r"^\s*ARTICLE (\d+)\s*$", page, flags=re.M)
        if number == 1:
            assert "Azerbaijan–China" not in head  # no running head on the title page
        else:
            expected = headings[0] if headings else current
            assert "Azerbaijan–China: the Joint Declaration" in head
            if expected:
                assert head.rstrip().endswith(f"· Article {expected}"), (number, head)
        if headings:
            current = headings[-1]


@pytest.mark.parametrize("columns", ["fr", "en", "fr-en"])
def test_the_edition_as_one_book(built_seed: BuildReport, columns: str) -> None:
    path = built_seed.output / "pdf" / f"edition.{columns}.pdf"
    text = pages(path)
    total = len(text)
    assert "La Gazette" in text[0] and "page 1" not in text[0]  # the cover carries no number
    entries = toc_entries(text[1])
    assert len(entries) == 19, entries  # the document and its 18 articles
    title, first = entries[0]
    assert "Azerbaïdjan–Chine" in title or "Azerbaijan–China" in title
    assert first % 2 == 1  # a document opens on a right-hand page
    for title, number in entries[1:]:
        label = normal(title.split(" — ")[0])
        assert re.search(rf"(^|\s){re.escape(label)}(\s|$)", normal(text[number - 1])), (title, number)
    # pages numbered throughout the book
    label = "of" if columns == "en" else "sur"
    for number, page in enumerate(text[1:], start=2):
        if page.strip():
            assert f"page {number} {label} {total}" in page, number
    outline = PdfReader(path).outline
    assert len(outline) == 2 and len(outline[1]) == 18  # document → articles
