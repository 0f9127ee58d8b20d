"""Nothing is lost on export or import: conflicts, refusals, overwrites, fingerprints; region variants; TM; TMX."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from diptych.errors import DiptychError
from diptych.model import fingerprint
from diptych.read import read_publication
from diptych.translation import splice
from diptych.translation.history import HISTORY_FILE, SourceHistory
from diptych.translation.workflow import export_memory, export_translations, import_translations, suggest

from .conftest import ROOT, SEED_SLUG, MakePublication, invoke, snapshot
from .test_translation import SEED_FILE, edit_french


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    shutil.copy2(ROOT / "publication.yaml", root / "publication.yaml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / ".diptych", root / ".diptych")
    return root


def export_po(root: Path, out: Path, lang: str = "en") -> Path:
    (path,) = export_translations(root, lang, "po", out)
    return path


def set_msgstr(path: Path, unit_id: str, text: str, fuzzy: bool | None = None, save_as: Path | None = None) -> Path:
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == unit_id)
    entry.msgstr = text
    if fuzzy is not None:
        entry.flags = ["fuzzy"] if fuzzy else []
    target = save_as or path
    po.save(str(target))
    return target


def translation(root: Path, unit_id: str, lang: str = "en") -> tuple[str, str, str | None] | None:
    unit = next(u for d in read_publication(root).documents for u in d.units() if u.id == unit_id)
    found = unit.translations.get(lang)
    return (found.text, found.status, found.source_fingerprint) if found else None


# -- conflicts ------------------------------------------------------------------------------------


def test_an_older_export_does_not_put_old_text_back(seed_copy: Path, tmp_path: Path) -> None:
    """Reproduction: export, keep the file; a newer export is translated and imported; then the older file comes in."""
    older = export_po(seed_copy, tmp_path / "older")
    kept_older = shutil.copy(older, tmp_path / "older.en.po")
    newer = export_po(seed_copy, tmp_path / "newer", lang="en")
    set_msgstr(newer, "a1-1", "A newer translation of article 1.")
    assert import_translations(seed_copy, [newer]).changed == 1
    before = snapshot(seed_copy / "content")
    result = invoke("import", kept_older, "-C", seed_copy)
    assert result.returncode == 0, result.stderr
    assert "imported 0 translation(s)" in result.stderr
    assert "'a1-1' was changed in the YAML since this file was exported, and not in the file" in result.stderr
    assert snapshot(seed_copy / "content") == before


def test_a_conflict_is_reported_with_both_texts_and_theirs_takes_the_file(seed_copy: Path, tmp_path: Path) -> None:
    older = export_po(seed_copy, tmp_path / "older")
    mine = shutil.copy(older, tmp_path / "mine.en.po")
    newer = export_po(seed_copy, tmp_path / "newer")
    set_msgstr(newer, "a1-1", "Text from the reviewer.")
    import_translations(seed_copy, [newer])
    set_msgstr(Path(mine), "a1-1", "Text from the translator.")
    set_msgstr(Path(mine), "a1-2", "Article one, second paragraph, improved.")
    result = invoke("import", mine, "-C", seed_copy)
    assert result.returncode == 1
    assert "conflict on 'a1-1' [en]" in result.stderr
    assert "in the YAML: Text from the reviewer." in result.stderr and "in the file: Text from the translator." in result.stderr
    assert "1 conflict(s) left as they are" in result.stderr and "Traceback" not in result.stderr
    assert translation(seed_copy, "a1-1")[0] == "Text from the reviewer."  # type: ignore[index]
    assert translation(seed_copy, "a1-2")[0] == "Article one, second paragraph, improved."  # type: ignore[index]
    result = invoke("import", mine, "-C", seed_copy, "--theirs")
    assert result.returncode == 0, result.stderr
    assert "replaced by the file's text (--theirs). It was: Text from the reviewer." in result.stderr
    assert translation(seed_copy, "a1-1")[0] == "Text from the translator."  # type: ignore[index]


def test_a_translation_edited_in_the_yaml_after_export_is_a_conflict(seed_copy: Path, tmp_path: Path) -> None:
    path = export_po(seed_copy, tmp_path / "po")
    text = (seed_copy / SEED_FILE).read_text(encoding="utf-8")
    (seed_copy / SEED_FILE).write_text(text.replace("positive significance", "real significance"), encoding="utf-8")
    set_msgstr(path, "a7-3", "Something else entirely, from the translator.")
    report = import_translations(seed_copy, [path])
    assert [c.unit.id for c in report.conflicts] == ["a7-3"]
    assert "real significance" in translation(seed_copy, "a7-3")[0]  # type: ignore[index]


# -- refusals ---------------------------------------------------------------------------------------


def refused(root: Path, *args: str | Path) -> str:
    before = snapshot(root)
    result = invoke(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "nothing was changed" in result.stderr.lower()
    assert snapshot(root) == before
    return result.stderr


def test_header_language_other_than_the_file_name_is_refused(seed_copy: Path, tmp_path: Path) -> None:
    """Reproduction: a PO whose header says az, in a file named .en.po, used to import into Azerbaijani."""
    path = export_po(seed_copy, tmp_path / "po")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: az\\n"'), encoding="utf-8")
    message = refused(seed_copy, "import", path, "-C", seed_copy)
    assert "header says it is in 'az' but its name says 'en'" in message


def test_duplicate_entries_are_refused_with_both_lines(seed_copy: Path, tmp_path: Path) -> None:
    path = export_po(seed_copy, tmp_path / "po")
    text = path.read_text(encoding="utf-8")
    start = text.index('msgctxt "a1-1"')
    entry = text[start : text.index("\n\n", start)]
    path.write_text(text + "\n" + entry + "\n", encoding="utf-8")
    message = refused(seed_copy, "import", path, "-C", seed_copy)
    assert "this entry repeats the one on line" in message and "msgctxt 'a1-1'" in message


@pytest.mark.parametrize("command", ["import", "export"])
def test_an_unreadable_sources_json_is_refused(seed_copy: Path, tmp_path: Path, command: str) -> None:
    """Reproduction: merge-conflict markers in .diptych/sources.json were swallowed and the file rewritten."""
    path = export_po(seed_copy, tmp_path / "po")
    history = seed_copy / ".diptych" / "sources.json"
    lines = history.read_text(encoding="utf-8").splitlines()
    history.write_text("\n".join([lines[0], "<<<<<<< HEAD", *lines[1:3], "=======", ">>>>>>> theirs", *lines[3:]]) + "\n")
    args = ("import", path, "-C", seed_copy) if command == "import" else ("export", seed_copy, "--lang", "en", "--force")
    message = refused(seed_copy, *args)
    assert "sources.json:2: the record of source texts is not valid JSON" in message
    assert "merge-conflict markers" in message


def test_export_does_not_overwrite_a_translators_file(seed_copy: Path) -> None:
    """Reproduction: re-exporting overwrote a translator's edited, not yet imported, file in translations/."""
    assert invoke("export", seed_copy, "--lang", "en").returncode == 0
    path = seed_copy / "translations" / "en" / f"{SEED_SLUG}.en.po"
    set_msgstr(path, "a1-1", "Work in progress by the translator.")
    edited = path.read_bytes()
    result = invoke("export", seed_copy, "--lang", "en")
    assert result.returncode == 1 and "were changed since diptych wrote them" in result.stderr and str(path) in result.stderr
    assert path.read_bytes() == edited
    assert invoke("import", path, "-C", seed_copy).returncode == 0  # once imported, a new export may replace it
    assert invoke("export", seed_copy, "--lang", "en").returncode == 0
    path.write_text(path.read_text(encoding="utf-8") + "\n# a note\n", encoding="utf-8")
    assert invoke("export", seed_copy, "--lang", "en").returncode == 1
    assert invoke("export", seed_copy, "--lang", "en", "--force").returncode == 0
    assert "# a note" not in path.read_text(encoding="utf-8")


# -- what an import records -----------------------------------------------------------------------


def test_imports_record_the_source_fingerprint(seed_copy: Path, tmp_path: Path) -> None:
    path = export_po(seed_copy, tmp_path / "po", lang="az")
    unit_id = next(e.msgctxt for e in polib.pofile(str(path)) if not e.msgstr)
    set_msgstr(path, unit_id, "Tərəflər razılığa gəliblər.", fuzzy=False)
    import_translations(seed_copy, [path])
    text, status, recorded = translation(seed_copy, unit_id, "az")  # type: ignore[misc]
    unit = next(u for d in read_publication(seed_copy).documents for u in d.units() if u.id == unit_id)
    assert (text, status, recorded) == ("Tərəflər razılığa gəliblər.", "current", fingerprint(unit.source))


def test_an_untouched_fuzzy_entry_changes_nothing_and_says_nothing(seed_copy: Path, tmp_path: Path) -> None:
    """Reproduction: it reported 'kept as a draft', wrote nothing to the YAML but a source text into sources.json."""
    path = export_po(seed_copy, tmp_path / "po")
    edit_french(seed_copy, "à travers des visites réciproques", "à travers des visites officielles réciproques")
    set_msgstr(path, "a9-5", polib.pofile(str(path)).find("a9-5", by="msgctxt").msgstr, fuzzy=True)
    before = snapshot(seed_copy)
    result = invoke("import", path, "-C", seed_copy)
    # nothing about the entry; only the publication's own warnings, as check shows them (the text is stale)
    assert result.returncode == 0 and "kept as a draft" not in result.stderr, result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert warned == [line for line in invoke("check", seed_copy).stderr.splitlines() if line.startswith("warning")]
    assert snapshot(seed_copy) == {**before, **{k: v for k, v in snapshot(seed_copy).items() if k.endswith("exports.json")}}


# -- region variants ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["en_US", "en-GB", "en_GB.UTF-8"])
def test_region_variants_map_to_the_language(seed_copy: Path, tmp_path: Path, code: str) -> None:
    path = export_po(seed_copy, tmp_path / "po")
    set_msgstr(path, "a1-1", "Article one, regional.")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', f'"Language: {code}\\n"'), encoding="utf-8")
    assert import_translations(seed_copy, [path]).changed == 1
    assert translation(seed_copy, "a1-1")[0] == "Article one, regional."  # type: ignore[index]


def test_xliff_target_language_variant_and_ambiguity(seed_copy: Path, tmp_path: Path) -> None:
    from diptych.translation.exchange import match_language

    assert match_language("zh_CN", ("en", "zh-Hans")) == ("zh-Hans", "")
    assert match_language("zh_TW", ("en", "zh-Hans"))[0] is None
    assert (
        match_language("en", ("en-GB", "en-US"))[0] is None and "could be any of" in match_language("en", ("en-GB", "en-US"))[1]
    )
    (path,) = export_translations(seed_copy, "en", "xliff", tmp_path / "x")
    path.write_text(path.read_text(encoding="utf-8").replace('target-language="en"', 'target-language="en-US"'))
    assert not import_translations(seed_copy, [path]).conflicts


# -- translation memory -------------------------------------------------------------------------------


def add_unit_like_a9_5(root: Path) -> None:
    """A new paragraph, a close variant of a9-5 (already translated into English)."""
    path = root / SEED_FILE
    text = path.read_text(encoding="utf-8")
    new = (
        "            - id: a9-5b\n              fr: >-\n                Les Parties soutiennent le renforcement de la "
        "coopération médiatique à travers des visites réciproques, l’échange d'informations et de savoir-faire.\n"
    )
    path.write_text(text.replace("            - id: a9-6\n", new + "            - id: a9-6\n"), encoding="utf-8")


def test_exports_and_suggest_offer_similar_translated_texts(seed_copy: Path, tmp_path: Path) -> None:
    add_unit_like_a9_5(seed_copy)
    po = polib.pofile(str(export_po(seed_copy, tmp_path / "po")))
    entry = po.find("a9-5b", by="msgctxt")
    assert entry.fuzzy and entry.msgstr.startswith("The Parties support the strengthening of media cooperation")
    assert "% match with content/azerbaidjan-chine-declaration.yaml#a9-5" in entry.comment
    (xliff,) = export_translations(seed_copy, "en", "xliff", tmp_path / "x")
    assert 'origin="content/azerbaidjan-chine-declaration.yaml#a9-5"' in xliff.read_text(encoding="utf-8")
    (xliff2,) = export_translations(seed_copy, "en", "xliff2", tmp_path / "x2")
    assert "<mtc:match" in xliff2.read_text(encoding="utf-8")
    found, _ = suggest(seed_copy, "en")
    assert [s.unit.id for s in found] == ["a9-5b"] and 75 <= found[0].matches[0].score < 100
    # an untouched suggestion that comes back still fuzzy is not imported
    assert import_translations(seed_copy, [tmp_path / "po" / f"{SEED_SLUG}.en.po"]).changed == 0
    result = invoke("status", seed_copy, "--lang", "en")
    assert "1 text(s) have suggestions from the translation memory" in result.stdout


def test_suggest_apply_exact_writes_drafts(seed_copy: Path) -> None:
    path = seed_copy / SEED_FILE
    text = path.read_text(encoding="utf-8")
    source = (
        "Les Parties soutiennent le renforcement de la coopération médiatique à travers des visites réciproques, "
        "l’échange d'informations et d'expériences."
    )
    new = f"            - id: a9-5c\n              fr: >-\n                {source}\n"
    path.write_text(text.replace("            - id: a9-6\n", new + "            - id: a9-6\n"), encoding="utf-8")
    result = invoke("suggest", seed_copy, "--lang", "en", "--apply-exact")
    assert result.returncode == 0, result.stderr
    assert "1 text(s) have suggestions, 1 of them exact" in result.stdout
    text_, status, recorded = translation(seed_copy, "a9-5c")  # type: ignore[misc]
    assert text_ == translation(seed_copy, "a9-5")[0] and status == "draft" and recorded == fingerprint(source)  # type: ignore[index]


# -- TMX ------------------------------------------------------------------------------------------------


def test_tmx_round_trip_fills_gaps_and_reports_conflicts(seed_copy: Path, tmp_path: Path) -> None:
    tmx = export_memory(seed_copy, tmp_path / "memory.tmx")
    path = seed_copy / SEED_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("positive significance", "real significance")  # a7-3 changed since: a conflict
    path.write_text(text, encoding="utf-8")
    result = invoke("import", tmx, "-C", seed_copy)
    assert result.returncode == 1 and "conflict on 'a7-3' [en]" in result.stderr
    assert invoke("import", tmx, "-C", seed_copy, "--theirs").returncode == 0
    assert "positive significance" in translation(seed_copy, "a7-3")[0]  # type: ignore[index]


def test_a_broken_tmx_is_refused(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "b">]>\n<tmx version="1.4"><body/></tmx>\n')
    assert "declares a DOCTYPE" in refused(seed_copy, "import", path, "-C", seed_copy)


def test_the_library_raises_no_traceback_for_a_missing_language(seed_copy: Path) -> None:
    with pytest.raises(DiptychError):
        suggest(seed_copy, "de")


def test_the_record_of_source_texts_is_written_as_json_writes_it(tmp_path: Path) -> None:
    """One entry a line, as json.dumps(indent=1) writes it, though not by it: escapes, quotes, every script."""
    history = SourceHistory(tmp_path)
    assert history.data() == b"{}\n"
    texts = ['a "quoted" \\ text', "line\nbreak\ttab\x00nul", "« français »\u202f!", "مرحبا", "中华人民共和国", "\U0001f600", ""]
    for text in texts:
        history.remember(text)
    assert history.data() == (json.dumps(dict(sorted(history.texts.items())), ensure_ascii=False, indent=1) + "\n").encode()
    assert json.loads(history.data()) == history.texts
    seed = SourceHistory(ROOT)
    assert len(seed.texts) > 40
    assert seed.data() == (ROOT / HISTORY_FILE).read_bytes()


@pytest.mark.parametrize("form", ["po", "xliff", "xliff2"])
def test_a_text_with_a_line_or_paragraph_separator_comes_back(make_publication: MakePublication, form: str) -> None:
    """U+2028 and U+2029 are text in PO and XLIFF, not line ends: our own PO reader used to split lines at them
    and refuse our own export."""
    source = "Première ligne\u2028seconde ligne\u2029 fin."
    escaped = source.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # as YAML escapes
    document = f'headline:\n  fr: Titre\n  en: Title\nbody:\n  - id: p1\n    fr: "{escaped}"\n    en: Old text.\n'
    root = make_publication(documents={"a.yaml": document})
    (path,) = export_translations(root, "en", form)
    new = "First line\u2028second line\u2029 end."
    if form == "po":
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        set_msgstr(path, "p1", new)
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count("Old text.") == 1 and source in text
        path.write_text(text.replace("Old text.", new), encoding="utf-8")
    assert import_translations(root, [path]).changed == 1
    assert translation(root, "p1")[0] == new  # type: ignore[index]


def test_a_translation_that_would_not_read_back_as_given_is_refused(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: a YAML writer that changes a text (as one once folded U+2029 with the space after it)."""
    document = "headline:\n  fr: Titre\n  en: Title\nbody:\n  - id: p1\n    fr: Un texte.\n    en: Old text.\n"
    root = make_publication(documents={"a.yaml": document})
    (path,) = export_translations(root, "en", "po")
    set_msgstr(path, "p1", "A new  text.")
    real = splice.render_scalar
    monkeypatch.setattr(splice, "render_scalar", lambda text, *rest: real(" ".join(text.split()), *rest))
    before = (root / "content" / "a.yaml").read_bytes()
    with pytest.raises(DiptychError, match=r"'en' translation of 'p1' would not read back as given"):
        import_translations(root, [path])
    assert (root / "content" / "a.yaml").read_bytes() == before
