"""The bad-input corpus: every entry point, every way a file can be broken.

Each case breaks a working publication (which has already been built once),
runs a command in-process (Click's CliRunner: the same code path as the command
line, without a child process per case), and checks: the exit status (1, or 2 for a
usage error), one clear message naming the file and line, no traceback, and
that the earlier edition and the user's files are byte for byte as they were.
"""

from __future__ import annotations

import codecs
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import DOCUMENT_YAML, PUBLICATION_YAML, invoke, snapshot


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]  # files to write (relative to the publication) before the command
    command: tuple[str, ...]  # "{pub}" stands for the publication folder
    message: str
    status: int = 1
    where: str = ""  # "file:line" expected in the message, when the problem has a place


def doc(old: str, new: str) -> dict[str, str | bytes]:
    assert old in DOCUMENT_YAML, old
    return {"content/doc.yaml": DOCUMENT_YAML.replace(old, new)}


BUILD = ("build", "{pub}", "--format", "html")
CHECK = ("check", "{pub}")
SETTINGS = "publication.yaml"
PO = (
    '# diptych-document: content/doc.yaml\nmsgid ""\nmsgstr ""\n'
    '"Language: en\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
)

CASES = [
    # -- a document's YAML --
    Case("tab indentation", {"content/doc.yaml": "headline:\n\tfr: Titre\n"}, BUILD, "spaces, not tabs", where="doc.yaml:2"),
    Case(
        "unclosed quote",
        {"content/doc.yaml": 'headline:\n  fr: "Titre\nbody: []\n'},
        BUILD,
        "a quote or bracket is not closed",
        where="doc.yaml:4",
    ),
    Case(
        "unclosed bracket",
        {"content/doc.yaml": "headline: {fr: Titre\nbody: []\n"},
        BUILD,
        "YAML syntax error",
        where="doc.yaml:",
    ),
    Case(
        "bad indentation",
        {"content/doc.yaml": "headline:\n  fr: Titre\n en: Title\n"},
        BUILD,
        "YAML syntax error",
        where="doc.yaml:3",
    ),
    Case(
        "mapping value in a plain text",
        doc("fr: Un paragraphe.", "fr: Note: un paragraphe."),
        BUILD,
        "must be quoted",
        where="doc.yaml:7",
    ),
    Case("empty file", {"content/doc.yaml": ""}, BUILD, "the document is empty", where="doc.yaml:1"),
    Case("only comments", {"content/doc.yaml": "# rien\n"}, BUILD, "the document is empty", where="doc.yaml:1"),
    Case("binary file", {"content/doc.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, BUILD, "NUL bytes", where="doc.yaml:"),
    Case(
        "Latin-1 file",
        {"content/doc.yaml": "headline: Pékin\nbody: []\n".encode("latin-1")},
        BUILD,
        "not valid UTF-8",
        where="doc.yaml:1",
    ),
    Case(
        "UTF-16 file",
        {"content/doc.yaml": codecs.BOM_UTF16_LE + "headline: x\n".encode("utf-16-le")},
        BUILD,
        "UTF-16",
        where="doc.yaml:1",
    ),
    Case("NUL inside text", doc("Un paragraphe.", "Un para\x00graphe."), BUILD, "NUL bytes", where="doc.yaml:7"),
    Case("control character", doc("Un paragraphe.", "Un para\x07graphe."), BUILD, "is not allowed in YAML", where="doc.yaml:7"),
    Case("huge file", {"content/doc.yaml": b"headline: " + b"x" * (6 * 1024 * 1024)}, BUILD, "too large", where="doc.yaml"),
    Case("very long text", doc("Un paragraphe.", "x" * 120_000), BUILD, "the limit is 100,000", where="doc.yaml:7"),
    Case("deep nesting", {"content/doc.yaml": "a: " + "[" * 60 + "]" * 60 + "\n"}, BUILD, "nested more than", where="doc.yaml:1"),
    Case(
        "libyaml nesting limit",
        {"content/doc.yaml": "a: " + "[" * 2000 + "]" * 2000 + "\n"},
        BUILD,
        "nested far too deeply",
        where="doc.yaml:1",
    ),
    Case(
        "alias bomb",
        {"content/doc.yaml": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"},
        BUILD,
        "anchors and aliases",
        where="doc.yaml:1",
    ),
    Case("merge key", {"content/doc.yaml": "base: {fr: x}\nheadline:\n  <<: {fr: y}\n"}, BUILD, "merge keys", where="doc.yaml:3"),
    Case(
        "python tag", {"content/doc.yaml": "headline: !!python/object/apply:os.system [ls]\n"}, BUILD, "tag", where="doc.yaml:1"
    ),
    Case(
        "duplicate key",
        {"content/doc.yaml": DOCUMENT_YAML + "headline: encore\n"},
        BUILD,
        "duplicate key 'headline'",
        where="doc.yaml:25",
    ),
    Case("list instead of text", doc("fr: Un titre", "fr: [Un, titre]"), BUILD, "must be a text, not a list", where="doc.yaml:3"),
    Case("text instead of list", doc("body:\n", "body: du texte\nx:\n"), BUILD, "must be a list", where="doc.yaml:5"),
    Case("unknown language key", doc("en: A paragraph.", "xx: A paragraph."), BUILD, "unknown key 'xx'", where="doc.yaml:8"),
    Case("misspelt key", doc("en: A paragraph.", "eng: A paragraph."), BUILD, "did you mean 'en'", where="doc.yaml:8"),
    Case("missing French", doc("    fr: Un paragraphe.\n", ""), BUILD, "no source text (fr: …)", where="doc.yaml:6"),
    Case("duplicate ids", doc("id: a2-1", "id: a1-1"), BUILD, "used twice", where="doc.yaml:22"),
    Case("duplicate article numbers", doc("number: 2", "number: 1"), BUILD, "appears twice", where="doc.yaml:20"),
    Case("articles out of order", doc("number: 1", "number: 3"), BUILD, "must be in order", where="doc.yaml:20"),
    Case("unknown block type", doc("  - official:", "  - offical:"), BUILD, "did you mean 'official'", where="doc.yaml:9"),
    Case("not a date", doc("date: 2025-04-23", "date: 23 avril"), BUILD, "YYYY-MM-DD", where="doc.yaml:1"),
    Case("impossible date", doc("date: 2025-04-23", "date: 2025-02-30"), BUILD, "not a real date", where="doc.yaml:1"),
    Case(
        "bidi override in text", doc("Un paragraphe.", "Un para\u202egraphe."), BUILD, "bidirectional control", where="doc.yaml:7"
    ),
    Case("zero-width character in an id", doc("id: p1", "id: p\u200b1"), BUILD, "invisible character", where="doc.yaml:6"),
    Case("javascript link", doc("Un paragraphe.", "'[ici](javascript:alert(1))'"), BUILD, "javascript:", where="doc.yaml:7"),
    Case(
        "slug with a path",
        {"content/doc.yaml": "slug: ../../etc\n" + DOCUMENT_YAML},
        BUILD,
        "cannot be used as a slug",
        where="doc.yaml:1",
    ),
    Case("reserved slug", {"content/doc.yaml": "slug: edition\n" + DOCUMENT_YAML}, BUILD, "reserved", where="doc.yaml:1"),
    # -- publication.yaml --
    Case("empty publication.yaml", {SETTINGS: b""}, CHECK, "publication.yaml is empty", where="publication.yaml:1"),
    Case(
        "unknown language",
        {SETTINGS: PUBLICATION_YAML.replace("[en]", "[xx]")},
        CHECK,
        "unknown language code 'xx'",
        where="publication.yaml:6",
    ),
    Case(
        "malformed language code",
        {SETTINGS: PUBLICATION_YAML.replace("[en]", "[EN]")},
        CHECK,
        "write the language code as 'en'",
        where="publication.yaml:6",
    ),
    Case(
        "languages not a list",
        {SETTINGS: PUBLICATION_YAML.replace("[en]", "en, de")},
        CHECK,
        "languages must be a list",
        where="publication.yaml:6",
    ),
    Case(
        "unknown setting",
        {SETTINGS: PUBLICATION_YAML + "colour: red\n"},
        CHECK,
        "unknown key 'colour'",
        where="publication.yaml:8",
    ),
    Case(
        "bad print setting",
        {SETTINGS: PUBLICATION_YAML + "print:\n  paper: B5\n"},
        CHECK,
        "paper must be one of",
        where="publication.yaml:9",
    ),
    Case(
        "yes is not a boolean",
        {SETTINGS: PUBLICATION_YAML + "print:\n  crop_marks: yes\n"},
        CHECK,
        "must be true or false",
        where="publication.yaml:9",
    ),
    # -- templates a user overrides --
    Case(
        "template syntax error", {"templates/index.html": "{% if %}\n"}, BUILD, "template syntax", where="templates/index.html:1"
    ),
    Case(
        "template unknown variable",
        {"templates/index.html": '{% extends "base.html" %}{% block main %}{{ nothing.here }}{% endblock %}'},
        BUILD,
        "undefined value",
        where="index.html:1",
    ),
    Case(
        "template that extends nothing",
        {"templates/index.html": '{% extends "nope.html" %}'},
        BUILD,
        "template 'nope.html' not found",
    ),
    # -- translators' files --
    Case(
        "PO with unknown ids",
        {"x.po": PO + 'msgctxt "nope"\nmsgid "Texte"\nmsgstr "Text"\n'},
        ("import", "{pub}/x.po", "-C", "{pub}"),
        "unknown ids 'nope'",
        where="x.po:",
    ),
    Case(
        "PO with a broken line",
        {"x.po": PO + 'msgctxt "p1"\nmsgid "Un\nmsgstr "A"\n'},
        ("import", "{pub}/x.po", "-C", "{pub}"),
        "not a valid PO file",
        where="x.po:8",
    ),
    Case(
        "PO in the wrong language",
        {"x.po": PO.replace("en", "de") + 'msgctxt "p1"\nmsgid "Un paragraphe."\nmsgstr "Ein Absatz."\n'},
        ("import", "{pub}/x.po", "-C", "{pub}"),
        "not a translation of this publication",
    ),
    Case(
        "XLIFF with entities",
        {"x.xlf": '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff>&e;</xliff>'},
        ("import", "{pub}/x.xlf", "-C", "{pub}"),
        "DOCTYPE or entities",
        where="x.xlf:2",
    ),
    Case(
        "XLIFF not well formed",
        {"x.xlf": '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n'},
        ("import", "{pub}/x.xlf", "-C", "{pub}"),
        "not well-formed XML",
        where="x.xlf:4",
    ),
    Case("exchange file that is binary", {"x.po": b"\x00\x01\x02"}, ("import", "{pub}/x.po", "-C", "{pub}"), "NUL bytes"),
    # -- the command line --
    Case("unknown command", {}, ("publish", "{pub}"), "No such command 'publish'", status=2),
    Case("unknown option", {}, ("build", "{pub}", "--colour"), "No such option '--colour'", status=2),
    Case("negative jobs", {}, ("build", "{pub}", "--jobs", "-1"), "--jobs must be", status=2),
    Case("unknown build language", {}, ("build", "{pub}", "--lang", "de"), "not a language of this publication", status=2),
    Case("unknown format", {}, ("build", "{pub}", "--format", "docx"), "unknown format", status=2),
    Case("no such publication", {}, ("build", "{pub}/nowhere"), "no such folder"),
    Case("export without a language", {}, ("export", "{pub}"), "export needs --lang LANG", status=2),
    Case("import of a missing file", {}, ("import", "{pub}/missing.po", "-C", "{pub}"), "cannot read"),
    Case("add an unknown language", {}, ("add-language", "klingon", "{pub}"), "not a language code", status=2),
    Case("mark an unknown id", {}, ("mark-current", "en", "{pub}", "--id", "nope"), "no text with the id 'nope'", status=2),
]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(built_publication: Path, case: Case) -> None:
    root = built_publication
    edition = snapshot(root / "output")
    for name, content in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else textwrap.dedent(content).encode("utf-8"))
    sources = {name: data for name, data in snapshot(root).items() if not name.startswith("output/")}
    result = invoke(*(part.replace("{pub}", str(root)) for part in case.command))
    assert result.returncode == case.status, result.stderr
    assert case.message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    if case.where:
        assert case.where in result.stderr, result.stderr
    assert len(result.stderr) < 3000  # one clear message, not a wall of text
    assert snapshot(root / "output") == edition  # the earlier edition is intact
    assert {n: d for n, d in snapshot(root).items() if not n.startswith("output/")} == sources  # and the user's files
