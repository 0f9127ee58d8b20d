"""Hostile content and hostile resources: escaped, refused or neutralised — nothing run, fetched or leaked."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pikepdf
import pytest

from diptych.build import BuildOptions, build
from diptych.errors import ContentError
from diptych.read import read_publication

from .conftest import DOCUMENT_YAML, PUBLICATION_YAML, ROOT, MakePublication, invoke, pdf_dangers, pdf_text, run_cli, snapshot


class Elements(HTMLParser):
    """Every element of a page as a browser would parse it: (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "{{ config }} {% for x in range(9) %}{{ x }}{% endfor %}",
    '[clic](https://example.org/"onclick="alert(1))',
    "</style><script>alert(2)</script>",
    '<link rel="attachment" href="file:///etc/passwd">',
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
]


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pdf_with(path: Path, thing: str) -> Path:
    """A one-page PDF holding ``thing``, saved compressed as WeasyPrint saves its own (objects in streams)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10])
    if thing == "JavaScript":
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    elif thing == "Launch":
        link.A = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc"))
    elif thing == "file:":
        link.A = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("file:///etc/passwd"))
    elif thing == "attachment":
        pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(pdf, b"TOP-SECRET")
    if "/A" in link:
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))
    pdf.save(path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return path


@pytest.mark.parametrize("thing", ["JavaScript", "Launch", "file:", "attachment"])
def test_pdf_dangers_finds_what_searching_the_bytes_cannot(tmp_path: Path, thing: str) -> None:
    """The check the PDF tests rely on fails on a PDF that has the thing, even where its bytes do not show it."""
    assert pdf_dangers(_pdf_with(tmp_path / "clean.pdf", "nothing")) == []
    path = _pdf_with(tmp_path / "hostile.pdf", thing)
    assert pdf_dangers(path) != []
    if thing != "attachment":  # a stream's dictionary stays in the clear; these sit in a compressed object stream
        assert f"/{thing}".replace("/file:", "file:").encode() not in path.read_bytes()  # what the tests searched before


@pytest.mark.slow
@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_is_printed_not_run(make_publication: MakePublication, tmp_path: Path, text: str) -> None:
    document = DOCUMENT_YAML.replace("Un paragraphe.", quoted(text)).replace("fr: Un titre", f"fr: {quoted(text)}")
    settings = PUBLICATION_YAML.replace("Test Press", quoted(text))
    root = make_publication(publication=settings, documents={"doc.yaml": document})
    report = build(root, BuildOptions(output=tmp_path / "out", languages=("fr",), jobs=1))
    for path in report.output.rglob("*.html"):
        parser = Elements()
        parser.feed(path.read_text(encoding="utf-8"))
        assert not {"script", "svg", "img", "iframe", "object"} & {tag for tag, _ in parser.elements}, path
        for tag, attributes in parser.elements:
            assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
            assert not str(attributes.get("href", "")).lower().startswith(("javascript:", "data:")), attributes
            assert attributes.get("rel") != "attachment"
    for path in report.output.rglob("*.pdf"):
        assert pdf_dangers(path) == [], path
    # the text itself is on the page, as text (and content is never run as a template)
    page = (report.output / "fr" / "doc" / "index.html").read_text(encoding="utf-8")
    marker = next(word for word in ("alert", "config", "attachment", "&amp;amp;") if word in text.replace("&amp;", "&amp;amp;"))
    assert marker in page


@pytest.mark.slow
def test_styles_cannot_be_injected_through_titles(make_publication: MakePublication, tmp_path: Path) -> None:
    title = 'x"; } body { display: none; } @page { @top-left { content: "pwned'
    settings = PUBLICATION_YAML.replace("fr: Essai", f"fr: {quoted(title)}")
    root = make_publication(publication=settings)
    build(root, BuildOptions(output=tmp_path / "out", languages=("fr",), jobs=1))
    assert "Premier article." in pdf_text(tmp_path / "out" / "pdf" / "doc.fr.pdf")  # the body was not hidden


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.slow
def test_the_pdf_engine_reads_nothing_outside_the_publication(make_publication: MakePublication, tmp_path: Path) -> None:
    """A template override that asks WeasyPrint for outside files and network addresses gets none of them."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-OUTSIDE-THE-PUBLICATION")
    root = make_publication()
    (root / "templates").mkdir()
    (root / "templates" / "document.html").write_text(
        (ROOT / "templates" / "document.html")
        .read_text()
        .replace(
            "{% block main %}",
            f'{{% block main %}}<link rel="attachment" href="file://{secret}"><img src="http://127.0.0.1:{port}/x.png">'
            f'<img src="file:///etc/passwd"><style>@import url(http://127.0.0.1:{port}/a.css);'
            f" body {{ background: url(file://{secret}); }}</style>",
        )
    )
    try:
        report = build(root, BuildOptions(output=tmp_path / "out", languages=("fr",), formats=("pdf",), jobs=1))
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.requests == []
    path = report.output / "pdf" / "doc.fr.pdf"
    assert pdf_dangers(path) == []  # no attached file (the secret would travel as one)
    text = pdf_text(path)
    assert "Premier article." in text and "TOP-SECRET" not in text and "root:x:0:0" not in text
    assert any("refused" in w for w in report.warnings)


def test_a_document_linked_from_outside_is_refused(make_publication: MakePublication, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(DOCUMENT_YAML)
    root = make_publication()
    (root / "content" / "linked.yaml").symlink_to(outside)
    with pytest.raises(ContentError, match="a link to a place outside the publication"):
        read_publication(root)


# -- nothing lost ------------------------------------------------------------------------


def test_writes_keep_permissions(make_publication: MakePublication) -> None:
    root = make_publication()
    assert invoke("build", root, "--format", "html").returncode == 0
    page = root / "output" / "fr" / "doc" / "index.html"
    page.chmod(0o640)
    document = root / "content" / "doc.yaml"
    document.chmod(0o600)
    document.write_text(document.read_text().replace("Premier article.", "Premier article !"))
    assert invoke("build", root, "--format", "html").returncode == 0
    assert oct(page.stat().st_mode & 0o777) == oct(0o640)
    assert invoke("add-language", "de", root).returncode == 0  # an in-place YAML edit
    assert oct(document.stat().st_mode & 0o777) == oct(0o600)


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_edition_usable(make_publication: MakePublication) -> None:
    root = make_publication(documents={f"d{n}.yaml": DOCUMENT_YAML for n in range(6)})
    assert run_cli("build", root, "--lang", "fr", "--jobs", "1").returncode == 0
    before = snapshot(root / "output")
    for n in range(6):
        path = root / "content" / f"d{n}.yaml"
        path.write_text(path.read_text().replace("Premier article.", "Premier article, révisé."))
    process = subprocess.Popen(
        [sys.executable, "-m", "diptych", "build", str(root), "--lang", "fr", "--jobs", "1", "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any((root / "output").rglob(".*.tmp")):
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    after = {
        k: v
        for k, v in snapshot(root / "output").items()
        if not k.split("/")[-1].startswith(".") or k == ".diptych-manifest.json"
    }
    assert after == {k: v for k, v in before.items() if not k.split("/")[-1].startswith(".") or k == ".diptych-manifest.json"}
    # the next build cleans up and completes
    result = run_cli("build", root, "--lang", "fr", "--jobs", "1")
    assert result.returncode == 0 and not list((root / "output").rglob(".*.tmp"))
    assert "révisé" in (root / "output" / "fr" / "d0" / "index.html").read_text()


@pytest.mark.slow
def test_two_builds_at_once(make_publication: MakePublication) -> None:
    root = make_publication(documents={f"d{n}.yaml": DOCUMENT_YAML for n in range(4)})
    first = subprocess.Popen(
        [sys.executable, "-m", "diptych", "build", str(root), "--lang", "fr", "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    lock = root / "output" / ".diptych.lock"
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.02)
    second = run_cli("build", root, "--lang", "fr", "--jobs", "1", "--force")
    first.wait(timeout=120)
    assert first.returncode == 0
    assert second.returncode == 1 and "another diptych command is building the edition here" in second.stderr
    assert run_cli("build", root, "--lang", "fr", "--jobs", "1").returncode == 0
