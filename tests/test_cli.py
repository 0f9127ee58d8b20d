"""The diptych command as a user calls it: exit codes, messages, and nothing lost on failure."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import DOCUMENT_YAML, ROOT, MakePublication, invoke, run_cli, snapshot

# -- end to end: the command as a user runs it, in a child process ------------------------


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
    assert run_cli("--version").stdout.startswith("diptych ")


def test_a_bad_document_end_to_end(make_publication: MakePublication) -> None:
    """One case of the bad-input corpus (tests/test_bad_input.py, in-process) through a real process."""
    root = make_publication(documents={"doc.yaml": "headline:\n\tfr: Titre\n"})
    before = snapshot(root)
    result = run_cli("build", root)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "doc.yaml:2:1: error: YAML syntax error" in result.stderr and "hint:" in result.stderr
    assert snapshot(root) == before


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


# -- in process (CliRunner) -----------------------------------------------------------------


def test_check_passes_on_this_repository() -> None:
    result = invoke("check", ROOT)
    assert result.returncode == 0, result.stderr
    assert "OK — 1 document(s), 48 texts, languages fr, en" in result.stderr


def test_check_shows_warnings_the_one_way_and_strict_fails(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "    de: Ein Absatz.\n")})
    result = invoke("check", root)
    assert result.returncode == 0, result.stderr
    # the stray text, and (as a build would say) the English translation it left missing
    stray, missing = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert stray.startswith("warning: content/doc.yaml:8:5: ") and "'de' is not one of the publication's languages" in stray
    assert missing.startswith("warning: content/doc.yaml:6: 1 of 5 texts have no 'en' translation (first: p1)")
    strict = invoke("check", root, "--strict", "-q")
    assert strict.returncode == 1 and "--strict: 2 warning(s)" in strict.stderr and "warning:" not in strict.stderr


def test_verbose_names_each_file_written_and_quiet_says_nothing(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    verbose = invoke("build", root, "--output", tmp_path / "a", "--format", "html", "-v")
    assert verbose.returncode == 0, verbose.stderr
    written = [line for line in verbose.stderr.splitlines() if line.startswith("wrote ")]
    assert f"wrote {tmp_path / 'a' / 'en' / 'doc' / 'index.html'}" in written and len(written) >= 5
    quiet = invoke("build", root, "--output", tmp_path / "b", "--format", "html", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    both = invoke("build", root, "-q", "-v")
    assert both.returncode == 2 and "cannot be used together" in both.stderr


def test_quiet_strict_build_still_fails_on_a_warning(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "")})
    result = invoke("build", root, "--output", tmp_path / "site", "--format", "html", "--strict", "-q")
    assert result.returncode == 1 and "nothing was written" in result.stderr


def test_build_writes_the_edition_and_a_failed_build_keeps_it(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    out = tmp_path / "site"
    result = invoke("build", root, "--output", out, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "built 1 document: 7 HTML pages, 0 PDFs" in result.stderr  # with the search page of each language
    assert (out / "en" / "doc" / "index.html").is_file() and (out / "index.html").is_file()
    before = snapshot(out)
    (root / "content" / "doc.yaml").write_text("headline: [broken\n", encoding="utf-8")
    result = invoke("build", root, "--output", out, "--format", "html")
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert snapshot(out) == before


def test_strict_turns_warnings_into_a_failure(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "")})
    out = tmp_path / "site"
    result = invoke("build", root, "--output", out, "--format", "html", "--strict")
    assert result.returncode == 1
    assert "1 of 5 texts have no 'en' translation" in result.stderr and "nothing was written" in result.stderr
    assert not (out / "index.html").exists()
    relaxed = invoke("build", root, "--output", out, "--format", "html")
    assert relaxed.returncode == 0 and "warning:" in relaxed.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--lang", "de"), "--lang de: not a language of this publication"),
        (("--format", "docx"), "--format docx: unknown format"),
    ],
)
def test_usage_errors_exit_2(make_publication: MakePublication, arguments: tuple[str, ...], message: str) -> None:
    result = invoke("build", make_publication(), *arguments)
    assert result.returncode == 2 and message in result.stderr


def test_unwritable_output_is_a_clear_error(make_publication: MakePublication, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke("build", make_publication(), "--output", blocker / "out", "--format", "html")
    assert result.returncode == 1
    assert "cannot write the edition here" in result.stderr and "--output" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_error_names_the_template_and_line(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    (root / "templates").mkdir()
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n'
    )
    result = invoke("build", root, "--output", tmp_path / "out", "--format", "html")
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
    assert invoke("build", root, "--output", out, "--format", "html").returncode == 0
    assert '<p class="mine">1 document</p>' in (out / "index.html").read_text()
    assert (out / "static" / "screen.css").read_text() == "body { color: teal; }\n"
    assert "article-heading" in (out / "static" / "edition.css").read_text()  # the theme's, not overridden


def test_init_makes_a_publication_ready_to_build(tmp_path: Path) -> None:
    target = tmp_path / "my-edition"
    result = invoke("init", target)
    assert result.returncode == 0, result.stderr
    assert invoke("check", target).returncode == 0
    built = invoke("build", target, "--format", "html", "--strict")
    assert built.returncode == 0, built.stderr
    html = (target / "output" / "en" / "example" / "index.html").read_text()
    assert '<a href="https://example.org/jumelage">the town’s website</a>' in html
    again = invoke("init", target)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_init_with_other_languages(tmp_path: Path) -> None:
    target = tmp_path / "trilingual"
    assert invoke("init", target, "--source", "en", "--languages", "fr,az").returncode == 0
    assert invoke("check", target).returncode == 0
    assert invoke("init", tmp_path / "x", "--languages", "klingon").returncode == 2


@pytest.mark.slow
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
    relaxed = invoke("build", root, "--output", out, "--format", "pdf", "--lang", "fr")
    assert relaxed.returncode == 0 and message in relaxed.stderr, relaxed.stderr
    assert ("U+2603" if "☃" in text else "U+10FFFD") in relaxed.stderr
    strict = invoke("build", root, "--output", tmp_path / "strict", "--format", "pdf", "--lang", "fr", "--strict")
    assert strict.returncode == 1 and message in strict.stderr
    assert not (tmp_path / "strict" / "pdf").exists()
