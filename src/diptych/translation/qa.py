"""Translation QA: the mechanical mistakes a reviewer should not have to find by eye.

Each check looks at one unit in one language and says what looks wrong; the
findings name the file, line and unit. They are warnings: a translator may
have good reasons, and a reviewer who has checked one silences it for that
unit with ``qa: ignore [length]`` (on the unit, or on one translation).

Every comparison is made on NFC-normalised text, so a glossary term typed
with combining accents matches the same term typed precomposed. Numbers are
compared by value across numeral systems (:mod:`.numerals`); length ratios
follow the scripts of the two languages (:mod:`.scripts`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .. import inline
from ..errors import Location, Problem
from ..languages import TURKIC, Language
from ..model import Publication, Unit
from .numerals import numbers, value_key
from .scripts import expected_ratio

#: pairs that must balance in a text
PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”"), ("{", "}"))
MIN_LENGTH_FOR_RATIO = 40


@dataclass(frozen=True)
class Finding:
    unit: Unit
    language: str
    check: str
    message: str

    def problem(self) -> Problem:
        translation = self.unit.translations.get(self.language)
        location = translation.location if translation else self.unit.location
        return Problem(
            Location(location.path, location.line, location.column),
            f"[{self.language}] {self.unit.id}: {self.message}",
            "if a reviewer has checked it, silence it with  qa: ignore [" + self.check + "]",
            severity="warning",
        )


def check_translations(publication: Publication, languages: tuple[str, ...] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for document in publication.documents:
        for unit in document.units():
            for target in publication.targets:
                if languages and target.code not in languages:
                    continue
                translation = unit.translations.get(target.code)
                if translation is None or translation.absent:
                    continue
                # a split translation is one text for these checks; a joined one answers all the texts it covers
                text = " ".join(translation.paragraphs) if translation.paragraphs else translation.text
                source = " ".join(translation.sources) if translation.sources else None
                ignored = unit.qa_ignore | translation.qa_ignore
                found = check_unit(unit, target, text, publication.glossary, publication.source, source)
                findings.extend(f for f in found if f.check not in ignored)
    return findings


def _length(text: str) -> int:
    """Characters other than spaces: Chinese has none between words, French many."""
    return len("".join(text.split()))


def check_unit(
    unit: Unit,
    language: Language,
    text: str,
    glossary: dict[str, dict[str, str]],
    source_language: Language | None = None,
    source: str | None = None,
) -> Iterator[Finding]:
    """What looks wrong in ``text``, the ``language`` translation of ``unit`` (written in ``source_language``);
    ``source`` when the translation answers several units joined."""
    source = unicodedata.normalize("NFC", source or unit.source)
    text = unicodedata.normalize("NFC", text)

    def finding(check: str, message: str) -> Finding:
        return Finding(unit, language.code, check, message)

    source_numbers, text_numbers = numbers(source), numbers(text)
    missing_numbers = source_numbers - text_numbers
    if missing_numbers:
        shown = ", ".join(sorted(missing_numbers, key=value_key))
        yield finding("numbers", f"numbers of the source missing from the translation: {shown}")
    extra_numbers = numbers(text, numerals=False) - source_numbers  # digits only: 一 in 统一 is not a number
    if extra_numbers:
        yield finding("numbers", f"numbers not in the source: {', '.join(sorted(extra_numbers, key=value_key))}")

    if text.strip() == source.strip() and len(re.findall(r"[^\W\d_]{3,}", source)) >= 3:
        yield finding("identical", "the translation is identical to the source")

    for opening, closing in PAIRS:
        if text.count(opening) != text.count(closing):
            yield finding(
                "balance", f"unbalanced {opening}{closing}: {text.count(opening)} opening, {text.count(closing)} closing"
            )
    if text.count('"') % 2:
        yield finding("balance", 'an odd number of straight quotes (")')

    source_markup, text_markup = _markup(source), _markup(text)
    if source_markup != text_markup:
        yield finding("markup", f"inline markup differs from the source ({_describe(source_markup)} → {_describe(text_markup)})")

    for term, targets in glossary.items():
        expected = targets.get(language.code)
        wanted = expected and _fold(term, source_language) in _fold(source, source_language)
        if wanted and expected and not _term_pattern(expected, language).search(_fold(text, language)):
            yield finding("glossary", f"the glossary translates {term!r} as {expected!r}, not found here")

    if _length(source) >= MIN_LENGTH_FOR_RATIO:
        ratio = _length(text) / _length(source)
        low, high = expected_ratio(source_language.script if source_language else "Latn", language.script)
        if not low <= ratio <= high:
            yield finding(
                "length",
                f"the translation is {ratio:.0%} of the source's length (expected {low:.0%}–{high:.0%} for this pair of scripts)",
            )


def _term_pattern(term: str, language: Language) -> re.Pattern[str]:
    """The glossary term as it may appear: in agglutinative Turkic languages each word may take suffixes,
    and its last consonant may soften (tərəfdaşlıq → tərəfdaşlığı)."""
    words = _fold(term, language).split()
    if language.base in TURKIC:
        parts = [re.escape(w[:-1]) + r"\w*" if len(w) > 4 else re.escape(w) + r"\w*" for w in words]
    else:
        parts = [re.escape(w) for w in words]
    return re.compile(r"\s+".join(parts))


def _fold(text: str, language: Language | None) -> str:
    """NFC and case-folded for comparison, by the rules of ``language`` when it is known."""
    text = unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", language.casefold(text) if language else text.casefold())


def _markup(text: str) -> tuple[int, int, tuple[str, ...], int]:
    """(emphases, strongs, link addresses, line breaks) in a text."""
    counts = {"em": 0, "strong": 0, "br": 0}
    links: list[str] = []

    def walk(nodes: tuple[inline.Inline, ...]) -> None:
        for node in nodes:
            if isinstance(node, inline.Emphasis):
                counts["em"] += 1
                walk(node.children)
            elif isinstance(node, inline.Strong):
                counts["strong"] += 1
                walk(node.children)
            elif isinstance(node, inline.Link):
                links.append(node.url)
                walk(node.children)
            elif isinstance(node, inline.Break):
                counts["br"] += 1

    walk(inline.parse(text))
    return counts["em"], counts["strong"], tuple(sorted(links)), counts["br"]


def _describe(markup: tuple[int, int, tuple[str, ...], int]) -> str:
    em, strong, links, breaks = markup
    parts = [
        f"{em} emphasis",
        f"{strong} strong",
        f"{len(links)} link{'s' if len(links) != 1 else ''}",
        f"{breaks} line break{'s' if breaks != 1 else ''}",
    ]
    return ", ".join(parts)
