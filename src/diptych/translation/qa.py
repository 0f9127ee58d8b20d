"""Translation QA: the mechanical mistakes a reviewer should not have to find by eye.

Each check looks at one unit in one language and says what looks wrong; the
findings name the file, line and unit. They are warnings: a translator may
have good reasons, and the reviewer decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import inline
from ..errors import Location, Problem
from ..languages import Language
from ..model import Publication, Unit

#: pairs that must balance in a text
PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”"), ("{", "}"))
#: the translation's length over the source's, outside which a text is suspicious
LENGTH_RATIO = (0.45, 2.2)
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
                findings.extend(check_unit(unit, target, text, publication.glossary, source))
    return findings


def check_unit(
    unit: Unit, language: Language, text: str, glossary: dict[str, dict[str, str]], source: str | None = None
) -> Iterator[Finding]:
    source = source or unit.source

    def finding(check: str, message: str) -> Finding:
        return Finding(unit, language.code, check, message)

    missing_numbers = _numbers(source) - _numbers(text)
    if missing_numbers:
        yield finding(
            "numbers",
            f"numbers of the source missing from the translation: {', '.join(sorted(missing_numbers, key=_number_key))}",
        )
    extra_numbers = _numbers(text) - _numbers(source)
    if extra_numbers:
        yield finding("numbers", f"numbers not in the source: {', '.join(sorted(extra_numbers, key=_number_key))}")

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
        if expected and _fold(term, None) in _fold(source, None) and _fold(expected, language) not in _fold(text, language):
            yield finding("glossary", f"the glossary translates {term!r} as {expected!r}, not found here")

    if len(source) >= MIN_LENGTH_FOR_RATIO:
        ratio = len(text) / len(source)
        low, high = LENGTH_RATIO
        if not low <= ratio <= high:
            yield finding("length", f"the translation is {ratio:.0%} of the source's length (expected {low:.0%}–{high:.0%})")


def _fold(text: str, language: Language | None) -> str:
    """Case-folded for comparison, by the rules of ``language`` when it is known."""
    return language.casefold(text) if language else text.casefold()


def _numbers(text: str) -> set[str]:
    """The numbers written in digits: "29e" and "29th" both give 29; "2 500" and "2,500" give 2500."""
    found = set()
    for match in re.finditer(r"\d+(?:[\u00a0\u202f ,.]\d{3})*(?:[.,]\d+)?", text):
        value = re.sub(r"[\u00a0\u202f ,.](?=\d{3}\b)", "", match.group())
        found.add(value.replace(",", "."))
    return found


def _number_key(value: str) -> tuple[int, str]:
    return (len(value), value)


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
