"""Article labels and numbers as editors type them, in several languages and numeral systems.

"1. Les Parties…", "Article premier", "ARTICLE 2", "Art. 3", "第一条", "Maddə 1",
"المادة ١", "IV." — :func:`article_label` finds the label at the start of a
paragraph and gives its number and the text after it. :func:`numbers` lists the
numbers a text mentions, whatever the numeral system, so that an alignment can
use them as anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Arabic-Indic and Eastern Arabic-Indic (Persian) digits → ASCII
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ORDINAL_WORDS = {"premier": 1, "première": 1, "unique": 1, "first": 1, "one": 1}

_NUMBER = r"(?P<number>[0-9٠-٩۰-۹]{1,3}|[IVXLC]{1,7}|premier|première|unique|first)"
_SEPARATOR = r"(?:\s*[.:)—–-]\s*|\s+|$)"
#: "Article 1", "ARTICLE 2", "Art. 3", "Artikel 4", "Artículo 5", "Maddə 1", "Статья 1", "المادة 1"
_WORD_LABEL = re.compile(
    r"^(?P<label>(?:article|art\.|artikel|artículo|articolo|artigo|maddə|madde|статья|المادة|مادة)\s*"
    + _NUMBER
    + r"(?:er|ère|st)?)"
    + _SEPARATOR,
    re.IGNORECASE,
)
#: "第一条", "第十八条" (Chinese), with an optional space or colon after it
_CHINESE_LABEL = re.compile(r"^(?P<label>第(?P<number>[〇零一二两三四五六七八九十百千0-9]{1,6})条)[\s:：、．.]*")
#: "1.", "12)", "IV." at the start of a paragraph, followed by text
_BARE_LABEL = re.compile(r"^(?P<label>(?P<number>[0-9٠-٩۰-۹]{1,3}|[IVXLC]{1,7})[.)])(?:\s+|$)")


@dataclass(frozen=True)
class Label:
    """An article label found at the start of a paragraph."""

    number: int
    label: str  # as written: "1.", "Article premier", "第一条"
    rest: str  # the paragraph without its label
    style: str  # "decimal", "article" or "roman": how the source numbers its articles


def chinese_number(text: str) -> int | None:
    """一 → 1, 十八 → 18, 二十一 → 21, 一百零二 → 102; ``None`` if ``text`` is not a Chinese numeral."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for character in text:
        if character in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[character]
        elif character in _CHINESE_UNITS:
            total += (digit if digit is not None else 1) * _CHINESE_UNITS[character]
            digit = None
        else:
            return None
    return total + (digit or 0)


def roman_number(text: str) -> int | None:
    """XIV → 14; ``None`` unless ``text`` is a well-formed roman numeral."""
    text = text.upper()
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for index, character in enumerate(text):
        value = _ROMAN[character]
        following = _ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if _to_roman(total) == text else None


def _to_roman(number: int) -> str:
    pairs = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in pairs:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _number(text: str) -> tuple[int, str] | None:
    """The value of a label's number and the numbering style it implies."""
    lowered = text.lower()
    if lowered in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[lowered], "article"
    ascii_digits = text.translate(_DIGITS)
    if ascii_digits.isdigit():
        return int(ascii_digits), "decimal"
    roman = roman_number(text)
    if roman is not None:
        return roman, "roman"
    return None


def article_label(text: str) -> Label | None:
    """The article label at the start of ``text``, or ``None``."""
    match = _CHINESE_LABEL.match(text)
    if match:
        value = chinese_number(match["number"])
        if value:
            return Label(value, match["label"], text[match.end() :].strip(), "article")
        return None
    for pattern, worded in ((_WORD_LABEL, True), (_BARE_LABEL, False)):
        match = pattern.match(text)
        if not match:
            continue
        found = _number(match["number"])
        if found is None or found[0] == 0:
            return None
        value, style = found
        return Label(value, match["label"].strip(), text[match.end() :].strip(), "article" if worded else style)
    return None


_NUMERALS = re.compile(r"[0-9٠-٩۰-۹０-９]+(?:[.,][0-9٠-٩۰-۹]+)*|[〇零一二两三四五六七八九十百千]{1,8}")


def numbers(text: str) -> frozenset[int]:
    """The numbers mentioned in ``text`` (2025, 29, 13…) in any numeral system, for anchoring.

    Chinese numerals count only when written as a number in running text (二〇二五年, 二十九届);
    a lone 一 ("one", "a") is too common to mean anything.
    """
    found: set[int] = set()
    for match in _NUMERALS.finditer(text):
        token = match.group()
        if token[0] in _CHINESE_DIGITS or token[0] in _CHINESE_UNITS:
            if len(token) < 2:
                continue
            if all(c in _CHINESE_DIGITS for c in token):  # 二〇二五: digit by digit
                value: int | None = int("".join(str(_CHINESE_DIGITS[c]) for c in token))
            else:
                value = chinese_number(token)
            if value is not None:
                found.add(value)
            continue
        digits = re.sub(r"[.,]", "", token.translate(_DIGITS))
        if digits.isdigit():
            found.add(int(digits))
    return frozenset(found)
