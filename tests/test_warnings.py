"""One notion of warning: `check`, `build`, `status` and `import` show the same warnings, with the same words and
the same file:line; `check --strict` fails exactly when `build --strict` would on what reading can tell, and a
strict build stops before rendering when a problem is already known from reading."""

from __future__ import annotations

import json
import time

import pytest

from .conftest import DOCUMENT_YAML, MakePublication, invoke, snapshot

CASES = {
    "a missing translation": {"doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "")},
    "a stale translation": {
        "doc.yaml": DOCUMENT_YAML.replace(
            "    en: A paragraph.\n", "    en:\n      text: A paragraph.\n      source: 0123456789ab\n"
        )
    },
    "an unknown language key": {
        "doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "    en: A paragraph.\n    de: Ein Absatz.\n")
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_strict_and_build_strict_agree(make_publication: MakePublication, case: str) -> None:
    root = make_publication(documents=CASES[case])
    assert invoke("check", root).returncode == 0
    check = invoke("check", root, "--strict")
    assert check.returncode == 1, check.stderr
    before = snapshot(root)
    started = time.perf_counter()
    build = invoke("build", root, "--strict")
    elapsed = time.perf_counter() - started
    assert build.returncode == 1 and "--strict" in build.stderr, build.stderr
    assert snapshot(root) == before and not (root / "output" / "pdf").exists()  # stopped before rendering
    assert elapsed < 20
    warned = {line for line in check.stderr.splitlines() if "warning: " in line and not line.startswith("--strict")}
    assert warned and all(any(w.split("warning: ")[-1][:40] in b for b in build.stderr.splitlines()) for w in warned)


def test_a_language_without_interface_strings_is_the_same_warning(make_publication: MakePublication) -> None:
    publication = "title: {fr: Essai, nb: Prøve}\npublisher: P\nsource_language: fr\nlanguages: [nb]\n"
    document = DOCUMENT_YAML.replace("  en: ", "  nb: ").replace("    en: ", "    nb: ").replace("        en: ", "        nb: ")
    root = make_publication(publication=publication, documents={"doc.yaml": document.replace("en: ", "nb: ")})
    check = invoke("check", root, "--strict")
    assert check.returncode == 1 and "no interface translation for 'nb'" in check.stderr, check.stderr
    build = invoke("build", root, "--strict", "--format", "html")
    assert build.returncode == 1 and "no interface translation for 'nb'" in build.stderr


def test_a_clean_publication_passes_both(make_publication: MakePublication) -> None:
    root = make_publication()
    assert invoke("check", root, "--strict").returncode == 0
    assert invoke("build", root, "--strict", "--format", "html").returncode == 0


# One faulty publication for the four commands: a text in a language that is not the publication's (a problem of
# the file, with its column), a translation made from an earlier source, and a text left untranslated.
FAULTY = {
    "doc.yaml": DOCUMENT_YAML.replace("    en: A paragraph.\n", "    en: A paragraph.\n    de: Ein Absatz.\n").replace(
        "        en: First article.\n", "        en: {text: First article., source: 0123456789ab}\n"
    ),
    "other.yaml": DOCUMENT_YAML.replace("              en: Second article.\n", ""),
}


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_check_build_status_and_import_show_the_same_warnings(make_publication: MakePublication) -> None:
    root = make_publication(documents=FAULTY)
    check = invoke("check", root)
    assert check.returncode == 0, check.stderr
    expected = warnings_of(check.stderr)
    assert [w.split(": ")[1] for w in expected] == ["content/doc.yaml:9:5", "content/doc.yaml:18", "content/other.yaml:22"]
    assert "'de' is not one of" in expected[0] and "earlier source text (first: a1-1)" in expected[1]
    assert "1 of 5 texts have no 'en' translation (first: a2-1)" in expected[2]

    build = invoke("build", root, "--format", "html")
    assert build.returncode == 0 and warnings_of(build.stderr) == expected, build.stderr
    status = invoke("status", root)
    assert status.returncode == 0 and warnings_of(status.stderr) == expected, status.stderr
    as_json = invoke("status", root, "--format", "json")
    assert as_json.returncode == 0 and warnings_of(as_json.stderr) == expected
    assert json.loads(as_json.stdout) and "warning" not in as_json.stdout  # the warnings stay out of the JSON
    assert warnings_of(invoke("status", root, "--lang", "en").stderr) == expected

    exported = invoke("export", root, "--lang", "en")
    assert exported.returncode == 0, exported.stderr
    po = root / "translations" / "en" / "doc.en.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "A headline"', 'msgstr "The headline"'), encoding="utf-8")
    imported = invoke("import", "-C", root, po)
    assert imported.returncode == 0 and "imported 1 translation(s)" in imported.stderr, imported.stderr
    # the same problems, as the import left the files (it records the source of what it wrote: lines move down)
    assert warnings_of(imported.stderr) == warnings_of(invoke("check", root).stderr)
    assert [w.split(": ", 2)[2] for w in warnings_of(imported.stderr)] == [w.split(": ", 2)[2] for w in expected]

    quiet = invoke("status", root, "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_import_warns_of_the_publication_as_the_import_left_it(make_publication: MakePublication) -> None:
    root = make_publication(documents=FAULTY)
    assert invoke("export", root, "--lang", "en").returncode == 0
    po = root / "translations" / "en" / "other.en.po"
    text = po.read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgctxt "a2-1"' in text  # the missing text, offered a suggestion from the other document
    po.write_text(text.replace('#, fuzzy\nmsgctxt "a2-1"', 'msgctxt "a2-1"'), encoding="utf-8")
    imported = invoke("import", "-C", root, po)
    assert imported.returncode == 0 and "imported 1 translation(s)" in imported.stderr, imported.stderr
    after = warnings_of(imported.stderr)
    assert len(after) == 2 and not any("have no 'en' translation" in w for w in after), imported.stderr
    assert warnings_of(invoke("check", root).stderr) == after
