"""A translation memory made of the publication's own texts.

When a source text is new or changed, the publication often already holds a
translation of a very similar text: the same formula in another declaration,
an article repeated with one word changed. This memory finds them: every unit
whose translation in the language is current is an entry; a unit without a
current translation is matched against them (rapidfuzz's ratio, from 75 %).

Comparing every unit with every other would be quadratic; an index of words
picks the entries that share one of the unit's four rarest words, and only
those are scored (by rapidfuzz, in C++).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..model import Document, Publication, Unit
from .ledger import document_path

#: the lowest similarity (percent) worth offering
THRESHOLD = 75.0
#: a unit's rarest words whose entries are scored against it, and at most how many entries
RARE_WORDS = 4
MAX_CANDIDATES = 100
#: candidates scored together, before looking whether the best are already found
SCORED_AT_ONCE = 20
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Match:
    score: float  # 0–100
    source: str  # the similar source text
    target: str  # its translation
    document: str  # its document's file
    unit_id: str

    @property
    def exact(self) -> bool:
        return self.score >= 100.0

    @property
    def origin(self) -> str:
        return f"{self.document}#{self.unit_id}"

    def describe(self) -> str:
        return f"{self.score:.0f}% match with {self.origin}"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _words(text: str) -> set[str]:
    words = set(_WORD.findall(text.casefold()))
    if not _CJK.search(text):
        return words
    found: set[str] = set()
    for word in words:
        if _CJK.search(word):
            found.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))  # CJK: character pairs
        else:
            found.add(word)
    return found


@dataclass(frozen=True)
class _Entry:
    unit: Unit
    document: str
    target: str


class TranslationMemory:
    """The publication's current translations into one language, ready to be searched.

    The index is built at the first search, so a command with nothing to look up
    pays nothing; a source text is normalised only when it is a candidate.
    """

    def __init__(self, publication: Publication, language: str) -> None:
        self.publication = publication
        self.language = language
        self.entries: list[_Entry] = []
        self.exact: dict[str, int] = {}
        self.index: defaultdict[str, list[int]] = defaultdict(list)
        self.built = False
        self.normalised: dict[int, str] = {}

    def _build(self) -> None:
        self.built = True
        language, entries, exact, index = self.language, self.entries, self.exact, self.index
        for document in self.publication.documents:
            where = document_path(self.publication, document)
            for unit in document.units():
                translation = unit.translations.get(language)
                if translation is None or translation.status == "draft" or unit.is_stale(language):
                    continue
                number = len(entries)
                entries.append(_Entry(unit, where, translation.text))
                exact.setdefault(unit.fingerprint, number)
                for word in _words(unit.source):
                    index[word].append(number)

    def _text(self, number: int) -> str:
        text = self.normalised.get(number)
        if text is None:
            text = self.normalised[number] = _normal(self.entries[number].unit.source)
        return text

    def matches(self, unit: Unit, limit: int = 3) -> list[Match]:
        """The entries most similar to ``unit``'s source (never ``unit`` itself), best first."""
        if not self.built:
            self._build()
        text = _normal(unit.source)
        found: list[Match] = []
        seen: set[int] = set()
        exact = self.exact.get(unit.fingerprint)
        if exact is not None and self.entries[exact].unit is not unit:
            found.append(self._match(exact, 100.0))
            seen.add(exact)
        # texts 75 % alike share most of their words, so they share some of the query's rarest ones
        index = self.index
        postings = sorted((index[w] for w in _words(unit.source) if w in index), key=len)[:RARE_WORDS]
        pool: set[int] = set()
        for posting in postings:  # rarest first, and never more than MAX_CANDIDATES: the cost per unit is bounded
            pool.update(posting[: MAX_CANDIDATES - len(pool)])
            if len(pool) >= MAX_CANDIDATES:
                break
        scored = self._scored(unit, text, sorted(pool - seen), limit)
        found += [self._match(number, score) for score, number in scored[:limit]]
        found.sort(key=lambda m: -m.score)
        return found[:limit]

    def _scored(self, unit: Unit, text: str, candidates: list[int], limit: int) -> list[tuple[float, int]]:
        """(score, entry) of the candidates from 75 %, best first and, at equal scores, first in the publication.

        A text that is not identical scores at most 99; once ``limit`` candidates have, only an identical
        text could rank above them, so the others are compared for identity instead of scored (a formula
        repeated throughout a publication would otherwise cost MAX_CANDIDATES comparisons every time).
        """
        scored: list[tuple[float, int]] = []
        for start in range(0, len(candidates), SCORED_AT_ONCE):
            chunk = candidates[start : start + SCORED_AT_ONCE]
            choices = [self._text(n) for n in chunk]
            for choice, score, position in process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=None):
                if self.entries[chunk[position]].unit is not unit:
                    scored.append((100.0 if choice == text else min(score, 99.0), chunk[position]))
            if sum(score >= 99.0 for score, _ in scored) >= limit:
                rest = candidates[start + SCORED_AT_ONCE :]
                scored += [(100.0, n) for n in rest if self._text(n) == text and self.entries[n].unit is not unit]
                break
        return sorted(scored, key=lambda each: (-each[0], each[1]))

    def _match(self, number: int, score: float) -> Match:
        entry = self.entries[number]
        return Match(score, entry.unit.source, entry.target, entry.document, entry.unit.id)


def wants_suggestion(unit: Unit, language: str) -> bool:
    """A unit that has no translation made from its current source."""
    translation = unit.translations.get(language)
    return translation is None or unit.is_stale(language)


def suggestions(memory: TranslationMemory, documents: Iterable[Document], language: str) -> dict[tuple[str, str], list[Match]]:
    """(document slug, unit id) → matches, for every unit that wants one and has any."""
    found: dict[tuple[str, str], list[Match]] = {}
    for document in documents:
        for unit in document.units():
            if wants_suggestion(unit, language):
                matches = memory.matches(unit)
                if matches:
                    found[(document.slug, unit.id)] = matches
    return found
