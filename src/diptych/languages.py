"""Languages as values: what diptych knows about each language of a publication.

A code such as ``"zh-Hans"`` is parsed once, by the reader, into a :class:`Language`;
the rest of diptych asks the value (its base language, script, direction, name,
numerals) instead of taking the code apart again. Codes stay the public contract:
they name the YAML keys, the folders and the files of the output.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as babel_format_date

#: BCP 47 as we write it: "fr", "az", "zh-Hans", "pt-BR".
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")

Direction = Literal["ltr", "rtl"]
#: how articles are counted: "Article 12" (western digits) or "第十二条" (Han numerals)
Numerals = Literal["western", "han"]
#: the scripts whose official texts number articles in Han numerals
HAN_SCRIPTS = ("Hans", "Hant", "Jpan")
#: languages whose dotted and dotless i case differently: İ → i, I → ı
TURKIC = ("az", "tr")


@dataclass(frozen=True)
class Language:
    """One language of a publication, made from its code by :func:`language`."""

    #: the code as the publication writes it: "fr", "zh-Hans", "pt-BR"
    code: str
    #: the language without script or region: "fr", "zh", "pt"
    base: str
    #: the ISO 15924 script, written or the likeliest one: "Latn", "Hans", "Arab"
    script: str
    direction: Direction
    #: the language's name in itself, capitalised for a menu: "Français", "English"
    name: str
    numerals: Numerals

    def __str__(self) -> str:
        return self.code

    @property
    def locale(self) -> Locale:
        return locale(self.code)

    def format_date(self, date: datetime.date) -> str:
        """The long form of a date: "23 avril 2025", "April 23, 2025"."""
        text = babel_format_date(date, "long", locale=self.locale)
        if self.base == "fr" and date.day == 1:
            # French writes the first of the month as an ordinal: "1er mai 2025".
            text = re.sub(r"^1(?=\s)", "1er", text)
        return text

    def casefold(self, text: str) -> str:
        """``text`` folded for comparison; Turkic languages fold İ→i and I→ı first."""
        if self.base in TURKIC:
            text = text.replace("İ", "i").replace("I", "ı")
        return text.casefold()


@functools.cache
def language(code: str) -> Language:
    """The :class:`Language` of a valid code; :func:`language_problem` says why a code is not."""
    problem = language_problem(code)
    if problem:
        raise ValueError(problem)
    babel = locale(code)
    script = babel.script or _likely_script(babel)
    name = babel.get_display_name(babel) or code
    return Language(
        code=code,
        base=babel.language,
        script=script,
        direction="rtl" if babel.text_direction == "rtl" else "ltr",
        name=name[:1].upper() + name[1:],
        numerals="han" if script in HAN_SCRIPTS else "western",
    )


def _likely_script(babel: Locale) -> str:
    """The script a language is written in when its code does not say (CLDR's likely subtags)."""
    likely = get_global("likely_subtags")
    for key in (f"{babel.language}_{babel.territory}", babel.language):
        parts = str(likely.get(key, "")).split("_")
        if len(parts) > 1 and len(parts[1]) == 4:
            return parts[1]
    return "Latn"


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
