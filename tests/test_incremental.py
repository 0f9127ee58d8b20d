"""Incremental builds: after any change, exactly the affected outputs are made again, and none is stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diptych.build import BuildOptions, BuildReport, build

from .conftest import DOCUMENT_YAML, MakePublication

OTHER = DOCUMENT_YAML.replace("Un titre", "Un autre titre").replace("A headline", "Another headline")


@pytest.fixture
def publication(make_publication: MakePublication) -> Path:
    return make_publication(documents={"a.yaml": DOCUMENT_YAML, "b.yaml": OTHER})


def made(report: BuildReport) -> set[str]:
    return {str(p) for p in report.files}


def html_build(root: Path, **options: object) -> BuildReport:
    return build(root, BuildOptions(formats=("html",), **options))  # type: ignore[arg-type]


PAGES_A = {"fr/a/index.html", "en/a/index.html", "fr-en/a/index.html"}
SHARED = {"index.html", "status/index.html"}


def test_first_build_then_nothing_to_do(publication: Path) -> None:
    first = html_build(publication)
    assert made(first) >= PAGES_A | SHARED and "static/edition.css" in made(first)
    again = html_build(publication)
    assert again.up_to_date and again.files == []


def test_editing_one_document_rebuilds_its_pages_and_the_lists(publication: Path) -> None:
    html_build(publication)
    path = publication / "content" / "a.yaml"
    path.write_text(path.read_text().replace("Premier article.", "Premier article, modifié."))
    report = html_build(publication)
    assert made(report) == PAGES_A | SHARED
    assert "Premier article, modifié." in (publication / "output" / "fr" / "a" / "index.html").read_text()


def test_a_whitespace_only_save_changes_nothing_visible_but_is_remade(publication: Path) -> None:
    html_build(publication)
    path = publication / "content" / "b.yaml"
    path.write_text(path.read_text() + "\n")
    assert made(html_build(publication)) == {"fr/b/index.html", "en/b/index.html", "fr-en/b/index.html"} | SHARED


def test_settings_templates_and_catalog_changes_rebuild_every_page(publication: Path) -> None:
    first = made(html_build(publication))
    pages = {name for name in first if name.endswith(".html")}
    settings = publication / "publication.yaml"
    settings.write_text(settings.read_text().replace("Test Press", "Another Press"))
    assert made(html_build(publication)) == pages
    (publication / "templates").mkdir()
    (publication / "templates" / "index.html").write_text('{% extends "base.html" %}{% block main %}<p>home</p>{% endblock %}')
    assert made(html_build(publication)) == pages


def test_a_screen_stylesheet_change_copies_only_that_file(publication: Path) -> None:
    html_build(publication)
    (publication / "styles").mkdir()
    (publication / "styles" / "screen.css").write_text("body { color: teal; }\n")
    assert made(html_build(publication)) == {"static/screen.css"}


@pytest.mark.slow
def test_a_print_stylesheet_change_remakes_the_pdfs_not_the_pages(publication: Path) -> None:
    options = {"languages": ("fr",)}
    build(publication, BuildOptions(jobs=1, **options))  # type: ignore[arg-type]
    (publication / "styles").mkdir()
    (publication / "styles" / "print.css").write_text(
        (Path(__file__).parent.parent / "styles" / "print.css").read_text() + "\n/* */\n"
    )
    report = build(publication, BuildOptions(jobs=1, **options))  # type: ignore[arg-type]
    assert made(report) == {"static/print.css", "pdf/a.fr.pdf", "pdf/b.fr.pdf", "pdf/edition.fr.pdf"}


def test_deleting_a_document_removes_its_outputs(publication: Path) -> None:
    html_build(publication)
    (publication / "content" / "b.yaml").unlink()
    report = html_build(publication)
    assert {str(p) for p in report.removed} == {"fr/b/index.html", "en/b/index.html", "fr-en/b/index.html"}
    assert not (publication / "output" / "fr" / "b" / "index.html").exists()
    assert made(report) == SHARED


def test_building_one_language_keeps_the_others(publication: Path) -> None:
    html_build(publication)
    report = html_build(publication, languages=("fr",), force=True)
    assert (publication / "output" / "en" / "a" / "index.html").exists()
    assert report.removed == []


def test_options_and_force(publication: Path) -> None:
    html_build(publication)
    assert made(html_build(publication, draft=True)) >= PAGES_A
    assert html_build(publication, draft=True).up_to_date
    forced = html_build(publication, draft=True, force=True)
    assert PAGES_A | SHARED | {"static/edition.css"} <= made(forced)


def test_translation_history_changes_only_the_dashboard(publication: Path) -> None:
    html_build(publication)
    (publication / ".diptych").mkdir()
    (publication / ".diptych" / "sources.json").write_text('{"0123456789ab": "Ancien texte."}\n')
    assert made(html_build(publication)) == {"status/index.html"}


def test_a_lost_output_is_made_again(publication: Path) -> None:
    html_build(publication)
    (publication / "output" / "en" / "a" / "index.html").unlink()
    assert made(html_build(publication)) == {"en/a/index.html"}


def test_a_damaged_manifest_means_a_full_build(publication: Path) -> None:
    html_build(publication)
    (publication / "output" / ".diptych-manifest.json").write_text("{not json")
    assert made(html_build(publication)) >= PAGES_A


@pytest.mark.slow
def test_jobs_give_the_same_edition(publication: Path, tmp_path: Path) -> None:
    """Worker processes make byte-identical HTML and PDFs with the same text as a serial build."""
    from pypdf import PdfReader

    serial = build(publication, BuildOptions(output=tmp_path / "serial", jobs=1, languages=("fr", "en")))
    parallel = build(publication, BuildOptions(output=tmp_path / "parallel", jobs=2, languages=("fr", "en")))
    assert made(serial) == made(parallel)
    for name in made(serial):
        a, b = serial.output / name, parallel.output / name
        if name.endswith(".pdf"):
            text = ["\n".join(p.extract_text() for p in PdfReader(path).pages) for path in (a, b)]
            assert text[0] == text[1], name
        else:
            assert a.read_bytes() == b.read_bytes(), name


def test_no_op_build_from_the_command_line_does_not_import_weasyprint(publication: Path) -> None:
    html_build(publication)
    import subprocess
    import sys

    code = (
        "import sys; from diptych.cli import main; rc = main(['build', sys.argv[1], '--format', 'html', '-q']);"
        "print('weasyprint' in sys.modules); sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(publication)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "False", result.stderr
    shutil.rmtree(publication / "output")
