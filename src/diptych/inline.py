"""Inline markup inside a text: a small syntax that can only produce safe HTML.

    *emphasis*   **strong**   [a link](https://example.org)   a line break as a newline

A backslash makes the next markup character literal (``\\*``). Anything else,
``<b>`` and ``&amp;`` included, is text and is escaped on output: content never
carries raw HTML. Links go to http(s), mailto, or a relative path or ``#anchor``;
other schemes (``javascript:``, ``data:``, ``file:``) are refused by the checker
and rendered as plain text if they ever reach the renderer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import typography
from .languages import Language
from .typography import Ordinals, Typesetter

ESCAPABLE = "\\*[]()"
ALLOWED_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    children: tuple[Inline, ...]
    url: str
    offset: int  # where the link starts in the text, for messages


@dataclass(frozen=True)
class Break:
    pass


Inline = str | Emphasis | Strong | Link | Break


_MARKUP = re.compile(r"[*\[\\\n]")


#: emphasis inside strong inside emphasis…: deeper delimiters stay literal (bounds the work and the recursion)
MAX_NESTING = 8


@functools.lru_cache(maxsize=8192)
def parse(text: str) -> tuple[Inline, ...]:
    """Parse ``text``; unmatched markup characters stay literal. (Most texts have no markup at all.)"""
    if not _MARKUP.search(text):
        return (text,) if text else ()
    return tuple(_parse(text, 0, len(text), allow_links=True, closings=_Closings(text), depth=0))


def _parse(text: str, start: int, end: int, allow_links: bool, closings: _Closings, depth: int) -> Iterator[Inline]:
    buffer: list[str] = []
    i = start
    nested = depth < MAX_NESTING
    while i < end:
        char = text[i]
        if char == "\\" and i + 1 < end and text[i + 1] in ESCAPABLE:
            buffer.append(text[i + 1])
            i += 2
            continue
        node: Inline | None = None
        after = i
        if char == "\n":
            node, after = Break(), i + 1
        elif nested and text.startswith("**", i) and _opens(text, i + 2, end):
            close = closings.find(i + 2, end, "**")
            if close is not None:
                node = Strong(tuple(_parse(text, i + 2, close, allow_links, closings, depth + 1)))
                after = close + 2
        elif nested and char == "*" and _opens(text, i + 1, end):
            close = closings.find(i + 1, end, "*")
            if close is not None:
                node = Emphasis(tuple(_parse(text, i + 1, close, allow_links, closings, depth + 1)))
                after = close + 1
        elif char == "[" and allow_links:
            link = _link(text, i, end, closings, depth)
            if link is not None:
                node, after = link
        if node is None:
            buffer.append(char)
            i += 1
            continue
        if buffer:
            yield "".join(buffer)
            buffer = []
        yield node
        i = after
    if buffer:
        yield "".join(buffer)


def _opens(text: str, i: int, end: int) -> bool:
    """An opening delimiter is followed by a non-space character."""
    return i < end and not text[i].isspace() and text[i] != "*"


class _Closings:
    """Finds closing delimiters in time linear in the text.

    A search from a position follows the same steps as a search from any
    later position it passes, so its answer is remembered for every position
    passed: a text with many openers and no closer (``*a *a *a …``) is
    scanned once, not once per opener.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[tuple[str, int], dict[int, int | None]] = {}

    def find(self, i: int, end: int, delimiter: str) -> int | None:
        text = self.text
        known = self.known.setdefault((delimiter, end), {})
        passed = []
        found: int | None = None
        while True:
            if i in known:
                found = known[i]
                break
            if i >= end or text[i] == "\n":
                break  # emphasis does not run across a line break
            passed.append(i)
            if text[i] == "\\" and i + 1 < end and text[i + 1] in ESCAPABLE:
                i += 2
                continue
            if (
                text.startswith(delimiter, i)
                and not text[i - 1].isspace()
                and (delimiter == "**" or not text.startswith("**", i))
            ):
                found = i
                break
            if delimiter == "*" and text.startswith("**", i):
                inner = self.find(i + 2, end, "**")
                if inner is not None:
                    i = inner + 2
                    continue
            i += 1
        for position in passed:
            known[position] = found
        return found


def _link(text: str, i: int, end: int, closings: _Closings, depth: int) -> tuple[Link, int] | None:
    j = i + 1
    while j < end:
        if text[j] == "\\" and j + 1 < end:
            j += 2
            continue
        if text[j] == "]":
            break
        if text[j] in "[\n":
            return None
        j += 1
    else:
        return None
    if not text.startswith("(", j + 1):
        return None
    close = text.find(")", j + 2, end)
    if close < 0:
        return None
    url = text[j + 2 : close]
    if not url or any(c.isspace() for c in url):
        return None
    label = tuple(_parse(text, i + 1, j, False, closings, depth + 1))
    return Link(label, url, i), close + 1


def url_problem(url: str) -> str | None:
    """Why a link target is refused, or ``None``."""
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return "a link address contains control characters"
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        return f"links to '{match.group(1)}:' addresses are not allowed (use http, https or mailto)"
    if url.startswith("//"):
        return "write the link with its scheme, https://…"
    return None


def problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each refused construct in ``text``."""
    yield from _problems(parse(text))


def _problems(nodes: tuple[Inline, ...]) -> Iterator[tuple[int, str]]:
    for node in nodes:
        if isinstance(node, Link):
            message = url_problem(node.url)
            if message:
                yield node.offset, message
        if isinstance(node, (Emphasis, Strong, Link)):
            yield from _problems(node.children)


def to_html(text: str, language: Language | None = None, ordinals: Ordinals = "superscript", names: bool = False) -> Markup:
    """HTML for a text, with the typography of ``language``; every character of the content is escaped.

    With ``names`` (pages for print), capitalised words — mostly proper names — are kept
    from being hyphenated: "Répu-blique" and "Shan-ghai" do not break across lines, and a
    run of more than :data:`LONG_WORD` characters without a space is given break opportunities.
    """
    typeset = Typesetter(language)
    return Markup("".join(_html(parse(text), typeset, ordinals, _LongWords() if names else None)))


_NAME = re.compile(r"(?<![\w&])[^\W\d_][^\W\d_]{4,}(?:[-’'][^\W\d_]+)*")

#: In print, a run of more than this many characters without a space gets a break opportunity
#: (U+200B ZERO WIDTH SPACE) every LONG_WORD characters. WeasyPrint's time to set one unbreakable
#: word grows with the cube of its length (measured: 1,000 hyphenatable characters 0.9 s,
#: 2,000 characters 6 s); words of at most this length keep the cost linear in the text.
LONG_WORD = 48
ZERO_WIDTH_SPACE = "\u200b"
#: spaces a line surely may break at: after a word or closing punctuation and before a letter or
#: digit. Unicode's line breaking rules forbid a break before ; or ! and after an opening bracket
#: even across a space, so "a ;a ;a ;…" and " a( a( a(…" are unbreakable runs; no-break spaces too.
_SPACE_RUN = re.compile(r"(?<=[\w.,;:!?»)\]”’…%])[^\S\u00a0\u202f\u2007]+(?=\w)")


class _LongWords:
    """Counts the characters since the last space across the pieces of a passage (text around markup)."""

    def __init__(self) -> None:
        self.run = 0

    def __call__(self, text: str) -> str:
        out, start = [], 0
        for match in _SPACE_RUN.finditer(text):
            out.append(self._word(text[start : match.start()]))
            out.append(match.group())
            self.run = 0
            start = match.end()
        out.append(self._word(text[start:]))
        return "".join(out)

    def _word(self, piece: str) -> str:
        room = LONG_WORD - self.run
        if len(piece) <= room:
            self.run += len(piece)
            return piece
        out, i = [], 0
        while len(piece) - i > room:
            out += [piece[i : i + room], ZERO_WIDTH_SPACE]
            i += room
            room = LONG_WORD
        out.append(piece[i:])
        self.run = LONG_WORD - room + len(piece) - i
        return "".join(out)


def _names(html: str) -> str:
    return _NAME.sub(lambda m: f'<span class="name">{m.group()}</span>' if m.group()[0].isupper() else m.group(), html)


def _html(nodes: tuple[Inline, ...], typeset: Typesetter, style: Ordinals, breaks: _LongWords | None) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, str):
            text = typeset(node)
            html = escape_text(breaks(text) if breaks else text)
            html = typography.ordinals(html, style) if typeset.french else html
            yield _names(html) if breaks else html
        elif isinstance(node, Break):
            if breaks:
                breaks.run = 0
            yield "<br>"
        elif isinstance(node, Emphasis):
            yield f"<em>{''.join(_html(node.children, typeset, style, breaks))}</em>"
        elif isinstance(node, Strong):
            yield f"<strong>{''.join(_html(node.children, typeset, style, breaks))}</strong>"
        elif url_problem(node.url):
            yield "".join(_html(node.children, typeset, style, breaks))
        else:
            yield f'<a href="{escape(node.url)}">{"".join(_html(node.children, typeset, style, breaks))}</a>'


def escape_text(text: str) -> str:
    """Escape for HTML text content: quotes stay readable, markup cannot start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_plain(text: str, language: Language | None = None) -> str:
    """The text without markup (for titles, metadata, excerpts), with the typography of ``language`` if given."""
    return "".join(_plain(parse(text), Typesetter(language)))


def _plain(nodes: tuple[Inline, ...], typeset: Typesetter) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, str):
            yield typeset(node)
        elif isinstance(node, Break):
            yield " "
        else:
            yield from _plain(node.children, typeset)
