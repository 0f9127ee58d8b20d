"""A document file as a flat list of passages: paragraphs, headings, quotes and list items.

Markdown, DOCX, ODT and HTML go through Pandoc (Debian's ``pandoc``), whose JSON
syntax tree is walked with panflute. Plain text is read here, because Pandoc has
no reader that keeps a line a paragraph: a file with one paragraph per line and
a file with blank lines between (hard-wrapped) paragraphs both work. Inline
emphasis, strong text, links and line breaks become our inline markup; what
cannot be kept (images, footnotes, raw HTML, tables as tables) is reported.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import panflute as pf

from ..errors import DiptychError
from ..inline import url_problem

PassageKind = Literal["para", "heading", "quote", "item"]

#: what Pandoc is asked to read each file as; anything else is read as plain text when it is UTF-8
PANDOC_FORMATS = {
    ".md": "markdown-smart",
    ".markdown": "markdown-smart",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rst": "rst",
    ".epub": "epub",
}
MAX_FILE_BYTES = 50 * 1024 * 1024
PANDOC_TIMEOUT = 120  # seconds


class ReadError(DiptychError):
    """The file cannot be read as a document; nothing was written."""


@dataclass(frozen=True)
class Passage:
    """One paragraph-like piece of the file, in reading order."""

    kind: PassageKind
    text: str
    where: str  # "line 12" or "paragraph 12": for messages
    level: int = 0  # a heading's level
    number: int | None = None  # an ordered list item's number
    ordered: bool = False
    group: int = 0  # list items of one list share a group


@dataclass
class Reading:
    """The passages of a file and what could not be kept."""

    path: Path
    format: str
    passages: list[Passage] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def read_document(path: Path) -> Reading:
    """Read ``path`` into passages; :class:`ReadError` names the file and says what to do."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReadError(f"{path}: cannot read ({error.strerror})") from None
    if not path.is_file():
        raise ReadError(f"{path}: not a file")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"{path}: the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    pandoc_format = PANDOC_FORMATS.get(path.suffix.lower())
    reading = _read_pandoc(path, pandoc_format) if pandoc_format else _read_plain_text(path)
    if not reading.passages:
        raise ReadError(f"{path}: the document has no text")
    return reading


# -- plain text ------------------------------------------------------------------


def _read_plain_text(path: Path) -> Reading:
    data = path.read_bytes()
    if b"\0" in data[:4096]:
        raise ReadError(
            f"{path}: this is not a text file, and diptych does not know its format from the name "
            f"{path.suffix!r}; save it as .docx, .odt, .html, .md or .txt"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReadError(f"{path}:{line}: the text is not UTF-8; save it as UTF-8 (Unicode) and try again") from None
    reading = Reading(path, "plain text")
    reading.passages = [Passage("para", paragraph, f"line {line}") for line, paragraph in plain_paragraphs(text)]
    return reading


def plain_paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line, paragraph) of a plain text: one per line, or blank-line separated and hard-wrapped."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line.strip()))
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[tuple[int, str]] = []
    for block in blocks:
        if not block:
            continue
        if _hard_wrapped(block):
            paragraphs.append((block[0][0], " ".join(line for _, line in block)))
        else:
            paragraphs.extend(block)
    return [(line, " ".join(paragraph.split())) for line, paragraph in paragraphs]


def _hard_wrapped(block: list[tuple[int, str]]) -> bool:
    """True when the lines of a block are one paragraph wrapped at a fixed width, not one paragraph each."""
    if len(block) < 2:
        return False
    widths = [len(line) for _, line in block[:-1]]
    # wrapped text: every line but the last is of similar, moderate width and does not end a sentence
    sentences_end = all(re.search(r"[.!?:;»\"]$", line) for _, line in block[:-1])
    return max(widths) <= 100 and min(widths) >= 0.6 * max(widths) and not sentences_end


# -- Pandoc ------------------------------------------------------------------------


def _read_pandoc(path: Path, pandoc_format: str) -> Reading:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ReadError(
            f"{path}: reading {path.suffix} files needs Pandoc, which is not installed; "
            "run make (it installs Debian's pandoc) or apt-get install pandoc"
        )
    try:
        result = subprocess.run(
            [pandoc, "--from", pandoc_format, "--to", "json", "--", str(path)],
            capture_output=True,
            timeout=PANDOC_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReadError(f"{path}: Pandoc took more than {PANDOC_TIMEOUT} s to read it; is the file sound?") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(
            f"{path}: Pandoc cannot read this file as {pandoc_format.split('-')[0]}"
            + (f" ({reason[-1]})" if reason else "")
            + "; check that the file opens in a word processor, or save it again as .docx or .txt"
        )
    try:
        document = pf.load(io.StringIO(result.stdout.decode("utf-8")))
    except Exception as error:  # panflute raises plain exceptions on trees it does not know
        raise ReadError(f"{path}: cannot understand Pandoc's reading of this file ({error})") from None
    walker = _Walker(Reading(path, pandoc_format.split("-")[0]))
    for block in document.content:
        walker.block(block)
    return walker.reading


class _Walker:
    """Flattens Pandoc blocks into passages, keeping inline markup our way."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.groups = 0

    def add(self, kind: PassageKind, text: str, **extra: Any) -> None:
        text = _tidy(text)
        if text:
            where = f"paragraph {len(self.reading.passages) + 1}"
            self.reading.passages.append(Passage(kind, text, where, **extra))

    def drop(self, what: str) -> None:
        self.reading.dropped.append(f"{what} (near paragraph {len(self.reading.passages) + 1})")

    def block(self, block: Any, kind: PassageKind = "para") -> None:
        if isinstance(block, (pf.Para, pf.Plain)):
            self.add(kind, self.inlines(block.content))
        elif isinstance(block, pf.Header):
            self.add("heading", self.inlines(block.content), level=block.level)
        elif isinstance(block, pf.BlockQuote):
            for inner in block.content:
                self.block(inner, "quote")
        elif isinstance(block, (pf.OrderedList, pf.BulletList)):
            self.list_block(block)
        elif isinstance(block, pf.LineBlock):
            self.add(kind, "\n".join(self.inlines(line.content) for line in block.content))
        elif isinstance(block, pf.Div):
            for inner in block.content:
                self.block(inner, kind)
        elif isinstance(block, pf.Table):
            self.table(block)
        elif isinstance(block, pf.DefinitionList):
            for item in block.content:
                self.add(kind, self.inlines(item.term))
                for definition in item.definitions:
                    for inner in definition.content:
                        self.block(inner, kind)
        elif isinstance(block, pf.CodeBlock):
            self.add(kind, block.text)
        elif isinstance(block, pf.RawBlock):
            self.drop(f"raw {block.format} markup")
        elif isinstance(block, pf.HorizontalRule):
            pass
        else:
            self.drop(f"a {type(block).__name__} block")

    def list_block(self, block: Any) -> None:
        self.groups += 1
        ordered = isinstance(block, pf.OrderedList)
        start = block.start if ordered else 1
        for index, item in enumerate(block.content):
            first, *rest = list(item.content) or [None]
            if isinstance(first, (pf.Para, pf.Plain)):
                number = start + index if ordered else None
                self.add("item", self.inlines(first.content), number=number, ordered=ordered, group=self.groups)
            elif first is not None:
                self.block(first)
            for inner in rest:
                self.block(inner)

    def table(self, block: Any) -> None:
        cells = 0
        for element in _walk(block):
            if isinstance(element, (pf.Para, pf.Plain)):
                self.add("para", self.inlines(element.content))
                cells += 1
        self.drop(f"a table's layout (its {cells} cell text(s) were kept as paragraphs)")

    def inlines(self, elements: Any) -> str:
        return "".join(self.inline(element) for element in elements)

    def inline(self, element: Any) -> str:
        if isinstance(element, pf.Str):
            return _escape(element.text)
        if isinstance(element, (pf.Space, pf.SoftBreak)):
            return " "
        if isinstance(element, pf.LineBreak):
            return "\n"
        if isinstance(element, pf.Emph):
            return _wrap("*", self.inlines(element.content))
        if isinstance(element, pf.Strong):
            return _wrap("**", self.inlines(element.content))
        if isinstance(element, pf.Link):
            text = self.inlines(element.content)
            url = element.url
            if text and url and url_problem(url) is None and not re.search(r"[\s()]", url):
                return f"[{text}]({url})"
            return text
        if isinstance(element, pf.Quoted):
            mark = '"' if element.quote_type == "DoubleQuote" else "'"
            return mark + self.inlines(element.content) + mark
        if isinstance(element, (pf.Code, pf.Math)):
            return _escape(element.text)
        if isinstance(element, pf.Image):
            self.drop(f"an image ({element.url or 'embedded'})")
            return ""
        if isinstance(element, pf.Note):
            self.drop("a footnote")
            return ""
        if isinstance(element, pf.RawInline):
            self.drop(f"raw {element.format} markup")
            return ""
        if hasattr(element, "content"):  # Span, Underline, SmallCaps, Superscript, Cite…: keep the text
            return self.inlines(element.content)
        return ""


def _walk(element: Any) -> list[Any]:
    found: list[Any] = []

    def collect(item: Any, _document: Any) -> None:
        found.append(item)

    element.walk(collect)
    return found


def _wrap(mark: str, text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{tail}"


def _escape(text: str) -> str:
    """Characters our inline markup would read as markup, escaped so they print as written."""
    return re.sub(r"([\\*\[])", r"\\\1", text)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()
