"""Print as a typesetter checks it, measured from the seed's PDFs: lines, spreads, page numbers."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from diptych.build import BuildReport
from diptych.languages import language
from diptych.model import Publication
from diptych.numbering import article_label
from diptych.render import ui_translations

from .conftest import ROOT, SEED_SLUG

pytestmark = pytest.mark.slow  # every test here reads PDFs the seed build makes, or renders one

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed; run make")

#: a line holding only a hyphenated fragment: "régio‐", the rest of the word on the next line
LONE_FRAGMENT = re.compile(r"^\s*\S+[‐-]\s*$", re.MULTILINE)


def layout_text(path: Path) -> list[str]:
    """The text of each page as pdftotext lays it out."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@needs_pdftotext
def test_no_pdf_of_the_seed_has_a_line_with_a_lone_hyphenated_fragment(built_seed: BuildReport) -> None:
    pdfs = sorted((built_seed.output / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 14
    faults = {path.name: LONE_FRAGMENT.findall("".join(layout_text(path))) for path in pdfs}
    assert not {name: lines for name, lines in faults.items() if lines}


@needs_pdftotext
def test_a_run_of_text_before_an_inline_element_is_not_cut_after_its_first_syllable(tmp_path: Path) -> None:
    """WeasyPrint 70 hyphenated the first word of a run that fitted only without its trailing space."""
    from diptych.pdf import PdfRenderer

    paragraph = (
        "Les Parties soutiennent le renforcement du dialogue politique entre le Parti communiste chinois et le Parti "
        "Nouvel Azerbaïdjan. Les deux Parties ont confirmé leur disposition à renforcer les relations entre les "
        "gouvernements dans le cadre de mécanismes réguliers afin de promouvoir la coopération pratique. "
        "Elles soutiennent également les contacts et échanges au niveau des organes législatifs, y compris la "
        "coordination de leurs actions au sein des organisations internationales et régionales, et sont déterminées "
        'à organiser des consultations régulières entre leurs ministères des <span class="name">Affaires</span> étrangères.'
    )
    page = "@page { size: A4; margin: 24mm 25mm 26mm 25mm } html { font-size: 10.5pt }"
    html = f'<html lang="fr"><head><style>{page}</style></head><body><main><p>{paragraph}</p></main></body></html>'
    renderer = PdfRenderer([ROOT / "styles" / "edition.css", ROOT / "styles" / "print.css"], roots=(ROOT,))
    path = tmp_path / "paragraph.pdf"
    path.write_bytes(renderer.render(html, ROOT / "index.html").data)
    lines = [line.strip() for line in "".join(layout_text(path)).splitlines() if line.strip()]
    assert not LONE_FRAGMENT.findall("\n".join(lines)), lines
    assert any("régionales, et sont" in line for line in lines), lines


def test_facing_pdf_is_within_twice_the_longer_side_plus_four_pages(built_seed: BuildReport, seed: Publication) -> None:
    pdf = built_seed.output / "pdf"
    for target in seed.target_languages:
        single = max(len(PdfReader(pdf / f"{SEED_SLUG}.{code}.pdf").pages) for code in ("fr", target))
        facing = len(PdfReader(pdf / f"{SEED_SLUG}.fr-{target}.facing.pdf").pages)
        assert facing <= 2 * single + 4, (target, facing, single)


# -- the seed in five languages: every layout measured from its PDF ----------------------------

TARGETS = ("en", "az", "zh-Hans", "ar")
RTL = {"ar"}
#: opening and closing punctuation of Chinese text (a line may not end or start with them)
OPENING, CLOSING = "（「『《〈【“‘", "，。、）」』》〉】；：！？”’"


def words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Every word on a page with its box (points, from the top left), as pdftotext -bbox gives them."""
    command = ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', out)
    return [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in found]


Word = tuple[int, float, float, float, str]  # (page the link goes to, left, right, height, text)


def linked_lines(path: Path, page: int) -> list[list[Word]]:
    """The words inside the links of a page (a contents page's entries), line by line from the top."""
    reader = PdfReader(path)
    numbers = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages) if p.indirect_reference}
    sheet = reader.pages[page]
    height = float(sheet.mediabox.height)
    on_page = words(path, page)
    linked: set[tuple[float, Word]] = set()  # (middle, word) of the words in a link
    for annotation in sheet.get("/Annots") or []:
        link = annotation.get_object()
        destination = link.get("/Dest") or (link.get("/A") or {}).get("/D")
        if link.get("/Subtype") != "/Link" or destination is None:
            continue
        if isinstance(destination, list):
            target = numbers[destination[0].idnum]
        else:  # a named destination: an anchor of the page
            target = reader.get_destination_page_number(reader.named_destinations[str(destination)])
        corners = [float(v) for v in link["/Rect"]]
        (x0, x1), (y0, y1) = sorted(corners[0::2]), sorted(corners[1::2])
        top, bottom = height - y1, height - y0
        for left, upper, right, lower, text in on_page:
            middle = (upper + lower) / 2
            if x0 - 1 <= (left + right) / 2 <= x1 + 1 and top - 1 <= middle <= bottom + 1:
                linked.add((middle, (target, left, right, lower - upper, text)))
    lines: list[tuple[float, list[Word]]] = []
    for middle, word in sorted(linked):  # words whose middles are close are on one line (sizes differ on it)
        if lines and middle - lines[-1][0] < 6:
            lines[-1][1].append(word)
        else:
            lines.append((middle, [word]))
    return [found for _, found in lines]


def contents_entries(path: Path, page: int, rtl: bool) -> list[tuple[int, str]]:
    """(page the link goes to, page number printed at the end of its line) for each entry of a contents page."""
    entries = []
    for found in linked_lines(path, page):
        targets = {target for target, *_ in found}
        assert len(targets) == 1, found
        digits = sorted((left, text) for _, left, _, _, text in found if text.isdigit())
        if digits and any(set(text) == {"."} for *_, text in found):  # the line that ends with the leader
            entries.append((targets.pop(), (digits[0] if rtl else digits[-1])[1]))
    return entries


def wrapped_entries(path: Path, page: int, rtl: bool) -> list[tuple[float, float, list[float]]]:
    """For each contents entry on more than one line: where its label starts, where the rest of
    its first line starts, and where each following line starts (x from the line's start side:
    the left, or the right in a right-to-left page)."""
    entries: list[list[list[Word]]] = [[]]
    for found in linked_lines(path, page):  # an entry's lines, down to the one that ends with the leader
        entries[-1].append(found)
        if any(set(w[4]) == {"."} for w in found):
            entries.append([])
    wrapped = []
    for lines in entries:
        if len(lines) < 2:
            continue
        start = (lambda line: max(w[2] for w in line)) if rtl else (lambda line: min(w[1] for w in line))
        tallest = max(w[3] for w in lines[0])
        label = [w for w in lines[0] if w[3] < 0.9 * tallest]  # the label is set smaller than the text
        text = [w for w in lines[0] if w[3] >= 0.9 * tallest]
        wrapped.append((start(label), start(text), [start(line) for line in lines[1:]]))
    return wrapped


def outline_pages(path: Path) -> list[int]:
    reader = PdfReader(path)
    items = reader.outline
    articles = items[1] if len(items) > 1 and isinstance(items[1], list) else []
    return [reader.get_destination_page_number(item) for item in articles]


def seed_pdfs(built: BuildReport) -> list[Path]:
    return sorted((built.output / "pdf").glob("*.pdf"))


@needs_pdftotext
def test_every_word_of_every_pdf_is_inside_the_page(built_seed: BuildReport) -> None:
    # the note "not yet translated" for screen readers is clipped to nothing on purpose
    hidden = {word for code in ("fr", *TARGETS) for word in ui_translations(language(code)).gettext("not yet translated").split()}
    outside = []
    for path in seed_pdfs(built_seed):
        width = float(PdfReader(path).pages[0].mediabox.width)
        for page in range(len(PdfReader(path).pages)):
            outside += [
                (path.name, page + 1, w[4])
                for w in words(path, page)
                if (w[0] < 0 or w[2] > width) and not any(w[4].strip("()") in word for word in hidden)
            ]
    assert not outside, outside[:10]


@needs_pdftotext
@pytest.mark.parametrize("language", ["fr", *TARGETS])
def test_contents_give_the_pages_the_articles_are_on(built_seed: BuildReport, language: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.{language}.pdf"
    entries = contents_entries(path, 0, language in RTL)
    assert len(entries) == 18
    assert all(printed == str(target + 1) for target, printed in entries), entries
    assert outline_pages(path) == [target for target, _ in entries]


@needs_pdftotext
@pytest.mark.parametrize("target", TARGETS)
def test_facing_contents_footers_and_bookmarks_agree(built_seed: BuildReport, target: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.fr-{target}.facing.pdf"
    left, right = contents_entries(path, 0, False), contents_entries(path, 1, target in RTL)
    assert len(left) == len(right) == 18
    for side, entries in ((0, left), (1, right)):
        # each side's contents lists its own pages: odd on the left, even on the right
        assert all(printed == str(page + 1) and page % 2 == side for page, printed in entries), entries
    assert [page + 1 for page, _ in left] == [page for page, _ in right]  # article N faces article N
    assert outline_pages(path) == [page for page, _ in left]
    labels = [ui_translations(language(code)).gettext("page {page}") for code in ("fr", target)]
    for number, text in enumerate(layout_text(path), start=1):
        if text.strip():  # blank pages carry no number
            footer = " ".join(re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", text).split()[-4:])
            label = labels[(number - 1) % 2].format(page=number)
            flat, wanted = footer.replace(" ", ""), label.replace(" ", "")
            assert flat.endswith(wanted) or (target in RTL and label.split()[0] in footer and str(number) in footer), footer


def assert_hanging(wrapped: list[tuple[float, float, list[float]]], rtl: bool) -> None:
    """Each wrapped entry hangs: its following lines start under its text, not under its label."""
    assert wrapped, "no contents entry wraps: nothing to measure"
    for label, text, following in wrapped:
        indent = label - text if rtl else text - label
        assert indent > 30, (label, text)  # the label has a column of its own
        assert all(abs(start - text) < 1 for start in following), (label, text, following)


@needs_pdftotext
@pytest.mark.parametrize("name", [f"{SEED_SLUG}.fr.pdf", f"{SEED_SLUG}.fr-ar.facing.pdf"])
def test_a_contents_entry_that_wraps_continues_under_its_text(built_seed: BuildReport, name: str) -> None:
    # article 15's French entry takes two lines
    assert_hanging(wrapped_entries(built_seed.output / "pdf" / name, 0, rtl=False), rtl=False)


LONG_TITLES = """\
date: 2025-04-23
body:
  - official:
      id: accord
      title: {fr: Accord sur les voies navigables, ar: اتفاق بشأن الممرات المائية}
      articles:
"""
FR_TITLE = "Des voies navigables communes, de leur entretien, de leur balisage et de la navigation des bateaux des deux Parties"
AR_TITLE = (
    "الممرات المائية المشتركة وصيانتها ووضع العلامات فيها وملاحة سفن الطرفين فيها وفق الأحكام والقواعد المتفق عليها بين الطرفين"
)
LONG_TITLES += "".join(
    f"""\
        - title:
            fr: {FR_TITLE} ({number})
            ar: {AR_TITLE} ({number})
          paragraphs:
            - {{id: a{number}-1, fr: La navigation est libre., ar: الملاحة حرة.}}
"""
    for number in (1, 2, 3)
)


@needs_pdftotext
def test_a_right_to_left_contents_entry_that_wraps_continues_under_its_text(make_publication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from diptych.build import BuildOptions, build

    publication = "title: {fr: Essai, ar: تجربة}\nsource_language: fr\nlanguages: [ar]\nnumbering: article\n"
    publication += "bilingual: {layouts: [facing]}\n"
    root = make_publication(publication, documents={"accord.yaml": LONG_TITLES})
    report = build(root, BuildOptions(output=tmp_path / "out", formats=("pdf",), strict=True, jobs=1))
    pdfs = report.output / "pdf"
    assert_hanging(wrapped_entries(pdfs / "accord.ar.pdf", 0, rtl=True), rtl=True)
    assert_hanging(wrapped_entries(pdfs / "accord.fr.pdf", 0, rtl=False), rtl=False)
    assert_hanging(wrapped_entries(pdfs / "accord.fr-ar.facing.pdf", 1, rtl=True), rtl=True)


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", re.sub(r"-\n", "", unicodedata.normalize("NFKC", text))).lower()


def opening(text: str, language: str) -> str:
    """A few words (characters in Chinese) from the start of a text, to find it in a PDF."""
    return squash(text)[:10] if language.startswith("zh") else squash(" ".join(text.split()[:4]))


@pytest.mark.parametrize("target", TARGETS)
def test_facing_spreads_hold_the_same_units_on_both_sides(built_seed: BuildReport, seed: Publication, target: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.fr-{target}.facing.pdf"
    pages = [squash(page.extract_text()) for page in PdfReader(path).pages]
    (document,) = seed.documents
    units = list(document.units())
    everything = {code: [squash(u.text(code) or "") for u in units] for code in ("fr", target)}
    checked = 0
    for unit in units:
        translation = unit.text(target)
        if translation is None or len(unit.source.split()) < 8:
            continue
        needles = {"fr": opening(unit.source, "fr"), target: opening(translation, target)}
        if any(sum(needle in text for text in everything[code]) > 1 for code, needle in needles.items()):
            continue  # the same words open another text too (a title quoted in the lede)
        left = [n for n, text in enumerate(pages) if opening(unit.source, "fr") in text]
        right = [n for n, text in enumerate(pages) if opening(translation, target) in text]
        assert left and right, unit.id
        assert left[0] % 2 == 0 and right[0] == left[0] + 1, (unit.id, left, right)
        checked += 1
    assert checked >= (4 if target == "az" else 20)  # the Azerbaijani draft has 15 texts translated


def test_no_pdf_uses_a_synthesised_slanted_face(built_seed: BuildReport) -> None:
    for path in seed_pdfs(built_seed):
        reader = PdfReader(path)
        names = {
            str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
            for page in reader.pages
            for font in (page["/Resources"].get("/Font") or {}).values()
        }
        # Charis SIL has real small capitals; the Noto faces of Arabic and Chinese have neither those nor italics
        faked = [n for n in names if "Oblique" in n or ("Noto" in n and ("Italic" in n or "Small-Caps" in n))]
        assert not faked, (path.name, faked)


@needs_pdftotext
@pytest.mark.parametrize("name", [f"{SEED_SLUG}.zh-Hans.pdf", f"{SEED_SLUG}.fr-zh-Hans.facing.pdf", "edition.zh-Hans.pdf"])
def test_chinese_lines_never_start_with_closing_or_end_with_opening_punctuation(built_seed: BuildReport, name: str) -> None:
    lines = [line.strip() for page in layout_text(built_seed.output / "pdf" / name) for line in page.splitlines()]
    chinese = [line for line in lines if re.search(r"[\u4e00-\u9fff]", line)]
    assert len(chinese) > 50
    assert not [line for line in chinese if line[0] in CLOSING or line[-1] in OPENING]


@needs_pdftotext
def test_arabic_text_is_extracted_joined(built_seed: BuildReport) -> None:
    """Letter-spacing would break the joining of Arabic letters: headings come out as whole words."""
    text = "".join(layout_text(built_seed.output / "pdf" / f"{SEED_SLUG}.ar.pdf"))
    assert "المحتويات" in text and "أذربيجان" in text


@needs_pdftotext
@pytest.mark.parametrize("columns", ["fr-ar", "fr-zh-Hans", "fr-en-zh-Hans-ar"])
def test_parallel_rows_start_on_the_same_page_in_every_column(built_seed: BuildReport, columns: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.{columns}.pdf"
    pages = [squash(re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", text)) for text in layout_text(path)]
    for number in range(1, 19):
        found = set()
        for code in re.findall(r"zh-Hans|[a-z]+", columns):
            words_of = article_label(number, "article", language(code)).split()
            # "Article 1" is not "Article 10"; pdftotext may give an Arabic label in visual order ("1 المادة")
            label = re.compile(
                re.escape(squash(" ".join(words_of)))
                + (r"(?!\d)" if words_of[-1].isdigit() else "")
                + "|"
                + (r"(?<!\d)" if words_of[-1].isdigit() else "")
                + re.escape(squash(" ".join(words_of[::-1])))
            )
            found.add(next((page for page, text in enumerate(pages) if label.search(text)), None))
        assert len(found) == 1, (columns, number, found)


@needs_pdftotext
@pytest.mark.parametrize("target", TARGETS)
def test_interleaved_pages_are_never_left_more_than_a_quarter_empty(built_seed: BuildReport, target: str) -> None:
    path = built_seed.output / "pdf" / f"{SEED_SLUG}.fr-{target}.interleaved.pdf"
    reader = PdfReader(path)
    height = float(reader.pages[0].mediabox.height)
    for page in range(len(reader.pages) - 1):  # the last page ends the document
        body = [w for w in words(path, page) if 0.1 * height < w[1] < 0.9 * height]  # running heads and footers aside
        assert max(w[3] for w in body) > 0.66 * height, (target, page + 1)


OFFICIAL_ONLY = """\
date: 2025-04-23
body:
  - official:
      id: convention
      title: {fr: Convention sur la navigation du Rhin, en: Convention on Navigation on the Rhine}
      articles:
        - paragraphs:
            - {id: a1-1, fr: La navigation est libre., en: Navigation is free.}
"""


@needs_pdftotext
def test_an_official_text_on_its_own_needs_no_headline_and_prints_its_title_once(make_publication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from diptych.build import BuildOptions, build

    root = make_publication(documents={"convention.yaml": OFFICIAL_ONLY})
    report = build(root, BuildOptions(output=tmp_path / "out", strict=True, jobs=1))
    page = (report.output / "fr" / "convention" / "index.html").read_text(encoding="utf-8")
    main = page.split("<main", 1)[1]
    main = re.sub(r"<span hidden data-pagefind-ignore[^>]*>[^<]*</span>", "", main)  # the search index's filters are not shown
    assert main.count(">Convention sur la navigation du Rhin<") == 1 and "<h2" not in main
    for name in ("convention.fr.pdf", "convention.fr-en.pdf", "convention.fr-en.interleaved.pdf"):
        first = layout_text(report.output / "pdf" / name)[0]
        assert " ".join(first.split()).count("Convention sur la navigation") == 1, name
    bilingual = (report.output / "fr-en" / "convention" / "index.html").read_text(encoding="utf-8")
    assert "row-official-title" not in bilingual and bilingual.count("Convention on Navigation on the Rhine</h1>") == 1
