"""Translations paragraphed differently from their source, and passages left out on purpose.

Three forms of a translation beside the plain ``text:``::

    en:
      text: One English paragraph for this French one and the next.
      covers: [a9-3]          # the translator joined them: a9-3's own en field stays empty
    en:
      paragraphs:             # the translator made two paragraphs of this one
        - First part.
        - Second part.
    ar:
      omitted: not in the official Arabic version

:func:`split_translation` reads these keys; :func:`resolve_coverage` checks, once
a document is read, that every ``covers`` names the units that follow in reading
order and that those have no text of their own, and links them: each covered
unit gets a translation marked ``covered_by``, with the status and fingerprint of
the one that covers it, so that status, stale detection and every layout see
every unit involved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import Problem
from .load import Mapping, Scalar
from .model import Document, Translation

if TYPE_CHECKING:
    from .read.units import Units


@dataclass
class Shape:
    """What a translation mapping says besides its plain text."""

    text: str | None = None
    paragraphs: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    omitted: str | None = None


def split_translation(units: Units, fields: Mapping, language: str) -> Shape | None:
    """The ``paragraphs``, ``covers`` and ``omitted`` keys of a translation; ``None`` after an error."""
    reader = units.values
    shape = Shape()
    what = f"the {language} translation"
    if "omitted" in fields:
        reason = reader.text(fields["omitted"], "omitted")
        if reason is None:
            reader.error(
                fields["omitted"], f"{what} is omitted without a reason", 'say why, e.g. omitted: "not in the official version"'
            )
            return None
        others = [key for key in ("text", "paragraphs", "covers") if key in fields]
        if others:
            reader.error(fields[others[0]], f"{what} is marked omitted but also has {others[0]!r}", "keep one of them")
            return None
        shape.omitted = reason
        shape.text = ""
        return shape
    if "paragraphs" in fields:
        if "text" in fields:
            reader.error(fields["paragraphs"], f"{what} has both 'text' and 'paragraphs'", "keep one of them")
            return None
        items = reader.sequence(fields["paragraphs"], "paragraphs") or ()
        texts = []
        for item in items:
            text = reader.text(item, "a paragraph of the translation")
            if text is not None:
                texts.append(units.texts.checked(item, text))
        if not texts:
            reader.error(
                fields["paragraphs"], f"{what} has an empty list of paragraphs", "write the paragraphs, or remove the key"
            )
            return None
        shape.paragraphs = tuple(texts)
        shape.text = "\n\n".join(texts)
    if "covers" in fields:
        node = fields["covers"]
        listed = [node] if isinstance(node, Scalar) else list(reader.sequence(node, "covers") or ())
        ids = [units.unit_id(item) for item in listed]
        if not ids or any(unit_id is None for unit_id in ids):
            if not ids:
                reader.error(node, "covers must name the ids of the units this translation also covers", "e.g. covers: [a9-3]")
            return None
        shape.covers = tuple(unit_id for unit_id in ids if unit_id is not None)
    return shape


def resolve_coverage(document: Document) -> list[Problem]:
    """Link each ``covers`` to the units that follow it; the problems found, if any."""
    problems: list[Problem] = []
    units = list(document.units())
    position = {unit.id: index for index, unit in enumerate(units)}
    for index, unit in enumerate(units):
        for language, translation in list(unit.translations.items()):
            if not translation.covers or translation.covered_by:
                continue
            expected = [u.id for u in units[index + 1 : index + 1 + len(translation.covers)]]
            if list(translation.covers) != expected:
                unknown = [i for i in translation.covers if i not in position]
                problems.append(
                    Problem(
                        translation.location,
                        f"the {language} translation of {unit.id!r} covers "
                        + (f"an unknown id {unknown[0]!r}" if unknown else f"{', '.join(translation.covers)}")
                        + (f", but the units that follow it are {', '.join(expected) or 'none'}" if not unknown else ""),
                        "a translation can cover only the units right after its own, in reading order",
                    )
                )
                continue
            covered = units[index + 1 : index + 1 + len(translation.covers)]
            sources = (unit.source, *(u.source for u in covered))
            unit.translations[language] = replace(translation, sources=sources)
            for other in covered:
                own = other.translations.get(language)
                if own is not None:
                    problems.append(
                        Problem(
                            own.location,
                            f"{other.id!r} has its own {language} translation, but the one of {unit.id!r} covers it",
                            f"leave {other.id!r}'s {language}: field empty, or remove {other.id!r} from covers",
                        )
                    )
                    continue
                other.translations[language] = Translation(
                    "",
                    translation.location,
                    translation.status,
                    translation.source_fingerprint,
                    covered_by=unit.id,
                    sources=sources,
                )
    return problems
