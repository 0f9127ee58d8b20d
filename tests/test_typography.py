"""Typography per language, applied at render time, and the accessible, printable PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from diptych.build import BuildOptions, BuildReport, build
from diptych.inline import to_html
from diptych.languages import language
from diptych.read import read_publication
from diptych.typography import NBSP, NNBSP, Typesetter

from .conftest import DOCUMENT_YAML, PUBLICATION_YAML, SEED_SLUG, MakePublication, pdf_text

FR = Typesetter(language("fr"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("accord transformateur : la", f"accord transformateur{NBSP}: la"),
        ("Quoi ? Vraiment ! Oui ; non", f"Quoi{NNBSP}? Vraiment{NNBSP}! Oui{NNBSP}; non"),
        ("Quoi? Vraiment!", f"Quoi{NNBSP}? Vraiment{NNBSP}!"),
        ('la "Déclaration conjointe".', f"la «{NNBSP}Déclaration conjointe{NNBSP}»."),
        ("l'« indépendance de Taïwan » tout", f"l’«{NNBSP}indépendance de Taïwan{NNBSP}» tout"),
        ("la 29e session", f"la 29e{NBSP}session"),
        ("jusqu'en 2030, afin", f"jusqu’en{NBSP}2030, afin"),
        ("au cours des 33 années", f"au cours des{NBSP}33{NBSP}années"),
        ("le 23 avril 2025.", f"le{NBSP}23{NBSP}avril{NBSP}2025."),
        ("M. Xi Jinping", f"M.{NBSP}Xi Jinping"),
        ("1 000 000 de personnes", f"1{NNBSP}000{NNBSP}000{NBSP}de personnes"),
        ("Et puis...", "Et puis…"),
        ("voir https://example.org/a?b=c", "voir https://example.org/a?b=c"),
        ("12:30", "12:30"),
    ],
)
def test_french(text: str, expected: str) -> None:
    assert FR(text) == expected


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("en", "the \"Joint Declaration.\" It's 'fine'", "the “Joint Declaration.” It’s ‘fine’"),
        ("en", "Really ? Yes ; no : maybe !", "Really? Yes; no: maybe!"),
        ("en", "On April 23, 2025, Mr. Xi", f"On April{NBSP}23, 2025, Mr.{NBSP}Xi"),
        ("de", 'Das "Abkommen" tritt in Kraft', "Das „Abkommen“ tritt in Kraft"),
        ("az", 'Tərəflər "Bir kəmər, bir yol" təşəbbüsü', "Tərəflər “Bir kəmər, bir yol” təşəbbüsü"),
        ("zh", "第一条,双方同意:加强合作.", "第一条，双方同意：加强合作。"),
        ("ar", 'قال "مرحبا"، ثم', "قال «مرحبا»، ثم"),
    ],
)
def test_other_languages(code: str, text: str, expected: str) -> None:
    assert Typesetter(language(code))(text) == expected


def test_rules_do_not_touch_markup_or_links() -> None:
    html = to_html('Voir [le "site"](https://example.org/?q=1) : *ici* !', language("fr"))
    assert html == f'Voir <a href="https://example.org/?q=1">le «{NNBSP}site{NNBSP}»</a>{NBSP}: <em>ici</em>{NNBSP}!'


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("superscript", "la 29<sup>e</sup>\u00a0session et le 13<sup>e</sup>\u00a0Forum"),
        ("unicode", "la 29ᵉ\u00a0session et le 13ᵉ\u00a0Forum"),
        ("plain", "la 29e\u00a0session et le 13e\u00a0Forum"),
    ],
)
def test_ordinals(style: str, expected: str) -> None:
    assert to_html("la 29e session et le 13ᵉ Forum", language("fr"), style) == expected  # type: ignore[arg-type]


def test_english_ordinals_are_left_alone() -> None:
    assert to_html("the 29th session", language("en")) == "the 29th session"


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["fr", "fr-en", "fr-en.interleaved", "fr-en.facing"])
def test_no_french_line_starts_with_closing_punctuation(built_seed: BuildReport, layout: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.{layout}.pdf"
    text = pdf_text(path, "-layout")
    for line in text.splitlines():
        for column in re.split(r"\s{3,}", line.strip()):  # the columns of a parallel page
            assert not re.match(r"^[;:!?»]", column), line
            assert not column.rstrip().endswith("«"), line


@pytest.mark.slow
def test_tagged_accessible_pdf(built_seed: BuildReport) -> None:
    for name in (f"{SEED_SLUG}.fr.pdf", f"{SEED_SLUG}.en.pdf", f"{SEED_SLUG}.fr-en.pdf", f"{SEED_SLUG}.fr-en.facing.pdf"):
        with pikepdf.open(built_seed.output / "pdf" / name) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root, name
            assert root.MarkInfo.Marked is True
            assert root.ViewerPreferences.DisplayDocTitle is True  # the title, not the file name, in the window
            assert str(root.Lang) in ("fr", "en")
            metadata = pdf.open_metadata()
            assert metadata.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
            assert metadata.get("dc:title")


@pytest.mark.slow
def test_passages_in_another_language_are_tagged_with_it(tmp_path: Path, built_seed: BuildReport) -> None:
    """In the parallel PDF, the English column's structure elements say /Lang (en)."""
    with pikepdf.open(built_seed.output / "pdf" / f"{SEED_SLUG}.fr-en.pdf") as pdf:
        languages = set()
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/Lang" in node:
                    languages.add(str(node.Lang))
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    stack.extend(kids)
                elif isinstance(kids, pikepdf.Dictionary):
                    stack.append(kids)
        assert "en" in languages


@pytest.mark.slow
def test_print_settings(make_publication: MakePublication, tmp_path: Path) -> None:
    settings = (
        PUBLICATION_YAML
        + "print:\n  paper: Letter\n  margins: [20, 18]\n  font_size: 12\n  crop_marks: true\n"
        + "  bleed: 3\n  pdf: pdf/a-3u\n  ordinals: unicode\n"
    )
    root = make_publication(
        publication=settings, documents={"doc.yaml": DOCUMENT_YAML.replace("Un paragraphe.", "La 29e session.")}
    )
    publication = read_publication(root)
    assert publication.printing.margins == (20, 18, 20, 18)
    report = build(root, BuildOptions(output=tmp_path / "out", languages=("fr",), formats=("html", "pdf")))
    with pikepdf.open(report.output / "pdf" / "doc.fr.pdf") as pdf:
        metadata = pdf.open_metadata()
        assert metadata.get("{http://www.aiim.org/pdfa/ns/id/}part") == "3"
        page = pdf.pages[0]
        trim = [float(v) for v in page.TrimBox] if "/TrimBox" in page else None
        media = [float(v) for v in page.MediaBox]
        assert trim is not None and media[2] > trim[2]  # bleed and marks around the trimmed Letter page
        assert round((trim[2] - trim[0]) * 25.4 / 72, 1) == 215.9
    html = (report.output / "fr" / "doc" / "index.html").read_text()
    assert "29ᵉ\u00a0session" in html


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("paper: B5", "paper must be one of"),
        ("margins: [1, 2, 3]", "margins are one number"),
        ("pdf: pdf/x-1a", "pdf must be one of"),
    ],
)
def test_bad_print_settings(make_publication: MakePublication, key: str, message: str) -> None:
    from diptych.errors import ContentError

    root = make_publication(publication=PUBLICATION_YAML + f"print:\n  {key}\n")
    with pytest.raises(ContentError, match=message):
        read_publication(root)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "en"])
def test_never_more_than_two_hyphenated_lines_in_a_row(built_seed: BuildReport, language: str) -> None:
    """WeasyPrint has no hyphenate-limit-lines; the limits on hyphenation zone and word length keep runs short.
    This pins the result on the seed."""
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.{language}.pdf"
    lines = pdf_text(path, "-layout").splitlines()
    run = longest = hyphenated = 0
    for line in lines:
        if re.search(r"\w[-\u2010]$", line.rstrip()):
            run, hyphenated = run + 1, hyphenated + 1
            longest = max(longest, run)
        else:
            run = 0
    assert hyphenated > 5  # hyphenation is on
    assert longest <= 2


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["fr", "en", "fr-en"])
def test_proper_names_are_not_hyphenated(built_seed: BuildReport, layout: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.{layout}.pdf"
    text = pdf_text(path, "-layout")
    broken = []
    for line in text.splitlines():
        for column in re.split(r"\s{3,}", line.strip()):
            # a capitalised word cut by the hyphenator (a compound's own hyphen, "Good-Neighborliness", is allowed)
            match = re.search(r"(?:^|\s)([A-ZÀ-ÖØ-Þ][^\s-]*)\u2010$", column)
            if match:
                broken.append(match.group(1))
    assert broken == []


def test_names_are_marked_for_print_only() -> None:
    assert to_html("la République populaire de Chine", language("fr"), names=True) == (
        'la <span class="name">République</span> populaire de <span class="name">Chine</span>'
    )
    assert to_html("la République", language("fr")) == "la République"
