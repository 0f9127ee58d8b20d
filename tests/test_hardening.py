"""The bad-input corpus, round two: files that are not files, links that leave the publication, a
tampered edition folder, control characters by every route, limits of numbering, failing
templates, oversized translators' files, hostile arguments.

Each case breaks a publication that has been built once, runs a command in-process as the
command line would, and checks: the exit status, a message, no traceback, nothing raw for a
terminal, and every file — sources, the previous edition, whatever lies outside — as it was.
A sweep over this corpus and the first one fails on any exit status 70 ("a bug in diptych").
"""

from __future__ import annotations

import json
import os
import re
import stat
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from diptych import cli
from diptych.translation import exchange

from .conftest import DOCUMENT_YAML, PUBLICATION_YAML, MakePublication

Setup = Callable[[Path, Path], None]  # (publication, a folder outside it)


@dataclass(frozen=True)
class Case:
    name: str
    setup: Setup
    command: tuple[str, ...]  # "{pub}" and "{out}" stand for the publication and the outside folder
    message: str
    status: int = 1


def write(relative: str, content: str | bytes) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        path = outside / relative.removeprefix("{out}/") if relative.startswith("{out}/") else root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")

    return setup


def document(old: str, new: str) -> Setup:
    assert old in DOCUMENT_YAML, old
    return write("content/doc.yaml", DOCUMENT_YAML.replace(old, new))


def settings(old: str, new: str) -> Setup:
    assert old in PUBLICATION_YAML, old
    return write("publication.yaml", PUBLICATION_YAML.replace(old, new))


def fifo(relative: str) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / relative)

    return setup


def link(relative: str, target: str) -> Setup:
    """A symbolic link; "{out}" in the target is the folder outside the publication."""

    def setup(root: Path, outside: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).symlink_to(target.replace("{out}", str(outside)).replace("{pub}", str(root)))

    return setup


def both(*setups: Setup) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        for each in setups:
            each(root, outside)

    return setup


def po(entries: str, language: str = "en") -> bytes:
    header = (
        '# diptych-document: content/doc.yaml\nmsgid ""\nmsgstr ""\n'
        f'"Language: {language}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    )
    return (header + entries).encode("utf-8")


def xliff(units: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="content/doc.yaml" source-language="fr" target-language="en" datatype="plaintext"><body>\n'
        f"{units}</body></file></xliff>\n"
    ).encode()


def manifest_entry(name: str) -> Setup:
    """The edition's manifest names ``name`` as an output of a document since deleted."""

    def setup(root: Path, outside: Path) -> None:
        path = root / "output" / ".diptych-manifest.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["outputs"][name.replace("{out}", str(outside))] = "0" * 24
        data["files"][name.replace("{out}", str(outside))] = "0" * 24
        path.write_text(json.dumps(data), encoding="utf-8")

    return setup


BUILD = ("build", "{pub}", "--format", "html")
CHECK = ("check", "{pub}")
ADD = ("add-language", "de", "{pub}")
MARK = ("mark-current", "en", "{pub}")
IMPORT = ("import", "{pub}/en.po", "-C", "{pub}")
ROMAN = settings("numbering: article", "numbering: roman")
LONG_SLUG = "a" * 300
ENTRY = 'msgctxt "p1"\nmsgid "Un paragraphe."\nmsgstr "{}"\n\n'

CASES = [
    # -- files that are not regular files, or lie outside the publication --
    Case("document is a FIFO (check)", fifo("content/pipe.yaml"), CHECK, "named pipe"),
    Case("document is a FIFO (build)", fifo("content/pipe.yaml"), BUILD, "named pipe"),
    Case("content/ is a link out", lambda r, o: _replace_by_link(r / "content", o, keep=True), CHECK, "outside"),
    Case("folder in content/ links out", link("content/more", "{out}"), BUILD, "outside the publication"),
    Case(
        "document links out",
        both(write("../outside.yaml", DOCUMENT_YAML), link("content/b.yaml", "{out}/../outside.yaml")),
        CHECK,
        "outside",
    ),
    Case("link loop in content/", link("content/loop.yaml", "loop.yaml"), CHECK, "cannot read this"),
    Case("folder link loop in content/", link("content/again", "{pub}/content"), BUILD, "reached twice"),
    Case("dangling link in content/", link("content/gone.yaml", "nowhere.yaml"), CHECK, "cannot read this"),
    Case("link to /etc in content/ (add-language)", link("content/etc", "/etc"), ADD, "outside the publication"),
    Case("FIFO in content/ (add-language)", fifo("content/pipe.yaml"), ADD, "named pipe"),
    Case("FIFO in content/ (mark-current)", fifo("content/pipe.yaml"), MARK, "named pipe"),
    Case(
        "FIFO in content/ (import)", both(fifo("content/pipe.yaml"), write("en.po", po(ENTRY.format("P")))), IMPORT, "named pipe"
    ),
    Case("FIFO in content/ (status)", fifo("content/pipe.yaml"), ("status", "{pub}"), "named pipe"),
    Case("FIFO in content/ (export)", fifo("content/pipe.yaml"), ("export", "{pub}", "--lang", "en"), "named pipe"),
    Case(
        "publication.yaml is a FIFO",
        both(lambda r, o: (r / "publication.yaml").unlink(), fifo("publication.yaml")),
        CHECK,
        "not a diptych publication",
    ),
    Case(
        "publication.yaml links out",
        both(
            write("../elsewhere.yaml", PUBLICATION_YAML),
            lambda r, o: (r / "publication.yaml").unlink(),
            link("publication.yaml", "{out}/../elsewhere.yaml"),
        ),
        CHECK,
        "outside the publication",
    ),
    Case("template is a FIFO", fifo("templates/index.html"), BUILD, "named pipe"),
    Case("template links out", link("templates/index.html", "/etc/hostname"), BUILD, "outside the publication"),
    Case("template is a folder", write("templates/index.html/x", ""), BUILD, "not a regular file"),
    Case("stylesheet is a FIFO", fifo("styles/edition.css"), BUILD, "regular file inside styles/"),
    Case("stylesheet links out", link("styles/edition.css", "/etc/hostname"), BUILD, "regular file inside styles/"),
    Case("translator's file is a FIFO", fifo("en.po"), IMPORT, "named pipe"),
    Case("translator's file is a folder", write("en.po/x", ""), IMPORT, "a folder"),
    Case("translator's file is missing", lambda r, o: None, IMPORT, "No such file"),
    # -- an edition folder that comes from elsewhere --
    Case(
        "edition folder links out",
        both(lambda r, o: _replace_by_link(r / "output" / "fr", o)),
        BUILD,
        "link to a place outside it",
    ),
    Case(
        "lock file links out",
        both(write("{out}/victim", "keep"), lambda r, o: _lock_link(r, o), document("A paragraph.", "A new paragraph.")),
        BUILD,
        "cannot use this folder",
    ),
    # -- control characters, whatever the route --
    Case("YAML escape NUL", document("fr: Un paragraphe.", 'fr: "Un \\0 paragraphe."'), CHECK, "U+0000"),
    Case("YAML escape ESC", document("fr: Un paragraphe.", 'fr: "Un \\e[31m paragraphe."'), BUILD, "U+001B"),
    Case("YAML escape U+FFFE", document("fr: Un paragraphe.", 'fr: "Un \\uFFFE paragraphe."'), CHECK, "U+FFFE"),
    Case("YAML escape NEL", document("fr: Un paragraphe.", 'fr: "Un \\N paragraphe."'), CHECK, "U+0085"),
    Case("YAML escape DEL", document("fr: Un paragraphe.", 'fr: "Un \\x7f paragraphe."'), CHECK, "U+007F"),
    Case("YAML escape C1", document("fr: Un paragraphe.", 'fr: "Un \\x9b paragraphe."'), CHECK, "U+009B"),
    Case("YAML escape bell", document("en: A paragraph.", 'en: "A \\a paragraph."'), CHECK, "U+0007"),
    Case("YAML escape carriage return", document("en: A paragraph.", 'en: "A \\r paragraph."'), CHECK, "U+000D"),
    Case("YAML escape in an id", document("id: p1", 'id: "p\\e1"'), CHECK, "U+001B"),
    Case("YAML escape in a key", document("en: A paragraph.", 'en: A paragraph.\n    "\\x1b": x'), CHECK, "U+001B"),
    Case("YAML escape in the title", settings("en: Trial", 'en: "Tri\\x1bal"'), CHECK, "U+001B"),
    Case("YAML escape in the publisher", settings("publisher: Test Press", 'publisher: "Test\\x00Press"'), BUILD, "U+0000"),
    Case("raw ESC echoed safely", document("fr: Un paragraphe.", "fr: Un \x1b[2J paragraphe."), CHECK, "U+001B"),
    Case("raw C1 CSI echoed safely", document("fr: Un paragraphe.", "fr: Un \x9b31m paragraphe."), CHECK, "U+009B"),
    Case("PO msgstr with ESC", write("en.po", po(ENTRY.format("A \x1b[31m paragraph"))), IMPORT, "U+001B"),
    Case("PO msgstr with BEL", write("en.po", po(ENTRY.format("A \x07 paragraph"))), IMPORT, "U+0007"),
    Case("PO msgctxt with ESC", write("en.po", po('msgctxt "p\x1b1"\nmsgid "x"\nmsgstr "y"\n\n')), IMPORT, "U+001B"),
    Case(
        "XLIFF target with NEL",
        write(
            "en.po", xliff('<trans-unit id="p1"><source>Un paragraphe.</source><target>A \x85 paragraph</target></trans-unit>\n')
        ),
        IMPORT,
        "U+0085",
    ),
    Case(
        "XLIFF target with ESC reference",
        write(
            "en.po",
            xliff('<trans-unit id="p1"><source>Un paragraphe.</source><target>A &#x1b; paragraph</target></trans-unit>\n'),
        ),
        IMPORT,
        "not well-formed",
    ),
    Case("argument with ESC (mark-current)", write("x", ""), ("mark-current", "en\x1b[31m", "{pub}"), "control character", 2),
    Case("argument with ESC (build --lang)", write("x", ""), ("build", "{pub}", "--lang", "en\x1b"), "control character", 2),
    Case(
        "argument with ESC (init --title)",
        write("x", ""),
        ("init", "{out}/new", "--title", "A\x1b[2Jtitle"),
        "control character",
        2,
    ),
    Case("argument with NUL (--id)", write("x", ""), ("mark-current", "en", "{pub}", "--id", "p\x001"), "control character", 2),
    # -- limits the build would refuse, found by check --
    Case(
        "roman numeral past 3999 (check)", both(ROMAN, document("number: 2", "number: 4000")), CHECK, "no roman numeral for 4000"
    ),
    Case("roman numeral past 3999 (build)", both(ROMAN, document("number: 2", "number: 4000")), BUILD, "no roman numeral"),
    Case(
        "Chinese numeral past 9999",
        both(settings("languages: [en]", "languages: [en, zh]"), document("number: 2", "number: 10000")),
        CHECK,
        "no Chinese numeral for 10000",
    ),
    Case(
        "slug of 300 characters (check)",
        document("date: 2025-04-23", f"date: 2025-04-23\nslug: {LONG_SLUG}"),
        CHECK,
        "the limit is 100",
    ),
    Case(
        "slug of 300 characters (build)",
        document("date: 2025-04-23", f"date: 2025-04-23\nslug: {LONG_SLUG}"),
        BUILD,
        "the limit is 100",
    ),
    # -- a publication's own templates that fail --
    Case("template divides by zero", write("templates/index.html", "{{ 1 // 0 }}\n"), BUILD, "ZeroDivisionError"),
    Case("template includes itself", write("templates/index.html", '{% include "index.html" %}\n'), BUILD, "without end"),
    Case("template extends itself", write("templates/document.html", '{% extends "document.html" %}\n'), BUILD, "without end"),
    Case("template is Latin-1", write("templates/index.html", "café".encode("latin-1")), BUILD, "not UTF-8"),
    Case("template indexes past a list", write("templates/index.html", "{{ [1][5] }}\n"), BUILD, "templates/index.html:1"),
    Case("template calls int() on a word", write("templates/index.html", "{{ range('x') }}\n"), BUILD, "templates/index.html:1"),
    # -- translators' files too large to be parsed --
    Case(
        "PO with too many entries",
        write("en.po", po("".join(ENTRY.replace("p1", f"u{i}").format("x") for i in range(20_002)))),
        IMPORT,
        "too many entries",
    ),
    Case(
        "PO entry longer than any text",
        write("en.po", po(ENTRY.format("x" * (exchange.MAX_ENTRY_BYTES + 1)))),
        IMPORT,
        "more than any text",
    ),
    Case(
        "XLIFF with too many units",
        write("en.po", xliff('<trans-unit id="u"><source>a</source></trans-unit>\n' * 20_001)),
        IMPORT,
        "too many entries",
    ),
]


def _replace_by_link(folder: Path, outside: Path, keep: bool = False) -> None:
    if keep:
        (outside / "doc.yaml").write_bytes((folder / "doc.yaml").read_bytes())
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()
    folder.symlink_to(outside)


def _lock_link(root: Path, outside: Path) -> None:
    lock = root / "output" / ".diptych.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(outside / "victim")


def everything(*roots: Path) -> dict[str, object]:
    """Every entry under ``roots`` — bytes of files, targets of links, kinds of the rest — never following a link."""
    found: dict[str, object] = {}
    for root in roots:
        for folder, folders, names in os.walk(root, followlinks=False):
            for name in folders + names:
                path = Path(folder) / name
                if name == ".diptych.lock":
                    continue
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    found[str(path)] = ("link", os.readlink(path))
                elif stat.S_ISREG(mode):
                    found[str(path)] = path.read_bytes()
                else:
                    found[str(path)] = stat.S_IFMT(mode)
    return found


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        status = cli.main(list(args))
    except SystemExit as exit:  # argparse's usage errors
        status = int(exit.code or 0)
    captured = capsys.readouterr()
    return status, captured.err + captured.out


RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def built(built_publication: Path, tmp_path: Path) -> tuple[Path, Path]:
    root = built_publication
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not diptych's", encoding="utf-8")
    return root, outside


def test_the_corpus_is_large_enough() -> None:
    from .test_bad_input import CASES as FIRST

    assert len(CASES) + len(FIRST) >= 120
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hardening_case(built: tuple[Path, Path], capsys: pytest.CaptureFixture[str], case: Case) -> None:
    root, outside = built
    case.setup(root, outside)
    before = everything(root, outside.parent / "outside")
    args = [part.replace("{pub}", str(root)).replace("{out}", str(outside)) for part in case.command]
    status, output = run_main(capsys, *args)
    assert status == case.status, output
    assert case.message in output, output
    assert "Traceback" not in output
    assert not RAW_CONTROL.search(output.replace("\n", "").replace("\t", "")), repr(output)
    assert len(output) < 3000
    assert everything(root, outside.parent / "outside") == before  # sources, the earlier edition, and outside


def test_no_case_of_either_corpus_exits_70(make_publication: MakePublication, capsys: pytest.CaptureFixture[str]) -> None:
    """Status 70 means a bug in diptych; no bad input may cause it."""
    from .test_bad_input import CASES as FIRST

    statuses = {}
    for case in FIRST:
        root = make_publication()
        for name, content in case.files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        statuses[case.name] = run_main(capsys, *(part.replace("{pub}", str(root)) for part in case.command))[0]
        for path in sorted(root.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    assert [name for name, status in statuses.items() if status == 70] == []
