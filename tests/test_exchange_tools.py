"""Our PO, XLIFF and TMX files checked by the tools translators use: GNU gettext, polib, translate-toolkit, OASIS schemas.

The seed is first given every kind of entry an export meets: stale (the French changed), draft and
missing (Azerbaijani), a paragraph split in two (a new id), two joined into one (an id gone), a text
with line breaks, quotes and backslashes. Each tool must accept the files, and what the tools write
back must import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diptych.read import read_publication
from diptych.translation.workflow import export_memory, export_translations, import_translations

from .conftest import ROOT, SEED_SLUG, snapshot
from .test_translation import SEED_FILE, xml_schema

polib = pytest.importorskip("polib")
pytest.importorskip("translate")

BIN = Path(sys.executable).parent
FILE_NAME = f"{SEED_SLUG}.{{lang}}.{{ext}}"


def edit(root: Path, old: str, new: str) -> None:
    path = root / SEED_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def worked_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed with stale, draft, missing, split, joined and multi-line entries."""
    root = tmp_path_factory.mktemp("worked") / "seed"
    root.mkdir()
    shutil.copy2(ROOT / "publication.yaml", root / "publication.yaml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / ".diptych", root / ".diptych")
    # split: a9-6 keeps its first half (its English is now stale), a9-6b is new
    edit(
        root,
        "Les Parties ont affirmé leur volonté de faciliter encore plus les échanges entre les peuples et ont accueilli "
        "favorablement la conclusion",
        "Les Parties ont affirmé leur volonté de faciliter encore plus les échanges entre les peuples. Elles ont accueilli "
        "favorablement la conclusion",
    )
    # joined: a9-5 goes into a9-4
    edit(
        root,
        "et renforceront les relations d’amitié entre les jeunes et les cercles académiques.",
        "et renforceront les relations d’amitié entre les jeunes et les cercles académiques. Elles soutiennent "
        "la coopération médiatique.",
    )
    text = (root / SEED_FILE).read_text(encoding="utf-8")
    start = text.index("            - id: a9-5\n")
    end = text.index("            - id: a9-6\n")
    text = text[:start] + text[end:]
    # line breaks, quotes and a backslash in a new text
    text = text.replace(
        "            - id: a9-7\n",
        "            - id: a9-6b\n              fr: Elles ont salué l'Accord sur l'exemption mutuelle de visas.\n"
        "            - id: a9-8\n              fr: |-\n                Première ligne « citée »\n"
        '                seconde ligne avec "guillemets" et \\\\ barre\n            - id: a9-7\n',
    )
    (root / SEED_FILE).write_text(text, encoding="utf-8")
    read_publication(root)  # still a valid publication
    return root


@pytest.fixture(scope="module")
def exports(worked_seed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("exports")
    found = {}
    for lang in ("en", "az"):
        for form in ("po", "xliff", "xliff2"):
            (path,) = export_translations(worked_seed, lang, form, out / form / lang)  # type: ignore[arg-type]
            found[(lang, form)] = path
    found[("all", "tmx")] = export_memory(worked_seed, out / "memory.tmx")
    return found


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, timeout=120)


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is missing: translate-toolkit is part of the test extra")
    return path


def gettext(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: scripts/install-system-packages installs gettext")
        pytest.skip(f"{name} (GNU gettext) is not installed")
    return found


def import_is_a_no_op(root: Path, path: Path, tmp_path: Path) -> None:
    """Importing ``path`` into a copy of ``root`` changes no text."""
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    before = snapshot(copy / "content")
    report = import_translations(copy, [path])
    assert report.changed == 0 and not report.conflicts, [c.unit.id for p in report.plans for c in p.changes]
    assert snapshot(copy / "content") == before


# -- the entries are the ones we meant ------------------------------------------------------


def test_the_worked_seed_has_every_kind_of_entry(exports: dict[tuple[str, str], Path]) -> None:
    en = polib.pofile(str(exports[("en", "po")]))
    by_id = {entry.msgctxt: entry for entry in en}
    assert by_id["a9-6"].fuzzy and by_id["a9-6"].previous_msgid.startswith("Les Parties ont affirmé")  # stale
    assert by_id["a9-4"].fuzzy and "Elles soutiennent" not in by_id["a9-4"].previous_msgid  # joined: stale
    assert "a9-5" not in by_id
    assert by_id["a9-6b"].msgstr == "" and not by_id["a9-6b"].fuzzy  # split: missing
    assert by_id["a9-8"].msgid == 'Première ligne « citée »\nseconde ligne avec "guillemets" et \\\\ barre'
    az = polib.pofile(str(exports[("az", "po")]))
    assert az.metadata["Language"] == "az" and az.metadata["X-Diptych-Document"] == SEED_FILE
    assert len(az.fuzzy_entries()) >= 10 and len(az.untranslated_entries()) >= 1


# -- GNU gettext --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "az"])
def test_msgfmt_accepts_the_po(exports: dict[tuple[str, str], Path], lang: str) -> None:
    check = run(gettext("msgfmt"), "-c", "--check-format", "-o", os.devnull, exports[(lang, "po")])
    assert check.returncode == 0 and not check.stderr, check.stderr


@pytest.mark.parametrize("command", ["msgcat", "msgmerge"])
def test_msgcat_and_msgmerge_round_trips_import_unchanged(
    worked_seed: Path, exports: dict[tuple[str, str], Path], tmp_path: Path, command: str
) -> None:
    source = exports[("en", "po")]
    out = tmp_path / source.name
    args = [source, "-o", out] if command == "msgcat" else ["--previous", "-q", source, source, "-o", out]
    result = run(gettext(command), *args)
    assert result.returncode == 0, result.stderr
    assert run(gettext("msgfmt"), "-c", "-o", os.devnull, out).returncode == 0
    import_is_a_no_op(worked_seed, out, tmp_path)


# -- polib --------------------------------------------------------------------------------------


def test_polib_reads_and_writes_it_back_importably(
    worked_seed: Path, exports: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    po = polib.pofile(str(exports[("en", "po")]), wrapwidth=78)
    assert po.percent_translated() < 100 and len(po) == sum(1 for _ in read_publication(worked_seed).documents[0].units())
    out = tmp_path / exports[("en", "po")].name
    po.save(str(out))
    import_is_a_no_op(worked_seed, out, tmp_path)


# -- translate-toolkit ------------------------------------------------------------------------


def test_pofilter_runs_keeps_the_identity_and_its_output_imports(
    worked_seed: Path, exports: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "filtered.en.po"  # pofilter writes the entries its checks flag, under our header
    result = run(tool("pofilter"), "--progress=none", "-i", exports[("en", "po")], "-o", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert f"X-Diptych-Document: {SEED_FILE}" in text and 'msgctxt "headline"' in text
    import_is_a_no_op(worked_seed, out, tmp_path)


@pytest.mark.parametrize("lang", ["en", "az"])
def test_po2xliff_and_xliff2po_round_trip(
    worked_seed: Path, exports: dict[tuple[str, str], Path], tmp_path: Path, lang: str
) -> None:
    xlf = tmp_path / f"{SEED_SLUG}.{lang}.xlf"
    assert run(tool("po2xliff"), "--progress=none", "-i", exports[(lang, "po")], "-o", xlf).returncode == 0
    back = tmp_path / f"{SEED_SLUG}.{lang}.po"
    assert run(tool("xliff2po"), "--progress=none", "-i", xlf, "-o", back).returncode == 0
    import_is_a_no_op(worked_seed, back, tmp_path)


@pytest.mark.parametrize("lang", ["en", "az"])
def test_xliff2po_of_our_xliff_imports(
    worked_seed: Path, exports: dict[tuple[str, str], Path], tmp_path: Path, lang: str
) -> None:
    """xliff2po drops the header and the ids; the references and the file name still say where each text goes."""
    back = tmp_path / f"{SEED_SLUG}.{lang}.po"
    assert run(tool("xliff2po"), "--progress=none", "-i", exports[(lang, "xliff")], "-o", back).returncode == 0
    import_is_a_no_op(worked_seed, back, tmp_path)


def test_translate_toolkit_reads_xliff_1_2_with_status(exports: dict[tuple[str, str], Path]) -> None:
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(exports[("en", "xliff")]))
    units = {unit.getid().split("\x04")[-1]: unit for unit in store.units}  # ids are "<original>\x04<id>"
    assert store.getsourcelanguage() == "fr" and store.gettargetlanguage() == "en"
    assert units["a1-1"].isapproved() and units["a1-1"].istranslated()
    assert not units["a9-6"].isapproved()  # stale
    assert not units["a9-6b"].istranslated()  # missing
    az = xliff.xlifffile.parsefile(str(exports[("az", "xliff")])).units
    assert any(u.isfuzzy() for u in az)  # drafts


def test_translate_toolkit_reads_xliff_2_0(exports: dict[tuple[str, str], Path]) -> None:
    from translate.storage import xliff2

    store = xliff2.Xliff2File.parsefile(str(exports[("en", "xliff2")]))
    units = {unit.getid().split("::")[0]: unit for unit in store.units}  # ids are "<unit>::<segment>"
    assert "a1-1" in units and units["a1-1"].target
    assert units["a9-8"].source.startswith("Première ligne")


def test_translate_toolkit_reads_our_tmx(exports: dict[tuple[str, str], Path]) -> None:
    from translate.storage import tmx

    store = tmx.tmxfile.parsefile(str(exports[("all", "tmx")]))
    assert len(store.units) >= 40
    first = store.units[0]
    assert first.source and first.target  # fr and the first translation
    languages = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for u in store.units for tuv in u.xmlelement}
    assert {"fr", "en"} <= languages  # the seed's Azerbaijani is all drafts: a memory holds current translations only


# -- the OASIS schemas ------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_worked_xliff_is_valid_against_the_oasis_schema(exports: dict[tuple[str, str], Path], form: str, version: str) -> None:
    schema = xml_schema(version)
    for lang in ("en", "az"):
        schema.validate(str(exports[(lang, form)]))
