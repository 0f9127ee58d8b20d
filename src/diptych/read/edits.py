"""Reading a document again after its translations were spliced, only where the splice changed it.

An import sets translations by splicing new text into the YAML (:mod:`..translation.splice`); before
anything is written, the edited files must read without errors. Reading a whole file again costs as
much as the first read (~100 µs per text), and an import that touches every document of a large
publication paid it for every text. A splice changes only the lines of the units it edits, so:

- each edited unit is read again from its own lines in the new text (a block mapping: libyaml
  composes it exactly as within the file), with the checks of a full read; its edited translation
  must be the text, status and fingerprint intended, and the rest of it what was read before;
- every other value of the file is the one read before, at a place moved by the lines the edits
  added or removed.

Whatever is out of the ordinary — a problem in an edited unit, a warning within it, a translation
covering several units in the document, line ends other than ``\\n`` — gives None, and the caller
reads the whole file as before: this is a shortcut for the common case, never a second opinion.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..errors import Location, Problem
from ..load import YAML_LINE_BREAKS, BlockMappings, YamlError
from ..model import Document, Publication, Translation, TranslationStatus, Unit, text_digest
from .units import Units
from .values import Values

#: line breaks libyaml counts besides "\n": with them, its lines are not the text's lines split on "\n"
_OTHER_BREAKS = ("\r", *YAML_LINE_BREAKS)

#: one translation set by a splice: the unit, the language, the text, the status and source fingerprint (None: kept)
SetTranslation = tuple[Unit, str, str, TranslationStatus | None, str | None]


@dataclass(frozen=True)
class Splice:
    """The translations set in one document by replacing ``edits`` (start, end, text) of its ``original`` text."""

    path: Path
    original: str
    digest: str  # of the original (:func:`~diptych.model.text_digest`)
    starts: list[int]  # where each line of the original starts (:func:`~diptych.load.line_starts`)
    text: str
    edits: tuple[tuple[int, int, str], ...]
    translations: tuple[SetTranslation, ...]


class _Unusual(Exception):
    """The splice is not the common case: read the whole file."""


def reread(publication: Publication, splice: Splice) -> tuple[Document, list[Problem]] | None:
    """The document ``splice`` leaves and its warnings, as reading it whole would give them; or None, when
    the whole file must be read to know (see the module's docstring)."""
    path = splice.path.absolute()
    document = next((d for d in publication.documents if d.path.absolute() == path), None)
    if document is None or document.digest != splice.digest:
        return None  # not the text the publication was read from
    if any(mark in text for text in (splice.original, splice.text) for mark in _OTHER_BREAKS):
        return None
    if any(t.covers or t.covered_by for unit in document.units() for t in unit.translations.values()):
        return None  # covering translations are linked across units once the whole document is read
    blocks = BlockMappings(splice.text, document.path)
    moved = _Moved(splice, document.path, blocks.starts)
    try:
        warnings = [
            dataclasses.replace(problem, location=moved.location(problem.location))
            for problem in publication.warnings
            if problem.location.path.absolute() == path
        ]
        units = Units(Values(), publication.source, publication.targets)
        replaced = {id(edit[0]): _read_again(edit, units, blocks, moved, warnings) for edit in splice.translations}
        shifted = moved.value(document, replaced)
    except _Unusual:
        return None
    assert isinstance(shifted, Document)
    return dataclasses.replace(shifted, digest=text_digest(splice.text)), warnings


def _read_again(edit: SetTranslation, units: Units, blocks: BlockMappings, moved: _Moved, warnings: list[Problem]) -> Unit:
    """The unit of ``edit`` read from its own lines in the new text, checked against what was intended."""
    unit, language, text, status, source = edit
    where = moved.location(unit.location)
    try:
        fields = blocks.mapping(where.line, where.column)
    except YamlError:
        raise _Unusual from None
    if fields is None:
        raise _Unusual
    if warnings:
        first, last = fields.location.line, max(_last_line(fields), fields.location.line)
        if any(first <= problem.location.line <= last for problem in warnings):
            raise _Unusual  # the unit was warned about: the full read says whether it still is
    own = ("qa", "id", "note", units.source, *units.targets)
    again = units.unit(fields, "a text", unit.id, tuple(str(key) for key in fields if key not in own))
    if again is None or units.values.problems:
        raise _Unusual
    same = (again.id, again.source, again.note, again.qa_ignore) == (unit.id, unit.source, unit.note, unit.qa_ignore)
    others = {code: moved.value(t, {}) for code, t in unit.translations.items() if code != language}
    if not same or again.location != where or others != {c: t for c, t in again.translations.items() if c != language}:
        raise _Unusual
    new, old = again.translations.get(language), unit.translations.get(language)
    if new is None or new.text != text or (status is not None and new.status != status):
        raise _Unusual
    if (source is not None and new.source_fingerprint != source) or new.paragraphs or new.omitted or new.covers:
        raise _Unusual
    if old is not None and (old.paragraphs or old.omitted):
        raise _Unusual
    return again


def _last_line(fields: object) -> int:
    """The last line a value of ``fields`` starts on."""
    last = 0
    stack = [fields]
    while stack:
        value = stack.pop()
        location = getattr(value, "location", None)
        if isinstance(location, Location):
            last = max(last, location.line)
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return last


class _Moved:
    """Places in the original text, carried to the spliced text; a place inside an edited span has none."""

    def __init__(self, splice: Splice, path: Path, new_starts: list[int]) -> None:
        self.path = path
        self.old_starts = splice.starts
        self.new_starts = new_starts  # of the lines of the spliced text
        self.edits = sorted(splice.edits)
        self.ends = [end for _, end, _ in self.edits]
        shifts, total = [], 0
        for start, end, replacement in self.edits:
            total += len(replacement) - (end - start)
            shifts.append(total)
        self.shifts = shifts

    def location(self, location: Location) -> Location:
        if location.path != self.path or location.line == 0:
            return location
        offset = self.old_starts[location.line - 1] + max(location.column, 1) - 1
        before = bisect.bisect_right(self.ends, offset)  # edits that end at or before the place
        if before < len(self.edits) and self.edits[before][0] < offset:
            raise _Unusual  # within an edit
        offset += self.shifts[before - 1] if before else 0
        line = bisect.bisect_right(self.new_starts, offset)
        column = offset - self.new_starts[line - 1] + 1 if location.column else 0
        return Location(location.path, line, column)

    def value(self, value: object, replaced: dict[int, Unit]) -> object:
        """``value`` (of the model) with every place moved, and the units in ``replaced`` (by identity) swapped."""
        kind = type(value)
        if kind in _ATOMS:
            return value
        if kind is Location:
            return self.location(value)  # type: ignore[arg-type]
        if kind is tuple:
            items = tuple(self.value(item, replaced) for item in value)  # type: ignore[attr-defined]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value  # type: ignore[call-overload]
        if kind is dict:
            entries = {key: self.value(item, replaced) for key, item in value.items()}  # type: ignore[attr-defined]
            return entries if any(entries[key] is not item for key, item in value.items()) else value  # type: ignore[attr-defined]
        if kind is Unit:
            unit = cast(Unit, value)
            if id(unit) in replaced:
                return replaced[id(unit)]
            where = self.location(unit.location)
            if where == unit.location:
                return unit  # no edit before it, none within it (only edited units hold edits): nothing in it moves
            if where.column == unit.location.column:
                return _lines_later(unit, where.line - unit.location.line)
        names = _FIELDS.get(kind)
        if names is None:
            if not dataclasses.is_dataclass(value):
                return value
            names = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(value))
        state = value.__dict__
        changes = {}
        for name in names:
            old = state[name]
            if type(old) in _ATOMS:
                continue  # most fields: no call for them
            new = self.value(old, replaced)
            if new is not old:
                changes[name] = new
        if not changes:
            return value
        copy = object.__new__(kind)
        copy.__dict__.update({name: state[name] for name in names})  # every field (a unit's fingerprint too), no cache
        copy.__dict__.update(changes)
        return copy


def _lines_later(unit: Unit, lines: int) -> Unit:
    """``unit`` written ``lines`` further down, all of it: no edit is within a unit that was not edited."""
    translations = {}
    for code, translation in unit.translations.items():
        moved = object.__new__(Translation)
        moved.__dict__.update(translation.__dict__)
        moved.__dict__["location"] = _later(translation.location, lines)
        translations[code] = moved
    copy = object.__new__(Unit)
    copy.__dict__.update(unit.__dict__)  # its fingerprint included
    copy.__dict__.update(location=_later(unit.location, lines), translations=translations)
    return copy


def _later(location: Location, lines: int) -> Location:
    return Location(location.path, location.line + lines, location.column)


#: values that hold no place
_ATOMS = frozenset({str, int, float, bool, type(None), frozenset, bytes})
#: the fields of each dataclass of the model met so far
_FIELDS: dict[type, tuple[str, ...]] = {}
