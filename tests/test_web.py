"""The web edition's extras: paragraph anchors and citations, WOFF2 web fonts, and the metadata
search engines and feed readers use (canonical URLs, Open Graph, JSON-LD, sitemap, Atom, robots.txt)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import xmlschema
from fontTools.ttLib import TTFont

from diptych import output
from diptych.build import BuildOptions, BuildReport, build
from diptych.errors import ContentError
from diptych.read import read_publication
from diptych.web import fonts as web_fonts
from diptych.web.cite import citation, places

from .conftest import PUBLICATION_YAML, ROOT, SEED_SLUG, MakePublication

SCHEMAS = Path(__file__).parent / "schemas"
SCRIPTS = Path(__file__).parent / "data" / "scripts"
BASE = "https://la-gazette.example/"
SEED_LANGUAGES = ("fr", "en", "az", "zh-Hans", "ar")  # publication.yaml: the source, then its languages
SEED_TRANSLATIONS = SEED_LANGUAGES[1:]


def read(report: BuildReport, relative: str) -> str:
    return (report.output / relative).read_text(encoding="utf-8")


class Head(HTMLParser):
    """The <meta>, <link> and JSON-LD of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[object] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def head(html: str) -> Head:
    parser = Head()
    parser.feed(html)
    return parser


# -- cite a paragraph ----------------------------------------------------------------


def test_every_paragraph_has_its_id_as_anchor_and_a_citation_in_the_page_language(seed_html: BuildReport) -> None:
    french = read(seed_html, f"fr/{SEED_SLUG}/index.html")
    english = read(seed_html, f"en/{SEED_SLUG}/index.html")
    title_fr = "Déclaration conjointe sur l’établissement des relations de partenariat stratégique global"
    assert re.search(
        r'<p id="a7-2">[^<]+<a class="cite" href="#a7-2" data-pagefind-ignore><span class="citation">'
        + re.escape(title_fr)
        + r"[^<]*, article 7, paragraphe 2</span></a></p>",
        french,
    )
    assert re.search(r'<p id="a7-2">.*?<span class="citation">Joint Declaration [^<]*, Article 7\(2\)</span>', english)
    # an article of one paragraph is cited by the article alone; "Article premier" inside a sentence
    assert re.search(r'<span class="citation">Déclaration conjointe [^<]*, article 3</span>', french)
    assert re.search(r'<span class="citation">Déclaration conjointe [^<]*, article premier, paragraphe 2</span>', french)
    assert re.search(r'<span class="citation">Déclaration conjointe [^<]*, préambule, paragraphe 1</span>', french)
    # the news text around the declaration: by the short title
    assert '<span class="citation">Azerbaijan–China: the Joint Declaration, paragraph 3</span>' in english
    # every unit with a citation links to its own id
    for anchor, target in re.findall(r'<p id="([^"]+)">[^<]*<a class="cite" href="#([^"]+)"', french):
        assert anchor == target


def test_citation_counts_paragraphs_by_position_not_by_id(seed: object) -> None:
    publication = read_publication(ROOT)
    document = publication.document(SEED_SLUG)
    where = places(document)
    assert (where["a7-2"].article.number, where["a7-2"].paragraph, where["a7-2"].of) == (7, 2, 3)  # type: ignore[union-attr]
    assert where["preambule-negociations"].article is None and where["preambule-negociations"].paragraph == 2
    unit = next(u for u in document.units() if u.id == "a9-4")

    def plain(u: object, language: str | None = None) -> str:
        return "T"

    assert citation(document, unit, "en", plain, lambda m: m) == "T, Article 9(4)"
    assert citation(document, document.headline, "en", plain, lambda m: m) is None  # headings are not cited


def test_chinese_citation_uses_chinese_numerals(tmp_path: Path) -> None:
    shutil.copytree(SCRIPTS, tmp_path / "pub")
    report = build(tmp_path / "pub", BuildOptions(output=tmp_path / "out", formats=("html",), languages=("zh", "ar")))
    chinese = read(report, "zh/communique/index.html")
    assert '<span class="citation">文化交流计划第一条</span>' in chinese
    arabic = read(report, "ar/communique/index.html")
    assert '<span class="citation">برنامج التبادل الثقافي، المادة 2</span>' in arabic


def test_chinese_and_arabic_faces_hold_only_the_characters_the_publication_uses(tmp_path: Path) -> None:
    shutil.copytree(SCRIPTS, tmp_path / "pub")
    report = build(tmp_path / "pub", BuildOptions(output=tmp_path / "out", formats=("html",)))
    css = read(report, "static/fonts.css")
    for family, text in (
        ("Noto Serif SC", "巴库和北京加强文化合作搜索"),
        ("Noto Naskh Arabic", "باكو وبكين تعززان تعاونهما الثقافي"),
    ):
        rules = [rule for rule in re.findall(r"@font-face \{([^}]*)\}", css) if f'font-family: "{family}"' in rule]
        assert len(rules) == 2, family  # regular and bold
        for rule in rules:
            name = re.search(r'url\("fonts/([^"]+)"\)', rule).group(1)  # type: ignore[union-attr]
            path = report.output / "static" / "fonts" / name
            covered = set(TTFont(path).getBestCmap())
            assert {ord(c) for c in text if not c.isspace()} <= covered
            assert path.stat().st_size < 60_000  # the whole Noto Serif SC is some 10 MB
            assert "U+" in rule and "unicode-range" in rule


def test_status_page_is_not_indexed(seed_html: BuildReport) -> None:
    html = read(seed_html, "status/index.html")
    assert '<meta name="robots" content="noindex">' in html and "og:title" not in html


# -- web fonts -------------------------------------------------------------------------


def test_web_fonts_are_woff2_slices_declared_with_their_unicode_range(seed_html: BuildReport) -> None:
    css = read(seed_html, "static/fonts.css")
    rules = [rule for rule in re.findall(r"@font-face \{([^}]*)\}", css) if '"Charis SIL"' in rule]
    assert len(rules) == 4 * len(web_fonts.SLICES)  # four styles of Charis SIL, each sliced
    assert not list((seed_html.output / "static" / "fonts").glob("*.ttf"))
    for rule in rules:
        url = re.search(r'url\("fonts/([^"]+\.woff2)"\) format\("woff2"\)', rule)
        assert url, rule
        slice_name = url.group(1).split(".")[1]
        assert f"unicode-range: {web_fonts.SLICES[slice_name]};" in rule
        font = TTFont(seed_html.output / "static" / "fonts" / url.group(1))
        assert font.flavor == "woff2"
        covered = set(font.getBestCmap()) - {0x20, 0xA0}
        allowed = set(web_fonts.parse_range(web_fonts.SLICES[slice_name]))
        assert covered and covered <= allowed
    latin = TTFont(seed_html.output / "static" / "fonts" / "CharisSIL-Regular.latin.woff2")
    # French needs its narrow no-break space, quotes and ligatures; the theme its small capitals
    assert {0x202F, 0xAB, 0xBB, 0x2019, 0x0153} <= set(latin.getBestCmap())
    features = {record.FeatureTag for record in latin["GSUB"].table.FeatureList.FeatureRecord}
    assert {"smcp", "c2sc", "liga"} <= features
    # the Azerbaijani schwa is in the extended slice, which a French page never fetches
    assert 0x0259 in TTFont(seed_html.output / "static" / "fonts" / "CharisSIL-Regular.latin-ext.woff2").getBestCmap()
    total = sum(p.stat().st_size for p in (seed_html.output / "static" / "fonts").glob("*.latin.woff2"))
    assert total < 100_000, total


def test_print_stylesheet_is_for_print_only(seed_html: BuildReport) -> None:
    html = read(seed_html, f"fr/{SEED_SLUG}/index.html")
    links = [link for link in head(html).links if link.get("rel") == "stylesheet"]
    assert [link["href"].rsplit("/", 1)[1] for link in links if link.get("media") != "print"] == [
        "fonts.css",
        "edition.css",
        "screen.css",
    ]


# -- metadata ---------------------------------------------------------------------------


def test_document_page_metadata(seed_html: BuildReport) -> None:
    for language, other in (("fr", "en"), ("en", "fr")):
        page = head(read(seed_html, f"{language}/{SEED_SLUG}/index.html"))
        url = f"{BASE}{language}/{SEED_SLUG}/"
        assert {"rel": "canonical", "href": url} in page.links
        assert page.meta["og:url"] == [url]
        assert page.meta["og:type"] == ["article"]
        assert page.meta["og:locale"] == [{"fr": "fr_FR", "en": "en_US"}[language]]
        assert {"fr": "fr_FR", "en": "en_US"}[other] in page.meta["og:locale:alternate"]
        assert page.meta["twitter:card"] == ["summary"]
        assert page.meta["og:title"] == page.meta["twitter:title"]
        assert page.meta["article:published_time"] == ["2025-04-23"]
        feeds = [link for link in page.links if link.get("type") == "application/atom+xml"]
        assert {link["href"] for link in feeds} == {f"{BASE}{code}/feed.xml" for code in SEED_LANGUAGES}
    english = head(read(seed_html, f"en/{SEED_SLUG}/index.html"))
    assert english.meta["og:title"] == [
        "AZERBAIJAN AND CHINA SEAL A COMPREHENSIVE STRATEGIC PARTNERSHIP WITH A JOINT DECLARATION"
    ]
    assert english.meta["og:description"][0].startswith("On April\xa023, Baku and Beijing")


def test_json_ld_news_article_and_legislation(seed_html: BuildReport) -> None:
    (french,) = head(read(seed_html, f"fr/{SEED_SLUG}/index.html")).json_ld
    (english,) = head(read(seed_html, f"en/{SEED_SLUG}/index.html")).json_ld
    assert isinstance(french, dict) and isinstance(english, dict)
    assert french["@context"] == "https://schema.org"
    article, law = french["@graph"]
    assert article["@type"] == "NewsArticle" and article["inLanguage"] == "fr"
    assert article["datePublished"] == "2025-04-23" and article["publisher"]["name"] == "La Gazette"
    assert {t["inLanguage"]: t["url"] for t in article["workTranslation"]} == {
        code: f"{BASE}{code}/{SEED_SLUG}/" for code in SEED_TRANSLATIONS
    }
    assert article["hasPart"] == [{"@id": law["@id"]}]
    assert law["@type"] == "Legislation" and law["inLanguage"] == "fr"
    assert law["name"].startswith("Déclaration conjointe sur l’établissement")
    assert law["legislationDate"] == "2025-04-23"
    assert [p["jobTitle"] for p in law["legislationPassedBy"]] == [
        "Le Président de la République d’Azerbaïdjan",
        "Le Président de la République populaire de Chine",
    ]
    assert {v["inLanguage"] for v in law["workTranslation"]} == set(SEED_TRANSLATIONS)
    assert law["encoding"][0]["contentUrl"] == f"{BASE}pdf/{SEED_SLUG}.fr.pdf"
    en_article, en_law = english["@graph"]
    assert en_article["translationOfWork"]["url"] == f"{BASE}fr/{SEED_SLUG}/"
    assert en_law["translationOfWork"]["@id"] == law["@id"]
    assert en_law["name"].startswith("Joint Declaration on the Establishment")
    (bilingual,) = head(read(seed_html, f"fr-en/{SEED_SLUG}/index.html")).json_ld
    assert isinstance(bilingual, dict) and bilingual["@graph"][0]["inLanguage"] == ["fr", "en"]


def test_sitemap_is_valid_and_lists_every_page_with_its_alternates(seed_html: BuildReport) -> None:
    schema = xmlschema.XMLSchema(str(SCHEMAS / "sitemap.xsd"))
    path = seed_html.output / "sitemap.xml"
    schema.validate(str(path))
    text = path.read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", text)
    assert locations == [
        BASE,
        *(f"{BASE}{code}/{SEED_SLUG}/" for code in SEED_LANGUAGES),
        *(f"{BASE}fr-{code}/{SEED_SLUG}/" for code in SEED_TRANSLATIONS),
        f"{BASE}fr-en-zh-Hans-ar/{SEED_SLUG}/",  # the multilingual edition
    ]
    # the x-default alternate goes with each single-language page
    assert text.count('<xhtml:link rel="alternate" hreflang="x-default"') == len(SEED_LANGUAGES)
    # a broken sitemap is caught by the schema
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        schema.validate(text.replace("<loc>https://", "<loc>"))


def test_atom_feed_per_language(seed_html: BuildReport) -> None:
    for language, title in (("fr", "L’AZERBAÏDJAN ET LA CHINE"), ("en", "AZERBAIJAN AND CHINA")):
        feed = feedparser.parse(read(seed_html, f"{language}/feed.xml"))
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        assert feed.feed.language == language
        assert feed.feed.id == f"{BASE}{language}/feed.xml"
        (entry,) = feed.entries
        assert entry.title.startswith(title)
        assert entry.id == f"{BASE}{language}/{SEED_SLUG}/"
        assert entry.published.startswith("2025-04-23")
        assert {link.hreflang: link.href for link in entry.links} == {
            code: f"{BASE}{code}/{SEED_SLUG}/" for code in SEED_LANGUAGES
        }


def test_robots_txt_names_the_sitemap(seed_html: BuildReport) -> None:
    assert read(seed_html, "robots.txt") == f"User-agent: *\nDisallow: /status/\n\nSitemap: {BASE}sitemap.xml\n"


def test_without_base_url_nothing_claims_an_address(make_publication: MakePublication, tmp_path: Path) -> None:
    report = build(make_publication(), BuildOptions(output=tmp_path / "out", formats=("html",)))
    assert not (report.output / "sitemap.xml").exists() and not (report.output / "fr" / "feed.xml").exists()
    assert read(report, "robots.txt") == "User-agent: *\nDisallow: /status/\n"
    page = head(read(report, "fr/doc/index.html"))
    assert not [link for link in page.links if link.get("rel") == "canonical"] and "og:url" not in page.meta
    (data,) = page.json_ld
    assert isinstance(data, dict) and data["@graph"][0]["url"] == "fr/doc/"


def test_base_url_under_a_path(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication(PUBLICATION_YAML + "base_url: https://example.org/editions/essai\n")
    report = build(root, BuildOptions(output=tmp_path / "out", formats=("html",)))
    assert {"rel": "canonical", "href": "https://example.org/editions/essai/en/doc/"} in head(
        read(report, "en/doc/index.html")
    ).links
    assert "Disallow: /editions/essai/status/" in read(report, "robots.txt")


@pytest.mark.parametrize("value", ["example.org", "ftp://example.org/", "https://", "https://example.org/?x=1", "[1, 2]"])
def test_bad_base_url_is_refused_with_its_line(make_publication: MakePublication, value: str) -> None:
    root = make_publication(PUBLICATION_YAML + f"base_url: {value}\n")
    with pytest.raises(ContentError) as caught:
        read_publication(root)
    message = str(caught.value)
    assert "publication.yaml:8" in message and "base_url" in message


# -- search index ------------------------------------------------------------------------


def pagefind_entry(report: BuildReport) -> dict[str, dict[str, object]]:
    data = json.loads((report.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages: dict[str, dict[str, object]] = data["languages"]
    return languages


def test_search_index_per_language_of_document_pages_only(seed_html: BuildReport) -> None:
    languages = pagefind_entry(seed_html)
    # one index per language, each holding the one document page (not the bilingual, home, status or search pages)
    assert {code: entry["page_count"] for code, entry in languages.items()} == {code.lower(): 1 for code in SEED_LANGUAGES}
    page = read(seed_html, f"fr/{SEED_SLUG}/index.html")
    assert page.count("data-pagefind-body") == 1
    assert '<span hidden data-pagefind-ignore data-pagefind-filter="Langue">Français</span>' in page
    search = read(seed_html, "search/fr/index.html")
    assert 'bundlePath: "../../pagefind/", baseUrl: "/"' in search and '<html lang="fr"' in search


def test_search_index_follows_incremental_builds(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    options = BuildOptions(output=tmp_path / "out", formats=("html",))
    first = build(root, options)
    entry = first.output / "pagefind" / "pagefind-entry.json"
    before = pagefind_entry(first)["fr"]["hash"]
    assert build(root, options).up_to_date and pagefind_entry(first)["fr"]["hash"] == before
    document = root / "content" / "doc.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("Un paragraphe.", "Un paragraphe sur la Caspienne."))
    build(root, options)
    assert pagefind_entry(first)["fr"]["hash"] != before
    # a deleted document leaves the index too
    (root / "content" / "second.yaml").write_text(document.read_text(encoding="utf-8"), encoding="utf-8")
    assert pagefind_entry(build(root, options))["fr"]["page_count"] == 2
    (root / "content" / "second.yaml").unlink()
    assert pagefind_entry(build(root, options))["fr"]["page_count"] == 1
    assert entry.is_file()


def test_a_build_that_leaves_the_indexed_pages_as_they_were_does_not_reindex(
    make_publication: MakePublication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diptych.web import search

    root = make_publication(PUBLICATION_YAML + "description: {fr: Un essai., en: A trial.}\n")
    options = BuildOptions(output=tmp_path / "out", formats=("html",))
    build(root, options)
    indexed: list[tuple[str, ...]] = []
    monkeypatch.setattr(search, "build_index", lambda site, languages: indexed.append(languages) or 0.0)
    settings = root / "publication.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Un essai.", "Un autre essai."), encoding="utf-8")
    report = build(root, options)  # every page is made again; only the home page's bytes differ
    assert "index.html" in {path.as_posix() for path in report.files} and indexed == []
    document = root / "content" / "doc.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("Un paragraphe.", "Un paragraphe sur la Caspienne."))
    build(root, options)
    assert indexed == [("fr", "en")]


def test_live_preview_puts_off_indexing_until_a_full_build(make_publication: MakePublication, tmp_path: Path) -> None:
    root = make_publication()
    out = tmp_path / "out"
    first = build(root, BuildOptions(output=out, formats=("html",)))
    before = pagefind_entry(first)["fr"]["hash"]
    document = root / "content" / "doc.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("Un paragraphe.", "Un paragraphe sur la Caspienne."))
    build(root, BuildOptions(output=out, formats=("html",), search=False))
    assert pagefind_entry(first)["fr"]["hash"] == before and (out / ".diptych-search-stale").is_file()
    build(root, BuildOptions(output=out, formats=("html",)))  # nothing to make, but the index is behind
    assert pagefind_entry(first)["fr"]["hash"] != before and not (out / ".diptych-search-stale").exists()


def test_every_file_the_web_edition_writes_is_one_the_manifest_keeps(seed_html: BuildReport) -> None:
    # a name the manifest does not recognise is dropped when it is read, so the file would be made on every build
    names = [path.relative_to(seed_html.output).as_posix() if path.is_absolute() else path.as_posix() for path in seed_html.files]
    assert "robots.txt" in names and "search/zh-Hans/index.html" in names
    assert [name for name in names if not output.is_output_name(name)] == []


def test_the_names_the_manifest_keeps_are_made_from_the_output_path_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    # every kind of file, with two languages, a region subtag and each layout
    made = [
        output.document_page("accord-2025", "zh-Hans"),
        output.document_pdf("accord-2025", "ar"),
        output.bilingual_page("accord", ("fr", "en", "ar")),
        *(output.bilingual_pdf("accord", ("fr", "zh-Hans"), layout) for layout in ("parallel", "interleaved", "facing")),
        output.book_pdf(("fr", "en")),
        output.search_page("fr"),
        output.feed("az"),
        output.static_file("fonts/CharisSIL-Regular.latin.woff2"),
        output.SITEMAP,
        output.STATUS,
    ]
    assert [path for path in made if not output.is_output_name(path.as_posix())] == []
    for name in ("publication.yaml", "content/a.yaml", "fr/../publication.yaml", "pdf/a.fr-en.draft.pdf", "static/a/b/c.css"):
        assert not output.is_output_name(name), name

    # a new kind of output is one more path function in output.py: the pattern knows it at once
    def report_page(language: str) -> Path:
        return Path("reports") / f"{language}.xml"

    report_page.__module__ = output.__name__
    monkeypatch.setattr(output, "report_page", report_page, raising=False)
    output.output_name.cache_clear()
    try:
        assert output.is_output_name("reports/fr.xml")
    finally:
        monkeypatch.undo()
        output.output_name.cache_clear()
    assert not output.is_output_name("reports/fr.xml")


def test_the_search_indexes_the_pages_output_names_as_document_pages() -> None:
    """Which written files Pagefind reads is asked of output.document_page, not spelled again."""
    from diptych.web.search import is_indexed

    languages = ("fr", "en", "zh-Hans")
    for language in languages:
        assert is_indexed(output.document_page(SEED_SLUG, language).as_posix(), languages)
    assert not is_indexed(output.document_page(SEED_SLUG, "de").as_posix(), languages)  # not a language of the edition
    others = [
        output.bilingual_page(SEED_SLUG, ("fr", "en")),
        output.search_page("fr"),
        output.feed("fr"),
        output.STATUS,
        output.INDEX,
        output.document_pdf(SEED_SLUG, "fr"),
    ]
    assert [path for path in others if is_indexed(path.as_posix(), languages)] == []
    page = output.names_made_by(output.document_page).fullmatch("zh-Hans/some-slug/index.html")
    assert page is not None and (page["language"], page["slug"]) == ("zh-Hans", "some-slug")
