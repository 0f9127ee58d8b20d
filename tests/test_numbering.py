"""Article labels, generated once in Python for HTML and PDF alike."""

from __future__ import annotations

import pytest

from diptych.languages import language as language_value
from diptych.numbering import article_label, chinese, roman


@pytest.mark.parametrize(
    ("number", "style", "language", "label"),
    [
        (1, "article", "fr", "Article premier"),
        (2, "article", "fr", "Article 2"),
        (1, "article", "en", "Article 1"),
        (7, "article", "az", "Maddə 7"),
        (1, "article", "zh", "第一条"),
        (10, "article", "zh", "第十条"),
        (18, "article", "zh-Hans", "第十八条"),
        (3, "article", "ar", "المادة 3"),
        (12, "decimal", "fr", "12."),
        (14, "roman", "en", "XIV."),
        (4, "article", "fi", "4."),
    ],
)
def test_article_label(number: int, style: str, language: str, label: str) -> None:
    assert article_label(number, style, language_value(language)) == label  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese(number) == numeral


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994)] == ["I", "IV", "IX", "XIV", "XL", "XC", "CD", "MCMXCIV"]
    with pytest.raises(ValueError):
        roman(0)
