"""Checks on one text as it is read: its length, invisible bidirectional controls, links; ``qa: ignore`` lists."""

from __future__ import annotations

import re

from .. import inline
from ..errors import Location
from ..load import Node, Scalar
from .values import Values

MAX_TEXT_LENGTH = 100_000  # characters in one text
#: bidirectional override and isolate controls: they can make a text display other than it reads
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: the translation checks a reviewer may silence per unit or translation (diptych.translation.qa)
QA_CHECKS = ("numbers", "identical", "balance", "markup", "glossary", "length")


class Texts:
    """Checks each source text and translation, recording the problems in ``values``."""

    def __init__(self, values: Values) -> None:
        self.values = values

    def checked(self, node: Node, text: str) -> str:
        if len(text) > MAX_TEXT_LENGTH:
            self.values.error(
                node,
                f"this text is {len(text):,} characters long; the limit is {MAX_TEXT_LENGTH:,}",
                "split it into several paragraphs",
            )
            return text[:MAX_TEXT_LENGTH]
        control = BIDI_CONTROLS.search(text)
        if control:
            self.values.error(
                _at(node, control.start()),
                f"the text contains an invisible bidirectional control character (U+{ord(control.group()):04X}), "
                "which can make it display differently from how it reads",
                "remove it: diptych sets the direction of each language itself (dir=rtl for Arabic)",
            )
        for offset, message in inline.problems(text) if "](" in text else ():  # a link is written [label](address)
            location = node.location
            if isinstance(node, Scalar) and node.plain and "\n" not in text:
                location = Location(location.path, location.line, location.column + offset)
            self.values.error(location, message, "fix or remove the link; see 'Inline markup' in the README")
        return text

    def qa_ignore(self, node: Node) -> frozenset[str]:
        """``qa: ignore [length, numbers]`` (or ``ignore length``): checks a reviewer has silenced."""
        text = self.values.text(node, "qa") or ""
        match = re.fullmatch(r"\s*ignore\s*\[?\s*([\w\s,]*?)\s*\]?\s*", text)
        names = [n for n in re.split(r"[\s,]+", match.group(1)) if n] if match else []
        unknown = [n for n in names if n not in QA_CHECKS]
        if not match or not names or unknown:
            self.values.error(
                node,
                f"cannot read qa: {text!r}" + (f" (unknown check {unknown[0]!r})" if unknown else ""),
                f"write  qa: ignore [length]  with one or more of {', '.join(QA_CHECKS)}",
            )
            return frozenset()
        return frozenset(names)


def _at(node: Node, offset: int) -> Location:
    """The place of character ``offset`` in a one-line plain text, else the start of the text."""
    location = node.location
    if isinstance(node, Scalar) and node.plain and "\n" not in node:
        return Location(location.path, location.line, location.column + offset)
    return location
