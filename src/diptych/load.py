"""Strict YAML: files → a raw tree whose every value knows its file, line and column.

libyaml (through PyYAML's C loader) parses and composes nodes; we build the
values ourselves so that YAML 1.1's traps cannot fire. Every scalar stays a
string (:class:`Scalar`) until the model asks for a number, a date or a boolean,
so a Norwegian ``no:`` key is the string "no", ``yes``/``on``/``off`` are words,
``012`` is "012". Duplicate keys, anchors/aliases, explicit tags and excessive
nesting are refused with a message naming the place.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import itertools
import json
import operator
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import yaml

from .errors import CONTROL_CHARACTERS, DiptychError, Location, control_character
from .files import FileRefused, TooLarge, read_bytes
from .model import bytes_digest, text_digest

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlError(DiptychError):
    """A file that is not the strict YAML we read."""

    def __init__(self, location: Location, message: str, hint: str = "") -> None:
        from .errors import Problem

        self.problem = Problem(location, message, hint)
        super().__init__(self.problem.format())

    def report(self) -> str:
        return str(self)


class _Placed:
    """Where a value was written: kept as libyaml's mark, made a :class:`Location` only when asked.

    A publication of 20,000 texts has some 225,000 values; nearly all are read once and
    dropped, and only a unit's or a problem's place is ever needed.
    """

    _path: Path
    _mark: yaml.Mark

    @property
    def location(self) -> Location:
        return _location(self._path, self._mark)


def _location(path: Path, mark: yaml.Mark) -> Location:
    """A libyaml mark (lines and columns from 0) as a :class:`Location` (from 1)."""
    return Location(path, mark.line + 1, mark.column + 1)


class Scalar(_Placed, str):
    """A string from YAML, with where it was written and whether it was quoted."""

    plain: bool

    @property
    def is_null(self) -> bool:
        """An unquoted empty value, ``~`` or ``null``: nothing was written."""
        return self.plain and self in ("", "~", "null", "Null", "NULL")


class Mapping(_Placed, dict[str, "Node"]):
    """A YAML mapping; its keys are :class:`Scalar` objects (strings that know their place)."""

    def scalar_keys(self) -> list[Scalar]:
        return [key for key in self if isinstance(key, Scalar)]


class Sequence(_Placed, list["Node"]):
    pass


Node = Scalar | Mapping | Sequence


class StrictLoader(yaml.CSafeLoader):
    """libyaml's parser and composer; values are built by :class:`_Builder`, not here.

    No implicit resolvers: every plain scalar is tagged str, so any other tag
    on a node was written explicitly in the file (and is refused).
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, object]]] = {}  # noqa: RUF012 (PyYAML reads it from the class)

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        """The default tag of the kind: what PyYAML's resolver returns with no implicit or path resolvers, called
        for every node (a third of the time libyaml takes to compose a file went to the general one)."""
        return _DEFAULT_TAGS[kind]


_DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: StrictLoader.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: StrictLoader.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: StrictLoader.DEFAULT_MAPPING_TAG,
}


#: texts that stand in for files while an edit is checked (see :func:`substituted`)
_SUBSTITUTES: contextvars.ContextVar[dict[Path, str] | None] = contextvars.ContextVar("substitutes", default=None)


#: what YAML reads as a line break, though JSON and Python's str.isprintable say otherwise for U+2028 and U+2029
YAML_LINE_BREAKS = "\x85\u2028\u2029"


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, read back as exactly ``text``: JSON's escapes (a subset of YAML's),
    and YAML's own line breaks escaped too (raw, YAML folds them with the spaces that follow)."""
    quoted = json.dumps(text, ensure_ascii=False)
    if any(char in quoted for char in YAML_LINE_BREAKS):
        quoted = quoted.replace("\x85", "\\x85").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return quoted


@contextlib.contextmanager
def substituted(texts: dict[Path, str]) -> Iterator[None]:
    """Within the block, reading any of ``texts``' paths gives its text instead of the file's.

    This is how an edit is checked before anything is written: the publication is
    read with the edited texts in place, from the files themselves, with no copy.
    """
    token = _SUBSTITUTES.set({**(_SUBSTITUTES.get() or {}), **{path.absolute(): text for path, text in texts.items()}})
    try:
        yield
    finally:
        _SUBSTITUTES.reset(token)


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text, refusing what is not text with a clear message."""
    return _read(path, digest=False)[0]


def read_text_and_digest(path: Path) -> tuple[str, str]:
    """The text of a file (as :func:`read_text`) and its :func:`~diptych.model.text_digest`, made from the bytes read
    (encoding the text again costs four times as much as the digest)."""
    return _read(path, digest=True)


def _read(path: Path, digest: bool) -> tuple[str, str]:
    """The text of a file and, when asked, its digest ("" when not)."""
    substitutes = _SUBSTITUTES.get()
    if substitutes and path.absolute() in substitutes:
        text = substitutes[path.absolute()]
        return text, text_digest(text) if digest else ""
    try:
        data = read_bytes(path, MAX_FILE_BYTES)
    except TooLarge as error:
        raise YamlError(
            Location(path),
            f"file is too large ({error.size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MiB)",
            "split the document into several files under content/",
        ) from None
    except FileRefused as error:
        raise YamlError(Location(path), error.reason, error.hint) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise YamlError(Location(path, 1, 1), "file is encoded in UTF-16", "save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise YamlError(
            Location(path, line, 1),
            "file contains NUL bytes: it looks binary, not YAML text",
            "check that this is the right file; content files are UTF-8 text",
        )
    try:
        return data.decode("utf-8"), bytes_digest(data) if digest else ""
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlError(
            Location(path, line, column),
            f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            "save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        ) from None


def load_file(path: Path) -> Node | None:
    """Parse one YAML file; ``None`` for a file with no document at all."""
    return load_string(read_text(path), path)


def load_string(text: str, path: Path) -> Node | None:
    try:
        root = yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, path, text) from None
    except yaml.reader.ReaderError as error:
        offset = error.position
        code = ord(error.character) if isinstance(error.character, str) else error.character
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise YamlError(
            Location(path, line, column),
            f"character U+{code:04X} is not allowed in YAML",
            "remove the control character (often pasted from another program)",
        ) from None
    except yaml.YAMLError as error:
        raise YamlError(Location(path), f"YAML error: {error}") from None
    if root is None:
        return None
    return _Builder(path, text).node(root, 0)


class _Builder:
    """Our values out of libyaml's nodes for one file, refusing what strict YAML does not allow.

    Checks that cannot fire on this file's text are skipped: without an ``&`` there is
    no anchor (so no alias), and when the file holds no control character, only a value
    written in double quotes with a backslash can hold one (an escape such as ``\\e``).
    """

    def __init__(self, path: Path, text: str, span: tuple[int, int] | None = None) -> None:
        """``span``: the start and end of the part of ``text`` whose nodes are built (all of it by default)."""
        self.path = path
        self.text = text
        part = text[span[0] : span[1]] if span else text
        self.seen: set[int] | None = set() if "&" in part else None
        self.controls = CONTROL_CHARACTERS.search(part) is not None
        self.escapes = "\\" in part

    def node(self, node: yaml.Node, depth: int) -> Node:
        if self.seen is not None:
            if id(node) in self.seen:
                raise YamlError(
                    self.location(node),
                    "anchors and aliases (&name / *name) are not allowed",
                    "write the value out in full where it is needed",
                )
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlError(self.location(node), f"values are nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _STANDARD_TAGS:
            raise YamlError(
                self.location(node), f"YAML tag {node.tag!r} is not allowed", "remove the tag (the word starting with '!')"
            )
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return self.scalar(cast(yaml.ScalarNode, node))
        if kind is yaml.SequenceNode:
            sequence = Sequence([self.node(item, depth + 1) for item in node.value])
            sequence._path, sequence._mark = self.path, node.start_mark
            return sequence
        assert kind is yaml.MappingNode
        return self.mapping(cast(yaml.MappingNode, node), depth)

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        value = node.value
        escaped = self.escapes and node.style == '"' and self.text.find("\\", node.start_mark.index, node.end_mark.index) >= 0
        if self.controls or escaped:
            control = control_character(value)
            if control:
                offset, name = control
                where = self.location(node)
                if not node.style and "\n" not in value[:offset]:
                    where = Location(self.path, where.line, where.column + offset)
                raise YamlError(
                    where,
                    f"the text contains the control character {name}",
                    "remove it: control characters are not allowed in texts, typed or written as an escape (\\e, \\0, \\x1b)",
                )
        scalar = Scalar(value)
        scalar._path, scalar._mark, scalar.plain = self.path, node.start_mark, not node.style
        return scalar

    def mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        mapping = Mapping()
        mapping._path, mapping._mark = self.path, node.start_mark
        for key_node, value_node in node.value:
            key = self.node(key_node, depth + 1)
            if not isinstance(key, Scalar):
                raise YamlError(key.location, "a key must be a plain word, not a list or mapping")
            if key == "<<" and key.plain:
                raise YamlError(key.location, "merge keys (<<) are not allowed", "write the keys out in full")
            if key in mapping:
                first = next(k for k in mapping.scalar_keys() if k == key)
                raise YamlError(
                    key.location,
                    f"duplicate key {str(key)!r} (first written on line {first.location.line})",
                    "remove one of the two; YAML would silently keep only the last",
                )
            mapping[key] = self.node(value_node, depth + 1)
        return mapping

    def location(self, node: yaml.Node) -> Location:
        return _location(self.path, node.start_mark)


class BlockMappings:
    """The block mappings of one file's text, each found by the place of its first key, composed from its own lines.

    An edit of a few units of a long file reads them alone: composing their lines costs a fraction of composing
    the file. The lines of a block mapping are those that follow it up to the first one indented less than its
    keys (blank lines and comments aside). When they do not compose to a mapping at that place (a file with other
    line ends, a quoted text running onto a line indented less), :meth:`node` composes the whole file instead.
    """

    def __init__(self, text: str, path: Path) -> None:
        self.text, self.path = text, path
        self.lines = text.split("\n")
        self.starts = line_starts(self.lines)
        self.found: dict[tuple[int, int], yaml.MappingNode | None] = {}
        self.whole: dict[tuple[int, int], yaml.MappingNode] | None = None  # of the whole file, composed if needed

    def node(self, line: int, column: int) -> yaml.MappingNode | None:
        """libyaml's block mapping at ``line``, ``column`` (from 1), its marks those of the file."""
        if (line, column) not in self.found:
            self.found[(line, column)] = self.own_lines(line, column) or self.whole_file().get((line, column))
        return self.found[(line, column)]

    def mapping(self, line: int, column: int) -> Mapping | None:
        """Our values of the block mapping at ``line``, ``column``, composed from its own lines only (None when
        they do not compose to it); :class:`YamlError` where strict YAML refuses them, as for a whole file."""
        node = self.own_lines(line, column)
        if node is None:
            return None
        value = _Builder(self.path, self.text, (node.start_mark.index, node.end_mark.index)).node(node, 0)
        return value if isinstance(value, Mapping) else None

    def own_lines(self, line: int, column: int) -> yaml.MappingNode | None:
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

    def whole_file(self) -> dict[tuple[int, int], yaml.MappingNode]:
        if self.whole is None:
            self.whole = {}
            root = yaml.compose(self.text, Loader=StrictLoader)
            for node in nodes(root) if root is not None else ():
                if isinstance(node, yaml.MappingNode):
                    self.whole[(node.start_mark.line + 1, node.start_mark.column + 1)] = node
        return self.whole


def line_starts(lines: list[str]) -> list[int]:
    """Where each of the lines of a text split on "\\n" starts (at C speed: no Python step per line)."""
    return [0, *map(operator.add, itertools.accumulate(map(len, lines[:-1])), itertools.count(1))]


def _shift(root: yaml.Node, index: int, lines: int) -> None:
    """Marks of nodes composed from part of a file made marks of the file: ``index`` characters and ``lines`` further."""
    mark = yaml.Mark
    for node in nodes(root):
        start, end = node.start_mark, node.end_mark
        node.start_mark = mark(start.name, start.index + index, start.line + lines, start.column, None, 0)
        node.end_mark = mark(end.name, end.index + index, end.line + lines, end.column, None, 0)


def nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every libyaml node under ``root``, keys included."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _syntax_error(error: yaml.MarkedYAMLError, path: Path, text: str) -> YamlError:
    mark = error.problem_mark or error.context_mark
    location = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    problem = error.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if error.context and error.context_mark and error.context_mark is not mark:
        message += f" ({error.context} on line {error.context_mark.line + 1})"
    hint = _syntax_hint(problem, text, mark)
    return YamlError(location, message, hint)


def _syntax_hint(problem: str, text: str, mark: yaml.Mark | None) -> str:
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in problem or "\\t" in problem or line[: mark.column + 1 if mark else 0].count("\t"):
        return "YAML indentation must use spaces, not tabs"
    if "nesting depth" in problem:
        return "the file is nested far too deeply to be a document"
    if "end of the stream" in problem or "found unexpected end" in problem:
        return "a quote or bracket is not closed"
    if "mapping values are not allowed" in problem:
        return "a text containing ': ' must be quoted, or written after '|' on the next lines"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation of this line and the one above"
    return "check the line and the one above it"
