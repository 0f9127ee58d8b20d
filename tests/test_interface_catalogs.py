"""Interface strings for any language: a publication's own catalog, made by add-language, used by pages,
counted by status and the warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib

from diptych.build import BuildOptions, build

from .conftest import MakePublication, invoke

CATALOG = Path("locale") / "nb" / "LC_MESSAGES" / "diptych.po"


def test_a_norwegian_edition_gets_its_own_interface_strings(make_publication: MakePublication) -> None:
    root = make_publication()
    result = invoke("add-language", "nb", root)
    assert result.returncode == 0, result.stderr
    assert f"created {root / CATALOG}" in result.stderr
    catalog = polib.pofile(str(root / CATALOG))
    assert catalog.metadata["Language"] == "nb" and len(catalog) >= 20 and catalog.percent_translated() == 0
    if shutil.which("msgfmt") or os.environ.get("CI"):
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(root / CATALOG)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    status = invoke("status", root)
    assert f"nb           0 of {len(catalog)} translated  ({CATALOG.as_posix()})" in status.stdout
    check = invoke("check", root, "--strict")
    assert check.returncode == 1 and f"{len(catalog)} of {len(catalog)} interface strings are not translated" in check.stderr

    for entry in catalog:
        if entry.msgid == "not yet translated":
            entry.msgstr = "ikke oversatt ennå"
        elif entry.msgid.startswith("page {page}"):
            entry.msgstr = entry.msgid.replace("page", "side")
    catalog.save()
    text = (root / "content" / "doc.yaml").read_text(encoding="utf-8")
    (root / "content" / "doc.yaml").write_text(
        text.replace("    en: A paragraph.\n    nb:\n", "    en: A paragraph.\n    nb: Et avsnitt.\n")
    )
    report = build(root, BuildOptions(formats=("html",)))
    page = (report.output / "nb" / "doc" / "index.html").read_text(encoding="utf-8")
    assert "ikke oversatt ennå" in page and "not yet translated" not in page
    assert "interface strings are not translated" in " ".join(report.warnings)


def test_add_language_with_a_builtin_catalog_makes_none(make_publication: MakePublication) -> None:
    root = make_publication()
    assert invoke("add-language", "az", root).returncode == 0
    assert not (root / "locale").exists()


def test_an_existing_language_without_strings_gets_its_catalog(make_publication: MakePublication) -> None:
    publication = "title: {fr: Essai, nb: Prøve}\npublisher: P\nsource_language: fr\nlanguages: [nb]\n"
    root = make_publication(
        publication=publication,
        documents={"doc.yaml": "headline:\n  fr: Titre\n  nb: Tittel\nbody:\n  - id: p\n    fr: Texte.\n    nb: Tekst.\n"},
    )
    assert "no interface translation for 'nb'" in invoke("check", root).stderr
    result = invoke("add-language", "nb", root)
    assert result.returncode == 0 and (root / CATALOG).is_file(), result.stderr
    assert invoke("add-language", "nb", root).returncode == 2  # now it has one: nothing to add
