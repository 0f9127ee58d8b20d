"""The README's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from diptych.build import BuildOptions, build
from diptych.model import OfficialText
from diptych.read import read_publication

from .conftest import ROOT


def yaml_blocks() -> list[str]:
    """The README's publication.yaml, its example document and its long translation form, in that order."""
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    settings = next(b for b in blocks if "source_language:" in b)
    document = next(b for b in blocks if "\nbody:" in b)
    translation = next(b for b in blocks if b.startswith("en:"))
    return [settings, document, translation]


def test_readme_bilingual_settings_are_valid(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    bilingual = next(b for b in blocks if b.startswith("bilingual:"))
    settings = yaml_blocks()[0].replace("languages: [en]", "languages: [en, az]").split("bilingual:")[0] + bilingual
    (tmp_path / "content").mkdir()
    (tmp_path / "publication.yaml").write_text(settings, encoding="utf-8")
    publication = read_publication(tmp_path)
    assert publication.bilingual.multilingual == ("en", "az")
    assert publication.bilingual.new_spread == "unit"
    assert publication.language_sets() == [("fr", "en"), ("fr", "az"), ("fr", "en", "az")]


def test_readme_publication_and_document_build(tmp_path: Path) -> None:
    settings, document, _ = yaml_blocks()
    (tmp_path / "content").mkdir()
    (tmp_path / "publication.yaml").write_text(settings, encoding="utf-8")
    (tmp_path / "content" / "example.yaml").write_text(document, encoding="utf-8")
    publication = read_publication(tmp_path)
    assert publication.warnings == ()
    (doc,) = publication.documents
    assert doc.slug == "my-document"
    (official,) = [b for b in doc.blocks if isinstance(b, OfficialText)]
    assert official.articles[0].title is not None
    report = build(tmp_path, BuildOptions(formats=("html",), strict=True))
    html = (report.output / "en" / "my-document" / "index.html").read_text(encoding="utf-8")
    assert "The text is reproduced <em>in full</em> below." in html


def test_readme_long_translation_form_is_valid(tmp_path: Path) -> None:
    settings, _, translation = yaml_blocks()[:3]
    indented = "\n".join("    " + line if line else line for line in translation.splitlines())
    body = f"headline: Titre\nbody:\n  - id: p\n    fr: Les Parties se soutiennent.\n{indented}\n"
    (tmp_path / "content").mkdir()
    (tmp_path / "publication.yaml").write_text(settings, encoding="utf-8")
    (tmp_path / "content" / "d.yaml").write_text(body, encoding="utf-8")
    (doc,) = read_publication(tmp_path).documents
    translation_of_p = next(u for u in doc.units() if u.id == "p").translations["en"]
    assert translation_of_p.status == "draft" and translation_of_p.source_fingerprint == "3f2a9c1b7d40"


def test_readme_print_settings_are_valid(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    printing = next(b for b in blocks if b.startswith("print:"))
    glossary = next(b for b in blocks if b.startswith("glossary:"))
    settings = yaml_blocks()[0].replace("languages: [en]", "languages: [en, az]") + printing + glossary
    (tmp_path / "content").mkdir()
    (tmp_path / "publication.yaml").write_text(settings, encoding="utf-8")
    publication = read_publication(tmp_path)
    assert publication.printing.margins == (24, 25, 26, 25) and publication.printing.variant == "pdf/ua-1"
    assert publication.glossary["partenariat stratégique global"]["az"] == "hərtərəfli strateji tərəfdaşlıq"
