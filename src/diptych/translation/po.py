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
    # most texts need no escape: looking for each character (at C speed) costs far less than substituting
    if (
        '"' in text
        or "\\" in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or "\a" in text
        or "\b" in text
        or "\f" in text
        or "\v" in text
    ):
        text = _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text)
    return f'"{text}"'


def _string(out: list[str], keyword: str, text: str, prefix: str = "") -> None:
    """``msgid "…"``, or ``msgid ""`` and one line per line of text when it has line breaks (after each ``\\n``,
    as gettext does: only ``\\n`` ends a line in PO, not the other breaks ``str.splitlines`` knows, U+2028…)."""
    if "\n" not in text or "\n" not in text.rstrip("\n"):
        out.append(f"{prefix}{keyword} {quote(text)}")
    else:
        out.append(f'{prefix}{keyword} ""')
        *lines, last = text.split("\n")
        out += [f'{prefix}{quote(line)[:-1]}\\n"' for line in lines]
        if last:
            out.append(f"{prefix}{quote(last)}")


def _comments(out: list[str], mark: str, comments: list[str]) -> None:
    """``# …`` or ``#. …``: one line per line of each comment."""
    for comment in comments:
        if comment.isprintable() and comment:  # no line break of any kind: one line
            out.append(f"{mark} {comment}".rstrip())
        else:
            out += [f"{mark} {line}".rstrip() for line in comment.splitlines() or [""]]


def write_po(po: PoFile) -> str:
    out = [f"# {line}".rstrip() for line in po.header_comments]
    header = "".join(f"{key}: {value}\n" for key, value in po.header.items())
    _string(out, "msgid", "")
    _string(out, "msgstr", header)
    for entry in po.entries:
        out.append("")
        if entry.comments:
            _comments(out, "#", entry.comments)
        if entry.notes:
            _comments(out, "#.", entry.notes)
        out += [f"#: {ref}" for ref in entry.references]
        if entry.flags:
            out.append("#, " + ", ".join(entry.flags))
        if entry.previous_msgid is not None:
            if entry.msgctxt is not None:
                _string(out, "msgctxt", entry.msgctxt, "#| ")
            _string(out, "msgid", entry.previous_msgid, "#| ")
        if entry.msgctxt is not None:
            _string(out, "msgctxt", entry.msgctxt)
        _string(out, "msgid", entry.msgid)
        _string(out, "msgstr", entry.msgstr)
    return "\n".join(out) + "\n"


# -- reading -------------------------------------------------------------------------

#: the keywords of a line that starts an entry's string (a plural's ``msgstr[0]`` is read by the full rules)
_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr"})
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_CONTINUATION = re.compile(r'^(".*")\s*$')

_ESCAPE = re.compile(r'\\(?:([ntrabfv\\"])|([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.?))', flags=re.DOTALL)


def unquote(literal: str, line: int) -> str:
    if len(literal) < 2 or not literal.startswith('"') or not literal.endswith('"'):
        raise PoSyntaxError(line, f"a string must be in double quotes: {literal[:60]!r}")
    body = literal[1:-1]
    if '"' in body and '"' in body.replace("\\\\", "").replace('\\"', ""):  # what is left once escapes are gone
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


def read_po(text: str) -> PoFile:
    """Parse PO text strictly; raises :class:`PoSyntaxError` with the line of the first mistake.

    One pass over the lines; an entry ends at a blank line, a comment or a keyword after its msgstr.
    """
    entries: list[PoEntry] = []
    header_comments: list[str] = []
    entry = _Entry()
    for number, raw in enumerate(text.split("\n"), start=1):  # only \n ends a line (U+2028 may be in a text)
        line = raw.strip()
        if not line:
            if entry.complete:
                entries.append(entry.finish())
                entry = _Entry()
            continue  # a blank line inside an entry (before its msgstr) is allowed, as gettext does
        if line[0] == "#":
            if entry.strings:
                if not entry.complete:
                    raise PoSyntaxError(number, "a comment inside an entry (before its msgstr)")
                entries.append(entry.finish())
                entry = _Entry()
            entry.start = entry.start or number
            if not entries and line[1:2] not in _COMMENT_KINDS:
                header_comments.append(_comment(line))
            else:
                entry.comment(line, number)
            continue
        key, value, continued = _quoted_line(line, number, entry.last_key)
        if continued:
            entry.strings[key] += value
            continue
        if entry.complete and not key.startswith("msgstr"):
            entries.append(entry.finish())
            entry = _Entry()
        entry.start = entry.start or number
        entry.add(key, value, number)
    if entry.strings:
        entries.append(entry.finish())
    header: dict[str, str] = {}
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
        first = entries.pop(0)
        if not header_comments:
            header_comments = first.comments
        for field_line in first.msgstr.split("\n"):
            key, sep, value = field_line.partition(":")
            if sep:
                header[key.strip()] = value.strip()
    return PoFile(header, entries, header_comments)


#: the second character of the comments that are not a translator's own (``#.``, ``#:``…)
_COMMENT_KINDS = frozenset(".:,|~")


def _comment(line: str) -> str:
    """A translator's comment, ``# …``."""
    return line[1:].lstrip() if line.startswith("# ") or line == "#" else line[1:]


class _Entry:
    """An entry as it is read: its strings, comments and flags, and where it starts."""

    __slots__ = (
        "comments",
        "complete",
        "flags",
        "last_key",
        "notes",
        "plural",
        "previous",
        "previous_key",
        "references",
        "start",
        "strings",
    )

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}  # "msgid": "…", as read so far
        self.previous: dict[str, str] = {}  # the same for "#| msgid …"
        self.comments: list[str] = []
        self.notes: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.start = 0
        self.last_key = ""  # the keyword of the last string line, which a quoted line continues
        self.previous_key = ""
        self.complete = False  # the last string line is a msgstr: another keyword starts another entry
        self.plural = False

    def comment(self, line: str, number: int) -> None:
        kind, rest = line[1:2], line[2:].strip()
        if kind == ".":
            self.notes.append(rest)
        elif kind == ":":
            self.references.extend(rest.split())
        elif kind == ",":
            self.flags.extend(f.strip() for f in rest.split(",") if f.strip())
        elif kind == "|":
            key, value, continued = _quoted_line(rest, number, self.previous_key, previous=True)
            self.previous[key] = self.previous[key] + value if continued else value
            self.previous_key = key
        elif kind != "~":  # "#~": an obsolete entry kept by msgmerge, not ours any more
            self.comments.append(_comment(line))

    def add(self, key: str, value: str, number: int) -> None:
        if key in self.strings:
            raise PoSyntaxError(number, f"{key} appears twice in one entry (a blank line is missing?)")
        msgstr = key.startswith("msgstr")
        if msgstr and "msgid" not in self.strings:
            raise PoSyntaxError(number, "msgstr before msgid")
        if key == "msgid_plural" or key.startswith("msgstr["):
            self.plural = True
        self.strings[key] = value
        self.last_key = key
        self.complete = msgstr

    def finish(self) -> PoEntry:
        strings = self.strings
        if "msgid" not in strings:
            raise PoSyntaxError(self.start, "an entry without msgid")
        if not self.complete and not any(k.startswith("msgstr") for k in strings):
            raise PoSyntaxError(self.start, "an entry without msgstr")
        return PoEntry(
            msgid=strings["msgid"],
            msgstr=strings.get("msgstr", strings.get("msgstr[0]", "")),
            msgctxt=strings.get("msgctxt"),
            comments=self.comments,
            notes=self.notes,
            references=self.references,
            flags=self.flags,
            previous_msgid=self.previous.get("msgid"),
            plural=self.plural,
            line=self.start,
        )


def _quoted_line(line: str, number: int, last_key: str, previous: bool = False) -> tuple[str, str, bool]:
    """(keyword, string, False) for ``msgid "…"``; (``last_key``, string, True) for a quoted line continuing it.

    Entries (``msgid``, ``msgstr``…) and previous sources (``#| msgid``…, given without their ``#|``) are
    written alike. Most lines hold a string with neither quote nor escape inside, after one space: such a
    line is taken as it is; any other is read by the full rules, and refused with what is wrong.
    """
    if line.endswith('"') and len(line) > 1:
        if line.startswith('"'):
            key, space, body = last_key, " ", line[1:-1]
        else:
            key, space, body = line[:-1].partition(' "')
        if key in _KEYWORDS and space and '"' not in body and "\\" not in body:
            return key, body, line.startswith('"')
    if previous:
        unreadable = f"cannot read this '#|' line (the previous source must be quoted): {line[:60]!r}"
    else:
        unreadable = f"cannot read this line: {line[:60]!r}"
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
