"""Interface strings: extracted from the theme, translated completely in fr and en."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from diptych.theme import LOCALE_DIR

from .conftest import ROOT


def template_messages() -> set[str]:
    found = set()
    method_map = [("src/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options, keywords={"_": None, "gettext": None}):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_is_complete_and_current(language: str) -> None:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        catalog = read_po(stream, locale=language)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = template_messages() - translated
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext (msgfmt) is not installed; run make")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_msgfmt_accepts_the_catalog(language: str, tmp_path: Path) -> None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "m.mo"), str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
