"""The diptych command as a user calls it: exit codes, messages, and nothing lost on failure."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import DOCUMENT_YAML, ROOT, MakePublication, run_cli, snapshot


def test_help_speaks_to_a_newcomer() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("build", "check", "init"):
        assert command in result.stdout
    assert "publication" in result.stdout
    assert run_cli().returncode == 2
    build_help = run_cli("build", "--help").stdout
    for option in ("--output", "--lang", "--format", "--strict", "--quiet", "--verbose"):
        assert option in build_help


def test_check_passes_on_this_repository() -> None:
    result = run_cli("check", ROOT)
    assert result.returncode == 0, result.stderr
    assert "OK — 1 document(s), 48 texts, languages fr, en" in result.stderr


BAD_DOCUMENTS: dict[str, tuple[str | bytes, str]] = {
    "tabs": ("headline:\n\tfr: Titre\n", "doc.yaml:2:1: error: YAML syntax error"),
    "unclosed quote": (
        'headline:\n  fr: "Titre\nbody: []\n',
        "doc.yaml:4:1: error: YAML syntax error: found unexpected end of stream",
    ),
    "bad indentation": ("headline:\n  fr: Titre\n en: Title\nbody: []\n", "doc.yaml:3:2: error: YAML syntax error"),
    "empty file": ("", "doc.yaml:1:1: error: the document is empty"),
    "binary file": (b"\x00\x01\x02PK\x03\x04", "doc.yaml:1:1: error: file contains NUL bytes"),
    "huge file": (b"headline: " + b"x" * (6 * 1024 * 1024), "doc.yaml: error: file is too large"),
    "alias bomb": ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "doc.yaml:1:4: error: anchors and aliases"),
    "key collision": (
        DOCUMENT_YAML + "headline: again\n",
        "doc.yaml:25:1: error: duplicate key 'headline' (first written on line 2)",
    ),
    "wrong type": (DOCUMENT_YAML.replace("body:\n", "body: some text\nx:\n"), "doc.yaml:5:7: error: body must be a list"),
    "unknown language": (DOCUMENT_YAML.replace("en: A paragraph.", "xx: A paragraph."), "doc.yaml:8:5: error: unknown key 'xx'"),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_input_gets_one_clear_message_and_changes_nothing(make_publication: MakePublication, case: str) -> None:
    content, expected = BAD_DOCUMENTS[case]
    root = make_publication(documents={"doc.yaml": content})
    before = snapshot(root)
    for command in ("check", "build"):
        result = run_cli(command, root)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert expected in result.stderr, result.stderr
        assert "hint:" in result.stderr or "nothing was written" in result.stderr
    assert snapshot(root) == before  # no output folder, no file touched


def test_build_writes_the_edition_and_a_failed_build_keeps_it(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    out = tmp_path / "site"
    result = run_cli("build", root, "--output", out, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "built 1 document: 7 HTML pages, 0 PDFs" in result.stderr  # with the search page of each language
    assert (out / "en" / "doc" / "index.html").is_file() and (out / "index.html").is_file()
    before = snapshot(out)
    (root / "content" / "doc.yaml").write_text("headline: [broken\n", encoding="utf-8")
    result = run_cli("build", root, "--output", out, "--format", "html")
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert snapshot(out) == before


def test_strict_turns_warnings_into_a_failure(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "")})
    out = tmp_path / "site"
    result = run_cli("build", root, "--output", out, "--format", "html", "--strict")
    assert result.returncode == 1
    assert "1 of 5 texts have no 'en' translation" in result.stderr and "nothing was written" in result.stderr
    assert not (out / "index.html").exists()
    relaxed = run_cli("build", root, "--output", out, "--format", "html")
    assert relaxed.returncode == 0 and "warning:" in relaxed.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--lang", "de"), "--lang de: not a language of this publication"),
        (("--format", "docx"), "--format docx: unknown format"),
    ],
)
def test_usage_errors_exit_2(make_publication: MakePublication, arguments: tuple[str, ...], message: str) -> None:
    result = run_cli("build", make_publication(), *arguments)
    assert result.returncode == 2 and message in result.stderr


def test_unwritable_output_is_a_clear_error(make_publication: MakePublication, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("build", make_publication(), "--output", blocker / "out", "--format", "html")
    assert result.returncode == 1
    assert "cannot write the edition here" in result.stderr and "--output" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_error_names_the_template_and_line(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    (root / "templates").mkdir()
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n'
    )
    result = run_cli("build", root, "--output", tmp_path / "out", "--format", "html")
    assert result.returncode == 1
    assert "templates/index.html:3: error: template syntax" in result.stderr, result.stderr


def test_publication_override_of_a_template_and_a_stylesheet(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    (root / "templates").mkdir()
    (root / "styles").mkdir()
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ publication.documents|length }} document</p>{% endblock %}'
    )
    (root / "styles" / "screen.css").write_text("body { color: teal; }\n")
    out = tmp_path / "out"
    assert run_cli("build", root, "--output", out, "--format", "html").returncode == 0
    assert '<p class="mine">1 document</p>' in (out / "index.html").read_text()
    assert (out / "static" / "screen.css").read_text() == "body { color: teal; }\n"
    assert "article-heading" in (out / "static" / "edition.css").read_text()  # the theme's, not overridden


def test_init_makes_a_publication_ready_to_build(tmp_path: Path) -> None:
    target = tmp_path / "my-edition"
    result = run_cli("init", target)
    assert result.returncode == 0, result.stderr
    assert run_cli("check", target).returncode == 0
    built = run_cli("build", target, "--format", "html", "--strict")
    assert built.returncode == 0, built.stderr
    html = (target / "output" / "en" / "example" / "index.html").read_text()
    assert '<a href="https://example.org/jumelage">the town’s website</a>' in html
    again = run_cli("init", target)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_init_with_other_languages(tmp_path: Path) -> None:
    target = tmp_path / "trilingual"
    assert run_cli("init", target, "--source", "en", "--languages", "fr,az").returncode == 0
    assert run_cli("check", target).returncode == 0
    assert run_cli("init", tmp_path / "x", "--languages", "klingon").returncode == 2


def test_build_py_at_the_repository_root(tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--format", "html", "--output", str(tmp_path / "out"), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Un bonhomme ☃ de neige.", "characters missing from Charis SIL were drawn with "),
        ("Un caractère privé \U0010fffd.", '.notdef glyph rendered for Unicode string unsupported by fonts: "\U0010fffd"'),
    ],
)
def test_missing_glyphs_are_named_and_fail_strict(
    make_publication: MakePublication, tmp_path: Path, text: str, message: str
) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("Un paragraphe.", text)})
    out = tmp_path / "out"
    relaxed = run_cli("build", root, "--output", out, "--format", "pdf", "--lang", "fr")
    assert relaxed.returncode == 0 and message in relaxed.stderr, relaxed.stderr
    assert ("U+2603" if "☃" in text else "U+10FFFD") in relaxed.stderr
    strict = run_cli("build", root, "--output", tmp_path / "strict", "--format", "pdf", "--lang", "fr", "--strict")
    assert strict.returncode == 1 and message in strict.stderr
    assert not (tmp_path / "strict" / "pdf").exists()
