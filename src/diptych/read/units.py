"""Units and their translations: ``id``, the source text under its language code, the translations beside it."""

from __future__ import annotations

import re
from typing import cast

from ..coverage import split_translation
from ..errors import Location
from ..languages import Language, language, language_problem
from ..load import Mapping, Node, Scalar
from ..model import TRANSLATION_STATUSES, Translation, TranslationStatus, Unit
from .texts import BIDI_CONTROLS, Texts
from .values import Values, describe, suggest

#: invisible characters that have no place in an id or a slug
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
UNIT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
TRANSLATION_KEYS = ("text", "status", "source", "note", "paragraphs", "covers", "omitted", "qa")
FINGERPRINT = re.compile(r"[0-9a-f]{8,64}")


class Units:
    """Reads the translatable texts of one publication, written in ``source`` and translated into ``targets``."""

    def __init__(self, values: Values, source: Language, targets: tuple[Language, ...]) -> None:
        self.values = values
        self.texts = Texts(values)
        self.source = source.code
        self.targets = tuple(target.code for target in targets)
        self.languages = (source, *targets)
        #: the base languages of the publication: a text in one of their variants is a mistake, not a stray language
        self.bases = {source.base, *(target.base for target in targets)}
        #: the ids of the units read so far in the current file, where each was first used
        self.ids: dict[str, Location] = {}

    def start_file(self) -> None:
        """Ids are unique within one file: forget those of the previous one."""
        self.ids = {}

    def is_unit_key(self, key: str) -> bool:
        return key in ("id", "note", self.source, *self.targets)

    def unit_id(self, node: Node) -> str | None:
        if isinstance(node, Scalar) and not node.isascii() and (INVISIBLE.search(node) or BIDI_CONTROLS.search(node)):
            self.values.error(
                node, "the id contains an invisible character", "retype the id with letters, digits, '-', '_' or '.'"
            )
            return None
        if not isinstance(node, Scalar) or not UNIT_ID.match(node):
            self.values.error(
                node,
                f"{describe(node)} cannot be used as an id",
                "an id starts with a letter and uses letters, digits, '-', '_' or '.' (at most 64), e.g. id: a7-2",
            )
            return None
        return str(node)

    def unit(self, node: Node, what: str, default_id: str | None = None, extra: tuple[str, ...] = ()) -> Unit | None:
        """A translatable text: ``fr: …`` and its translations, or a bare text where an id is implied.

        ``extra`` names the keys the caller reads itself (a heading's ``level``).
        """
        if isinstance(node, Scalar):
            return self.bare_unit(node, what, default_id)
        fields = self.values.mapping(node, what)
        if fields is None:
            return None
        unit_id = default_id
        if "id" in fields:
            unit_id = self.unit_id(fields["id"])
        elif default_id is None:
            self.values.error(
                fields,
                f"{what} has no id",
                "add 'id: …' with a short name that stays the same when paragraphs move (e.g. id: a7-2)",
            )
        source: str | None = None
        translations: dict[str, Translation] = {}
        note = None
        qa_ignore: frozenset[str] = frozenset()
        for key in fields.scalar_keys():
            value = fields[key]
            if key == "id" or key in extra:
                continue
            if key == "qa":
                qa_ignore = self.texts.qa_ignore(value)
            elif key == "note":
                note = self.values.text(value, "a note")
            elif key == self.source:
                source = self.values.text(value, f"the {self.source} text")
                if source is not None:
                    source = self.texts.checked(value, source)
            elif key in self.targets:
                translation = self.translation(value, key)
                if translation is not None:
                    translations[str(key)] = translation
            else:
                self.stray_key(key, what, extra)
        if source is None:
            self.no_source(fields, what)
            return None
        if unit_id is None:
            return None
        return self.register(Unit(unit_id, self.source, source, fields.location, translations, note, qa_ignore))

    def bare_unit(self, node: Scalar, what: str, default_id: str | None) -> Unit | None:
        """A text written straight after its key (``title: Mon édition``): in the source language, under an implied id."""
        if default_id is None:
            self.values.error(
                node,
                f"{what} needs an id and its text under the language code",
                f"write it as  id: …  and  {self.source}: …  on separate lines",
            )
            return None
        text = self.values.text(node, what)
        if text is None:
            self.values.error(node, f"{what} is empty")
            return None
        return self.register(Unit(default_id, self.source, self.texts.checked(node, text), node.location))

    def stray_key(self, key: Scalar, what: str, extra: tuple[str, ...]) -> None:
        """A key that is no part of a unit: a language the publication does not have (warned), or a mistake."""
        if language_problem(key) is None and language(key).base not in self.bases:
            self.values.warn(
                key,
                f"{str(key)!r} is not one of the publication's languages; this text is ignored",
                f"add {str(key)!r} to 'languages' in publication.yaml, or remove it",
            )
            return
        candidates = ["id", "note", self.source, *self.targets, *extra]
        self.values.error(
            key,
            f"unknown key {str(key)!r} in {what}",
            suggest(key, candidates) or f"expected id, note or a language code ({', '.join([self.source, *self.targets])})",
        )

    def no_source(self, fields: Mapping, what: str) -> None:
        if self.source in fields:
            self.values.error(
                fields[self.source], f"{what} has an empty {self.source!r} text", "write the source text, or delete the unit"
            )
        else:
            self.values.error(
                fields,
                f"{what} has no source text ({self.source}: …)",
                f"every text is written in {self.source!r} first; add '{self.source}: …'",
            )

    def translation(self, node: Node, language: str) -> Translation | None:
        values = self.values
        if isinstance(node, Scalar):
            text = values.text(node, f"the {language} translation")
            return Translation(self.texts.checked(node, text), node.location) if text is not None else None
        fields = values.mapping(node, f"the {language} translation")
        if fields is None:
            return None
        values.check_keys(fields, TRANSLATION_KEYS, f"the {language} translation")
        text = values.text(fields["text"], "text") if "text" in fields else None
        status: TranslationStatus = "current"
        if "status" in fields:
            value = fields["status"]
            if isinstance(value, Scalar) and value in TRANSLATION_STATUSES:
                status = cast(TranslationStatus, str(value))
            else:
                values.error(
                    value,
                    f"status must be one of {', '.join(TRANSLATION_STATUSES)}, not {describe(value)}",
                    suggest(str(value), TRANSLATION_STATUSES),
                )
        fingerprint = None
        if "source" in fields:
            value = fields["source"]
            if isinstance(value, Scalar) and FINGERPRINT.fullmatch(value):
                fingerprint = str(value)
            else:
                values.error(
                    value,
                    "source must be the fingerprint of the source text (hexadecimal digits)",
                    "leave it to 'diptych mark-current' to write",
                )
        note = values.text(fields["note"], "a note") if "note" in fields else None
        qa_ignore = self.texts.qa_ignore(fields["qa"]) if "qa" in fields else frozenset()
        shape = split_translation(self, fields, language)
        if shape is None:
            return None
        if shape.text is None:
            if text is None:
                return None
            shape.text = self.texts.checked(fields["text"], text)
        return Translation(
            shape.text,
            node.location,
            status,
            fingerprint,
            note,
            paragraphs=shape.paragraphs,
            covers=shape.covers,
            omitted=shape.omitted,
            qa_ignore=qa_ignore,
        )

    def register(self, unit: Unit) -> Unit:
        if unit.id in self.ids:
            first = self.ids[unit.id]
            self.values.error(
                unit.location,
                f"the id {unit.id!r} is used twice in this document (first on line {first.line})",
                "ids must be unique within a document: rename one",
            )
        else:
            self.ids[unit.id] = unit.location
        return unit
