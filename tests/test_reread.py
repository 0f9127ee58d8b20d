"""Reading again only what a splice changed (diptych.read.edits) gives what reading the whole file gives, or nothing.

Every case here is checked against the full read of the edited text: the same document (places included) and
the same warnings. The common cases must take the shortcut; the unusual ones must give None (the caller then
reads the whole file).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import typing
from pathlib import Path

import pytest

from diptych.load import substituted
from diptych.model import Publication, Translation, Unit, fingerprint
from diptych.read import check_documents, read_publication
from diptych.read.edits import reread
from diptych.translation.splice import SplicedFile

from .conftest import ROOT, SEED_SLUG, MakePublication
from .test_splice import DOCUMENT

PUBLICATION = "title: {fr: Essai, en: Trial}\npublisher: P\nsource_language: fr\nlanguages: [en, az]\n"
STYLES = [
    ("a plain text", None, None),
    ("Line one\nline two", None, None),
    ("New: text # with marks", "draft", "abcdef012345"),
    ("'quoted' and \"double\"", "current", "0123456789ab"),
    ("Texte revu, « guillemets » et espaces fines", "review", None),
]


def full_read(root: Path, publication: Publication, path: Path, text: str) -> tuple[object, object]:
    with substituted({path: text}):
        checked = check_documents(root, [path], publication)
    return checked.documents[0], list(checked.warnings)


def splice_all(publication: Publication, path: Path, choose: list[tuple[Unit, str, str, str | None, str | None]]) -> SplicedFile:
    spliced = SplicedFile(path)
    for unit, language, text, status, source in choose:
        assert spliced.set_translation(unit, language, text, status, source)  # type: ignore[arg-type]
    return spliced


def assert_same_as_full_read(root: Path, publication: Publication, spliced: SplicedFile) -> None:
    splice = spliced.splice()
    quick = reread(publication, splice)
    assert quick is not None, "the common case must take the shortcut"
    document, warnings = full_read(root, publication, spliced.path, splice.text)
    assert quick[0] == document
    assert [u.location for u in quick[0].units()] == [u.location for u in document.units()]  # type: ignore[attr-defined]
    assert quick[1] == warnings
    assert quick[0].digest == document.digest  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "status", "source"), STYLES)
def test_every_unit_of_the_small_document_in_every_style(
    make_publication: MakePublication, text: str, status: str | None, source: str | None
) -> None:
    root = make_publication(PUBLICATION, documents={"doc.yaml": DOCUMENT})
    publication = read_publication(root)
    units = list(publication.documents[0].units())
    for language in ("en", "az"):  # an existing key edited, or a new one added
        choose = [(u, language, f"{text} {u.id}", status, source) for u in units]
        assert_same_as_full_read(root, publication, splice_all(publication, root / "content" / "doc.yaml", choose))


@pytest.mark.parametrize("every", [1, 3, 7])
@pytest.mark.parametrize("language", ["en", "ar", "zh-Hans"])
def test_units_of_the_seed_spread_through_it(tmp_path: Path, every: int, language: str) -> None:
    root = tmp_path / "seed"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "publication.yaml", root)
    publication = read_publication(root)
    document = next(d for d in publication.documents if d.slug == SEED_SLUG)
    units = list(document.units())[::every]
    choose = [
        (u, language, f"Revised {n}\nsecond line" if n % 4 == 0 else f"Revised {n}", "draft" if n % 2 else None, u.fingerprint)
        for n, u in enumerate(units)
    ]
    assert_same_as_full_read(root, publication, splice_all(publication, document.path, choose))


def test_a_warning_moved_by_the_edit_keeps_its_new_place(make_publication: MakePublication) -> None:
    articles = "".join(
        f"        - number: {n}\n          paragraphs:\n            - id: a{n}\n              fr: Article {n}.\n" for n in (1, 3)
    )
    gap = DOCUMENT + f"  - official:\n      id: t\n      title: {{fr: T}}\n      articles:\n{articles}"
    root = make_publication(documents={"doc.yaml": gap})
    publication = read_publication(root)
    assert publication.warnings
    units = list(publication.documents[0].units())
    choose = [(units[1], "en", "One\ntwo\nthree\nfour", "draft", None)]  # lines added above the warning
    assert_same_as_full_read(root, publication, splice_all(publication, root / "content" / "doc.yaml", choose))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ("    fr: Un paragraphe.\n", "a unit the reader warned about"),
        ("  - id: last\n", "a covering translation in the document"),
    ],
)
def test_the_unusual_is_left_to_the_full_read(make_publication: MakePublication, change: str, why: str) -> None:
    document = DOCUMENT
    if why == "a unit the reader warned about":
        document = DOCUMENT.replace(change, change + "    de: Ein Absatz.\n")  # not a language of the publication
    else:
        document = DOCUMENT.replace(
            "    en: A paragraph.\n", "    en:\n      text: A paragraph and the next.\n      covers: [empty]\n"
        )
        document = document.replace("  - id: empty\n    fr: Vide.\n    en:\n", "  - id: empty\n    fr: Vide.\n")
    root = make_publication(PUBLICATION, documents={"doc.yaml": document})
    publication = read_publication(root)
    unit = next(u for u in publication.documents[0].units() if u.id == "short")
    spliced = splice_all(publication, root / "content" / "doc.yaml", [(unit, "az", "Mətn", None, unit.fingerprint)])
    assert reread(publication, spliced.splice()) is None, why


def test_a_text_the_reader_refuses_is_left_to_the_full_read(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT})
    publication = read_publication(root)
    unit = next(u for u in publication.documents[0].units() if u.id == "short")
    spliced = splice_all(publication, root / "content" / "doc.yaml", [(unit, "en", "Turned \u202etxet", None, None)])
    assert reread(publication, spliced.splice()) is None


def test_a_file_changed_since_it_was_read_is_left_to_the_full_read(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT})
    publication = read_publication(root)
    path = root / "content" / "doc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Un titre", "Un autre titre"), encoding="utf-8")
    unit = next(u for u in publication.documents[0].units() if u.id == "short")
    spliced = splice_all(publication, path, [(unit, "en", "Changed.", None, fingerprint("Un paragraphe."))])
    assert reread(publication, spliced.splice()) is None


def test_a_unit_holds_its_places_where_the_shortcut_moves_them() -> None:
    """read.edits moves a unit that was not edited by its own place and its translations' (``_lines_later``):
    a place kept anywhere else in a unit or a translation would be left behind. This pins the model."""
    for kind, allowed in ((Unit, {"location", "translations"}), (Translation, {"location"})):
        hints = typing.get_type_hints(kind)
        holding = {
            f.name for f in dataclasses.fields(kind) if re.search(r"Location|Unit|Translation|object|Any", str(hints[f.name]))
        }
        assert holding == allowed, f"{kind.__name__}: {holding}"
