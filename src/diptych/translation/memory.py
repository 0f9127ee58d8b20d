"""A translation memory made of the publication's own texts.

When a source text is new or changed, the publication often already holds a
translation of a very similar text: the same formula in another declaration,
an article repeated with one word changed. This memory finds them: every unit
whose translation in the language is current is an entry; a unit without a
current translation is matched against them (rapidfuzz's ratio, from 75 %).

Comparing every unit with every other would be quadratic; an index of words
picks the entries that share one of the unit's four rarest words (the first
hundred in the publication), and only those are scored (by rapidfuzz, in C++).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
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
_ASCII = bytes(range(0x80))
#: each byte as itself, but ASCII that is not a word character as a space (the texts' separator, NUL, kept)
_ASCII_WORDS = bytes(b if b >= 0x80 or b == 0 or chr(b).isalnum() or b == ord("_") else 0x20 for b in range(0x100))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: up to this many kinds of non-ASCII punctuation in a document, each is replaced in a pass of its own (at C speed,
#: 0.14 ns a character); beyond, one pass of str.translate, which looks up every character (80 ns): the same cost
_FEW = 500


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


def _words(text: str) -> set[bytes]:
    return _word_sets([text])[0]


def _word_sets(texts: Sequence[str]) -> list[set[bytes]]:
    """The words of each text: the runs of word characters (re's ``\\w``) of its casefolded text, in UTF-8, a CJK
    word as its pairs of characters (a text in Chinese has no spaces between words).

    Done for all the texts at once, at C speed: re's ``\\w+`` costs 30 µs for a text of 400 characters, the
    first time a publication of 20,000 texts is indexed. The texts are casefolded and encoded together;
    the few non-ASCII characters in them that are not word characters (« » ’ and the no-break spaces of
    French) become spaces, then ASCII punctuation does, by one table (``bytes.translate``); each text is
    split on spaces. A word character is what ``str.isalnum`` says, or ``_``: re's own definition.
    """
    if not texts:
        return []
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:  # a text holds the separator itself (YAML can escape one)
        joined = "\0".join(text.replace("\0", " ") for text in texts)
    joined = joined.casefold()
    data = joined.encode()
    others = data.translate(None, _ASCII).decode()  # the non-ASCII characters, far fewer
    spaces = {char for char in set(others) if not char.isalnum()}
    if len(spaces) > _FEW:  # one pass whatever their number (a pass for each would cost their number times the text)
        joined = joined.translate(dict.fromkeys(map(ord, spaces), " "))
    else:
        for char in spaces:
            joined = joined.replace(char, " ")
    if spaces:
        data = joined.encode()
    found = [set(part.split()) for part in data.translate(_ASCII_WORDS).split(b"\0")]
    if _CJK.search(others):
        for words in found:
            cjk = [word for word in words if not word.isascii() and _CJK.search(word.decode())]
            words.difference_update(cjk)
            for word in map(bytes.decode, cjk):
                words.update(word[i : i + 2].encode() for i in range(max(1, len(word) - 1)))
    return found


class TranslationMemory:
    """The publication's current translations into one language, ready to be searched.

    Every unit of the publication has a number, in reading order; those with a current translation are
    the entries. For each word, ``counts`` gives how many entries hold it in their source, and ``heads``
    the first MAX_CANDIDATES of them: all a search looks at (a common word's thousands are never read).
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
        self.counts: dict[bytes, int] = {}  # word → how many entries hold it (a word no entry holds is absent)
        self.heads: dict[bytes, list[int]] = {}  # word → the first MAX_CANDIDATES of those entries
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
        # a fingerprint is 12 characters: joined, they are still told apart (one part hashes faster than 500)
        keys = [self.cache.key("index", "".join(unit.fingerprint for unit in units[first:last])) for first, last in spans]
        entries = bytes(number in targets for number in range(len(units)))
        merged = self.cache.key("entries", *keys, entries)  # the same texts, the same entries: the same index
        found = self.cache.load(merged)
        if isinstance(found, tuple):
            self.counts, self.heads = found
            return
        counts: defaultdict[bytes, int] = defaultdict(int)
        heads: defaultdict[bytes, list[int]] = defaultdict(list)
        for (first, last), key in zip(spans, keys, strict=True):
            entry = entries[first:last]  # of each unit of the document, 1 if it is an entry
            every = entry.count(0) == 0
            for word, positions in self._index_of(units[first:last], key).items():
                head = heads[word]
                if len(head) < MAX_CANDIDATES:
                    kept = list(map(first.__add__, positions)) if every else [first + p for p in positions if entry[p]]
                    counts[word] += len(kept)
                    head += kept[: MAX_CANDIDATES - len(head)]
                else:  # the head is full: the entries are only counted
                    counts[word] += len(positions) if every else sum(map(entry.__getitem__, positions))
        self.counts = {word: count for word, count in counts.items() if count}
        self.heads = {word: heads[word] for word in self.counts}
        self.cache.store(merged, (self.counts, self.heads))

    def _index_of(self, units: list[Unit], key: str) -> dict[bytes, list[int]]:
        """Word → the positions of the units whose source holds it, for one document; from the cache (under ``key``,
        made of their sources' fingerprints) when its sources are known."""
        found = self.cache.load(key)
        if isinstance(found, dict):
            return found
        index: defaultdict[bytes, list[int]] = defaultdict(list)
        for position, words in enumerate(_word_sets([unit.source for unit in units])):
            for word in words:
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
        counts, heads = self.counts, self.heads
        rarest = sorted((counts[word], word) for word in _words(unit.source) if word in counts)[:RARE_WORDS]
        pool: set[int] = set()
        for _, word in rarest:  # rarest first, and never more than MAX_CANDIDATES: the cost per unit is bounded
            pool.update(heads[word][: MAX_CANDIDATES - len(pool)])
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
