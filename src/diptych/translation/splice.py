"""Fast edits of translation fields: the new text is spliced into the file where the old one was.

A round trip through ruamel.yaml (:mod:`.edit`) re-emits the whole file, which
costs about as much per text as reading it ten times; an import that changes
thousands of texts needs better. Here libyaml finds where each translation is
written (start and end of every key and value), and only those characters are
replaced; everything else in the file — comments, order, quoting, blank lines
— is untouched by construction. A unit written in flow style (``{fr: …, en: …}``)
or as a bare text cannot be edited this way: :meth:`SplicedFile.set_translation`
returns False and the caller falls back to ruamel.yaml for that file.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..load import YAML_LINE_BREAKS, BlockMappings, double_quoted, read_text_and_digest
from ..model import TranslationStatus, Unit
from ..read.edits import SetTranslation, Splice

_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`.~]")
_INDENT_STEP = 2


class SplicedFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.original, self.digest = read_text_and_digest(path)
        self.blocks = BlockMappings(self.original, path)
        self.edits: list[tuple[int, int, str]] = []
        #: the translations set, as asked: (unit, language, text, status, source fingerprint)
        self.translations: list[SetTranslation] = []

    def set_translation(
        self, unit: Unit, language: str, text: str, status: TranslationStatus | None, source_fingerprint: str | None
    ) -> bool:
        """Plan the edit of one translation; False when this unit cannot be edited by splicing."""
        if not self._set_translation(unit, language, text, status, source_fingerprint):
            return False
        self.translations.append((unit, language, text, status, source_fingerprint))
        return True

    def splice(self) -> Splice:
        """What this file's edits are, for reading again only what they changed (:mod:`...read.edits`)."""
        applied = self.applied()
        return Splice(
            self.path,
            self.original,
            self.digest,
            self.blocks.starts,
            self._composed(applied),
            tuple(applied),
            tuple(self.translations),
        )

    def _set_translation(
        self, unit: Unit, language: str, text: str, status: TranslationStatus | None, source_fingerprint: str | None
    ) -> bool:
        node = self.blocks.node(unit.location.line, unit.location.column)
        if node is None or node.flow_style or not node.value:
            return False
        entries = {key.value: (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}
        column = node.value[0][0].start_mark.column
        if language not in entries:
            block = f"{language}:{self._long_form(text, status, source_fingerprint, column + _INDENT_STEP)}"
            self._insert_line(_end(node), column, block)
            return True
        key, value = entries[language]
        if isinstance(value, yaml.MappingNode):
            return self._edit_long_form(value, text, status, source_fingerprint)
        if not isinstance(value, yaml.ScalarNode):
            return False
        style = value.style or None  # libyaml gives plain scalars the style ""
        colon = key.end_mark.index
        if self.original[colon : colon + 1] != ":":
            return False
        empty = style is None and value.value == ""  # "en:" and nothing (libyaml may mark it on the next line)
        end = colon + 1 if empty else value.end_mark.index
        if (status is not None and status != "current") or source_fingerprint is not None:
            long_form = self._long_form(text, status, source_fingerprint, key.start_mark.column + _INDENT_STEP)
            self._replace(colon + 1, end, long_form)  # "en: text" → "en:" and the long form
        elif empty:
            self._replace(colon + 1, colon + 1, " " + render_scalar(text, None, key.start_mark.column + _INDENT_STEP))
        else:
            rendered = render_scalar(text, style, key.start_mark.column + _INDENT_STEP)
            self._replace(value.start_mark.index, value.end_mark.index, rendered)
        return True

    def _edit_long_form(
        self, mapping: yaml.MappingNode, text: str, status: TranslationStatus | None, source_fingerprint: str | None
    ) -> bool:
        if mapping.flow_style:
            return False
        fields = {k.value: (k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode)}
        if "text" not in fields or not isinstance(fields["text"][1], yaml.ScalarNode):
            return False
        column = mapping.value[0][0].start_mark.column
        text_value = fields["text"][1]
        rendered = render_scalar(text, text_value.style or None, column + 2)
        self._replace(text_value.start_mark.index, text_value.end_mark.index, rendered)
        after = text_value.end_mark.index
        inserts = []
        for name, wanted in (("status", status), ("source", source_fingerprint)):
            if wanted is None:
                continue
            if name == "status" and wanted == "current":
                if name in fields:
                    self._remove_line(fields[name][0], fields[name][1])
                continue
            if name in fields:
                value = fields[name][1]
                self._replace(value.start_mark.index, value.end_mark.index, render_scalar(wanted, None, column + 2))
            else:
                inserts.append(f"{name}: {render_scalar(wanted, None, column + 2)}")
        if inserts:
            self._insert_line(after, column, f"\n{' ' * column}".join(inserts))
        return True

    def _long_form(self, text: str, status: TranslationStatus | None, source_fingerprint: str | None, column: int) -> str:
        pad = " " * column
        lines = [f"\n{pad}text: {render_scalar(text, None, column + 2)}"]
        if status is not None and status != "current":
            lines.append(f"\n{pad}status: {status}")
        if source_fingerprint is not None:
            lines.append(f"\n{pad}source: {render_scalar(source_fingerprint, None, column + 2)}")
        return "".join(lines)

    # -- the edits ---------------------------------------------------------------

    def _replace(self, start: int, end: int, replacement: str) -> None:
        consumed = self.original[start:end]
        trailing = consumed[len(consumed.rstrip()) :] if "\n" in consumed else ""  # a block scalar's line end
        if replacement.endswith("\n"):
            trailing = ""
        self.edits.append((start, end, replacement + trailing))

    def _insert_line(self, position: int, column: int, content: str) -> None:
        if position > 0 and self.original[position - 1] == "\n":
            self.edits.append((position, position, f"{' ' * column}{content}\n"))
        else:
            self.edits.append((position, position, f"\n{' ' * column}{content}"))

    def _remove_line(self, key: yaml.Node, value: yaml.Node) -> None:
        start = self.original.rfind("\n", 0, key.start_mark.index)
        end = value.end_mark.index
        if self.original[end - 1 : end] == "\n":
            end -= 1
        self.edits.append((start, end, ""))

    def text(self) -> str:
        return self._composed(self.applied())

    def _composed(self, applied: list[tuple[int, int, str]]) -> str:
        """The original text with the ``applied`` edits made (see :meth:`applied`)."""
        pieces, done = [], 0
        for start, end, replacement in applied:
            pieces += [self.original[done:start], replacement]
            done = end
        pieces.append(self.original[done:])
        return "".join(pieces)

    def applied(self) -> list[tuple[int, int, str]]:
        """The edits in order, as they are made: one that starts within the span of the one before takes
        the rest of its own (a line removed just after a text replaced up to its line end)."""
        applied, done = [], 0
        for start, end, replacement in sorted(self.edits, key=lambda edit: (edit[0], edit[1])):
            start = max(start, done)
            applied.append((start, max(start, end), replacement))
            done = max(done, end)
        return applied

    @property
    def changed(self) -> bool:
        return bool(self.edits) and self.text() != self.original


def _end(node: yaml.Node) -> int:
    """Where the text of a node ends: that of its last scalar (a block collection "ends" at the next token)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def render_scalar(text: str, style: str | None, content_column: int) -> str:
    """``text`` as a YAML scalar after ``key: ``, in the style it had where possible (plain, quoted, folded, literal)."""
    breaks = any(char in text for char in YAML_LINE_BREAKS)  # only a double-quoted scalar can escape them
    simple_block = (
        text == text.strip() and "\t" not in text and not breaks and not any(line != line.rstrip() for line in text.split("\n"))
    )
    if ("\n" in text or style == "|") and simple_block and not text.startswith("#"):
        pad = " " * content_column
        return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
    if "\n" in text:
        return double_quoted(text)
    if style == ">" and simple_block and text:
        return f">-\n{' ' * content_column}{text}"
    if style == "'" and not breaks:
        return "'" + text.replace("'", "''") + "'"
    if style in (None, ">", "|") and _plain_is_safe(text):
        return text
    return double_quoted(text)


def _plain_is_safe(text: str) -> bool:
    return (
        bool(text)
        and bool(_PLAIN_START.match(text[0]))
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.isprintable()
        and text not in ("null", "Null", "NULL", "~")
    )
