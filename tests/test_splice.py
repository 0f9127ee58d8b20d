"""Translation fields spliced into YAML as people write it: every shape of unit, nothing else touched."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from diptych.load import BlockMappings
from diptych.read import read_publication
from diptych.translation.splice import SplicedFile, render_scalar

from .conftest import MakePublication

DOCUMENT = """\
date: 2025-04-23
headline:
  fr: Un titre
  en: A headline
body:
  # a comment that must stay
  - id: short
    fr: Un paragraphe.
    en: A paragraph.
  - id: empty
    fr: Vide.
    en:
  - id: absent
    fr: Absent.
  - id: long
    fr: Long.
    en:
      text: >-
        The long form.
      status: draft
      source: 0123456789ab
      note: keep me
  - id: folded
    fr: Plié.
    en: >-
      Folded text.
  - id: quoted
    fr: Cité.
    en: "Quoted: text"
  - id: last
    fr: Dernier.
"""


@pytest.mark.parametrize(
    ("unit_id", "status", "fingerprint"),
    [
        ("short", None, None),
        ("short", "current", "abcdef012345"),
        ("empty", None, None),
        ("empty", "draft", "abcdef012345"),
        ("absent", None, None),
        ("absent", "current", "abcdef012345"),
        ("long", "current", "abcdef012345"),
        ("long", "draft", None),
        ("folded", None, None),
        ("folded", "current", "abcdef012345"),
        ("quoted", None, None),
        ("last", "draft", "abcdef012345"),
    ],
)
@pytest.mark.parametrize(
    "text", ["New: text # with marks", "Plain new text", "Line one\nline two", "«Guillemets» 'et' \"quotes\""]
)
def test_every_shape_is_edited_exactly(
    make_publication: MakePublication, unit_id: str, status: str | None, fingerprint: str | None, text: str
) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT})
    path = root / "content" / "doc.yaml"
    unit = next(u for u in read_publication(root).documents[0].units() if u.id == unit_id)
    spliced = SplicedFile(path)
    assert spliced.set_translation(unit, "en", text, status, fingerprint)  # type: ignore[arg-type]
    path.write_text(spliced.text(), encoding="utf-8")
    after = {u.id: u for u in read_publication(root).documents[0].units()}
    translation = after[unit_id].translations["en"]
    assert translation.text == text
    if status is not None:
        assert translation.status == status
    if fingerprint is not None:
        assert translation.source_fingerprint == fingerprint
    before = {u.id: u for u in read_publication(make_publication(documents={"doc.yaml": DOCUMENT})).documents[0].units()}

    def fields(unit_id: str, units: dict) -> dict[str, tuple[str, str, str | None, str | None]]:  # type: ignore[type-arg]
        return {k: (t.text, t.status, t.source_fingerprint, t.note) for k, t in units[unit_id].translations.items()}

    for other in after:
        if other != unit_id:
            assert fields(other, after) == fields(other, before)
    assert "# a comment that must stay" in spliced.text()
    if unit_id == "long":
        assert translation.note == "keep me"


def test_untouched_text_is_byte_identical(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT})
    path = root / "content" / "doc.yaml"
    unit = next(u for u in read_publication(root).documents[0].units() if u.id == "short")
    spliced = SplicedFile(path)
    spliced.set_translation(unit, "en", "A paragraph.", None, None)
    assert spliced.text() == path.read_text(encoding="utf-8")


def test_flow_style_units_are_left_to_the_careful_editor(make_publication: MakePublication) -> None:
    document = textwrap.dedent(DOCUMENT).replace("headline:\n  fr: Un titre\n  en: A headline", "headline: {fr: Un titre, en: A}")
    root = make_publication(documents={"doc.yaml": document})
    unit = read_publication(root).documents[0].headline
    assert not SplicedFile(root / "content" / "doc.yaml").set_translation(unit, "en", "B", None, None)


@pytest.mark.parametrize("text", ["null", "~", "- dash", "[x]", "a: b", "ends:", " padded", "#hash", "x #y", "100", "yes"])
def test_render_scalar_reads_back_as_the_same_string(text: str, tmp_path: Path) -> None:
    from diptych.load import load_string

    loaded = load_string(f"key: {render_scalar(text, None, 2)}\n", tmp_path / "x.yaml")
    assert isinstance(loaded, dict) and loaded["key"] == text


def test_a_language_added_after_a_long_form(make_publication: MakePublication) -> None:
    """The new key goes after the last line of the unit, not where libyaml ends the nested mapping."""
    document = DOCUMENT.replace(
        "  - id: last\n", "  - id: nested\n    fr: Emboîté.\n    en:\n      text: Nested.\n  - id: last\n"
    )
    publication = "title: {fr: Essai, en: Trial}\npublisher: P\nsource_language: fr\nlanguages: [en, az]\n"
    root = make_publication(publication=publication, documents={"doc.yaml": document})
    path = root / "content" / "doc.yaml"
    spliced = SplicedFile(path)
    for unit in read_publication(root).documents[0].units():
        assert spliced.set_translation(unit, "az", f"Mətn {unit.id}", None, "abcdef012345")
    path.write_text(spliced.text(), encoding="utf-8")
    units = {u.id: u for u in read_publication(root).documents[0].units()}
    assert all(u.translations["az"].text == f"Mətn {u.id}" for u in units.values())
    assert units["nested"].translations["en"].text == "Nested."


@pytest.mark.parametrize("text", ["Plain new text", "Line one\nline two", "New: text # with marks"])
@pytest.mark.parametrize(("status", "fingerprint"), [(None, None), ("draft", "abcdef012345")])
def test_composing_a_units_own_lines_edits_as_composing_the_file(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch, text: str, status: str | None, fingerprint: str | None
) -> None:
    """Each unit is found from its own lines; the edits are those made when the whole file is composed."""
    document = DOCUMENT.replace(
        "  - id: last\n",
        '  - id: wide\n    fr: "Un texte cité\nqui continue moins indenté."\n    en: Wide.\n\n  # between\n  - id: last\n',
    )
    root = make_publication(documents={"doc.yaml": document})
    path = root / "content" / "doc.yaml"
    units = list(read_publication(root).documents[0].units())
    by_lines = SplicedFile(path)
    for unit in units:
        assert by_lines.set_translation(unit, "en", f"{text} {unit.id}", status, fingerprint)  # type: ignore[arg-type]
    assert by_lines.blocks.whole is not None  # the unit whose quoted text runs onto a line indented less: the whole file
    monkeypatch.setattr(BlockMappings, "own_lines", lambda self, line, column: None)
    whole = SplicedFile(path)
    for unit in units:
        assert whole.set_translation(unit, "en", f"{text} {unit.id}", status, fingerprint)  # type: ignore[arg-type]
    assert by_lines.text() == whole.text()
    path.write_text(by_lines.text(), encoding="utf-8")
    assert {u.id: u.translations["en"].text for u in read_publication(root).documents[0].units()} == {
        u.id: f"{text} {u.id}" for u in units
    }
