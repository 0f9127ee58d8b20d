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

from rapidfuzz import fuzz

from ..cache import Cache
from ..model import Document, Publication, Unit
from .ledger import document_path

#: the lowest similarity (percent) worth offering
THRESHOLD = 75.0
#: a unit's rarest words whose entries are scored against it, and at most how many entries
RARE_WORDS = 4
MAX_CANDIDATES = 100
#: the cache entries of the memory: the words of each document's texts
CACHE_KIND = "memory"
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


class TranslationMemory:
    """The publication's current translations into one language, ready to be searched.

    Every unit of the publication has a number, in reading order; those with a current translation are
    the entries, and the index gives the entries whose source holds a word.
    The index is built at the first search, so a command with nothing to look up pays nothing;
    a source text is normalised only when it is a candidate. The index of each document's texts
    is kept in the cache (:mod:`...cache`) between commands, under their fingerprints.
    """

    def __init__(self, publication: Publication, language: str, cache: Cache | None = None) -> None:
        self.publication = publication
        self.language = language
        self.cache = cache if cache is not None else Cache(CACHE_KIND)
        self.units: list[Unit] = []
        self.documents: list[str] = []  # the file of each unit's document
        self.targets: dict[int, str] = {}  # the entries: unit number → its current translation
        self.same: defaultdict[str, set[int]] = defaultdict(set)  # the entries of each source text (fingerprint)
        self.index: dict[str, list[int]] = {}  # word → the entries whose source holds it
        self.built = False
        self.normalised: dict[int, str] = {}

    def _build(self) -> None:
        self.built = True
        language, units, targets = self.language, self.units, self.targets
        firsts = []
        for document in self.publication.documents:
            firsts.append(len(units))
            units += document.units()
            self.documents += [document_path(self.publication, document)] * (len(units) - firsts[-1])
        for number, unit in enumerate(units):
            translation = unit.translations.get(language)
            if translation is None or translation.status == "draft" or unit.is_stale(language):
                continue
            targets[number] = translation.text
            self.same[unit.fingerprint].add(number)
        spans = list(zip(firsts, [*firsts[1:], len(units)], strict=True))
        keys = [self.cache.key("index", *(unit.fingerprint for unit in units[first:last])) for first, last in spans]
        entries = bytes(number in targets for number in range(len(units)))
        merged = self.cache.key("entries", *keys, entries)  # the same texts, the same entries: the same index
        found = self.cache.load(merged)
        if isinstance(found, dict):
            self.index = found
            return
        index: defaultdict[str, list[int]] = defaultdict(list)
        for (first, last), key in zip(spans, keys, strict=True):
            others = {position - first for position in range(first, last) if position not in targets}
            for word, positions in self._index_of(units[first:last], key).items():
                if others.isdisjoint(positions):
                    index[word] += map(first.__add__, positions)
                else:
                    index[word] += [first + position for position in positions if position not in others]
        self.index = dict(index)
        self.cache.store(merged, self.index)

    def _index_of(self, units: list[Unit], key: str) -> dict[str, list[int]]:
        """Word → the positions of the units whose source holds it, for one document; from the cache (under ``key``,
        made of their sources' fingerprints) when its sources are known."""
        found = self.cache.load(key)
        if isinstance(found, dict):
            return found
        index: defaultdict[str, list[int]] = defaultdict(list)
        for position, unit in enumerate(units):
            for word in _words(unit.source):
                index[word].append(position)
        self.cache.store(key, dict(index))
        return index

    def _text(self, number: int) -> str:
        text = self.normalised.get(number)
        if text is None:
            text = self.normalised[number] = _normal(self.units[number].source)
        return text

    def matches(self, unit: Unit, limit: int = 3) -> list[Match]:
        """The entries most similar to ``unit``'s source (never ``unit`` itself), best first."""
        if not self.built:
            self._build()
        text = _normal(unit.source)
        found: list[Match] = []
        identical = self.same.get(unit.fingerprint, set())
        own = next((number for number in identical if self.units[number] is unit), None)  # an entry itself
        exact = min((number for number in identical if number != own), default=None)
        seen = {own, exact}
        if exact is not None:
            found.append(self._match(exact, 100.0))
        # texts 75 % alike share most of their words, so they share some of the query's rarest ones
        index = self.index
        postings = sorted((index[w] for w in _words(unit.source) if w in index), key=len)[:RARE_WORDS]
        pool: set[int] = set()
        for posting in postings:  # rarest first, and never more than MAX_CANDIDATES: the cost per unit is bounded
            pool.update(posting[: MAX_CANDIDATES - len(pool)])
            if len(pool) >= MAX_CANDIDATES:
                break
        scored = self._scored(text, identical.difference(seen), sorted(pool.difference(seen)), limit)
        found += [self._match(number, score) for score, number in scored]
        found.sort(key=lambda m: -m.score)
        return found[:limit]

    def _scored(self, text: str, same: set[int], candidates: list[int], limit: int) -> list[tuple[float, int]]:
        """The best ``limit`` (score, entry) of the candidates from 75 %, best first and, at equal scores, first in
        the publication. ``same``: the entries whose source is the query's (by fingerprint).

        A text that is not identical scores at most 99; once ``limit`` candidates have, only an identical
        text could rank above them, so the others are looked up in ``same`` instead of scored (a formula
        repeated throughout a publication would otherwise cost MAX_CANDIDATES comparisons every time).
        Each is scored by ``fuzz.ratio`` itself: ``process.extract`` costs four times as much on a few choices.
        """
        scored: list[tuple[float, int]] = []
        near = 0
        for position, number in enumerate(candidates):
            choice = self._text(number)
            score = fuzz.ratio(text, choice, score_cutoff=THRESHOLD)
            if score:
                scored.append((100.0 if choice == text else min(score, 99.0), number))
                near += score >= 99.0
                if near >= limit:
                    scored += [(100.0, n) for n in candidates[position + 1 :] if n in same]
                    break
        return sorted(scored, key=lambda each: (-each[0], each[1]))[:limit]

    def _match(self, number: int, score: float) -> Match:
        unit = self.units[number]
        return Match(score, unit.source, self.targets[number], self.documents[number], unit.id)


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
