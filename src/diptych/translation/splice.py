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

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..load import StrictLoader, read_text
from ..model import TranslationStatus, Unit

_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`.~]")
_INDENT_STEP = 2


class SplicedFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = read_text(path)
        self.lines = self.original.split("\n")
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in self.lines)]
        self.found: dict[tuple[int, int], yaml.MappingNode | None] = {}
        self.mappings: dict[tuple[int, int], yaml.MappingNode] | None = None  # of the whole file, composed if needed
        self.edits: list[tuple[int, int, str]] = []

    def _mapping(self, line: int, column: int) -> yaml.MappingNode | None:
        """The block mapping written at ``line``, ``column`` (a unit), composed from its own lines where possible.

        An import edits a few units of a long file: composing only their lines costs a fraction of composing
        the file. The lines of a block mapping are those that follow it up to the first one indented less than
        its keys (blank lines and comments aside); if they do not compose to a mapping at that place (a file with
        other line ends, a quoted text running onto a line indented less), the whole file is composed instead.
        """
        if (line, column) not in self.found:
            self.found[(line, column)] = self._compose_lines(line, column) or self._whole_file().get((line, column))
        return self.found[(line, column)]

    def _compose_lines(self, line: int, column: int) -> yaml.MappingNode | None:
        if not 1 <= line <= len(self.lines) or column < 1:
            return None
        indent, end = column - 1, line
        while end < len(self.lines):
            text = self.lines[end]
            stripped = text.lstrip(" ")
            if stripped and not stripped.startswith("#") and len(text) - len(stripped) < indent:
                break
            end += 1
        first = self.lines[line - 1]
        snippet = "\n".join([" " * indent + first[indent:], *self.lines[line:end]]) + ("\n" if end < len(self.lines) else "")
        try:
            root = yaml.compose(snippet, Loader=StrictLoader)
        except yaml.YAMLError:
            return None
        if not isinstance(root, yaml.MappingNode) or (root.start_mark.line, root.start_mark.column) != (0, indent):
            return None
        _shift(root, self.starts[line - 1], line - 1)
        return root

    def _whole_file(self) -> dict[tuple[int, int], yaml.MappingNode]:
        if self.mappings is None:
            self.mappings = {}
            root = yaml.compose(self.original, Loader=StrictLoader)
            for node in _nodes(root) if root is not None else ():
                if isinstance(node, yaml.MappingNode):
                    self.mappings[(node.start_mark.line + 1, node.start_mark.column + 1)] = node
        return self.mappings

    def set_translation(
        self, unit: Unit, language: str, text: str, status: TranslationStatus | None, source_fingerprint: str | None
    ) -> bool:
        """Plan the edit of one translation; False when this unit cannot be edited by splicing."""
        node = self._mapping(unit.location.line, unit.location.column)
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
        pieces, done = [], 0
        for start, end, replacement in sorted(self.edits, key=lambda edit: (edit[0], edit[1])):
            pieces += [self.original[done:start], replacement]
            done = max(done, end)
        pieces.append(self.original[done:])
        return "".join(pieces)

    @property
    def changed(self) -> bool:
        return bool(self.edits) and self.text() != self.original


def _shift(root: yaml.Node, index: int, lines: int) -> None:
    """Marks of nodes composed from part of a file made marks of the file: ``index`` characters and ``lines`` further."""
    for node in _nodes(root):
        for name in ("start_mark", "end_mark"):
            mark = getattr(node, name)
            setattr(node, name, yaml.Mark(mark.name, mark.index + index, mark.line + lines, mark.column, None, 0))


def _nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every node under ``root``, keys included."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _end(node: yaml.Node) -> int:
    """Where the text of a node ends: that of its last scalar (a block collection "ends" at the next token)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def render_scalar(text: str, style: str | None, content_column: int) -> str:
    """``text`` as a YAML scalar after ``key: ``, in the style it had where possible (plain, quoted, folded, literal)."""
    simple_block = text == text.strip() and "\t" not in text and not any(line != line.rstrip() for line in text.split("\n"))
    if ("\n" in text or style == "|") and simple_block and not text.startswith("#"):
        pad = " " * content_column
        return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
    if "\n" in text:
        return json.dumps(text, ensure_ascii=False)
    if style == ">" and simple_block and text:
        return f">-\n{' ' * content_column}{text}"
    if style == "'":
        return "'" + text.replace("'", "''") + "'"
    if style in (None, ">", "|") and _plain_is_safe(text):
        return text
    return json.dumps(text, ensure_ascii=False)


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
