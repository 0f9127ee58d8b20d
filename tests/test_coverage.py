"""Translations split differently from their source, and passages absent on purpose, in every layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diptych.bilingual import render_bilingual
from diptych.errors import ContentError
from diptych.model import fingerprint
from diptych.read import read_publication
from diptych.render import RenderContext, render_document
from diptych.translation.qa import check_translations
from diptych.translation.status import translation_gaps, translation_status

from .conftest import MakePublication

PUBLICATION = """\
title: {fr: Essai, en: Trial, ar: تجربة}
publisher: Test Press
source_language: fr
languages: [en, ar]
numbering: article
"""

JOINED = fingerprint("Premier paragraphe. Deuxième paragraphe.")

DOCUMENT = f"""\
headline: {{fr: Titre, en: Title, ar: عنوان}}
body:
  - id: p1
    fr: Premier paragraphe.
    en:
      text: The first and second paragraphs, joined by the translator.
      covers: [p2]
      source: {JOINED}
    ar: الفقرة الأولى.
  - id: p2
    fr: Deuxième paragraphe.
    en:
    ar: الفقرة الثانية.
  - id: p3
    fr: Un long paragraphe, avec *une emphase*. Il a deux phrases.
    en:
      paragraphs:
        - A long paragraph, with *an emphasis*.
        - It has two sentences.
    ar: فقرة طويلة، مع *تأكيد*. لها جملتان.
  - id: p4
    fr: Une note pour les lecteurs français.
    en: A note for French readers.
    ar:
      omitted: not in the official Arabic version
"""


@pytest.fixture
def publication(make_publication: MakePublication) -> Path:
    return make_publication(PUBLICATION, {"doc.yaml": DOCUMENT})


def test_the_three_forms_are_read(publication: Path) -> None:
    document = read_publication(publication).document("doc")
    units = {unit.id: unit for unit in document.units()}
    assert units["p1"].translations["en"].covers == ("p2",)
    assert units["p2"].translations["en"].covered_by == "p1" and units["p2"].is_absent("en")
    assert units["p3"].paragraphs("en") == ("A long paragraph, with *an emphasis*.", "It has two sentences.")
    assert units["p4"].translations["ar"].omitted == "not in the official Arabic version"
    assert units["p4"].text("ar") is None and units["p4"].is_absent("ar")


def test_status_counts_them_as_translated_and_strict_builds_do_not_warn(publication: Path) -> None:
    loaded = read_publication(publication)
    for status in translation_status(loaded):
        assert status.translated == status.total == 5, (status.language, [(u.unit.id, u.state) for u in status.units])
    assert translation_gaps(loaded, ("fr", "en", "ar")) == []


def test_a_change_to_any_joined_source_makes_the_translation_stale(publication: Path) -> None:
    path = publication / "content" / "doc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Deuxième paragraphe.", "Second paragraphe."), encoding="utf-8")
    units = {u.id: u for u in read_publication(publication).document("doc").units()}
    assert units["p1"].is_stale("en") and units["p2"].is_stale("en")
    assert not units["p3"].is_stale("en")


def test_single_language_pages_paragraph_as_the_translator_did(publication: Path) -> None:
    loaded = read_publication(publication)
    document = loaded.document("doc")
    english = render_document(RenderContext.of(loaded, ("en",)), document).split("<main", 1)[1]
    assert english.count("The first and second paragraphs, joined by the translator.") == 1
    assert "Deuxième paragraphe" not in english and "untranslated" not in english
    assert re.search(r'<p id="p3">A long paragraph, with <em>an emphasis</em>.</p><p>It has two sentences.</p>', english)
    arabic = render_document(RenderContext.of(loaded, ("ar",)), document).split("<main", 1)[1]
    assert "الفقرة الثانية." in arabic and "Une note pour les lecteurs" not in arabic and "untranslated" not in arabic


def test_parallel_rows_span_joined_units_and_keep_split_paragraphs(publication: Path) -> None:
    loaded = read_publication(publication)
    html = render_bilingual(RenderContext.of(loaded, ("fr", "en")), loaded.document("doc"))
    rows = re.findall(r'<div class="row row-[^"]*"[^>]*>(.*?)\n    </div>', html, re.S)
    joined = next(row for row in rows if "Premier paragraphe" in row)
    assert "Deuxième paragraphe" in joined and joined.count("joined by the translator") == 1
    assert sum("Deuxième paragraphe" in row for row in rows) == 1
    split = next(row for row in rows if "Un long paragraphe" in row)
    assert (
        '<p class="paragraph">A long paragraph, with <em>an emphasis</em>.</p><p class="paragraph">It has two sentences.</p>'
        in split
    )
    arabic = render_bilingual(RenderContext.of(loaded, ("fr", "ar")), loaded.document("doc"))
    omitted = next(
        row for row in re.findall(r'<div class="row row-[^"]*"[^>]*>(.*?)\n    </div>', arabic, re.S) if "Une note" in row
    )
    assert 'lang="ar"' in omitted and "untranslated" not in omitted


def test_qa_does_not_call_a_split_paragraph_different_markup(publication: Path) -> None:
    findings = [f for f in check_translations(read_publication(publication)) if f.unit.id in ("p1", "p2", "p3", "p4")]
    assert not findings, [f.problem().message for f in findings]


BROKEN = {
    "covers a unit that does not follow": ("covers: [p2]", "covers: [p4]", "the units that follow it are p2"),
    "covers an unknown id": ("covers: [p2]", "covers: [p9]", "an unknown id 'p9'"),
    "covered unit has its own text": (
        "    en:\n    ar: الفقرة الثانية.",
        "    en: Second.\n    ar: الفقرة الثانية.",
        "has its own en translation",
    ),
    "omitted without a reason": ("omitted: not in the official Arabic version", "omitted:", "omitted without a reason"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_forms_are_errors_with_a_place(make_publication: MakePublication, case: str) -> None:
    old, new, message = BROKEN[case]
    assert old in DOCUMENT
    root = make_publication(PUBLICATION, {"doc.yaml": DOCUMENT.replace(old, new)})
    with pytest.raises(ContentError) as error:
        read_publication(root)
    assert message in str(error.value) and "doc.yaml:" in str(error.value)


def test_po_and_xliff_carry_them_and_bring_them_back(publication: Path, tmp_path: Path) -> None:
    from babel.messages.pofile import read_po

    from diptych.translation.workflow import export_translations, import_translations

    (po,) = export_translations(publication, "en", "po", tmp_path / "po")
    with po.open("rb") as stream:
        catalog = read_po(stream)
    entries = {message.context: message for message in catalog if message.id}
    assert entries["p3"].string == "A long paragraph, with *an emphasis*.\n\nIt has two sentences."
    assert any("also covers p2: Deuxième paragraphe." in c for c in entries["p1"].auto_comments)
    assert entries["p2"].string == "" and any("Translated together with p1" in c for c in entries["p2"].auto_comments)
    (xliff,) = export_translations(publication, "en", "xliff2", tmp_path / "xliff")
    text = xliff.read_text(encoding="utf-8")
    unit = text[text.index('<unit id="p3"') : text.index("</unit>", text.index('<unit id="p3"'))]
    assert unit.count("<segment") == 2 and '<target xml:space="preserve">It has two sentences.</target>' in unit
    # a translator makes three paragraphs of p3 in the XLIFF file: they come back as three
    changed = text.replace(
        '<target xml:space="preserve">A long paragraph, with *an emphasis*.</target>',
        '<target xml:space="preserve">A long paragraph.</target>',
    )
    changed = changed.replace(
        "It has two sentences.</target>\n      </segment>",
        'It has two sentences.</target>\n      </segment>\n      <segment state="translated">\n'
        '        <source xml:space="preserve"></source>\n        <target xml:space="preserve">A third one.</target>\n'
        "      </segment>",
    )
    xliff.write_text(changed, encoding="utf-8")
    import_translations(publication, [xliff])
    units = {u.id: u for u in read_publication(publication).document("doc").units()}
    assert units["p3"].paragraphs("en") == ("A long paragraph.", "It has two sentences.", "A third one.")
    assert units["p1"].translations["en"].covers == ("p2",)  # the join is kept
    assert not units["p1"].is_stale("en")


def test_the_readme_example_of_joined_split_and_omitted_translations(make_publication: MakePublication) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8"), re.S)
    example = next(block for block in blocks if "covers: [a9-3]" in block)
    body = "\n".join("  " + line if line else line for line in example.splitlines())
    root = make_publication(PUBLICATION, {"doc.yaml": f"headline: Titre\nbody:\n{body}\n"})
    units = {u.id: u for u in read_publication(root).document("doc").units()}
    assert units["a9-3"].translations["en"].covered_by == "a9-2"
    assert len(units["a15-1"].paragraphs("en")) == 2
    assert units["a11-3"].translations["ar"].omitted == "not in the official Arabic version"


@pytest.mark.parametrize(("form", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_xliff_with_joined_split_and_omitted_translations_is_valid(
    publication: Path, tmp_path: Path, form: str, version: str
) -> None:
    from diptych.translation.workflow import export_translations

    from .test_translation import xml_schema

    schema = xml_schema(version)
    for language in ("en", "ar"):
        (path,) = export_translations(publication, language, form, tmp_path / f"{form}-{language}")  # type: ignore[arg-type]
        schema.validate(str(path))
