"""Typographic rules per language, applied when a text is rendered.

The YAML keeps what the author typed; pages and PDFs get the typography of
each language. French: a narrow no-break space (U+202F) before ; ! ? and
inside « », a no-break space (U+00A0) before :, straight quotes made « »,
typographic apostrophes, no break inside "29e session", "en 2030", "33 années",
"23 avril 2025", "M. Xi", and ordinals set as superscripts. English and others:
curly quotes of their own, no space before punctuation. Every rule is a small
function over plain text, tested one by one; URLs and e-mail addresses inside a
text are left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Literal

from markupsafe import Markup

from .languages import Language

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space

Ordinals = Literal["superscript", "unicode", "plain"]

# Every pattern here runs in time linear in the text: a pattern that starts with a repeated
# class is anchored (by a lookbehind) to the start of its run, so it is tried once per run, not
# once per character; repeats that cannot give back are possessive. tests/test_typography.py
# checks this on long runs of every kind of character.
_SPACES = "[ \u00a0\u202f]"
_PROTECTED = re.compile(r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*+://\S++|www\.\S++|(?<!\S)[^\s@]++@[^\s@]+\.\w+", re.IGNORECASE)
_FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_ENGLISH_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


class _State:
    """What the rules must remember across the pieces of one passage (text around markup)."""

    def __init__(self) -> None:
        self.last = ""  # the last character seen


def _opens(before: str) -> bool:
    return before == "" or before.isspace() or before in "([{\u2014\u2013/-\u00a0\u202f«“„"


def _quotes(text: str, double: tuple[str, str], single: tuple[str, str] | None, state: _State) -> str:
    """Straight quotes made typographic: opening after a space or a bracket, closing elsewhere."""
    if '"' not in text and "'" not in text:
        return text
    out = list(text)
    for match in _STRAIGHT_QUOTE.finditer(text):
        index = match.start()
        before = out[index - 1] if index else state.last
        if text[index] == '"':
            out[index] = double[0] if _opens(before) else double[1]
        else:
            following = text[index + 1 : index + 2]
            out[index] = single[0] if single and _opens(before) and following.isalpha() else "’"
    return "".join(out)


_STRAIGHT_QUOTE = re.compile("[\"']")


def _french(text: str, state: _State) -> str:
    text = _quotes(text, ("«", "»"), None, state)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    text = re.sub(rf"(?<!{_SPACES}){_SPACES}*+»", NNBSP + "»", text)
    # ; ! ? take a narrow no-break space; : a no-break space (added where the author left none)
    text = re.sub(
        rf"(?<![ \u00a0\u202f;!?]){_SPACES}*+([;!?]++)(?=[\s»)\]\"”’.,…]|$)",
        lambda m: m.group() if m.start() == 0 and not state.last.strip() else NNBSP + m.group(1),
        text,
    )
    text = re.sub(
        r"(^|(?<=\S))[ \u00a0\u202f]*:(?=\s|$)",
        lambda m: m.group() if m.start() == 0 and not state.last.strip() else NBSP + ":",
        text,
    )
    text = re.sub(r"(?<=[«(\[]" + NNBSP + r")" + NNBSP, "", text)  # never two spaces
    # ordinals and numbers hold to their neighbours: "29e session", "en 2030", "33 années", "23 avril 2025"
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", NNBSP, text)  # 1 000 000
    text = re.sub(r"(\d(?:er|re|e|ème|ᵉ|ᵉʳ)) (?=\w)", r"\1" + NBSP, text)
    text = re.sub(r"(?<=\d) (?=[^\W\d_])", NBSP, text)
    text = re.sub(rf"\b({_FRENCH_MONTHS}) (?=\d)", r"\1" + NBSP, text)
    text = re.sub(r"(?<=\w) (?=\d+\b(?![^\W\d_]))", NBSP, text)
    text = re.sub(r"\b(M\.|MM\.|Mme|Mmes|Mlle|Dr|Me|Pr|art\.|n°|p\.) (?=\w)", r"\1" + NBSP, text)
    return text.replace("...", "…")


_SPACE_BEFORE_PUNCTUATION = re.compile(rf"(?<!{_SPACES}){_SPACES}++([;:!?])(?=\s|$)")


def _english(text: str, state: _State) -> str:
    text = _quotes(text, ("“", "”"), ("‘", "’"), state)
    text = re.sub(_SPACE_BEFORE_PUNCTUATION, r"\1", text)
    text = re.sub(rf"\b({_ENGLISH_MONTHS}) (?=\d)", r"\1" + NBSP, text)
    text = re.sub(r"\b(Mr\.|Mrs\.|Ms\.|Dr\.|No\.|Art\.|p\.) (?=\w)", r"\1" + NBSP, text)
    return text.replace("...", "…")


def _german(text: str, state: _State) -> str:
    text = _quotes(text, ("„", "“"), ("‚", "‘"), state)
    return re.sub(_SPACE_BEFORE_PUNCTUATION, r"\1", text).replace("...", "…")


def _latin_default(text: str, state: _State) -> str:
    text = _quotes(text, ("“", "”"), ("‘", "’"), state)
    return re.sub(_SPACE_BEFORE_PUNCTUATION, r"\1", text).replace("...", "…")


_CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}


def _chinese(text: str, state: _State) -> str:
    text = _quotes(text, ("“", "”"), ("‘", "’"), state)
    # ASCII punctuation typed after a Chinese character becomes the full-width form
    text = re.sub(rf"(?<={_CJK})([,.:;!?)]) ?", lambda m: _FULL_WIDTH[m.group(1)], text)
    return re.sub(rf"\((?={_CJK})", "（", text)


def _arabic(text: str, state: _State) -> str:
    text = _quotes(text, ("«", "»"), None, state)
    return re.sub(r"(?<=[\u0600-\u06ff]),", "،", text)


RULES: dict[str, Callable[[str, _State], str]] = {
    "fr": _french,
    "en": _english,
    "de": _german,
    "zh": _chinese,
    "ar": _arabic,
}


class Typesetter:
    """Applies one language's rules to the successive text pieces of one passage."""

    def __init__(self, language: Language | None) -> None:
        self.rule = RULES.get(language.base, _latin_default) if language else None
        self.french = language is not None and language.base == "fr"
        self.state = _State()

    def __call__(self, text: str) -> str:
        if self.rule is None:
            return text
        result = _typeset(self.rule, self.state.last, text)
        if text:
            self.state.last = text[-1]
        return result


@functools.lru_cache(maxsize=16384)
def _typeset(rule: Callable[[str, _State], str], last: str, text: str) -> str:
    """The rules are pure functions of the text and the character before it: the same text is set once."""
    state = _State()
    state.last = last
    out, start = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(rule(text[start : match.start()], state))
        out.append(match.group())
        state.last = match.group()[-1]
        start = match.end()
    out.append(rule(text[start:], state))
    return "".join(out)


_ORDINAL = re.compile(r"(?<=\d)(ᵉʳ|ʳᵉ|ᵉ|er|re|ème|e)(?=[\s\u00a0\u202f,.;:!?)»]|$)")
_UNICODE_ORDINALS = {"e": "ᵉ", "ème": "ᵉ", "er": "ᵉʳ", "re": "ʳᵉ", "ᵉ": "ᵉ", "ᵉʳ": "ᵉʳ", "ʳᵉ": "ʳᵉ"}
_PLAIN_ORDINALS = {"ᵉ": "e", "ᵉʳ": "er", "ʳᵉ": "re"}


def ordinals(html: str, style: Ordinals) -> Markup:
    """French ordinals in escaped HTML: 29<sup>e</sup>, 29ᵉ or 29e."""
    if style == "superscript":
        result = _ORDINAL.sub(lambda m: f"<sup>{_PLAIN_ORDINALS.get(m.group(1), m.group(1)).replace('ème', 'e')}</sup>", html)
    elif style == "unicode":
        result = _ORDINAL.sub(lambda m: _UNICODE_ORDINALS[m.group(1)], html)
    else:
        result = _ORDINAL.sub(lambda m: _PLAIN_ORDINALS.get(m.group(1), m.group(1)), html)
    return Markup(result)
