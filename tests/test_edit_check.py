"""The check before an edit is written reads again only the documents it changes, and still refuses every error in them."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from diptych.errors import DiptychError
from diptych.read import read_publication
from diptych.read.documents import Documents
from diptych.translation.workflow import check_edits, export_translations, import_translations

from .conftest import DOCUMENT_YAML, MakePublication, snapshot


@pytest.fixture
def two_documents(make_publication: MakePublication) -> Path:
    return make_publication(documents={"first.yaml": DOCUMENT_YAML, "second.yaml": DOCUMENT_YAML})


def parses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The names of the documents parsed from now on (with a cache of their own, empty), one entry per parse."""
    monkeypatch.setenv("DIPTYCH_CACHE_DIR", str(tmp_path / "cache"))
    seen: list[str] = []
    original = Documents._read

    def counting(self: Documents, path: Path, *args: object) -> object:
        seen.append(path.name)
        return original(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Documents, "_read", counting)
    return seen


def translate(root: Path, slug: str, unit_id: str, text: str) -> Path:
    path = next(p for p in export_translations(root, "en", "po", root / "out", memory=False) if p.name.startswith(slug))
    po = polib.pofile(str(path))
    next(e for e in po if e.msgctxt == unit_id).msgstr = text
    po.save(str(path))
    return path


def test_an_import_reads_again_only_the_units_it_changes(
    two_documents: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = translate(two_documents, "first", "p1", "A paragraph, revised.")
    seen = parses(monkeypatch, tmp_path)
    assert import_translations(two_documents, [path]).changed == 1
    assert seen.count("first.yaml") == 1  # parsed; the edit is checked from the lines it changed (read.edits)
    assert seen.count("second.yaml") == 1
    assert "A paragraph, revised." in (two_documents / "content" / "first.yaml").read_text(encoding="utf-8")


def test_an_import_reads_again_the_whole_document_when_it_must(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    covering = DOCUMENT_YAML.replace("    en: A paragraph.\n", "    en: A paragraph.\n    note: a note\n    de: Absatz.\n")
    root = make_publication(documents={"first.yaml": covering, "second.yaml": DOCUMENT_YAML})
    path = translate(root, "first", "p1", "A paragraph, revised.")
    seen = parses(monkeypatch, tmp_path)
    assert import_translations(root, [path]).changed == 1
    assert seen.count("first.yaml") == 2  # the unit was warned about (a language the publication lacks): read whole
    assert seen.count("second.yaml") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turned \u202etxet", "invisible bidirectional control character"),
        ("A [link](javascript:alert(1)) inside.", "first.yaml:"),
    ],
)
def test_a_bad_edit_of_one_document_is_refused_and_nothing_written(
    two_documents: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, expected: str
) -> None:
    path = translate(two_documents, "first", "p1", text)
    before = snapshot(two_documents)
    seen = parses(monkeypatch, tmp_path)
    with pytest.raises(DiptychError) as caught:
        import_translations(two_documents, [path])
    assert "would leave the publication with errors, so nothing was written" in str(caught.value)
    assert expected in str(caught.value)
    assert seen.count("second.yaml") == 1  # parsed once, as read first: the refusal came from the edited document
    assert snapshot(two_documents) == before


def test_the_partial_check_refuses_what_a_full_read_refuses(two_documents: Path) -> None:
    """Errors that only show against the other documents (a slug) or in the file as a whole (YAML) are caught too."""
    publication = read_publication(two_documents)
    first = two_documents / "content" / "first.yaml"
    text = first.read_text(encoding="utf-8")
    edits = {
        "two documents have the slug 'second'": "slug: second\n" + text,
        "duplicate key 'date'": text + "date: 2025-04-24\n",
        "YAML syntax error": text.replace("fr: Un paragraphe.", "fr: 'Un paragraphe."),
        "the id 'p1' is used twice": text.replace("- id: a2-1", "- id: p1"),
    }
    for message, edited in edits.items():
        for given in (publication, None):  # the partial check, and the full read it stands for
            with pytest.raises(DiptychError, match=message):
                check_edits(two_documents, {first: edited}, given)
    check_edits(two_documents, {first: text.replace("A paragraph.", "A revised paragraph.")}, publication)
