"""The publication as the rest of diptych sees it: small, typed, immutable.

A :class:`Unit` is one translatable piece of text (a headline, a paragraph, a
signatory): its text in the source language and its translations, keyed by
language code, under a stable ``id``. Blocks arrange units into a document.
Nothing here knows about YAML; :mod:`diptych.read` builds these objects.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import Location, Problem
from .languages import Language

NumberingStyle = Literal["decimal", "article", "roman"]
NUMBERING_STYLES: tuple[NumberingStyle, ...] = ("decimal", "article", "roman")
TranslationStatus = Literal["current", "draft", "review"]
TRANSLATION_STATUSES: tuple[TranslationStatus, ...] = ("current", "draft", "review")


@functools.lru_cache(maxsize=1 << 16)  # asked again and again of the same source texts by status, export, import
def fingerprint(text: str) -> str:
    """A short, stable digest of a source text, stored with a translation made from it."""
    normalized = " ".join(text.split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


def text_digest(text: str) -> str:
    """A digest of a whole file's text, to know it again (not a fingerprint: every character counts)."""
    return bytes_digest(text.encode("utf-8", "surrogatepass"))


def bytes_digest(data: bytes) -> str:
    """:func:`text_digest` of the text these UTF-8 bytes hold."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Translation:
    """A unit's text in one target language, with its review metadata."""

    text: str
    location: Location
    status: TranslationStatus = "current"
    #: fingerprint of the source text this translation was made from, if recorded
    source_fingerprint: str | None = None
    note: str | None = None
    #: the translator made several paragraphs of this unit (``text`` holds them joined by a blank line)
    paragraphs: tuple[str, ...] = ()
    #: the translator joined the following units into this one's text: their ids
    covers: tuple[str, ...] = ()
    #: this unit has no text of its own: it is translated together with the unit of this id
    covered_by: str | None = None
    #: intentionally absent from the translation, and why ("not in the official Arabic version")
    omitted: str | None = None
    #: the source texts this translation renders, when it covers several units (set by the reader)
    sources: tuple[str, ...] = ()
    #: QA checks a reviewer has looked at and silenced for this translation (``qa: ignore [length]``)
    qa_ignore: frozenset[str] = frozenset()
    #: :func:`fingerprint` of ``text``, worked out once (every export records it, every import compares it)
    fingerprint: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", fingerprint(self.text))

    @property
    def absent(self) -> bool:
        """True when this unit shows nothing in this language, on purpose (covered by another, or omitted)."""
        return self.covered_by is not None or self.omitted is not None


@dataclass(frozen=True)
class Unit:
    """One translatable text: the source and its translations, under a stable id."""

    id: str
    language: str  # the source language
    source: str
    location: Location
    translations: dict[str, Translation] = field(default_factory=dict)
    #: a note for translators (context, terminology), never rendered
    note: str | None = None
    #: QA checks silenced for every translation of this unit (``qa: ignore [numbers]``)
    qa_ignore: frozenset[str] = frozenset()
    #: :func:`fingerprint` of ``source``, worked out once (status, export and import ask for it again and again)
    fingerprint: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", fingerprint(self.source))

    def text(self, language: str) -> str | None:
        """The text in ``language``, or ``None`` where there is none (untranslated, covered or omitted)."""
        if language == self.language:
            return self.source
        translation = self.translations.get(language)
        return translation.text if translation and not translation.absent else None

    def paragraphs(self, language: str) -> tuple[str, ...]:
        """The text in ``language`` as the translator paragraphed it (one paragraph, several, or none)."""
        translation = self.translations.get(language) if language != self.language else None
        if translation is not None and translation.paragraphs and not translation.absent:
            return translation.paragraphs
        text = self.text(language)
        return (text,) if text is not None else ()

    def is_absent(self, language: str) -> bool:
        """True when the translation into ``language`` leaves this unit out on purpose (covered or omitted)."""
        translation = self.translations.get(language)
        return translation is not None and translation.absent

    def is_stale(self, language: str) -> bool:
        """True when the translation records a source text other than the current one.

        A translation covering several units records the fingerprint of all their texts together.
        """
        translation = self.translations.get(language)
        if translation is None or translation.source_fingerprint is None:
            return False
        current = fingerprint(" ".join(translation.sources)) if translation.sources else self.fingerprint
        return translation.source_fingerprint != current


@dataclass(frozen=True)
class Paragraph:
    unit: Unit
    role: Literal["body", "lede"] = "body"


@dataclass(frozen=True)
class Heading:
    unit: Unit
    level: int = 2  # 2..4: the headline is the only level 1


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[Unit, ...]
    attribution: Unit | None = None


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Unit, ...]
    ordered: bool = False


ArticleBlock = Paragraph | ListBlock | Quote


@dataclass(frozen=True)
class Article:
    """A numbered article of an official text; its label comes from :mod:`diptych.numbering`."""

    number: int
    blocks: tuple[ArticleBlock, ...]
    location: Location
    title: Unit | None = None

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"

    def units(self) -> Iterator[Unit]:
        """The article's texts in reading order, its title first."""
        if self.title is not None:
            yield self.title
        for block in self.blocks:
            yield from _block_units(block)


@dataclass(frozen=True)
class PlaceDate:
    """ "Done at Beijing, 23 April 2025": a translatable place and an ISO date."""

    place: Unit
    date: datetime.date


@dataclass(frozen=True)
class OfficialText:
    """A text reproduced in full inside a document: a treaty, a declaration."""

    id: str
    title: Unit
    preamble: tuple[ArticleBlock, ...]
    articles: tuple[Article, ...]
    signatories: tuple[Unit, ...] = ()
    signed: PlaceDate | None = None


Block = Paragraph | Heading | Quote | ListBlock | OfficialText


@dataclass(frozen=True)
class Dateline:
    place: Unit | None
    source: str | None


@dataclass(frozen=True)
class Document:
    slug: str
    path: Path
    headline: Unit
    blocks: tuple[Block, ...]
    numbering: NumberingStyle
    date: datetime.date | None = None
    dateline: Dateline | None = None
    short_title: Unit | None = None
    #: a digest of the file's text as it was read (:func:`text_digest`): what was worked out from it can be kept
    digest: str = field(default="", compare=False, repr=False)

    def units(self) -> Iterator[Unit]:
        """Every translatable unit, in reading order."""
        return iter(self._units)

    @functools.cached_property
    def _units(self) -> tuple[Unit, ...]:
        """The units, listed once (status, export and import each go through them several times); not a field,
        so a document copied field by field lists its own."""
        units = [self.headline]
        if self.short_title:
            units.append(self.short_title)
        if self.dateline and self.dateline.place:
            units.append(self.dateline.place)
        for block in self.blocks:
            # an official text standing alone has its title for headline: one unit, listed once
            units += (unit for unit in _block_units(block) if unit is not self.headline)
        return tuple(units)

    def articles(self) -> Iterator[Article]:
        for block in self.blocks:
            if isinstance(block, OfficialText):
                yield from block.articles


def _block_units(block: Block) -> Iterator[Unit]:
    if isinstance(block, (Paragraph, Heading)):
        yield block.unit
    elif isinstance(block, Quote):
        yield from block.paragraphs
        if block.attribution:
            yield block.attribution
    elif isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, OfficialText):
        yield block.title
        for inner in block.preamble:
            yield from _block_units(inner)
        for article in block.articles:
            if article.title:
                yield article.title
            for inner in article.blocks:
                yield from _block_units(inner)
        yield from block.signatories
        if block.signed:
            yield block.signed.place


Layout = Literal["parallel", "interleaved", "facing"]
LAYOUTS: tuple[Layout, ...] = ("parallel", "interleaved", "facing")
TranslationStyle = Literal["italic", "colour", "rule"]
TRANSLATION_STYLES: tuple[TranslationStyle, ...] = ("italic", "colour", "rule")
Orientation = Literal["portrait", "landscape"]
NewSpread = Literal["unit", "article"]
Ordinals = Literal["superscript", "unicode", "plain"]
PAPER_SIZES = {"A4": (210, 297), "A5": (148, 210), "Letter": (215.9, 279.4)}


@dataclass(frozen=True)
class PrintSettings:
    """The printed page: paper, margins, type size, marks for a print shop, PDF variant."""

    paper: str = "A4"
    #: top, right, bottom, left in millimetres
    margins: tuple[float, float, float, float] = (24, 25, 26, 25)
    font_size: float = 10.5  # points
    crop_marks: bool = False
    bleed: float = 0  # millimetres
    #: "pdf/ua-1" (tagged, accessible: the default), "pdf/a-3u" (archival), or "" (plain PDF)
    variant: str = "pdf/ua-1"
    #: French ordinals: 29<sup>e</sup> (superscript), 29ᵉ (unicode) or 29e (plain)
    ordinals: Ordinals = "superscript"
    #: make the whole edition as one book (pdf/edition.<lang>.pdf)
    book: bool = True


@dataclass(frozen=True)
class BilingualSettings:
    """Which bilingual editions to make, and how they look."""

    layouts: tuple[Layout, ...] = LAYOUTS
    #: how a translation is set apart from its source in the interleaved layout
    translation_style: TranslationStyle = "italic"
    #: extra languages set beside the source in one more parallel edition (fr | en | az)
    multilingual: tuple[str, ...] = ()
    #: page orientation of the parallel PDF with three or more columns
    orientation: Orientation = "landscape"
    #: facing pages: a spread opens where a unit no longer fits ("unit"), or also at every article
    new_spread: NewSpread = "unit"


@dataclass(frozen=True)
class Publication:
    """A publication folder: its settings and its documents."""

    root: Path
    title: Unit
    publisher: str
    #: the language the texts are written in, then the languages they are translated into
    source: Language
    targets: tuple[Language, ...]
    numbering: NumberingStyle
    documents: tuple[Document, ...]
    description: Unit | None = None
    bilingual: BilingualSettings = BilingualSettings()
    #: translations still in progress: their gaps are expected, reported by `status` rather than as warnings
    draft_languages: tuple[str, ...] = ()
    printing: PrintSettings = PrintSettings()
    #: glossary: source term → {language: required translation}
    glossary: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the address the edition is published at ("https://example.org/gazette/"), or "" when unknown:
    #: canonical URLs, the sitemap and the feeds need it
    base_url: str = ""
    warnings: tuple[Problem, ...] = ()

    @property
    def source_language(self) -> str:
        return self.source.code

    @property
    def target_languages(self) -> tuple[str, ...]:
        return tuple(target.code for target in self.targets)

    @property
    def languages(self) -> tuple[str, ...]:
        """The codes of the source language first, then of the translations."""
        return (self.source.code, *self.target_languages)

    def language(self, code: str) -> Language:
        """The publication's language with this code (KeyError when it has none)."""
        for language in (self.source, *self.targets):
            if language.code == code:
                return language
        raise KeyError(code)

    def language_sets(self, languages: tuple[str, ...] | None = None) -> list[tuple[str, ...]]:
        """The language combinations of the bilingual editions: (fr, en), (fr, az), (fr, en, az) …"""
        available = languages or self.languages
        if self.source_language not in available:
            return []
        sets: list[tuple[str, ...]] = [(self.source_language, target) for target in self.target_languages if target in available]
        extra = (self.source_language, *self.bilingual.multilingual)
        if self.bilingual.multilingual and all(code in available for code in extra):
            sets.append(extra)
        return sets

    def document(self, slug: str) -> Document:
        for document in self.documents:
            if document.slug == slug:
                return document
        raise KeyError(slug)
