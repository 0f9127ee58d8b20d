"""Where each translation stands: current, stale, draft, missing — per document and language."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

from ..errors import Location
from ..model import Document, Publication, Unit
from .history import SourceHistory

State = Literal["current", "stale", "draft", "review", "missing"]


@dataclass(frozen=True)
class UnitStatus:
    unit: Unit
    language: str
    state: State
    #: the source text the translation was made from, when it is stale and known
    previous_source: str | None = None
    #: True when the translation records no source fingerprint (its staleness cannot be known)
    untracked: bool = False

    def diff(self) -> str | None:
        """What changed in the source since the translation was made, as a word diff."""
        if self.previous_source is None:
            return None
        return word_diff(self.previous_source, self.unit.source)


@dataclass
class DocumentStatus:
    document: Document
    language: str
    units: list[UnitStatus] = field(default_factory=list)
    #: units to translate for which the translation memory has a similar translated text
    suggested: int = 0

    def count(self, *states: State) -> int:
        return sum(1 for u in self.units if u.state in states)

    @property
    def total(self) -> int:
        return len(self.units)

    @property
    def translated(self) -> int:
        """Units with a translation made from the current source (drafts included)."""
        return self.count("current", "draft", "review")

    @property
    def untracked(self) -> int:
        return sum(1 for u in self.units if u.untracked)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def words_to_translate(self) -> int:
        return sum(len(u.unit.source.split()) for u in self.units if u.state in ("missing", "stale"))


def unit_status(unit: Unit, language: str, history: SourceHistory | None = None) -> UnitStatus:
    translation = unit.translations.get(language)
    if translation is None:
        return UnitStatus(unit, language, "missing")
    if translation.omitted is not None and not unit.is_stale(language):
        return UnitStatus(unit, language, "current")  # left out on purpose: nothing to translate
    if unit.is_stale(language):
        previous = history.get(translation.source_fingerprint) if history else None
        return UnitStatus(unit, language, "stale", previous_source=previous)
    untracked = translation.source_fingerprint is None
    state: State = "current" if translation.status == "current" else translation.status
    return UnitStatus(unit, language, state, untracked=untracked)


def translation_status(
    publication: Publication,
    languages: tuple[str, ...] | None = None,
    history: SourceHistory | None = None,
    suggestions: bool = False,
) -> list[DocumentStatus]:
    """The status of every document in every target language (or in ``languages``); with ``suggestions``,
    also how many texts to translate the translation memory has a suggestion for."""
    from .memory import TranslationMemory

    history = history or SourceHistory(publication.root)
    wanted = [code for code in publication.target_languages if not languages or code in languages]
    memories = {code: TranslationMemory(publication, code) for code in wanted} if suggestions else {}
    report = []
    for document in publication.documents:
        units = list(document.units())
        for language in wanted:
            status = DocumentStatus(document, language, [unit_status(u, language, history) for u in units])
            if suggestions:
                status.suggested = sum(
                    1 for u in status.units if u.state in ("missing", "stale") and memories[language].matches(u.unit, limit=1)
                )
            report.append(status)
    return report


def completeness(document: Document, language: str) -> tuple[int, int]:
    """(translated, total) units of ``document`` in ``language``, for a page's "translation in progress" note."""
    units = list(document.units())
    return sum(1 for u in units if u.text(language) is not None or u.is_absent(language)), len(units)


def translation_gaps(publication: Publication, languages: tuple[str, ...]) -> list[str]:
    """What a build warns of in ``languages``: stale translations, and texts shown untranslated.

    Draft languages (``draft_languages``) are translations in progress: their gaps are
    for ``diptych status``, not for every build.
    """
    drafts = publication.draft_languages
    wanted = tuple(code for code in publication.target_languages if code in languages and code not in drafts)
    messages = []
    for document in publication.documents:
        shown = Location(document.path).relative_to(publication.root)
        units = list(document.units())
        for language in wanted:
            states = [unit_status(unit, language) for unit in units]  # no source history: no diff is shown here
            stale = [status.unit for status in states if status.state == "stale"]
            if stale:  # file:line of the first, like every other warning, for editors that jump to it
                messages.append(
                    f"{shown}:{stale[0].location.line}: {len(stale)} {language!r} translation(s) were made from an "
                    f"earlier source text (first: {stale[0].id}); see `diptych status`, and build with --draft to see them marked"
                )
            missing = [status.unit for status in states if status.state == "missing"]
            if missing:
                messages.append(
                    f"{shown}:{missing[0].location.line}: {len(missing)} of {len(units)} texts have no {language!r} "
                    f"translation (first: {missing[0].id}); the original is shown in their place, marked as untranslated"
                )
    return messages


def word_diff(old: str, new: str) -> str:
    """``[-removed-]{+added+}`` between two texts, word by word (as git's --word-diff=plain)."""
    before, after = re.findall(r"\S+", old), re.findall(r"\S+", new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            out.extend(before[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(out)


def excerpt_diff(diff: str, context: int = 6) -> str:
    """The changed words of a word diff with a few words of context, for a terminal."""
    words = diff.split(" ")
    marked = [i for i, w in enumerate(words) if w.startswith(("[-", "{+")) or w.endswith(("-]", "+}"))]
    if not marked:
        return diff
    keep: set[int] = set()
    for index in marked:
        keep.update(range(max(0, index - context), min(len(words), index + context + 1)))
    out, previous = [], -2
    for index in sorted(keep):
        if index != previous + 1:
            out.append("…")
        out.append(words[index])
        previous = index
    if previous != len(words) - 1:
        out.append("…")
    return " ".join(out)
