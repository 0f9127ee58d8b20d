"""diptych ingest: a document file in, a content YAML out, equal to what an editor would make by hand."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from diptych.ingest import ingest
from diptych.ingest.labels import article_label, numbers
from diptych.ingest.reader import plain_paragraphs
from diptych.model import Publication
from diptych.read import read_publication

from .conftest import ROOT, SEED_SLUG, MakePublication, invoke, snapshot

SEED_TEXT = ROOT / "tests" / "data" / "la-gazette-2025-04-23.fr.txt"
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="Debian's pandoc is not installed (make installs it)")


@pytest.fixture
def empty(make_publication: MakePublication) -> Path:
    """A publication (fr → en) with no document yet."""
    return make_publication(documents={})


def seed_sources(seed: Publication) -> list[str]:
    """The French texts of the hand-made seed, in reading order; the short title is not in the text file."""
    document = seed.document(SEED_SLUG)
    return [unit.source for unit in document.units() if unit is not document.short_title]


def ingested_sources(root: Path, slug: str) -> list[str]:
    return [unit.source for unit in read_publication(root).document(slug).units()]


def test_the_seed_text_file_gives_the_seed_paragraph_for_paragraph(empty: Path, seed: Publication) -> None:
    report = ingest(empty, SEED_TEXT)
    assert report.written and report.path == empty / "content" / "la-gazette-2025-04-23.yaml"
    assert ingested_sources(empty, "la-gazette-2025-04-23") == seed_sources(seed)
    # the one place where the text file is ambiguous is flagged for the editor
    assert any("line 46" in note and "signatories" in note for note in report.notes), report.notes
    document = read_publication(empty).document("la-gazette-2025-04-23")
    assert [a.number for a in document.articles()] == list(range(1, 19))
    assert [unit.id for unit in document.units()][-4:] == ["a18-1", "signatory-1", "signatory-2", "declaration-conjointe-place"]
    assert document.date is not None and document.date.isoformat() == "2025-04-23"
    assert document.dateline and document.dateline.place and document.dateline.place.source == "Paris"
    assert document.dateline.source == "La Gazette"
    text = report.path.read_text(encoding="utf-8")
    assert text.startswith("# Ingested from la-gazette-2025-04-23.fr.txt by diptych ingest.")
    assert "  - lede:\n      id: ce-23-avril-bakou\n      fr: >-\n        Ce 23 avril" in text
    assert invoke("check", empty).returncode == 0


def _paragraphs() -> list[str]:
    return [text for _, text in plain_paragraphs(SEED_TEXT.read_text(encoding="utf-8"))]


def test_hard_wrapped_text_with_blank_lines_gives_the_same_units(empty: Path, tmp_path: Path, seed: Publication) -> None:
    wrapped = "\n\n".join(textwrap.fill(paragraph, 72, break_on_hyphens=False) for paragraph in _paragraphs())
    source = tmp_path / "wrapped.txt"
    source.write_text(wrapped, encoding="utf-8")
    ingest(empty, source)
    assert ingested_sources(empty, "wrapped") == seed_sources(seed)


@needs_pandoc
@pytest.mark.parametrize("form", ["md", "docx", "odt", "html"])
def test_markdown_docx_odt_and_html_give_the_same_units(empty: Path, tmp_path: Path, seed: Publication, form: str) -> None:
    markdown = tmp_path / "gazette.md"
    # as an editor would type it: paragraphs between blank lines, "1." starting a numbered list item
    markdown.write_text("\n\n".join(_paragraphs()) + "\n", encoding="utf-8")
    source = markdown
    if form != "md":
        source = tmp_path / f"gazette.{form}"
        subprocess.run(["pandoc", "-f", "markdown-smart", str(markdown), "-o", str(source)], check=True)
    report = ingest(empty, source)
    assert ingested_sources(empty, "gazette") == seed_sources(seed)
    assert not report.reading.dropped


@needs_pandoc
def test_docx_with_an_image_and_a_table_keeps_the_text_and_says_what_was_dropped(empty: Path, tmp_path: Path) -> None:
    image = tmp_path / "pixel.png"
    image.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
    markdown = tmp_path / "report.md"
    markdown.write_text(
        "# Un rapport\n\nLe premier paragraphe, avec une image ![logo](pixel.png) dedans.\n\n"
        "| Pays | Capitale |\n|---|---|\n| Azerbaïdjan | Bakou |\n\nLe dernier paragraphe.\n",
        encoding="utf-8",
    )
    docx = tmp_path / "report.docx"
    subprocess.run(["pandoc", str(markdown), "-o", str(docx)], check=True, cwd=tmp_path)
    result = invoke("ingest", docx, empty)
    assert result.returncode == 0, result.stderr
    texts = ingested_sources(empty, "report")
    assert texts[0] == "Un rapport"
    assert "Le premier paragraphe, avec une image dedans." in texts
    assert {"Pays", "Capitale", "Azerbaïdjan", "Bakou", "Le dernier paragraphe."} <= set(texts)
    assert "dropped: an image" in result.stderr and "dropped: a table's layout" in result.stderr


def test_dry_run_prints_the_outline_and_writes_nothing(empty: Path) -> None:
    before = snapshot(empty)
    result = invoke("ingest", SEED_TEXT, empty, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert snapshot(empty) == before
    lines = result.stdout.splitlines()
    assert any(line.startswith("lede") and "ce-23-avril-bakou" in line for line in lines)
    assert any("article 18" in line and "a18-1" in line for line in lines)
    assert any(line.strip().startswith("signed") and "Pékin, 2025-04-23" in line for line in lines)
    assert "47 texts; 18 articles" in result.stdout
    assert "check these:" in result.stdout


OFFICIAL_TEXT = """\
ACCORD DE COOPÉRATION

{title}

Les Parties sont convenues de ce qui suit :

{label1} Objet

Le présent accord fixe le cadre de la coopération.

Il s'applique aux deux Parties.

{label2}

Les Parties se consultent chaque année.

Pour la République française

Pour la République d'Azerbaïdjan

Fait à Bakou, le 3 mai 2024, en deux exemplaires.
"""


@pytest.mark.parametrize(
    ("label1", "label2", "numbering"),
    [
        ("Article premier", "Article 2", "article"),
        ("ARTICLE 1", "ARTICLE 2", "article"),
        ("Art. 1", "Art. 2", "article"),
        ("I.", "II.", "roman"),
    ],
)
def test_official_text_with_labels_titles_continuations_signatories_and_closing(
    empty: Path, tmp_path: Path, label1: str, label2: str, numbering: str
) -> None:
    source = tmp_path / "accord.txt"
    text = OFFICIAL_TEXT.format(title="Accord entre la France et l'Azerbaïdjan", label1=label1, label2=label2)
    source.write_text(text, encoding="utf-8")
    report = ingest(empty, source)
    document = read_publication(empty).document("accord")
    assert document.numbering == numbering
    (official,) = [b for b in document.blocks if hasattr(b, "articles")]
    assert official.title.source == "Accord entre la France et l'Azerbaïdjan"
    assert [u.source for b in official.preamble for u in [b.unit]] == ["Les Parties sont convenues de ce qui suit :"]
    first, second = official.articles
    if label1.startswith(("Art", "ART")):
        assert first.title is not None and first.title.source == "Objet"
        assert [b.unit.source for b in first.blocks] == [
            "Le présent accord fixe le cadre de la coopération.",
            "Il s'applique aux deux Parties.",
        ]
    else:  # "I. Objet": a short first paragraph, kept as written
        assert first.blocks[0].unit.source == "Objet"
    assert [b.unit.id for b in second.blocks] == ["a2-1"]
    assert [u.source for u in official.signatories] == ["Pour la République française", "Pour la République d'Azerbaïdjan"]
    assert official.signed is not None and official.signed.place.source == "Bakou"
    assert official.signed.date.isoformat() == "2024-05-03"
    assert not report.notes


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("1. Les Parties", 1, "Les Parties"),
        ("Article premier : Objet", 1, "Objet"),
        ("Article 1er", 1, ""),
        ("ARTICLE 2", 2, ""),
        ("Art. 3 — Durée", 3, "Durée"),
        ("第一条 双方", 1, "双方"),
        ("第十八条", 18, ""),
        ("Maddə 1. Tərəflər", 1, "Tərəflər"),
        ("المادة ١ الطرفان", 1, "الطرفان"),
        ("المادة 12", 12, ""),
        ("XIV. Dispositions finales", 14, "Dispositions finales"),
        ("Article 1", 1, ""),
    ],
)
def test_article_labels_in_every_language_and_numeral_system(text: str, number: int, rest: str) -> None:
    label = article_label(text)
    assert label is not None and (label.number, label.rest) == (number, rest)


@pytest.mark.parametrize("text", ["2025. Une année", "Le 1. n'est pas un article", "IIII. faux", "Articles 3 et 4"])
def test_what_is_not_an_article_label(text: str) -> None:
    label = article_label(text)
    assert label is None or label.number != 2025


def test_numbers_in_any_numeral_system() -> None:
    assert numbers("du 22 au 24 avril 2025") == {22, 24, 2025}
    assert numbers("二〇二五年四月二十二日至二十四日") >= {2025, 22, 24}
    assert numbers("٢٠٢٥ و 33") == {2025, 33}


def test_one_paragraph_per_line_and_blank_line_paragraphs_both_work() -> None:
    assert plain_paragraphs("Un.\nDeux.\nTrois.\n") == [(1, "Un."), (2, "Deux."), (3, "Trois.")]
    wrapped = "Une phrase assez longue pour être\ncoupée en deux lignes de texte\nà la main par un éditeur.\n\nUne autre.\n"
    assert plain_paragraphs(wrapped) == [
        (1, "Une phrase assez longue pour être coupée en deux lignes de texte à la main par un éditeur."),
        (5, "Une autre."),
    ]


def test_five_thousand_paragraphs_are_ingested(empty: Path, tmp_path: Path) -> None:
    source = tmp_path / "long.txt"
    source.write_text("TITRE\n" + "\n".join(f"Paragraphe numéro {n} du long texte." for n in range(5000)), encoding="utf-8")
    report = ingest(empty, source)
    assert len(ingested_sources(empty, "long")) == 5001
    assert report.written


BAD_FILES: dict[str, tuple[str, bytes, str]] = {
    "empty text": ("empty.txt", b"\n\n  \n", "the document has no text"),
    "not UTF-8": ("latin.txt", "Déclaration\n".encode("latin-1"), "is not UTF-8"),
    "unknown binary": ("blob.bin", b"\x00\x01\x02\x03", "this is not a text file"),
    "corrupt docx": ("broken.docx", b"PK\x03\x04 not really a zip", "Pandoc cannot read this file as docx"),
    "wrong script": (
        "chinese.txt",
        "二〇二五年四月二十三日，双方签署了联合声明。\n".encode() * 5,
        "written mostly in the Han script",
    ),
    "too many paragraphs": ("huge.txt", b"P.\n" * 20_001, "a document holds at most 20,000 texts"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_get_one_clear_message_and_change_nothing(empty: Path, tmp_path: Path, case: str) -> None:
    if case == "corrupt docx" and shutil.which("pandoc") is None:
        pytest.skip("Debian's pandoc is not installed")
    name, data, message = BAD_FILES[case]
    source = tmp_path / name
    source.write_bytes(data)
    before = snapshot(empty)
    result = invoke("ingest", source, empty)
    assert result.returncode == 1, result.stderr
    assert str(source) in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(empty) == before


def test_an_existing_document_is_never_overwritten(empty: Path) -> None:
    ingest(empty, SEED_TEXT)
    before = snapshot(empty)
    result = invoke("ingest", SEED_TEXT, empty)
    assert result.returncode == 2 and "--update la-gazette-2025-04-23" in result.stderr
    assert snapshot(empty) == before
    result = invoke("ingest", SEED_TEXT, empty, "--lang", "en")
    assert result.returncode == 2 and "diptych align" in result.stderr


def test_texts_that_look_like_yaml_come_back_as_written(empty: Path, tmp_path: Path) -> None:
    tricky = [
        "no",
        "Titre : sous-titre",
        "- un tiret",
        "#mot-dièse",
        "[entre crochets]",
        "'apostrophes'",
        "12",
        "2025-04-23",
        "a: b",
        "on",
        '"guillemets" et \\ barre',
        "{accolades}",
        "texte avec ' et \" mêlés, et assez long pour aller dans un bloc replié du fichier",
        "% pour cent",
        "@arobase",
        "* astérisque",
    ]
    source = tmp_path / "tricky.txt"
    source.write_text("TITRE\n" + "\n".join(tricky) + "\n", encoding="utf-8")
    ingest(empty, source)
    assert ingested_sources(empty, "tricky") == ["TITRE", *(text for _, text in plain_paragraphs("\n".join(tricky)))]


@needs_pandoc
def test_headings_quotes_lists_and_inline_markup_from_markdown(empty: Path, tmp_path: Path) -> None:
    from diptych.model import Heading, ListBlock, Paragraph, Quote

    source = tmp_path / "note.md"
    source.write_text(
        "# Une note de lecture\n\nParis / La Gazette\n\nLe premier paragraphe, *mis en avant*.\n\n"
        "## Le contexte\n\nUn paragraphe avec un [lien](https://example.org) et du **gras**.\n\n"
        "> Une citation d'un ministre.\n\n- premier point\n- second point\n\n1. étape un\n2. étape deux\n",
        encoding="utf-8",
    )
    report = ingest(empty, source)
    document = read_publication(empty).document("note")
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Heading", "Paragraph", "Quote", "ListBlock", "ListBlock"], kinds
    lede, heading, paragraph, quote, bullets, steps = document.blocks
    assert isinstance(lede, Paragraph) and lede.role == "lede" and lede.unit.source == "Le premier paragraphe, *mis en avant*."
    assert isinstance(heading, Heading) and heading.unit.source == "Le contexte"
    assert isinstance(paragraph, Paragraph) and "[lien](https://example.org)" in paragraph.unit.source
    assert isinstance(quote, Quote) and quote.paragraphs[0].source == "Une citation d'un ministre."
    assert isinstance(bullets, ListBlock) and not bullets.ordered and len(bullets.items) == 2
    assert isinstance(steps, ListBlock) and steps.ordered and [u.source for u in steps.items] == ["étape un", "étape deux"]
    assert document.headline.source == "Une note de lecture"
    assert document.dateline is not None and document.dateline.source == "La Gazette"
    assert not report.notes
