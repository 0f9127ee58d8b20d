"""GNU gettext PO files, written and read exactly as gettext defines them.

Babel's writer wraps a stale entry's ``#| msgid`` without quotes (which gettext,
polib and translate-toolkit all refuse) and its reader forgives broken lines
and merges duplicate entries silently; a file that goes to translators and
comes back from them must be exact, so this module does both itself. Every
string is quoted and escaped, multi-line strings are split after each ``\\n``
as gettext does, and lines are never wrapped (tools re-wrap as they like).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_SPECIAL = re.compile(r'[\\"\n\t\r\a\b\f\v]')


class PoSyntaxError(ValueError):
    """A line that is not PO; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class PoEntry:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    comments: list[str] = field(default_factory=list)  # "# …": the translator's own
    notes: list[str] = field(default_factory=list)  # "#. …": for the translator
    references: list[str] = field(default_factory=list)  # "#: file:line"
    flags: list[str] = field(default_factory=list)  # "#, fuzzy"
    previous_msgid: str | None = None  # "#| msgid …": the source before it changed
    plural: bool = False
    line: int = 0  # where the entry starts in a file that was read

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


@dataclass
class PoFile:
    header: dict[str, str]
    entries: list[PoEntry]
    header_comments: list[str] = field(default_factory=list)


# -- writing -------------------------------------------------------------------------


def quote(text: str) -> str:
    return '"' + _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def _string(keyword: str, text: str, prefix: str = "") -> list[str]:
    """``msgid "…"``, or ``msgid ""`` and one line per line of text when it has line breaks."""
    if "\n" not in text.rstrip("\n") or text.count("\n") == 0:
        return [f"{prefix}{keyword} {quote(text)}"]
    pieces = text.splitlines(keepends=True)
    return [f'{prefix}{keyword} ""'] + [f"{prefix}{quote(piece)}" for piece in pieces]


def write_po(po: PoFile) -> str:
    out = [f"# {line}".rstrip() for line in po.header_comments]
    header = "".join(f"{key}: {value}\n" for key, value in po.header.items())
    out += _string("msgid", "") + _string("msgstr", header)
    for entry in po.entries:
        out.append("")
        out += [f"# {line}".rstrip() for c in entry.comments for line in c.splitlines() or [""]]
        out += [f"#. {line}".rstrip() for note in entry.notes for line in note.splitlines() or [""]]
        out += [f"#: {ref}" for ref in entry.references]
        if entry.flags:
            out.append("#, " + ", ".join(entry.flags))
        if entry.previous_msgid is not None:
            if entry.msgctxt is not None:
                out += _string("msgctxt", entry.msgctxt, "#| ")
            out += _string("msgid", entry.previous_msgid, "#| ")
        if entry.msgctxt is not None:
            out += _string("msgctxt", entry.msgctxt)
        out += _string("msgid", entry.msgid)
        out += _string("msgstr", entry.msgstr)
    return "\n".join(out) + "\n"


# -- reading -------------------------------------------------------------------------

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_CONTINUATION = re.compile(r'^(".*")\s*$')


_ESCAPE = re.compile(r'\\(?:([ntrabfv\\"])|([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.?))', flags=re.DOTALL)
_BARE_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')


def unquote(literal: str, line: int) -> str:
    if len(literal) < 2 or not literal.startswith('"') or not literal.endswith('"'):
        raise PoSyntaxError(line, f"a string must be in double quotes: {literal[:60]!r}")
    body = literal[1:-1]
    if '"' in body and _BARE_QUOTE.search(body):
        raise PoSyntaxError(line, 'a double quote inside a string must be written \\"')
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        simple, octal, hexadecimal, unknown = match.groups()
        if simple:
            return _UNESCAPES[simple]
        if octal:
            return chr(int(octal, 8))
        if hexadecimal:
            return chr(int(hexadecimal, 16))
        raise PoSyntaxError(line, f"unknown escape sequence \\{unknown}" if unknown else "a string ends with a lone backslash")

    return _ESCAPE.sub(replace, body)


class _Builder:
    def __init__(self) -> None:
        self.entries: list[PoEntry] = []
        self.pending: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        self.comments: list[str] = []
        self.notes: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.start = 0
        self.last_key = ""
        self.previous_key = ""
        self.plural = False

    def finish(self) -> None:
        if not self.pending:
            self._reset()  # comments that belong to no entry are dropped, as gettext does
            return
        if "msgid" not in self.pending:
            raise PoSyntaxError(self.start, "an entry without msgid")
        if not any(k.startswith("msgstr") for k in self.pending):
            raise PoSyntaxError(self.start, "an entry without msgstr")
        msgstr = self.pending.get("msgstr", self.pending.get("msgstr[0]", ""))
        self.entries.append(
            PoEntry(
                msgid=self.pending["msgid"],
                msgstr=msgstr,
                msgctxt=self.pending.get("msgctxt"),
                comments=self.comments,
                notes=self.notes,
                references=self.references,
                flags=self.flags,
                previous_msgid=self.previous.get("msgid"),
                plural=self.plural,
                line=self.start,
            )
        )
        self._reset()

    def _reset(self) -> None:
        self.pending, self.previous = {}, {}
        self.comments, self.notes, self.references, self.flags = [], [], [], []
        self.start, self.last_key, self.previous_key, self.plural = 0, "", "", False


def read_po(text: str) -> PoFile:
    """Parse PO text strictly; raises :class:`PoSyntaxError` with the line of the first mistake."""
    builder = _Builder()
    header_comments: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if builder.pending and builder.last_key.startswith("msgstr"):
                builder.finish()
            continue
        if line.startswith("#"):
            if builder.pending and builder.last_key.startswith("msgstr"):
                builder.finish()
            elif builder.pending:
                raise PoSyntaxError(number, "a comment inside an entry (before its msgstr)")
            if not builder.start:
                builder.start = number
            kind, rest = line[:2], line[2:].strip()
            if kind == "#~":
                continue  # obsolete entries kept by msgmerge: not ours any more
            if kind == "#.":
                builder.notes.append(rest)
            elif kind == "#:":
                builder.references.extend(rest.split())
            elif kind == "#,":
                builder.flags.extend(f.strip() for f in rest.split(",") if f.strip())
            elif kind == "#|":
                _previous(builder, rest, number)
            else:
                comment = line[1:].lstrip() if line.startswith("# ") or line == "#" else line[1:]
                (header_comments if not builder.entries and not builder.pending else builder.comments).append(comment)
            continue
        key, value, continued = _quoted_line(line, number, builder.last_key, f"cannot read this line: {line[:60]!r}")
        if continued:
            builder.pending[key] += value
            continue
        if builder.pending and builder.last_key.startswith("msgstr") and not key.startswith("msgstr"):
            builder.finish()
        if not builder.start:
            builder.start = number
        if key in builder.pending:
            raise PoSyntaxError(number, f"{key} appears twice in one entry (a blank line is missing?)")
        if key.startswith("msgstr") and "msgid" not in builder.pending:
            raise PoSyntaxError(number, "msgstr before msgid")
        if key == "msgid_plural" or key.startswith("msgstr["):
            builder.plural = True
        builder.pending[key] = value
        builder.last_key = key
    builder.finish()
    entries = builder.entries
    header: dict[str, str] = {}
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
        first = entries.pop(0)
        if not header_comments:
            header_comments = first.comments
        for field_line in first.msgstr.splitlines():
            key, sep, value = field_line.partition(":")
            if sep:
                header[key.strip()] = value.strip()
    return PoFile(header, entries, header_comments)


def _previous(builder: _Builder, rest: str, number: int) -> None:
    """A ``#| msgid "…"`` line (or its continuation): the source the translation was made from."""
    unreadable = f"cannot read this '#|' line (the previous source must be quoted): {rest[:60]!r}"
    key, value, continued = _quoted_line(rest, number, builder.previous_key, unreadable)
    builder.previous[key] = builder.previous[key] + value if continued else value
    builder.previous_key = key


def _quoted_line(line: str, number: int, last_key: str, unreadable: str) -> tuple[str, str, bool]:
    """(keyword, string, False) for ``msgid "…"``; (``last_key``, string, True) for a quoted line continuing it.

    Entries (``msgid``, ``msgstr``…) and previous sources (``#| msgid``…) are written alike; any other
    line, or a continuation with nothing to continue, is refused with the message ``unreadable``.
    """
    keyword = _KEYWORD.match(line)
    if keyword:
        key, literal = keyword.groups()
        return key, unquote(literal, number), False
    continuation = _CONTINUATION.match(line)
    if continuation and last_key:
        return last_key, unquote(continuation.group(1), number), True
    raise PoSyntaxError(number, unreadable)


def duplicates(entries: Iterable[PoEntry]) -> list[tuple[PoEntry, PoEntry]]:
    """Entries with the same msgctxt and msgid (gettext calls them fatal)."""
    seen: dict[tuple[str | None, str], PoEntry] = {}
    found = []
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            found.append((seen[key], entry))
        else:
            seen[key] = entry
    return found
