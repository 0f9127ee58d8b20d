"""The numbers a text contains, by value, whatever the numeral system.

"29", "٢٩" (Arabic-Indic), "۲۹" (Persian), "２９" (full width) and "二十九"
are all 29; "2 500", "2,500", "٢٬٥٠٠" and "两千五百" are all 2500; "3万"
is 30000. Values are compared as exact decimals written out as text.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3}
_CJK_DIGITS |= {"四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CJK_LARGE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CJK_CHARS = "".join([*_CJK_DIGITS, *_CJK_SMALL, *_CJK_LARGE])
_CJK_NUMBER = re.compile(f"[{_CJK_CHARS}]+")
_CJK_TEXT = re.compile(r"[\u3400-\u9fff]")
#: Arabic decimal and thousands separators
_ARABIC_DECIMAL, _ARABIC_THOUSANDS = "\u066b", "\u066c"
_DIGITS = re.compile(r"\d+(?:[\u00a0\u202f ,.\u066c\u066b]\d+)*")
#: words made of numeral characters that are not numbers ("一起" together, "统一" unify, "一带一路" Belt and Road)
_NOT_NUMBERS = ("一带一路", "一起", "一些", "一致", "一道", "一贯", "一切", "统一", "进一步", "一步", "唯一", "一体", "之一")


_ARABIC_UNITS = {
    1: "واحد واحدة أول أولى حادي حادية",
    2: "اثنان اثنين اثنتان اثنتين ثاني ثانية ثان",
    3: "ثلاث ثلاثة ثالث ثالثة",
    4: "أربع أربعة رابع رابعة",
    5: "خمس خمسة خامس خامسة",
    6: "ست ستة سادس سادسة",
    7: "سبع سبعة سابع سابعة",
    8: "ثمان ثماني ثمانية ثامن ثامنة",
    9: "تسع تسعة تاسع تاسعة",
}
_ARABIC_TENS = {
    10: "عشر عشرة عاشر عاشرة",
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "أربعون أربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
_ARABIC_WORDS = {
    word: value for table in (_ARABIC_UNITS, _ARABIC_TENS) for value, words in table.items() for word in words.split()
}
_ARABIC_TEXT = re.compile(r"[\u0600-\u06ff]")


def _arabic_word(word: str) -> int | None:
    """The value of one Arabic number word, with its article or conjunction: الثالثة → 3, والعشرين → 20."""
    for candidate in (word, word[1:] if word.startswith("و") else ""):
        for stem in (candidate, candidate[2:] if candidate.startswith("ال") else ""):
            if stem in _ARABIC_WORDS:
                return _ARABIC_WORDS[stem]
    return None


def arabic_word_numbers(text: str) -> set[str]:
    """Numbers written in Arabic words: الثالثة عشرة → 13, الثالث والعشرين → 23, العشرين → 20."""
    values = [_arabic_word(word) for word in re.findall(r"[\u0621-\u064a]+", text)]
    found: set[str] = set()
    i = 0
    while i < len(values):
        value, following = values[i], values[i + 1] if i + 1 < len(values) else None
        if value is not None and value < 10 and following == 10:
            found.add(str(10 + value))  # the teens: unit then عشر / عشرة
            i += 2
        elif value is not None and value < 10 and following is not None and following >= 20:
            found.add(str(following + value))  # unit و tens
            i += 2
        else:
            if value is not None:
                found.add(str(value))
            i += 1
    return found


def _ascii_digits(text: str) -> str:
    """Every decimal digit of any script as 0–9."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def _value(raw: str) -> str | None:
    text = raw.replace(_ARABIC_THOUSANDS, ",").replace(_ARABIC_DECIMAL, ".")
    # a separator followed by exactly three digits groups thousands; a last "," or "." before other digits is decimal
    groups = re.split(r"[\u00a0\u202f ,.]", text)
    separators = re.findall(r"[\u00a0\u202f ,.]", text)
    if not separators:
        return str(int(text))
    if all(len(g) == 3 for g in groups[1:]) and not (len(separators) == 1 and separators[0] == "." and len(groups[0]) > 3):
        return str(int("".join(groups)))
    whole = "".join(groups[:-1]) if all(len(g) == 3 for g in groups[1:-1]) else None
    if whole is None or separators[-1] not in ",.":
        return None
    try:
        return str(Decimal(f"{int(whole)}.{groups[-1]}").normalize())
    except InvalidOperation:
        return None


def cjk_value(numeral: str) -> int | None:
    """二十九 → 29, 两千五百 → 2500, 三万 → 30000, 二〇二五 → 2025 (digit by digit), 十 → 10."""
    if not numeral:
        return None
    if all(ch in _CJK_DIGITS for ch in numeral):
        return int("".join(str(_CJK_DIGITS[ch]) for ch in numeral)) if len(numeral) > 1 else _CJK_DIGITS[numeral]
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
        elif ch in _CJK_SMALL:
            section += (1 if digit is None else digit) * _CJK_SMALL[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _CJK_LARGE[ch] if _CJK_LARGE[ch] > 10_000 else total + section * _CJK_LARGE[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def numbers(text: str, numerals: bool = True) -> set[str]:
    """The values of the numbers written in ``text``: digits of any script, and (unless not ``numerals``)
    Chinese numerals in Chinese text."""
    text = unicodedata.normalize("NFKC", _ascii_digits(text))  # NFKC also turns full-width digits into 0–9
    found: set[str] = set()
    for match in _DIGITS.finditer(text):
        raw = match.group()
        value = _value(raw)
        if value is None:  # "1, 2 and 3": a list, not one number
            found.update(str(int(part)) for part in re.findall(r"\d+", raw))
            continue
        following = text[match.end() : match.end() + 1]
        if following and following in _CJK_LARGE:  # 3万
            value = str(int(Decimal(value) * _CJK_LARGE[following]))
        if following == "月" and not numerals:
            continue  # 4月 is a month, which the source may write as a name (avril)
        found.add(value)
    if numerals and _ARABIC_TEXT.search(text):
        found |= arabic_word_numbers(text)
    if numerals and _CJK_TEXT.search(text):
        for word in _NOT_NUMBERS:
            text = text.replace(word, " ")
        for match in _CJK_NUMBER.finditer(text):
            start = match.start()
            if start and text[start - 1].isdigit():
                continue  # the 万 of 3万, already counted
            value_cjk = cjk_value(match.group())
            if value_cjk is not None:
                found.add(str(value_cjk))
    return found


def value_key(value: str) -> tuple[Decimal, str]:
    try:
        return Decimal(value), value
    except InvalidOperation:
        return Decimal(0), value
