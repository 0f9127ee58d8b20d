"""Print as a typesetter checks it, measured from the seed's PDFs: lines, spreads, page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from diptych.build import BuildReport
from diptych.model import Publication

from .conftest import ROOT, SEED_SLUG

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed; run make")

#: a line holding only a hyphenated fragment: "régio‐", the rest of the word on the next line
LONE_FRAGMENT = re.compile(r"^\s*\S+[‐-]\s*$", re.MULTILINE)


def layout_text(path: Path) -> list[str]:
    """The text of each page as pdftotext lays it out."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@needs_pdftotext
def test_no_pdf_of_the_seed_has_a_line_with_a_lone_hyphenated_fragment(built_seed: BuildReport) -> None:
    pdfs = sorted((built_seed.output / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 14
    faults = {path.name: LONE_FRAGMENT.findall("".join(layout_text(path))) for path in pdfs}
    assert not {name: lines for name, lines in faults.items() if lines}


@needs_pdftotext
def test_a_run_of_text_before_an_inline_element_is_not_cut_after_its_first_syllable(tmp_path: Path) -> None:
    """WeasyPrint 70 hyphenated the first word of a run that fitted only without its trailing space."""
    from diptych.pdf import PdfRenderer

    paragraph = (
        "Les Parties soutiennent le renforcement du dialogue politique entre le Parti communiste chinois et le Parti "
        "Nouvel Azerbaïdjan. Les deux Parties ont confirmé leur disposition à renforcer les relations entre les "
        "gouvernements dans le cadre de mécanismes réguliers afin de promouvoir la coopération pratique. "
        "Elles soutiennent également les contacts et échanges au niveau des organes législatifs, y compris la "
        "coordination de leurs actions au sein des organisations internationales et régionales, et sont déterminées "
        'à organiser des consultations régulières entre leurs ministères des <span class="name">Affaires</span> étrangères.'
    )
    page = "@page { size: A4; margin: 24mm 25mm 26mm 25mm } html { font-size: 10.5pt }"
    html = f'<html lang="fr"><head><style>{page}</style></head><body><main><p>{paragraph}</p></main></body></html>'
    renderer = PdfRenderer([ROOT / "styles" / "edition.css", ROOT / "styles" / "print.css"], roots=(ROOT,))
    path = tmp_path / "paragraph.pdf"
    path.write_bytes(renderer.render(html, ROOT / "index.html").data)
    lines = [line.strip() for line in "".join(layout_text(path)).splitlines() if line.strip()]
    assert not LONE_FRAGMENT.findall("\n".join(lines)), lines
    assert any("régionales, et sont" in line for line in lines), lines


def test_facing_pdf_is_within_twice_the_longer_side_plus_four_pages(built_seed: BuildReport, seed: Publication) -> None:
    pdf = built_seed.output / "pdf"
    for target in seed.target_languages:
        single = max(len(PdfReader(pdf / f"{SEED_SLUG}.{code}.pdf").pages) for code in ("fr", target))
        facing = len(PdfReader(pdf / f"{SEED_SLUG}.fr-{target}.facing.pdf").pages)
        assert facing <= 2 * single + 4, (target, facing, single)
