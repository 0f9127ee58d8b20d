"""Fixtures on fixtures: the seed read once, the seed built once, scratch publications per test."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from diptych.build import BuildOptions, BuildReport, build
from diptych.model import Publication
from diptych.read import read_publication

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "azerbaidjan-chine-declaration"


@pytest.fixture(scope="session")
def seed() -> Publication:
    return read_publication(ROOT)


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seed edition, HTML and PDF, built once into a scratch folder."""
    out = tmp_path_factory.mktemp("seed-output")
    return build(ROOT, BuildOptions(output=out))


PUBLICATION_YAML = """\
title:
  fr: Essai
  en: Trial
publisher: Test Press
source_language: fr
languages: [en]
numbering: article
"""

DOCUMENT_YAML = """\
date: 2025-04-23
headline:
  fr: Un titre
  en: A headline
body:
  - id: p1
    fr: Un paragraphe.
    en: A paragraph.
  - official:
      id: texte
      title:
        fr: Déclaration
        en: Declaration
      articles:
        - number: 1
          paragraphs:
            - id: a1-1
              fr: Premier article.
              en: First article.
        - number: 2
          paragraphs:
            - id: a2-1
              fr: Deuxième article.
              en: Second article.
"""

MakePublication = Callable[..., Path]


@pytest.fixture
def make_publication(tmp_path: Path) -> MakePublication:
    """Write a small publication from dedented strings: make_publication(documents={"a.yaml": "…"})."""

    def make(publication: str = PUBLICATION_YAML, documents: dict[str, str | bytes] | None = None) -> Path:
        root = tmp_path / "pub"
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "publication.yaml").write_text(textwrap.dedent(publication), encoding="utf-8")
        for name, text in (documents if documents is not None else {"doc.yaml": DOCUMENT_YAML}).items():
            path = root / "content" / name
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the diptych command as a user would, in a child process."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "diptych", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove nothing changed (the build lock aside)."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".diptych.lock"
    }
