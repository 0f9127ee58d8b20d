"""Bounded cost for every input within the limits: no super-linear pattern, no word too long to set.

Cost is compared between a text and one eight times longer: linear work grows about eight
times, quadratic work sixty-four times. CPU time of this process is measured (not wall time),
the best of three, on texts long enough to take milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diptych import inline, typography
from diptych.languages import language as language_of
from diptych.translation import exchange
from diptych.translation.memory import _word_sets

#: one of every kind of character the rules look at
CHARACTERS = [
    "a",
    "Z",
    "é",
    "1",
    " ",
    "\u00a0",
    "\u202f",
    "\n",
    "\t",
    "@",
    ".",
    ",",
    ":",
    ";",
    "!",
    "?",
    "/",
    "-",
    "_",
    "+",
    "'",
    '"',
    "«",
    "»",
    "“",
    "(",
    ")",
    "[",
    "]",
    "*",
    "\\",
    "&",
    "<",
    "中",
    "ع",
    "ᵉ",
    "…",
    "\u200b",
]
#: the characters the rules and the markup parser treat specially, paired with one another
SPECIAL = ["a", "1", " ", "\u00a0", "@", ".", ":", ";", "!", "?", "/", "'", '"', "«", "»", "*", "\\", "[", "(", "\n", "中"]
SHAPES = sorted(
    set(CHARACTERS)
    | {a + b for a in SPECIAL for b in SPECIAL}
    | {
        "a@",
        "a@a.",
        "www.",
        "http://",
        "a:",
        "1 ",
        "*a ",
        "**a ",
        "*a **b ",
        "[a](",
        "[a](b ",
        "a **",
        "1er ",
        "M. ",
        " ;",
        "« ",
        " »",
    }
)
LANGUAGES = ("fr", "en", "de", "zh", "ar", "az")
FRENCH = language_of("fr")


def render(text: str, code: str) -> None:
    """Everything a text goes through on its way to a page, for print (the most work)."""
    inline.parse.cache_clear()
    typography._typeset.cache_clear()
    language = language_of(code)
    inline.to_html(text, language, names=True)
    inline.to_plain(text, language)
    list(inline.problems(text))


def cost(function: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.slow
def test_no_shape_of_text_costs_more_than_linear_time() -> None:
    short, long = 1_000, 8_000
    slow = []
    for shape in SHAPES:
        texts = [(shape * (n // len(shape) + 1))[:n] for n in (short, long)]
        # French has the most rules; the rules every other Latin language shares, on single characters
        for language in ("fr", "en") if len(shape) == 1 else ("fr",):
            started = time.process_time()
            render(texts[1], language)
            if time.process_time() - started < 0.03:
                continue  # fast enough whatever its growth; measure carefully only what is not
            small, large = (cost(lambda t=t, language=language: render(t, language)) for t in texts)  # type: ignore[misc]
            if large > 24 * max(small, 0.002):
                slow.append((shape, language, small, large))
    assert slow == []


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_worst_shapes_at_the_text_limit_take_little_time(language: str) -> None:
    """At 100,000 characters (the limit of one text) each used to take from 40 s to hours."""
    worst = ["*a " * 33_334, "a@" * 50_000, " " * 100_000, "a" * 100_000, "[a](b " * 16_667, "**a " * 25_000, "a;" * 50_000]
    for text in worst:
        assert cost(lambda text=text: render(text[:100_000], language)) < 5.0, text[:12]  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARACTERS), max_size=400), st.sampled_from(LANGUAGES))
def test_any_text_renders(text: str, code: str) -> None:
    html = inline.to_html(text, language_of(code), names=True)
    assert "<script" not in html
    plain = inline.to_plain(text, language_of(code))
    assert isinstance(plain, str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARACTERS), min_size=1, max_size=60), st.integers(min_value=20, max_value=200))
def test_repeated_text_renders_in_time_proportional_to_its_length(unit: str, times: int) -> None:
    text = unit * times
    started = time.process_time()
    render(text, "fr")
    assert time.process_time() - started < 0.5 + len(text) / 20_000


def test_long_words_get_break_opportunities_in_print_only() -> None:
    word = "Anticonstitutionnellement" * 8  # 200 characters without a space
    printed = inline.to_html(word, FRENCH, names=True)
    assert printed.count(inline.ZERO_WIDTH_SPACE) == len(word) // inline.LONG_WORD
    assert all(len(piece) <= inline.LONG_WORD for piece in printed.striptags().split(inline.ZERO_WIDTH_SPACE))
    assert inline.ZERO_WIDTH_SPACE not in inline.to_html(word, FRENCH)  # the web page keeps the word whole
    ordinary = "Le partenariat stratégique global entre les deux pays."
    assert inline.ZERO_WIDTH_SPACE not in inline.to_html(ordinary, FRENCH, names=True)
    across = "a" * 40 + "*" + "b" * 40 + "*"  # a word that continues inside emphasis counts as one
    assert inline.ZERO_WIDTH_SPACE in inline.to_html(across, FRENCH, names=True)
    glued = "a ;" * 40  # French typography glues "a ;a ;…" with no-break spaces into one unbreakable run
    assert inline.ZERO_WIDTH_SPACE in inline.to_html(glued, FRENCH, names=True)


@pytest.mark.slow
def test_a_long_word_is_set_in_bounded_time(tmp_path: Path) -> None:
    """Before: 2,000 hyphenatable characters without a space took 6 s of CPU to set, 1,000 took 0.9 s
    (cubic); with break opportunities every 48 characters 8,000 take a fraction of a second."""
    weasyprint = pytest.importorskip("weasyprint")
    css = weasyprint.CSS(string="p { hyphens: auto; text-align: justify; hyphenate-limit-chars: 6 3 3 }")
    for word in ("Lorem" * 1_600, "a ;" * 2_667):  # 8,000 characters: a word; no-break spaces glued by typography
        html = f'<html lang="fr"><body><p>{inline.to_html(word, FRENCH, names=True)}</p></body></html>'
        started = time.process_time()
        pages = weasyprint.HTML(string=html).render(stylesheets=[css]).pages
        assert time.process_time() - started < 5.0
        assert len(pages) >= 2


def test_translators_files_are_refused_by_size_and_count_before_parsing(tmp_path: Path) -> None:
    header = '# diptych-document: content/doc.yaml\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
    many = tmp_path / "many.po"
    many.write_text(header + "".join(f'msgctxt "u{i}"\nmsgid "s"\nmsgstr "t"\n\n' for i in range(150_000)), encoding="utf-8")
    started = time.process_time()
    with pytest.raises(exchange.ExchangeError, match="too many entries"):
        exchange.read_exchange(many)
    assert time.process_time() - started < 1.0  # parsing them all took seconds and hundreds of MiB


def kinds_of_punctuation(kinds: int) -> list[str]:
    """2,000 texts of 60 words, each word after one of ``kinds`` symbols (arrows, shapes, signs: not word characters)."""
    codes = [*range(0x2000, 0x2C00), *range(0x1F000, 0x1FB00)]  # punctuation, arrows, shapes, signs, emoji
    symbols = [chr(code) for code in codes if not chr(code).isalnum()][:kinds]
    assert len(symbols) == kinds
    return [" ".join(symbols[(text * 61 + word) % kinds] + "mot" for word in range(60)) for text in range(2000)]


def test_the_words_of_a_document_with_every_kind_of_punctuation_cost_linear_time() -> None:
    """The translation memory's words: a pass over the document for each kind of punctuation in it cost their
    number times the text (a document of 5 MB holding thousands of symbols: about a minute)."""
    few, many = kinds_of_punctuation(20), kinds_of_punctuation(5_000)
    assert cost(lambda: _word_sets(many)) < 5 * max(cost(lambda: _word_sets(few)), 0.002)  # it was 16 times
