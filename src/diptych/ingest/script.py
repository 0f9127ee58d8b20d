"""Which writing system a text is in: enough to catch a file given for the wrong language."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from ..languages import language

#: ISO 15924 scripts (as the Language value gives them) → the writing system we count letters of
_SCRIPTS = {
    "Latn": "Latin",
    "Hans": "Han",
    "Hant": "Han",
    "Hani": "Han",
    "Jpan": "Japanese",
    "Kore": "Hangul",
    "Hang": "Hangul",
    "Arab": "Arabic",
    "Hebr": "Hebrew",
    "Cyrl": "Cyrillic",
    "Grek": "Greek",
    "Deva": "Devanagari",
    "Thai": "Thai",
    "Armn": "Armenian",
    "Geor": "Georgian",
}
_NAME_PREFIXES = {
    "LATIN": "Latin",
    "CJK": "Han",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Hangul",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "DEVANAGARI": "Devanagari",
    "THAI": "Thai",
    "ARMENIAN": "Armenian",
    "GEORGIAN": "Georgian",
}
SAMPLE = 20_000  # letters looked at


def language_script(code: str) -> str:
    """The writing system a language is written in: "zh-Hans" → Han, "ar" → Arabic, "az" → Latin."""
    return _SCRIPTS.get(language(code).script, "other")


def scripts(texts: Iterable[str]) -> Counter[str]:
    """How many letters of each script the texts hold (up to :data:`SAMPLE` letters)."""
    counts: Counter[str] = Counter()
    seen = 0
    for text in texts:
        for character in text:
            if not character.isalpha():
                continue
            name = unicodedata.name(character, "")
            counts[_NAME_PREFIXES.get(name.split(" ", 1)[0], "other")] += 1
            seen += 1
        if seen >= SAMPLE:
            break
    return counts


def script_problem(texts: Iterable[str], language: str) -> str | None:
    """Why ``texts`` cannot be in ``language`` (mostly another script), or ``None``."""
    counts = scripts(texts)
    total = sum(counts.values())
    if total < 20:
        return None  # too little text to tell
    expected = language_script(language)
    if expected == "other":
        return None  # a script we do not count letters of: no opinion
    share = counts[expected] / total
    if expected == "Japanese":
        share = (counts["Japanese"] + counts["Han"]) / total
    if share >= 0.5:
        return None
    found, letters = counts.most_common(1)[0]
    return (
        f"the text is written mostly in the {found} script ({letters * 100 // total}% of its letters), "
        f"but {language!r} is written in the {expected} script"
    )
