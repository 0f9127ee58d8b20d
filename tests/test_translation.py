"""The translation workflow on the seed and on small publications: status, stale, edits, exchange, QA."""

from __future__ import annotations

import difflib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from diptych.build import BuildReport
from diptych.model import fingerprint
from diptych.read import read_publication
from diptych.translation.qa import check_unit

from .conftest import ROOT, SEED_SLUG, MakePublication, invoke, pdf_text, snapshot

SEED_FILE = f"content/{SEED_SLUG}.yaml"
SCHEMAS = ROOT / "tests" / "vendor" / "xliff"  # the OASIS schemas, kept in the repository (see tests/vendor/README.md)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A copy of the seed publication to change."""
    root = tmp_path / "seed"
    root.mkdir()
    shutil.copy2(ROOT / "publication.yaml", root / "publication.yaml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / ".diptych", root / ".diptych")
    return root


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def edit_french(root: Path, old: str, new: str) -> None:
    path = root / SEED_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- status -------------------------------------------------------------------------


def test_status_of_the_seed() -> None:
    result = invoke("status", ROOT, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = {entry["language"]: entry for entry in json.loads(result.stdout)}
    assert (data["en"]["total"], data["en"]["translated"], data["en"]["stale"], data["en"]["missing"]) == (48, 48, 0, 0)
    assert (data["az"]["translated"], data["az"]["draft"], data["az"]["missing"]) == (15, 15, 33)
    assert data["az"]["words_to_translate"] > 1000
    assert data["en"]["untracked"] == 0
    rows = [line.split() for line in invoke("status", ROOT).stdout.splitlines()]
    assert ["en", "48", "48", "0", "0", "0", "0", "100%"] in rows  # the row's content, whatever the spacing


def test_status_exit_codes_for_ci() -> None:
    assert invoke("status", ROOT, "--fail-under", "100").returncode == 1  # az is a draft
    assert invoke("status", ROOT, "--lang", "en", "--fail-under", "100", "--fail-on-stale").returncode == 0


def test_changing_one_french_paragraph_makes_exactly_that_unit_stale(seed_copy: Path, tmp_path: Path) -> None:
    edit_french(seed_copy, "à travers des visites réciproques", "à travers des visites officielles réciproques")
    result = invoke("status", seed_copy, "--format", "json", "--lang", "en")
    (entry,) = json.loads(result.stdout)
    stale = [u for u in entry["units"] if u["state"] == "stale"]
    assert [u["id"] for u in stale] == ["a9-5"]
    assert "{+officielles+}" in stale[0]["source_diff"]
    text = invoke("status", seed_copy, "--lang", "en", "--fail-on-stale")
    assert text.returncode == 1 and "a9-5 [en]" in text.stdout and "{+officielles+}" in text.stdout
    # a normal build says so; a draft build marks the unit on the page
    out = tmp_path / "out"
    normal = invoke("build", seed_copy, "--format", "html", "--output", out)
    assert "1 'en' translation(s) were made from an earlier source text (first: a9-5)" in normal.stderr
    draft = invoke("build", seed_copy, "--format", "html", "--output", out, "--draft")
    assert draft.returncode == 0
    html = (out / "en" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    flag = '<span class="review-flag" role="note">The source changed after this translation was made</span>'
    assert f'<p id="a9-5" class="review-stale">{flag}' in html
    assert html.count('class="review-stale"') == 1
    # the reviewer confirms the translation: it is current again
    assert invoke("mark-current", "en", seed_copy, "--id", "a9-5").returncode == 0
    assert json.loads(invoke("status", seed_copy, "--format", "json", "--lang", "en").stdout)[0]["stale"] == 0


@pytest.mark.slow
def test_draft_pdf_is_marked(seed_copy: Path, tmp_path: Path) -> None:
    edit_french(seed_copy, "à travers des visites réciproques", "à travers des visites officielles réciproques")
    out = tmp_path / "out"
    assert invoke("build", seed_copy, "--format", "pdf", "--lang", "en", "--output", out, "--draft").returncode == 0
    text = pdf_text(out / "pdf" / f"{SEED_SLUG}.en.pdf")
    assert "The source changed after this translation was made" in " ".join(text.split())


# -- add-language ---------------------------------------------------------------------


def test_add_language_touches_nothing_else(seed_copy: Path) -> None:
    before = (seed_copy / SEED_FILE).read_text(encoding="utf-8")
    settings_before = (seed_copy / "publication.yaml").read_text(encoding="utf-8")
    result = invoke("add-language", "de", seed_copy)
    assert result.returncode == 0, result.stderr
    assert "added 'de': 48 empty fields" in result.stderr
    changes = changed_lines(before, (seed_copy / SEED_FILE).read_text(encoding="utf-8"))
    assert len(changes) == 48 and all(line[0] == "+" and line[1:].strip() == "de:" for line in changes), changes[:5]
    settings = changed_lines(settings_before, (seed_copy / "publication.yaml").read_text(encoding="utf-8"))
    assert settings == ["-languages: [en, az]", "+languages: [en, az, de]"]
    publication = read_publication(seed_copy)
    assert publication.target_languages == ("en", "az", "de")


def test_add_language_keeps_comments_quotes_and_flow_style(make_publication: MakePublication) -> None:
    document = """\
        # a comment at the top
        headline: Titre seul   # a bare title
        body:
          - id: p1   # the first paragraph
            fr: 'Entre guillemets : simples'
            en: "Double: quoted"
          - {id: p2, fr: Court, en: Short}
        """
    root = make_publication(documents={"doc.yaml": document})
    before = (root / "content" / "doc.yaml").read_text()
    assert invoke("add-language", "az", root, "--draft").returncode == 0
    after = (root / "content" / "doc.yaml").read_text()
    assert "# a comment at the top" in after and "# the first paragraph" in after
    assert "fr: 'Entre guillemets : simples'" in after and 'en: "Double: quoted"' in after
    assert "{id: p2, fr: Court, en: Short, az: null}" in after
    assert "draft_languages: [az]" in (root / "publication.yaml").read_text()
    assert len(after.splitlines()) > len(before.splitlines())
    publication = read_publication(root)
    assert publication.draft_languages == ("az",)


@pytest.mark.parametrize(("code", "message"), [("xx", "unknown language code 'xx'"), ("en", "already a language")])
def test_add_language_refuses(make_publication: MakePublication, code: str, message: str) -> None:
    root = make_publication()
    before = snapshot(root)
    result = invoke("add-language", code, root)
    assert result.returncode == 2 and message in result.stderr
    assert snapshot(root) == before


# -- exchange -------------------------------------------------------------------------


def export(root: Path, form: str, out: Path, language: str = "en") -> Path:
    result = invoke("export", root, "--lang", language, "--format", form, "--out", out)
    assert result.returncode == 0, result.stderr
    (path,) = out.iterdir()
    return path


def test_po_round_trip_changes_exactly_one_line(seed_copy: Path, tmp_path: Path) -> None:
    path = export(seed_copy, "po", tmp_path / "po")
    assert path.name == f"{SEED_SLUG}.en.po"
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    with path.open("rb") as stream:
        catalog = read_po(stream)
    message = next(m for m in catalog if m.context == "a7-3")
    assert message.auto_comments[0] == "article 7, paragraph 3"
    assert message.locations == [(SEED_FILE, message.locations[0][1])]
    message.string = message.string.replace("positive significance", "real significance")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)  # re-wrapped, as Poedit writes it
    path.write_bytes(buffer.getvalue())
    before = (seed_copy / SEED_FILE).read_text(encoding="utf-8")
    result = invoke("import", path, "-C", seed_copy)
    assert result.returncode == 0, result.stderr
    assert "imported 1 translation(s), 47 unchanged" in result.stderr
    changes = changed_lines(before, (seed_copy / SEED_FILE).read_text(encoding="utf-8"))
    assert len(changes) == 2 and "positive significance" in changes[0] and "real significance" in changes[1]


@pytest.mark.parametrize("form", ["xliff", "xliff2"])
def test_xliff_round_trip_changes_exactly_one_line(seed_copy: Path, tmp_path: Path, form: str) -> None:
    path = export(seed_copy, form, tmp_path / form)
    text = path.read_text(encoding="utf-8")
    old = "The Parties stated their readiness to launch negotiations"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "The Parties declared their readiness to launch negotiations"), encoding="utf-8")
    before = (seed_copy / SEED_FILE).read_text(encoding="utf-8")
    result = invoke("import", path, "-C", seed_copy, "--lang", "en")
    assert result.returncode == 0, result.stderr
    changes = changed_lines(before, (seed_copy / SEED_FILE).read_text(encoding="utf-8"))
    assert len(changes) == 2 and "declared their readiness" in changes[1]


def xml_schema(version: str):  # type: ignore[no-untyped-def]
    xmlschema = pytest.importorskip("xmlschema")
    name = "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff-core-2.0.xsd"
    local_xml = (SCHEMAS / "xml.xsd").as_uri()

    def uri_mapper(uri: str) -> str:
        return local_xml if uri.endswith("xml.xsd") else uri

    return xmlschema.XMLSchema(str(SCHEMAS / name), uri_mapper=uri_mapper, allow="local")


@pytest.mark.parametrize(("form", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_xliff_is_valid_against_the_oasis_schema(seed_copy: Path, tmp_path: Path, form: str, version: str) -> None:
    schema = xml_schema(version)
    for language in ("en", "az"):
        path = export(seed_copy, form, tmp_path / f"{form}-{language}", language)
        schema.validate(str(path))


def test_import_of_a_translation_made_from_an_older_source(seed_copy: Path, tmp_path: Path) -> None:
    path = export(seed_copy, "po", tmp_path / "po")
    edit_french(seed_copy, "à travers des visites réciproques", "à travers des visites officielles réciproques")
    with path.open("rb") as stream:
        catalog = read_po(stream)
    message = next(m for m in catalog if m.context == "a9-5")
    message.string = "The Parties support stronger media cooperation through reciprocal visits."
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())
    result = invoke("import", path, "-C", seed_copy)
    assert result.returncode == 0
    assert "'a9-5' was translated from an earlier source text; kept as a draft" in result.stderr
    publication = read_publication(seed_copy)
    unit = next(u for u in publication.documents[0].units() if u.id == "a9-5")
    translation = unit.translations["en"]
    assert translation.text.startswith("The Parties support stronger media") and translation.status == "draft"
    assert unit.is_stale("en")  # still shown as stale until a reviewer confirms it


def test_fuzzy_entries_come_back_as_drafts(seed_copy: Path, tmp_path: Path) -> None:
    path = export(seed_copy, "po", tmp_path / "po")
    with path.open("rb") as stream:
        catalog = read_po(stream)
    message = next(m for m in catalog if m.context == "a8-1")
    message.string = "The Parties will encourage research institutions to work together."
    message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())
    assert invoke("import", path, "-C", seed_copy).returncode == 0
    unit = next(u for u in read_publication(seed_copy).documents[0].units() if u.id == "a8-1")
    assert unit.translations["en"].status == "draft"


PO_HEADER = f"""# {{comment}}
# diptych-document: {SEED_FILE}
msgid ""
msgstr ""
"Language: {{language}}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""

REFUSED: dict[str, tuple[str | bytes, str]] = {
    "unknown id": (
        PO_HEADER.format(comment="x", language="en") + 'msgctxt "no-such-id"\nmsgid "Texte"\nmsgstr "Text"\n',
        "unknown ids 'no-such-id'",
    ),
    "wrong language": (
        PO_HEADER.format(comment="x", language="de") + 'msgctxt "a1-1"\nmsgid "Texte"\nmsgstr "Text"\n',
        "the file is in 'de', which is not a translation of this publication",
    ),
    "corrupt po": (
        PO_HEADER.format(comment="x", language="en") + 'msgctxt "a1-1"\nmsgid "Texte\nmsgstr "Text"\n',
        "not a valid PO file",
    ),
    "unknown document": (
        PO_HEADER.format(comment="x", language="en").replace(SEED_FILE, "content/other.yaml")
        + 'msgctxt "a1-1"\nmsgid "T"\nmsgstr "T"\n',
        "it belongs to 'content/other.yaml', which is not in this publication",
    ),
    "doctype": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="fr" '
        'target-language="en" datatype="plaintext"><body><trans-unit id="a1-1"><source>&lol2;</source>'
        "<target>&lol2;</target></trans-unit></body></file></xliff>",
        "declares a DOCTYPE or entities",
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<xliff>&xxe;</xliff>',
        "declares a DOCTYPE or entities",
    ),
    "broken xml": (
        '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file>',
        "not well-formed XML",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "NUL bytes"),
    "utf-16": ("\ufeffmsgid ''".encode("utf-16"), "UTF-16"),
    "empty": (b"", "the file is empty"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_files_are_refused_and_nothing_changes(seed_copy: Path, tmp_path: Path, case: str) -> None:
    content, message = REFUSED[case]
    path = tmp_path / ("file.xlf" if isinstance(content, str) and content.startswith("<") else "file.po")
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    good = export(seed_copy, "po", tmp_path / "good")
    before = snapshot(seed_copy)
    result = invoke("import", good, path, "-C", seed_copy)  # a good file beside a bad one: neither is applied
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and "nothing was changed" in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert snapshot(seed_copy) == before


def test_import_asked_for_another_language_is_refused(seed_copy: Path, tmp_path: Path) -> None:
    path = export(seed_copy, "xliff", tmp_path / "x")
    result = invoke("import", path, "-C", seed_copy, "--lang", "az")
    assert result.returncode == 1 and "the file is in 'en', not 'az' as asked" in result.stderr


# -- QA ------------------------------------------------------------------------------


def qa(source: str, translation: str, glossary: dict[str, dict[str, str]] | None = None, language: str = "en") -> set[str]:
    from diptych.errors import Location
    from diptych.languages import language as language_value
    from diptych.model import Unit

    unit = Unit("u", "fr", source, Location(Path("x.yaml"), 1, 1))
    return {f.check for f in check_unit(unit, language_value(language), translation, glossary or {})}


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("La 29e session, en 2030, après 33 ans.", "The 29th session, in 2030, after 33 years.", set()),
        ("La 29e session, en 2030.", "The 29th session, in 2031.", {"numbers"}),
        ("Un texte assez long pour être vérifié ici.", "Un texte assez long pour être vérifié ici.", {"identical"}),
        ("Les Parties (OMC) soutiennent.", "The Parties (WTO support.", {"balance"}),
        ("Voir le *texte* [ici](https://example.org).", "See the text [here](https://example.org).", {"markup"}),
        ("Un texte d’une longueur tout à fait ordinaire ici.", "Short.", {"length"}),
        ("Paris", "Paris", set()),
    ],
)
def test_qa_checks(source: str, translation: str, expected: set[str]) -> None:
    assert qa(source, translation) == expected


def test_qa_glossary_folds_turkic_case() -> None:
    glossary = {
        "partenariat stratégique global": {"az": "hərtərəfli strateji tərəfdaşlıq", "en": "comprehensive strategic partnership"}
    }
    assert qa("Un partenariat stratégique global", "A global strategic partnership", glossary) == {"glossary"}
    assert qa("UN PARTENARIAT STRATÉGIQUE GLOBAL", "A COMPREHENSIVE STRATEGIC PARTNERSHIP", glossary) == set()
    assert qa("partenariat stratégique global", "HƏRTƏRƏFLİ STRATEJİ TƏRƏFDAŞLIQ", glossary, "az") == set()


def test_check_translations_names_file_line_and_unit(seed_copy: Path) -> None:
    path = seed_copy / SEED_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("over the 33 years since", "over the 30 years since"), encoding="utf-8")
    result = invoke("check", seed_copy, "--translations")
    assert result.returncode == 0
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if "over the 30 years" in text) - 1
    assert (
        f"{SEED_FILE}:{line}:" in result.stderr and "[en] preambule-negociations: numbers of the source missing" in result.stderr
    )
    assert invoke("check", seed_copy, "--translations", "--strict").returncode == 1


def test_dashboard(seed_html: BuildReport) -> None:
    html = (seed_html.output / "status" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="az">Azərbaycan</span>' in html and "15 sur 48 traduits" in html
    assert f'href="../az/{SEED_SLUG}/index.html#a1-1"' in html
    assert 'class="state-missing"' in html and 'class="state-current"' in html
    index = (seed_html.output / "index.html").read_text(encoding="utf-8")
    assert 'href="status/index.html"' in index


def test_fingerprints_recorded_for_the_seed() -> None:
    publication = read_publication(ROOT)
    for unit in publication.documents[0].units():
        assert unit.translations["en"].source_fingerprint == fingerprint(unit.source), unit.id
