"""Language codes and what Babel's locale data knows about each language."""

from __future__ import annotations

import datetime
import functools
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date

#: BCP 47 as we write it: "fr", "az", "zh-Hans", "pt-BR".
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")


def language_problem(code: str) -> str | None:
    """Why ``code`` is not a language code we can use, or ``None`` if it is fine."""
    if not LANGUAGE_CODE.match(code):
        canonical = canonical_code(code)
        if canonical and canonical != code and LANGUAGE_CODE.match(canonical):
            return f"write the language code as {canonical!r}, not {code!r}"
        return f"{code!r} is not a language code (expected e.g. 'fr', 'en', 'zh-Hans')"
    try:
        locale(code)
    except (UnknownLocaleError, ValueError):
        return f"unknown language code {code!r}: Babel's locale data has no such language"
    return None


def canonical_code(code: str) -> str | None:
    parts = re.split(r"[-_]", code.strip())
    if not parts or not parts[0].isalpha():
        return None
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(out)


@functools.cache
def locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def display_name(code: str) -> str:
    """The language's name in itself, capitalised for a menu: "Français", "English"."""
    name = locale(code).get_display_name(locale(code)) or code
    return name[:1].upper() + name[1:]


#: languages whose scripts have no italics, small capitals or letter-spacing (Arabic joins its letters,
#: Chinese sets every character in the same square): their texts are set apart by weight, colour or size
PLAIN_SCRIPTS = frozenset({"ar", "fa", "ur", "ps", "he", "yi", "zh", "ja", "ko", "th", "lo", "km", "my"})
#: languages written without spaces between words: text is shortened by characters, not words
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my"})


def plain_script(code: str) -> bool:
    """True for a language whose script has no italics, small capitals or letter-spacing."""
    return code.split("-")[0] in PLAIN_SCRIPTS


def shorten(text: str, code: str, words: int = 9) -> str:
    """The first words of ``text`` ("…" where it is cut): by characters where words are not spaced."""
    if code.split("-")[0] in UNSPACED:
        characters = words * 2
        return text if len(text) <= characters else text[:characters].rstrip("，、；：,;:") + "…"
    cut = text.split()
    return " ".join(cut[:words]).rstrip(",;:") + ("…" if len(cut) > words else "")


def direction(code: str) -> str:
    return "rtl" if locale(code).text_direction == "rtl" else "ltr"


def format_date(date: datetime.date, code: str) -> str:
    """The long form of a date in ``code``: "23 avril 2025", "April 23, 2025"."""
    text = babel_format_date(date, "long", locale=locale(code))
    if code.split("-")[0] == "fr" and date.day == 1:
        # French writes the first of the month as an ordinal: "1er mai 2025".
        text = re.sub(r"^1(?=\s)", "1er", text)
    return text
