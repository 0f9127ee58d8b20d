"""The HTML edition of the seed: expected output, and structure a reader and a browser rely on."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from diptych.build import BuildReport

from .conftest import SEED_SLUG

EXPECTED = Path(__file__).parent / "expected"


def page(seed_html: BuildReport, relative: str) -> str:
    return (seed_html.output / relative).read_text(encoding="utf-8")


@pytest.mark.parametrize("relative", sorted(str(p.relative_to(EXPECTED)) for p in EXPECTED.rglob("*.html")))
def test_html_matches_expected_output(seed_html: BuildReport, relative: str) -> None:
    """If this fails after an intended change, run `make expected` and review the diff."""
    assert page(seed_html, relative) == (EXPECTED / relative).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_output_layout(built_seed: BuildReport) -> None:
    files = {str(f) for f in built_seed.files}
    assert {
        "index.html",
        f"fr/{SEED_SLUG}/index.html",
        f"en/{SEED_SLUG}/index.html",
        f"pdf/{SEED_SLUG}.fr.pdf",
        f"pdf/{SEED_SLUG}.en.pdf",
        "static/edition.css",
        "static/screen.css",
        "static/print.css",
        "static/fonts.css",
    } <= files
    assert any(f.startswith("static/fonts/CharisSIL") for f in files)


class Outline(HTMLParser):
    """Collects what the tests look at: headings, ids, lang attributes, links, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.langs: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if attributes.get("lang"):
            self.langs.append(str(attributes["lang"]))
        if tag in ("a", "link"):
            self.links.append(attributes)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("language", ["fr", "en"])
def test_document_page_structure(seed_html: BuildReport, language: str) -> None:
    html = page(seed_html, f"{language}/{SEED_SLUG}/index.html")
    parsed = outline(html)
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{language}" dir="ltr">')
    assert {"article", "section", "main", "nav", "header", "footer", "time"} <= set(parsed.tags)
    assert "script" not in parsed.tags
    # headings in order: never skip a level going down
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(parsed.headings))
    # a permanent anchor per article, and unique ids
    assert [i for i in parsed.ids if re.fullmatch(r"article-\d+", i)] == [f"article-{n}" for n in range(1, 19)]
    assert len(parsed.ids) == len(set(parsed.ids))
    # hreflang alternates to every language version
    alternates = {(a.get("hreflang"), a.get("href")) for a in parsed.links if a.get("rel") == "alternate"}
    assert alternates == {(code, f"../../{code}/{SEED_SLUG}/index.html") for code in ("fr", "en", "az")}


def test_language_switcher_names_languages_in_themselves(seed_html: BuildReport) -> None:
    html = page(seed_html, f"en/{SEED_SLUG}/index.html")
    assert f'<a href="../../fr/{SEED_SLUG}/index.html" lang="fr" hreflang="fr">Français</a>' in html
    assert f'<a aria-current="page" href="../../en/{SEED_SLUG}/index.html" lang="en" hreflang="en">English</a>' in html


def test_dates_and_labels_per_locale(seed_html: BuildReport) -> None:
    french = page(seed_html, f"fr/{SEED_SLUG}/index.html")
    english = page(seed_html, f"en/{SEED_SLUG}/index.html")
    assert '<time datetime="2025-04-23">23\u00a0avril\u00a02025</time>' in french
    assert '<time datetime="2025-04-23">April\u00a023, 2025</time>' in english
    assert '<span class="article-number">Article premier</span>' in french
    assert '<span class="article-number">Article 1</span>' in english
    assert "Pékin</span>, le <time" in french and "Beijing</span>, <time" in english
    assert ">Sommaire</h2>" in french and ">Contents</h2>" in english


def test_home_page_lists_every_document_in_every_language(seed_html: BuildReport) -> None:
    html = page(seed_html, "index.html")
    for language in ("fr", "en"):
        assert f'href="{language}/{SEED_SLUG}/index.html"' in html
        assert f'href="pdf/{SEED_SLUG}.{language}.pdf"' in html
    assert '<span class="version-language" lang="en">English</span>' in html


def test_passages_in_another_language_carry_lang(make_publication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from diptych.build import BuildOptions, build

    root = make_publication()
    (root / "content" / "doc.yaml").write_text(
        (root / "content" / "doc.yaml").read_text().replace("    en: A paragraph.\n", ""), encoding="utf-8"
    )
    report = build(root, BuildOptions(output=tmp_path / "out", formats=("html",)))
    html = (report.output / "en" / "doc" / "index.html").read_text()
    assert (
        '<p id="p1" class="untranslated" lang="fr">Un paragraphe.'
        '<span class="visually-hidden" lang="en"> (not yet translated)</span></p>' in html
    )
    assert "4 of 5 passages are translated" in html
    assert any("1 of 5 texts have no 'en' translation" in w for w in report.warnings)
