"""One notion of warning: `check --strict` fails exactly when `build --strict` would on what reading can tell,
and a strict build stops before rendering when a problem is already known from reading."""

from __future__ import annotations

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
