"""Work kept between commands (diptych.cache): parsed documents, compiled templates; as good as doing it again."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from diptych import cache, theme
from diptych.errors import ContentError
from diptych.languages import language
from diptych.read import read_publication
from diptych.read.documents import Documents

from .conftest import DOCUMENT_YAML, MakePublication, invoke


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(where))
    return where


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("documents/*/*.pickle"))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """From now on, parsing a document is recorded (the paths parsed)."""
    parsed: list[Path] = []
    original = Documents._read

    def recorded(self: Documents, path: Path, *args: object) -> object:
        parsed.append(path)
        return original(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Documents, "_read", recorded)
    return parsed


def test_a_document_read_before_comes_from_the_cache_and_is_the_same(
    make_publication: MakePublication, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_publication(documents={"a.yaml": DOCUMENT_YAML, "b.yaml": DOCUMENT_YAML})
    first = read_publication(root)
    assert len(entries(folder)) == 2
    parsed = no_parsing(monkeypatch)
    again = read_publication(root)
    assert parsed == []
    assert again == first
    unit = again.documents[0].headline
    assert (unit.location.path, unit.location.line) == (root / "content" / "a.yaml", 3)
    assert unit.fingerprint == first.documents[0].headline.fingerprint


def test_an_edited_document_is_read_again_and_only_it(
    make_publication: MakePublication, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_publication(documents={"a.yaml": DOCUMENT_YAML, "b.yaml": DOCUMENT_YAML})
    read_publication(root)
    parsed = no_parsing(monkeypatch)
    path = root / "content" / "b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("A paragraph.", "A paragraph, edited."), encoding="utf-8")
    publication = read_publication(root)
    assert parsed == [path]
    assert publication.documents[1].blocks[0].unit.text("en") == "A paragraph, edited."  # type: ignore[union-attr]


def test_the_same_text_elsewhere_names_its_own_file(make_publication: MakePublication, folder: Path, tmp_path: Path) -> None:
    root = make_publication(documents={"a.yaml": DOCUMENT_YAML})
    read_publication(root)
    (root / "content" / "a.yaml").rename(root / "content" / "c.yaml")
    publication = read_publication(root)
    assert publication.documents[0].slug == "c"
    assert publication.documents[0].headline.location.path.name == "c.yaml"


def test_warnings_and_errors_come_back_with_a_cached_document(
    make_publication: MakePublication, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gap = DOCUMENT_YAML.replace("- number: 2", "- number: 4")
    broken = DOCUMENT_YAML.replace("  - id: p1\n", "  - id: 1p\n")
    root = make_publication(documents={"a.yaml": gap})
    warnings = read_publication(root).warnings
    assert any("articles 2–3 are missing" in w.message for w in warnings)
    parsed = no_parsing(monkeypatch)
    assert read_publication(root).warnings == warnings
    (root / "content" / "b.yaml").write_text(broken, encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(ContentError) as raised:
            read_publication(root)
        messages.append(str(raised.value))
    assert parsed == [root / "content" / "b.yaml"]  # the second time, the errors came from the cache
    assert messages[0] == messages[1]
    assert "b.yaml:6:" in messages[0] and "cannot be used as an id" in messages[0]


def test_other_settings_read_the_document_again(make_publication: MakePublication, folder: Path) -> None:
    german = DOCUMENT_YAML.replace("  en: A headline\n", "  en: A headline\n  de: Eine Überschrift\n")
    root = make_publication(documents={"a.yaml": german})
    assert any("'de' is not one of the publication's languages" in w.message for w in read_publication(root).warnings)
    settings = root / "publication.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("[en]", "[en, de]"), encoding="utf-8")
    assert read_publication(root).documents[0].headline.text("de") == "Eine Überschrift"


def test_a_damaged_entry_is_only_a_miss(make_publication: MakePublication, folder: Path) -> None:
    root = make_publication()
    first = read_publication(root)
    (entry,) = entries(folder)
    entry.write_bytes(entry.read_bytes()[:-40])  # cut short
    assert read_publication(root) == first
    (entry,) = entries(folder)
    entry.write_bytes(b"not a cache entry at all")
    assert read_publication(root) == first
    assert entry.read_bytes().startswith(b"diptych-cache")  # written again


def test_a_folder_others_may_write_to_is_not_used(make_publication: MakePublication, folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o777)
    root = make_publication()
    read_publication(root)
    read_publication(root)
    assert entries(folder) == []


def test_a_folder_that_cannot_be_made_changes_nothing(make_publication: MakePublication, folder: Path) -> None:
    folder.write_text("a file where the folder should be", encoding="utf-8")
    root = make_publication()
    assert read_publication(root).documents
    assert folder.read_text(encoding="utf-8") == "a file where the folder should be"


def test_the_cache_can_be_turned_off(make_publication: MakePublication, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    root = make_publication()
    assert invoke("check", str(root)).returncode == 0
    assert not folder.exists()


def test_the_folder_is_kept_under_its_limit_dropping_the_least_recently_used(folder: Path) -> None:
    store = cache.Cache("documents")
    keys = [store.key(str(n)) for n in range(5)]
    for number, key in enumerate(keys):
        store.store(key, b"x" * 1000)
        path = next(folder.glob(f"documents/*/{key}.pickle"))
        os.utime(path, (1_000_000 + number, 1_000_000 + number))
    assert store.load(keys[0]) == b"x" * 1000  # used now: the most recent
    store.prune(limit=3 * 1100)
    assert [store.load(key) is not None for key in keys] == [True, False, False, True, True]


def test_a_key_changes_with_every_part(folder: Path) -> None:
    store = cache.Cache("documents")
    assert store.key("a", "bc") != store.key("ab", "c")
    assert store.key("a") == store.key("a")
    store.store(store.key("a"), 1)
    assert store.load(store.key("b")) is None


def test_a_command_prunes_the_folder_once_a_day(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = cache.Cache("memory")
    old.store(old.key("old"), b"x" * 5000)  # the first store: the folder is pruned (nothing to remove), marked
    assert (folder / ".pruned").exists()
    for path in folder.glob("*/*/*.pickle"):
        os.utime(path, (1_000_000, 1_000_000))
    fresh = cache.Cache("documents")
    fresh.store(fresh.key("new"), b"y" * 100)
    monkeypatch.setattr(cache, "MAX_BYTES", sum(p.stat().st_size for p in folder.glob("*/*/*.pickle")) + 10)
    later = cache.Cache("documents")
    later.store(later.key("newer"), b"z" * 100)
    assert list(folder.glob(f"memory/*/{old.key('old')}.pickle"))  # over the limit, but pruned less than a day ago
    os.utime(folder / ".pruned", (1_000_000, 1_000_000))
    last = cache.Cache("documents")
    last.store(last.key("last"), b"w" * 100)
    assert old.load(old.key("old")) is None  # the least recently used, of any kind, went first
    assert [c.load(c.key(k)) is not None for c, k in ((fresh, "new"), (later, "newer"), (last, "last"))] == [True] * 3


def test_templates_are_compiled_once_for_every_language_and_command(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled templates are shared by the environments of every language, kept between commands, and an edited
    template is compiled again."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ _('Contents') }} — {{ title }}\n", encoding="utf-8")
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: object, name: str | None = None, *args: object) -> object:
        compiled.append(str(name))
        return original(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    search = (str(templates),)

    def render(code: str) -> str:
        return theme.environment(search, language(code)).get_template("page.html").render(title="T")

    assert render("fr") == "Sommaire — T\n" and render("en") == "Contents — T\n"
    assert compiled == ["page.html"]  # once, for both languages
    theme.environment.cache_clear()
    monkeypatch.setattr(theme, "_COMPILED", theme.CompiledTemplates())  # as in a new command
    assert render("ar") and compiled == ["page.html"]  # from the cache folder
    (templates / "page.html").write_text("{{ title }}!\n", encoding="utf-8")
    theme.environment.cache_clear()
    assert render("en") == "T!\n" and compiled == ["page.html", "page.html"]
    theme.environment.cache_clear()
