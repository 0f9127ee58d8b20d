"""Typed values out of YAML nodes: texts, dates, numbers, choices, language codes, known keys.

Every reader of a publication shares one :class:`Values`: it records each
problem with its file, line and column and gives back ``None`` (or an empty
value) so that reading goes on and one run lists every problem.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from ..errors import Location, Problem
from ..languages import Language, language, language_problem
from ..load import Mapping, Node, Scalar, Sequence, YamlError, load_file, load_string
from ..model import NUMBERING_STYLES, NumberingStyle

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Values:
    """Reads typed values and records the problems of a whole publication, in reading order."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------

    def error(self, where: Node | Location, message: str, hint: str = "") -> None:
        location = where if isinstance(where, Location) else where.location
        self.problems.append(Problem(location, message, hint))

    def warn(self, where: Node | Location, message: str, hint: str = "") -> None:
        location = where if isinstance(where, Location) else where.location
        self.problems.append(Problem(location, message, hint, severity="warning"))

    def has_errors(self, since: int = 0) -> bool:
        """True when an error was recorded, counting from the ``since``-th problem."""
        return any(p.severity == "error" for p in self.problems[since:])

    # -- files and structure ---------------------------------------------

    def top_mapping(self, path: Path, what: str, empty: str, hint: str, text: str | None = None) -> Mapping | None:
        """The mapping a file holds (its ``text``, when already read), or None (with the problem recorded) when it
        is broken or empty."""
        try:
            raw = load_file(path) if text is None else load_string(text, path)
        except YamlError as error:
            self.problems.append(error.problem)
            return None
        if raw is None:
            self.error(Location(path, 1, 1), empty, hint)
            return None
        return self.mapping(raw, what)

    def mapping(self, node: Node, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        self.error(node, f"{what} must be a mapping of keys and values, not {kind(node)}")
        return None

    def sequence(self, node: Node, what: str) -> Sequence | None:
        if isinstance(node, Sequence):
            return node
        if isinstance(node, Scalar) and node.is_null:
            return Sequence()
        self.error(node, f"{what} must be a list (lines starting with '- '), not {kind(node)}")
        return None

    def check_keys(self, mapping: Mapping, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in mapping.scalar_keys():
            if key not in allowed:
                hint = suggest(key, allowed) or f"the keys of {what} are: {', '.join(allowed)}"
                self.error(key, f"unknown key {str(key)!r} in {what}", hint)

    def required(self, mapping: Mapping, key: str, what: str) -> Node | None:
        if key in mapping:
            return mapping[key]
        self.error(mapping, f"{what} has no {key!r}", f"add a line '{key}: …'")
        return None

    # -- scalars ---------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, Scalar):
            if node.is_null or not node.strip():
                return None
            return str(node)
        self.error(node, f"{what} must be a text, not {kind(node)}")
        return None

    def date(self, node: Node, what: str) -> datetime.date | None:
        if isinstance(node, Scalar) and ISO_DATE.match(node):
            try:
                return datetime.date.fromisoformat(node)
            except ValueError as error:
                self.error(node, f"{what} {str(node)!r} is not a real date ({error})")
                return None
        self.error(node, f"{what} must be a date written YYYY-MM-DD, like 2025-04-23", "write the date in ISO form")
        return None

    def integer(self, node: Node, what: str) -> int | None:
        if isinstance(node, Scalar) and re.fullmatch(r"[0-9]{1,6}", node):
            return int(node)
        self.error(node, f"{what} must be a whole number, not {describe(node)}")
        return None

    def number(self, node: Node, what: str, low: float, high: float) -> float | None:
        if isinstance(node, Scalar) and re.fullmatch(r"\d{1,3}(?:\.\d+)?", node) and low <= float(node) <= high:
            return float(node)
        self.error(node, f"{what} must be a number from {low:g} to {high:g}, not {describe(node)}")
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node in ("true", "false"):
            return node == "true"
        self.error(node, f"{what} must be true or false, not {describe(node)}")
        return None

    def choice(self, node: Node, choices: tuple[str, ...], what: str) -> str | None:
        if isinstance(node, Scalar) and node in choices:
            return str(node)
        hint = suggest(str(node), choices) if isinstance(node, Scalar) else ""
        self.error(node, f"{what} must be one of {', '.join(choices)}, not {describe(node)}", hint)
        return None

    def numbering(self, node: Node) -> NumberingStyle | None:
        if isinstance(node, Scalar) and node in NUMBERING_STYLES:
            return cast(NumberingStyle, str(node))
        hint = suggest(str(node), NUMBERING_STYLES) if isinstance(node, Scalar) else ""
        self.error(node, f"numbering must be one of {', '.join(NUMBERING_STYLES)}, not {describe(node)}", hint)
        return None

    def language(self, node: Node) -> Language | None:
        """The language a code names: the one place where a code from the YAML becomes a :class:`Language`."""
        if not isinstance(node, Scalar) or node.is_null:
            self.error(node, f"expected a language code such as 'fr', not {describe(node)}")
            return None
        problem = language_problem(node)
        if problem:
            self.error(node, problem, "use a BCP 47 code: fr, en, az, zh-Hans, ar …")
            return None
        return language(str(node))


def suggest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""


def kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "empty" if node.is_null else "a text"


def describe(node: Node) -> str:
    if isinstance(node, Scalar) and not node.is_null:
        return repr(str(node)) if len(node) < 40 else repr(node[:37] + "…")
    return kind(node)
