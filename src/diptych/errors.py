"""Errors and problems meant for people, not tracebacks.

Every error a user can cause is a :class:`DiptychError`: the CLI prints its
message and exits with status 1, never a traceback. Problems found in content
(:class:`Problem`) carry the file, line and column they are about, say what is
wrong and what to do, and are collected so that one run reports them all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

#: Characters no text, id or argument may hold, however they arrive (typed raw, as a YAML escape
#: like "\\e" or "\\0", in a PO or XLIFF file, on the command line): C0 controls but tab and line
#: feed, DEL, C1 controls, lone surrogates and the noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: what is never printed raw to a terminal: the above, and the bidirectional controls
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def control_character(text: str) -> tuple[int, str] | None:
    """(offset, description) of the first character of ``text`` that the policy above refuses."""
    match = CONTROL_CHARACTERS.search(text)
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "a control character")
    return match.start(), f"U+{ord(char):04X} ({name})"


_CONTROL_NAMES = {0: "NUL", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x0D: "CARRIAGE RETURN", 0x85: "NEXT LINE"}


def printable(text: str) -> str:
    """``text`` made safe for a terminal: control characters shown as escapes (\\x1b), never sent raw."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; line and column count from 1 (0 means unknown)."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return str(self.path)

    def relative_to(self, root: Path) -> Location:
        try:
            path = self.path.relative_to(root)
        except ValueError:
            return self
        return Location(path, self.line, self.column)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in the user's files."""

    location: Location
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self, root: Path | None = None, excerpt: bool = True, severity: bool = True) -> str:
        """``file:line:col: severity: message``, the offending line and the hint; a logged warning
        leaves the severity out (the command line puts ``warning:`` in front of every warning)."""
        location = self.location.relative_to(root) if root else self.location
        text = f"{location}: {self.severity}: {self.message}" if severity else f"{location}: {self.message}"
        if excerpt:
            text += _excerpt(self.location)
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return printable(text)


def _excerpt(location: Location) -> str:
    """The offending line with a caret under the column, as compilers print it."""
    if not location.line:
        return ""
    try:
        with open(location.path, encoding="utf-8", errors="replace") as stream:
            line = next((text for number, text in enumerate(stream, start=1) if number == location.line), None)
        if line is None:
            return ""
    except OSError:
        return ""
    line = line.rstrip("\n")
    if len(line) > 160 or not line.strip():
        return ""
    caret = " " * (max(location.column, 1) - 1) + "^"
    shown = line.replace("\t", " ")
    return f"\n    {shown}\n    {caret}"


class DiptychError(Exception):
    """An error the user can fix; its message is complete and readable."""

    exit_code = 1

    def report(self) -> str:
        """The text the command line prints (safe for a terminal, whatever a file held)."""
        return printable(f"error: {self}")


class UsageError(DiptychError):
    """Wrong command-line usage (exit status 2, like argparse)."""

    exit_code = 2


class ContentError(DiptychError):
    """The publication's files have problems; all of them are listed."""

    def __init__(self, problems: Iterable[Problem], root: Path | None = None) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location, p.message))
        self.root = root
        errors = sum(1 for p in self.problems if p.severity == "error")
        summary = f"{errors} error{'s' if errors != 1 else ''} in the publication; nothing was written."
        super().__init__("\n".join([*(p.format(root) for p in self.problems), summary]))

    def report(self) -> str:
        return printable(str(self))


class BuildError(DiptychError):
    """Rendering or writing the edition failed for a reason the user can fix."""
