"""The HTML edition in a real browser (Debian's Chromium, driven by Playwright), with an accessibility audit.

Skipped, with the reason, only where no browser exists and CI is not set; in CI a missing
browser is a failure. Screenshots of every page type go to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from diptych.build import BuildReport

from .conftest import DOCUMENT_YAML, ROOT, SEED_SLUG, MakePublication

pytestmark = pytest.mark.slow  # every test here starts a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"  # a pinned copy (see tests/vendor/README.md)
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: `make` installs Debian's chromium for the browser tests")
    pytest.skip("no Chromium on this machine (make installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(seed_html: BuildReport) -> Iterator[str]:
    """The seed edition served on the loopback address."""
    handler = functools.partial(_Quiet, directory=str(seed_html.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_home_lists_every_document_and_language(page: Page, site: str) -> None:
    page.goto(site)
    assert page.locator(".entry").count() == 1
    versions = page.locator(".entry .versions li")
    names = [versions.nth(i).locator(".version-language").inner_text() for i in range(versions.count())]
    assert names[:3] == ["FRANÇAIS", "ENGLISH", "AZƏRBAYCAN"] or names[:3] == ["Français", "English", "Azərbaycan"]
    page.locator(f'a[href="en/{SEED_SLUG}/index.html"]').first.click()
    assert page.url.endswith(f"/en/{SEED_SLUG}/index.html")
    shot(page, "home")


def test_language_switcher_and_alternates_lead_to_the_other_language(page: Page, site: str) -> None:
    page.goto(f"{site}fr/{SEED_SLUG}/index.html")
    alternate = page.locator('link[rel="alternate"][hreflang="en"]:not([type])').get_attribute("href")
    page.locator('nav.languages a[hreflang="en"]').click()
    assert page.url.endswith(f"/en/{SEED_SLUG}/index.html") and alternate == f"../../en/{SEED_SLUG}/index.html"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#article-7 .article-number").inner_text().lower() == "article 7"
    shot(page, "document-en")


def test_article_anchor_lands_on_the_article(page: Page, site: str) -> None:
    page.goto(f"{site}fr/{SEED_SLUG}/index.html#article-7")
    page.wait_for_timeout(200)
    box = page.locator("#article-7").bounding_box()
    assert box is not None and 0 <= box["y"] <= 40, box
    assert page.locator("#article-7").get_attribute("id") == "article-7"


def rows_aligned(page: Page) -> list[tuple[float, float, float, float]]:
    """(top of cell 1, top of cell 2, bottom of cell 1, …) for the first rows of the parallel view."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.parallel .row')].slice(0, 12).map(row => {
            const [a, b] = row.querySelectorAll('.cell');
            const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
            return [ra.top, rb.top, ra.bottom, rb.left - ra.left];
        })"""
    )


def test_parallel_rows_align_on_a_desk_and_stack_on_a_phone(browser: Browser, site: str) -> None:
    url = f"{site}fr-en/{SEED_SLUG}/index.html"
    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    desk.goto(url)
    for top_a, top_b, _, offset in rows_aligned(desk):
        assert abs(top_a - top_b) < 1 and offset > 200
    shot(desk, "parallel-desk")
    phone = browser.new_page(viewport={"width": 375, "height": 800})
    phone.goto(url)
    for _, top_b, bottom_a, offset in rows_aligned(phone):
        assert top_b >= bottom_a - 1 and abs(offset) < 1  # the translation under its source
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    shot(phone, "parallel-phone")
    desk.close()
    phone.close()


def test_view_switch_works_with_the_keyboard(page: Page, site: str) -> None:
    page.goto(f"{site}fr-en/{SEED_SLUG}/index.html")
    page.focus("#view-parallel")
    page.keyboard.press("ArrowRight")
    assert page.is_checked("#view-interleaved")
    for _, top_b, bottom_a, _ in rows_aligned(page):
        assert top_b >= bottom_a - 1  # interleaved: each translation under its source
    shot(page, "interleaved")
    page.keyboard.press("ArrowRight")  # French only
    assert page.is_checked("#view-fr")
    assert not page.locator('.row-lede .cell[lang="en"]').is_visible()
    assert page.locator('.row-lede .cell[lang="fr"]').is_visible()


def test_print_hides_the_navigation(page: Page, site: str) -> None:
    page.goto(f"{site}fr/{SEED_SLUG}/index.html")
    assert page.locator("header.masthead").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.masthead").is_visible()
    assert not page.locator("nav.toc").first.is_visible()
    assert page.locator("#article-1").is_visible()


PAGE_TYPES = {
    "home": "index.html",
    "document": f"fr/{SEED_SLUG}/index.html",
    "translation": f"en/{SEED_SLUG}/index.html",
    "draft-translation": f"az/{SEED_SLUG}/index.html",
    "bilingual": f"fr-en/{SEED_SLUG}/index.html",
    "dashboard": "status/index.html",
    "search": "search/fr/index.html?q=terrorisme",
}


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_accessibility(page: Page, site: str, kind: str) -> None:
    page.goto(site + PAGE_TYPES[kind])
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
    # landmarks, headings in order, languages
    assert page.locator("main").count() == 1
    levels = [int(tag[1]) for tag in page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => e.tagName)")]
    assert levels and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert page.locator("html").get_attribute("lang")
    shot(page, f"page-{kind}")


# -- live preview ------------------------------------------------------------------------------


@pytest.fixture
def served(make_publication: MakePublication) -> Iterator[tuple[Path, str]]:
    root = make_publication()
    process = subprocess.Popen(
        [sys.executable, "-m", "diptych", "serve", str(root), "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a suite started in the background (`make test &`) ignores Ctrl-C, and so would the child
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    url = ""
    deadline = time.monotonic() + 60
    assert process.stderr is not None
    while time.monotonic() < deadline and not url:
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        url = match.group(1) if match else ""
    assert url, "diptych serve did not start"
    yield root, url
    process.send_signal(signal.SIGINT)  # Ctrl-C
    try:
        assert process.wait(timeout=30) == 0
        assert "stopped." in process.stderr.read()
    finally:
        process.stderr.close()


def test_live_reload_and_error_overlay(browser: Browser, served: tuple[Path, str]) -> None:
    root, url = served
    page = browser.new_page()
    page.goto(f"{url}fr/doc/index.html")
    assert "Un paragraphe." in page.inner_text("main")
    document = root / "content" / "doc.yaml"
    document.write_text(DOCUMENT_YAML.replace("Un paragraphe.", "Un paragraphe tout neuf."), encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('Un paragraphe tout neuf.')", timeout=15000)
    document.write_text(DOCUMENT_YAML.replace("fr: Un titre", 'fr: "Un titre'), encoding="utf-8")
    overlay = page.locator("#diptych-error")
    overlay.wait_for(state="visible", timeout=15000)
    assert "doc.yaml:" in overlay.inner_text() and "error" in overlay.inner_text()
    shot(page, "serve-error-overlay")
    document.write_text(DOCUMENT_YAML.replace("Un paragraphe.", "Un paragraphe réparé."), encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('Un paragraphe réparé.')", timeout=15000)
    assert page.locator("#diptych-error").count() == 0
    page.close()


def test_focus_order_follows_the_page(page: Page, site: str) -> None:
    page.goto(f"{site}fr/{SEED_SLUG}/index.html")
    order = []
    for _ in range(8):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
    assert order[0] == "Aller au texte"  # the skip link comes first
    assert order[1].startswith("La Gazette")  # then the edition's name
    assert order[2:4] == ["search-term", "Rechercher"]  # then the search box (scripts run here)
    assert order[4:7] == ["Français", "English", "Azərbaycan"]  # then the languages, in order
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Azərbaycan"


OVERFLOW_PAGES = [
    "index.html",
    "status/index.html",
    *(f"{code}/{SEED_SLUG}/index.html" for code in ("fr", "en", "az", "zh-Hans", "ar")),
    *(f"{pair}/{SEED_SLUG}/index.html" for pair in ("fr-en", "fr-zh-Hans", "fr-ar", "fr-en-zh-Hans-ar")),
]


@pytest.mark.parametrize("width", [1280, 375])
def test_no_page_scrolls_sideways_in_any_language(browser: Browser, site: str, width: int) -> None:
    """Every page type, left to right and right to left, on a desk and on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}
    for path in OVERFLOW_PAGES:
        page.goto(site + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
    context.close()
    assert not wide, wide


# -- the web edition's extras: citations, light pages, search --------------------------


def test_paragraph_link_shows_on_keyboard_focus_and_its_citation_on_target(page: Page, site: str) -> None:
    page.goto(f"{site}en/{SEED_SLUG}/index.html")
    link = page.locator("#a7-2 > a.cite")
    assert link.evaluate("e => getComputedStyle(e).opacity") == "0"
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus: :focus-visible
    assert link.evaluate("e => getComputedStyle(e).opacity") == "1"
    citation = link.locator(".citation")
    assert citation.is_visible() and citation.inner_text().endswith(", Article 7(2)")
    shot(page, "citation-focus")
    page.goto(f"{site}fr/{SEED_SLUG}/index.html#a7-2")
    page.wait_for_timeout(200)
    line = page.locator("#a7-2 .citation")
    assert line.is_visible() and line.inner_text().endswith("article 7, paragraphe 2")
    box = page.locator("#a7-2").bounding_box()
    assert box is not None and 0 <= box["y"] <= 40


def test_a_french_page_fetches_no_print_stylesheet_and_only_the_font_slices_it_needs(page: Page, site: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(site)))
    page.goto(f"{site}fr/{SEED_SLUG}/index.html", wait_until="networkidle")
    assert "static/print.css" not in fetched
    fonts = sorted(url.removeprefix("static/fonts/") for url in fetched if url.startswith("static/fonts/"))
    # the language menu's "Azərbaycan" needs the extended Latin slice (ə), in the regular style only
    assert (
        fonts
        == [
            "CharisSIL-Bold.latin.woff2",
            "CharisSIL-Italic.latin.woff2",
            "CharisSIL-Regular.latin-ext.woff2",
            "CharisSIL-Regular.latin.woff2",
        ]
        or fonts == []
    )  # [] where Charis SIL is installed locally: local() wins


def test_without_javascript_there_is_no_search_form(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}fr/{SEED_SLUG}/index.html")
    assert not page.locator(".search-form").is_visible()
    assert page.locator("#article-10").is_visible()
    context.close()


@pytest.mark.parametrize(
    ("language", "term", "paragraph"),
    [("fr", "terrorisme", "a10-1"), ("en", "Caspian", "a7-2")],
)
def test_search_finds_a_word_and_opens_its_paragraph(page: Page, site: str, language: str, term: str, paragraph: str) -> None:
    page.goto(f"{site}{language}/{SEED_SLUG}/index.html")
    page.locator("#search-term").fill(term)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/search/{language}/index.html?q={term}")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=10_000)
    links = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert all(f"/{language}/{SEED_SLUG}/" in link for link in links), links  # the index of the page's language only
    # Pagefind itself links to the article's heading; the result goes to the paragraph holding the word
    assert not [link for link in links if link.endswith("-heading")], links
    shot(page, f"search-{language}")
    target = page.locator(f'.pagefind-ui__result-link[href$="#{paragraph}"]')
    target.focus()
    page.keyboard.press("Enter")  # keyboard-usable
    page.wait_for_url(f"**/{language}/{SEED_SLUG}/#{paragraph}")
    page.wait_for_timeout(200)
    box = page.locator(f"#{paragraph}").bounding_box()
    assert box is not None and -5 <= box["y"] <= 60
    assert term in page.locator(f"#{paragraph}").inner_text()


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The four-script sample (Chinese and Arabic among them), HTML only."""
    from diptych.build import BuildOptions, build

    folder = tmp_path_factory.mktemp("scripts")
    shutil.copytree(ROOT / "tests" / "data" / "scripts", folder / "pub")
    report = build(folder / "pub", BuildOptions(output=folder / "out", formats=("html",)))
    handler = functools.partial(_Quiet, directory=str(report.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_search_in_chinese_segments_words(page: Page, scripts_site: str) -> None:
    page.goto(f"{scripts_site}search/zh/index.html?q=奖学金")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=10_000)
    links = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(link.endswith("/zh/communique/#a2-1") for link in links), links  # the paragraph that holds the word
    shot(page, "search-zh")


def test_search_page_is_right_to_left_in_arabic(page: Page, scripts_site: str) -> None:
    page.goto(f"{scripts_site}search/ar/index.html?q=باكو")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".pagefind-ui__search-input").evaluate("e => getComputedStyle(e).direction") == "rtl"
    shot(page, "search-ar")
