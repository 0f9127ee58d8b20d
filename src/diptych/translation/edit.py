"""Careful edits of a person's YAML: only translation fields change.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, block styles
and line breaks; an untouched file is written back byte for byte. Units are
found by the line and column the strict loader recorded, so the edit lands on
exactly the unit the model describes. Every file is checked (it must still
read as a valid publication file) before anything is written, and written
atomically.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from .. import journal
from ..errors import DiptychError
from ..load import read_text
from ..model import Translation, TranslationStatus, Unit, fingerprint


class EditError(DiptychError):
    """A file cannot be edited safely; nothing was written."""


class YamlFile:
    """One YAML file opened for round-trip edits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = read_text(path)
        self.yaml = YAML()
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096
        mapping, offset = guess_indentation(self.original)
        self.yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
        try:
            self.data = self.yaml.load(self.original)
        except YAMLError as error:
            raise EditError(f"{path}: cannot be edited: {error}") from None
        self._index = dict(_positions(self.data))

    # -- finding units -------------------------------------------------------

    def unit_node(self, unit: Unit) -> CommentedMap:
        """The mapping of ``unit`` in the file; a bare-text unit is turned into a mapping."""
        found = self._index.get((unit.location.line, unit.location.column))
        if found is None:
            raise EditError(f"{unit.location}: cannot find the text {unit.id!r} in the file (was it edited meanwhile?)")
        node, parent, key = found
        if isinstance(node, CommentedMap):
            return node
        # a bare text ("headline: Titre"): becomes {fr: Titre} so a translation can sit beside it
        mapping = CommentedMap()
        mapping[unit.language] = node
        parent[key] = mapping
        self._index[(unit.location.line, unit.location.column)] = (mapping, parent, key)
        return mapping

    # -- edits ---------------------------------------------------------------

    def add_language(self, unit: Unit, language: str) -> bool:
        """An empty ``language:`` field after the unit's last language; False if it has one."""
        node = self.unit_node(unit)
        if language in node:
            return False
        languages = [k for k in node if k not in ("id", "note")]
        position = list(node).index(languages[-1]) + 1 if languages else len(node)
        node.insert(position, language, None)
        return True

    def set_translation(
        self,
        unit: Unit,
        language: str,
        text: str,
        status: TranslationStatus | None = None,
        source_fingerprint: str | None = None,
    ) -> bool:
        """Set the text (and, if given, status and source fingerprint) of a translation.

        A text with blank lines is several paragraphs: it is written as ``paragraphs:``.
        """
        node = self.unit_node(unit)
        current = node.get(language)
        paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
        if len(paragraphs) > 1 and not isinstance(current, CommentedMap):
            current = CommentedMap()
            node[language] = current  # the long form, filled below
        if isinstance(current, CommentedMap) and (len(paragraphs) > 1 or "paragraphs" in current):
            previous = current.get("paragraphs") or [current.get("text")]
            items = CommentedSeq(_like(previous[0] if previous else None, p) for p in paragraphs)
            changed = "paragraphs" not in current or list(current["paragraphs"]) != paragraphs
            if len(paragraphs) > 1:
                current.pop("text", None)
                if "paragraphs" not in current:
                    current.insert(0, "paragraphs", items)
                elif changed:
                    current["paragraphs"] = items
            else:
                current.pop("paragraphs", None)
                current.insert(0, "text", _like(None, text))
                changed = True
            if status is not None:
                changed |= _set_status(current, status)
            if source_fingerprint is not None:
                changed |= _set(current, "source", source_fingerprint)
            return changed
        if isinstance(current, CommentedMap):
            changed = _set(current, "text", _like(current.get("text"), text))
            if status is not None:
                changed |= _set_status(current, status)
            if source_fingerprint is not None:
                changed |= _set(current, "source", source_fingerprint)
            return changed
        needs_long_form = (status is not None and status != "current") or source_fingerprint is not None
        if not needs_long_form:
            return _set(node, language, _like(current, text))
        long_form = CommentedMap()
        long_form["text"] = _like(current, text)
        if status is not None and status != "current":
            long_form["status"] = status
        if source_fingerprint is not None:
            long_form["source"] = source_fingerprint
        if language in node:
            node[language] = long_form
        else:
            node.insert(len(node), language, long_form)
        return True

    def mark_current(self, unit: Unit, language: str, translation: Translation) -> bool:
        """Record that ``translation`` matches the current source (a reviewer's confirmation)."""
        sources = " ".join(translation.sources or (unit.source,))  # all the texts a joined translation covers
        return self.set_translation(unit, language, translation.text, status="current", source_fingerprint=fingerprint(sources))

    # -- writing -------------------------------------------------------------

    def text(self) -> str:
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        return stream.getvalue()

    @property
    def changed(self) -> bool:
        return self.text() != self.original


def guess_indentation(text: str) -> tuple[int, int]:
    """(mapping indent, dash offset of sequences) as the file's author wrote them."""
    mapping: dict[int, int] = {}
    offset: dict[int, int] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line, following in itertools.pairwise(lines):
        stripped = line.lstrip(" ")
        if not stripped.rstrip().endswith(":") or stripped.startswith("- "):
            continue
        column = len(line) - len(stripped)
        inner = len(following) - len(following.lstrip(" "))
        if following.lstrip(" ").startswith("- "):
            offset[inner - column] = offset.get(inner - column, 0) + 1
        elif inner > column:
            mapping[inner - column] = mapping.get(inner - column, 0) + 1
    best_mapping = max(mapping, key=mapping.__getitem__) if mapping else 2
    best_offset = max(offset, key=offset.__getitem__) if offset else 0
    return best_mapping, max(best_offset, 0)


def write_files(files: list[YamlFile], check: Any) -> list[Path]:
    """Write every changed file, after ``check(path, text)`` accepted each new text: all or none, with the
    publication's journal (see :mod:`diptych.journal`), so an interruption never leaves some files edited."""
    texts = changed_texts(files)
    for path, text in texts.items():
        check(path, text)
    if not texts:
        return []
    first = next(iter(texts))
    root = next((folder for folder in first.parents if (folder / "publication.yaml").is_file()), first.parent)
    journal.commit(root, {path: text.encode("utf-8") for path, text in texts.items()})
    return list(texts)


def changed_texts(files: list[YamlFile]) -> dict[Path, str]:
    """The new text of every file that an edit changed."""
    return {f.path: f.text() for f in files if f.changed}


def _set(mapping: CommentedMap, key: str, value: Any) -> bool:
    if key in mapping and mapping[key] == value:
        return False
    mapping[key] = value
    return True


def _set_status(mapping: CommentedMap, status: TranslationStatus) -> bool:
    if status == "current":
        if "status" in mapping:
            del mapping["status"]
            return True
        return False
    return _set(mapping, "status", status)


def _like(previous: Any, text: str) -> Any:
    """``text`` in the same YAML style as the value it replaces (folded, literal, quoted, plain)."""
    if "\n" in text:
        return LiteralScalarString(text)  # line breaks are markup: keep them exactly
    for style in (FoldedScalarString, LiteralScalarString, DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(previous, style):
            return style(text)
    return text


def _positions(node: Any, parent: Any = None, key: Any = None) -> Iterator[tuple[tuple[int, int], tuple[Any, Any, Any]]]:
    """(line, column) → (node, parent, key) for every mapping and every text value, 1-based like our marks."""
    if isinstance(node, CommentedMap):
        yield (node.lc.line + 1, node.lc.col + 1), (node, parent, key)
        for child_key in node:
            value = node[child_key]
            if isinstance(value, (CommentedMap, CommentedSeq)):
                yield from _positions(value, node, child_key)
            elif isinstance(value, str):
                line, column = node.lc.value(child_key)
                yield (line + 1, column + 1), (value, node, child_key)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            if isinstance(item, (CommentedMap, CommentedSeq)):
                yield from _positions(item, node, index)
            elif isinstance(item, str):
                line, column = node.lc.item(index)
                yield (line + 1, column + 1), (item, node, index)
