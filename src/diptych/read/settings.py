"""``publication.yaml``: the languages, numbering, bilingual editions, glossary and printed page.

The title and description are translatable texts: :mod:`diptych.read` reads them
with the units once the languages are known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import cast

from ..languages import Language, language
from ..load import Mapping, Node, Sequence
from ..model import (
    LAYOUTS,
    PAPER_SIZES,
    TRANSLATION_STYLES,
    BilingualSettings,
    Layout,
    NumberingStyle,
    Ordinals,
    Orientation,
    PrintSettings,
    TranslationStyle,
)
from .values import Values

PUBLICATION_FILE = "publication.yaml"
PUBLICATION_KEYS = (
    "title",
    "publisher",
    "source_language",
    "languages",
    "draft_languages",
    "numbering",
    "description",
    "bilingual",
    "glossary",
    "print",
)
PRINT_KEYS = ("paper", "margins", "font_size", "crop_marks", "bleed", "pdf", "ordinals", "book")
PDF_VARIANTS = {"pdf/ua-1": "pdf/ua-1", "pdf/a-3u": "pdf/a-3u", "plain": ""}
BILINGUAL_KEYS = ("layouts", "translation_style", "multilingual", "orientation")


@dataclass(frozen=True)
class Settings:
    """What publication.yaml says besides its translatable texts; ``source`` is None when its code is unusable."""

    source: Language | None
    targets: tuple[Language, ...] = ()
    numbering: NumberingStyle = "article"
    publisher: str = ""
    bilingual: BilingualSettings = field(default_factory=BilingualSettings)
    draft_languages: tuple[str, ...] = ()
    glossary: dict[str, dict[str, str]] = field(default_factory=dict)
    printing: PrintSettings = field(default_factory=PrintSettings)


def read_settings(values: Values, fields: Mapping) -> Settings:
    """Everything publication.yaml says but its texts; each problem is recorded in ``values``."""
    values.check_keys(fields, PUBLICATION_KEYS, "publication.yaml")
    source = values.language(fields["source_language"]) if "source_language" in fields else language("fr")
    targets = _targets(values, fields["languages"], source) if "languages" in fields else ()
    settings = Settings(source, targets)
    if "numbering" in fields:
        settings = replace(settings, numbering=values.numbering(fields["numbering"]) or settings.numbering)
    if "publisher" in fields:
        settings = replace(settings, publisher=values.text(fields["publisher"], "publisher") or "")
    if "bilingual" in fields:
        settings = replace(settings, bilingual=_bilingual(values, fields["bilingual"], targets))
    if "draft_languages" in fields:
        items = values.sequence(fields["draft_languages"], "draft_languages") or ()
        drafts = _translations(values, items, targets, "list it under 'languages' too")
        settings = replace(settings, draft_languages=drafts)
    if "glossary" in fields:
        settings = replace(settings, glossary=_glossary(values, fields["glossary"], targets))
    if "print" in fields:
        settings = replace(settings, printing=_printing(values, fields["print"]))
    return settings


def _targets(values: Values, node: Node, source: Language | None) -> tuple[Language, ...]:
    """The translations under ``languages``, each once and none of them the source."""
    targets: list[Language] = []
    for item in values.sequence(node, "languages") or ():
        target = values.language(item)
        if target is None:
            continue
        if target == source:
            values.error(item, f"{target.code!r} is the source language; list only the translations under languages")
        elif target in targets:
            values.error(item, f"language {target.code!r} is listed twice")
        else:
            targets.append(target)
    return tuple(targets)


def _translations(values: Values, items: Iterable[Node], targets: tuple[Language, ...], hint: str) -> tuple[str, ...]:
    """The codes listed in ``items``, each of which must be one of the publication's translations."""
    codes: list[str] = []
    for item in items:
        listed = values.language(item)
        if listed is not None and listed not in targets:
            values.error(item, f"{listed.code!r} is not one of the publication's translations", hint)
        elif listed is not None:
            codes.append(listed.code)
    return tuple(codes)


def _bilingual(values: Values, node: Node, targets: tuple[Language, ...]) -> BilingualSettings:
    fields = values.mapping(node, "bilingual")
    if fields is None:
        return BilingualSettings()
    values.check_keys(fields, BILINGUAL_KEYS, "bilingual")
    settings = BilingualSettings()
    if "layouts" in fields:
        layouts = [values.choice(item, LAYOUTS, "a layout") for item in values.sequence(fields["layouts"], "layouts") or ()]
        settings = replace(settings, layouts=tuple(cast(Layout, x) for x in dict.fromkeys(layouts) if x))
    if "translation_style" in fields:
        style = values.choice(fields["translation_style"], TRANSLATION_STYLES, "translation_style")
        settings = replace(settings, translation_style=cast(TranslationStyle, style or "italic"))
    if "orientation" in fields:
        orientation = values.choice(fields["orientation"], ("portrait", "landscape"), "orientation")
        settings = replace(settings, orientation=cast(Orientation, orientation or "landscape"))
    if "multilingual" in fields:
        items = values.sequence(fields["multilingual"], "multilingual") or ()
        codes = _translations(values, items, targets, "list it under 'languages' first")
        if len(codes) == 1:
            values.error(fields["multilingual"], "multilingual needs at least two translations to set beside the source")
        settings = replace(settings, multilingual=codes if len(codes) > 1 else ())
    return settings


def _glossary(values: Values, node: Node, targets: tuple[Language, ...]) -> dict[str, dict[str, str]]:
    """Terms and their required translations, e.g. {"partenariat stratégique global": {"en": "comprehensive …"}}."""
    fields = values.mapping(node, "glossary")
    codes = [target.code for target in targets]
    terms: dict[str, dict[str, str]] = {}
    for term in fields.scalar_keys() if fields is not None else ():
        assert fields is not None
        translations = values.mapping(fields[term], f"the glossary entry {str(term)!r}")
        if translations is None:
            continue
        entry = {}
        for code in translations.scalar_keys():
            if code not in codes:
                values.error(code, f"{str(code)!r} is not one of the publication's translations")
                continue
            text = values.text(translations[code], f"the {code} term")
            if text:
                entry[str(code)] = text
        terms[str(term)] = entry
    return terms


def _printing(values: Values, node: Node) -> PrintSettings:
    fields = values.mapping(node, "print")
    if fields is None:
        return PrintSettings()
    values.check_keys(fields, PRINT_KEYS, "print")
    settings = PrintSettings()
    if "paper" in fields:
        settings = replace(settings, paper=values.choice(fields["paper"], tuple(PAPER_SIZES), "paper") or "A4")
    if "margins" in fields:
        settings = replace(settings, margins=_margins(values, fields["margins"]) or settings.margins)
    if "font_size" in fields:
        settings = replace(settings, font_size=values.number(fields["font_size"], "font_size", 6, 24) or settings.font_size)
    if "crop_marks" in fields:
        settings = replace(settings, crop_marks=bool(values.boolean(fields["crop_marks"], "crop_marks")))
    if "bleed" in fields:
        settings = replace(settings, bleed=values.number(fields["bleed"], "bleed", 0, 10) or 0)
    if "pdf" in fields:
        variant = values.choice(fields["pdf"], tuple(PDF_VARIANTS), "pdf")
        settings = replace(settings, variant=PDF_VARIANTS[variant] if variant else settings.variant)
    if "book" in fields:
        settings = replace(settings, book=bool(values.boolean(fields["book"], "book")))
    if "ordinals" in fields:
        style = values.choice(fields["ordinals"], ("superscript", "unicode", "plain"), "ordinals")
        settings = replace(settings, ordinals=cast(Ordinals, style or "superscript"))
    return settings


def _margins(values: Values, node: Node) -> tuple[float, float, float, float] | None:
    """One number (all sides), two (top/bottom, sides) or four (top, right, bottom, left), as four."""
    numbers = (
        [values.number(item, "a margin", 0, 80) for item in node]
        if isinstance(node, Sequence)
        else [values.number(node, "margins", 0, 80)]
    )
    if len(numbers) not in (1, 2, 4):
        values.error(
            node, "margins are one number (all sides), two (top/bottom, sides) or four (top, right, bottom, left), in mm"
        )
        return None
    if any(n is None for n in numbers):
        return None
    full = numbers * 4 if len(numbers) == 1 else numbers * 2 if len(numbers) == 2 else numbers
    return cast(tuple[float, float, float, float], tuple(full))
