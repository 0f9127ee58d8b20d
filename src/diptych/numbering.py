"""Article number labels, made once in Python so HTML and PDF say the same thing.

CSS counters cannot spell "Article premier" or "第十二条", and WeasyPrint's
predefined counter styles fall back silently where they lack one; a label
computed here is plain text in both editions.
"""

from __future__ import annotations

from .languages import Language
from .model import NumberingStyle

#: "Article N" in each language we know, as a format with ``{n}`` for the number.
ARTICLE_WORDS: dict[str, str] = {
    "fr": "Article {n}",
    "en": "Article {n}",
    "az": "Maddə {n}",
    "de": "Artikel {n}",
    "es": "Artículo {n}",
    "it": "Articolo {n}",
    "pt": "Artigo {n}",
    "nl": "Artikel {n}",
    "nb": "Artikkel {n}",
    "no": "Artikkel {n}",
    "ru": "Статья {n}",
    "uk": "Стаття {n}",
    "tr": "Madde {n}",
    "ar": "المادة {n}",
}

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip

_CHINESE_DIGITS = "零一二三四五六七八九"


def roman(number: int) -> str:
    if not 0 < number < 4000:
        raise ValueError(f"no roman numeral for {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def chinese(number: int) -> str:
    """Chinese numerals as used in legal texts: 十, 十二, 二十, 一百零五."""
    if not 0 < number < 10000:
        raise ValueError(f"no Chinese numeral for {number}")
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out = []
    pending_zero = False
    for value, name in units:
        digit, number = divmod(number, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            # 十二 not 一十二 when ten leads the number
            if not (value == 10 and digit == 1 and not out):
                out.append(_CHINESE_DIGITS[digit])
            out.append(name)
        elif out:
            pending_zero = True
    if number:
        if pending_zero:
            out.append("零")
        out.append(_CHINESE_DIGITS[number])
    return "".join(out)


def article_label(number: int, style: NumberingStyle, language: Language) -> str:
    """The label of article ``number``: "1.", "I.", "Article premier", "第一条"."""
    if style == "decimal":
        return f"{number}."
    if style == "roman":
        return f"{roman(number)}."
    if language.numerals == "han":
        return f"第{chinese(number)}条"
    if language.base == "fr" and number == 1:
        return "Article premier"
    word = ARTICLE_WORDS.get(language.base)
    if word is None:
        return f"{number}."
    return word.format(n=number)


def label_problem(number: int, style: NumberingStyle, languages: tuple[Language, ...]) -> str | None:
    """Why article ``number`` has no label in ``style`` in one of ``languages`` (roman stops at 3999,
    Chinese numerals at 9999), or ``None``."""
    for language in languages:
        try:
            article_label(number, style, language)
        except ValueError as error:
            return f"article {number} cannot be labelled with '{style}' numbering in {language.code!r} ({error})"
    return None
