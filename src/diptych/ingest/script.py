"""Which writing system a text is in: enough to catch a file given for the wrong language."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

#: the script each language is written in, where it is not Latin
_LANGUAGE_SCRIPTS = {
    **dict.fromkeys(["zh", "yue"], "Han"),
    "ja": "Japanese",
    "ko": "Hangul",
    **dict.fromkeys(["ar", "fa", "ur", "ps", "ckb"], "Arabic"),
    **dict.fromkeys(["he", "yi"], "Hebrew"),
    **dict.fromkeys(["ru", "uk", "be", "bg", "mk", "kk", "ky", "mn", "tg"], "Cyrillic"),
    "el": "Greek",
    **dict.fromkeys(["hi", "mr", "ne"], "Devanagari"),
    "th": "Thai",
    "hy": "Armenian",
    "ka": "Georgian",
}
_SCRIPT_SUBTAGS = {"Hans": "Han", "Hant": "Han", "Latn": "Latin", "Cyrl": "Cyrillic", "Arab": "Arabic"}
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
    """The script a language code implies: "zh-Hans" → Han, "ar" → Arabic, "az" → Latin."""
    parts = code.split("-")
    for part in parts[1:]:
        if part in _SCRIPT_SUBTAGS:
            return _SCRIPT_SUBTAGS[part]
    return _LANGUAGE_SCRIPTS.get(parts[0], "Latin")


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
