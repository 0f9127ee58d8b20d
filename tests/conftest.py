"""Fixtures on fixtures: the seed read once, its HTML built once, its PDFs built once, scratch publications per test.

Tests that render PDFs or start a browser are marked ``slow``: ``pytest -m "not slow"`` is the quick loop.
Helpers: ``invoke`` runs the diptych command in-process (Click's CliRunner), ``run_cli`` in a child process as a
user would (a handful of end-to-end checks); ``pdf_text`` is poppler's text of a PDF; ``pdf_dangers`` lists what
a PDF must never hold (scripts, launch actions, attachments, file: links), read from its objects.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from diptych.build import BuildOptions, BuildReport, build
from diptych.cli import cli
from diptych.model import Publication
from diptych.read import read_publication

ROOT = Path(__file__).resolve().parent.parent
_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """The tests keep parsed documents in a cache of their own (see diptych.cache), never in the user's."""
    if not os.environ.get("DIPTYCH_CACHE_DIR", "").startswith(tempfile.gettempdir()):
        os.environ["DIPTYCH_CACHE_DIR"] = tempfile.mkdtemp(prefix="diptych-test-cache-")
        _OWN_CACHE.append(os.environ["DIPTYCH_CACHE_DIR"])


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _OWN_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


SEED_SLUG = "azerbaidjan-chine-declaration"


@pytest.fixture(scope="session")
def seed() -> Publication:
    return read_publication(ROOT)


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], BuildReport]) -> BuildReport:
    """``make(folder)`` once per test run, its output shared read-only. Under pytest-xdist (``make test`` runs two
    workers) the first worker to need it builds it, the others wait for it and read its report."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent  # the run's folder, above each worker's own
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        saved = shared / f"{name}.report"
        if saved.exists():
            report: BuildReport = pickle.loads(saved.read_bytes())
            return report
        report = make(shared / name)
        saved.write_bytes(pickle.dumps(report))
        return report


@pytest.fixture(scope="session")
def seed_html(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seed's HTML edition (no PDF), built once into a scratch folder: for the quick tests."""
    return once_per_run(tmp_path_factory, "seed-html", lambda out: build(ROOT, BuildOptions(output=out, formats=("html",))))


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seed edition, HTML and every PDF, built once into a scratch folder (tests using it are slow)."""
    return once_per_run(tmp_path_factory, "seed-output", lambda out: build(ROOT, BuildOptions(output=out)))


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


def write_publication(root: Path, publication: str = PUBLICATION_YAML, documents: dict[str, str | bytes] | None = None) -> Path:
    """Write a small publication into ``root`` from dedented strings (by default the two above)."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "publication.yaml").write_text(textwrap.dedent(publication), encoding="utf-8")
    for name, text in (documents if documents is not None else {"doc.yaml": DOCUMENT_YAML}).items():
        path = root / "content" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def make_publication(tmp_path: Path) -> MakePublication:
    """Write a small publication from dedented strings: make_publication(documents={"a.yaml": "…"})."""

    def make(publication: str = PUBLICATION_YAML, documents: dict[str, str | bytes] | None = None) -> Path:
        return write_publication(tmp_path / "pub", publication, documents)

    return make


@pytest.fixture(scope="session")
def _built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_publication(tmp_path_factory.mktemp("built-once") / "pub")
    build(root, BuildOptions(formats=("html",)))
    return root


@pytest.fixture
def built_publication(_built_once: Path, tmp_path: Path) -> Path:
    """``make_publication()`` with its HTML edition built, at the same place: a copy of one built once per session
    (a build costs a third of a second of CPU and some seventy files; a copy, a hundredth)."""
    return Path(shutil.copytree(_built_once, tmp_path / "pub", symlinks=True))


@dataclass(frozen=True)
class Ran:
    """What a command left: its exit status and its two streams."""

    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str | Path) -> Ran:
    """Run the diptych command in this process, as the command line would (exit status, stdout, stderr)."""
    result = CliRunner().invoke(cli, [str(arg) for arg in args], prog_name="diptych", catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


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


def pdf_text(path: Path, *options: str) -> str:
    """The text of a PDF as poppler's pdftotext reads it (``-layout`` and other options as given)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; run make (scripts/install-system-packages)")
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_dangers(path: Path) -> list[str]:
    """What the PDF holds that a reader could run, open or fetch: JavaScript, launch actions, attached files,
    links to local files. Read from the PDF's objects (the raw bytes are compressed: searching them finds nothing)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(item: object) -> None:
        if isinstance(item, pikepdf.Object) and item.is_indirect:
            if item.objgen in seen:
                return
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Array):
            for each in item:
                visit(each)
        elif isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            kind, action = item.get("/Type"), item.get("/S")
            if action in (pikepdf.Name.JavaScript, pikepdf.Name.Launch) or "/JS" in item:
                found.append(f"{action} action")
            if kind == pikepdf.Name.EmbeddedFile or "/EmbeddedFiles" in item or "/EF" in item:
                found.append("attached file")
            uri = item.get("/URI")
            if isinstance(uri, pikepdf.String) and str(uri).lower().startswith("file:"):
                found.append(f"link to {uri}")
            for key in item.keys():  # noqa: SIM118 (a pikepdf.Dictionary iterates its keys only through keys())
                visit(item[key])

    with pikepdf.open(path) as pdf:
        visit(pdf.trailer)
        for each in pdf.objects:
            visit(each)
    return found
