"""Files that come back from translators' tools, read completely and checked before anything changes.

A corrupt or hostile file (too large, too many entries, not UTF-8, NUL bytes,
control characters, a DOCTYPE, broken PO or XML) is refused with the file and
line, and nothing is changed.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiptychError, control_character
from ..files import FileRefused, TooLarge, read_bytes
from .outgoing import DOCUMENT_FIELD, EXPORT_FIELD
from .po import PoSyntaxError, duplicates, read_po
from .xliff import XliffError, read_xliff

MAX_EXCHANGE_BYTES = 20 * 1024 * 1024
LEGACY_DOCUMENT_MARK = "diptych-document:"


class ExchangeError(DiptychError):
    """A translator's file that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class Entry:
    """One translation coming back from a translator's tool."""

    unit_id: str
    source: str  # the source text the translator saw
    target: str  # "" when the translator left it empty
    unfinished: bool  # fuzzy (PO), a state short of translated (XLIFF)
    line: int
    #: "content/x.yaml:18": where the text is, as the file says (PO ``#:``), for files whose tool dropped the id
    references: tuple[str, ...] = ()


@dataclass
class Incoming:
    path: Path
    document: str  # the document's file, relative to the publication ("content/x.yaml"), or ""
    language: str  # as the file says it ("en_US", "en-GB", …), or ""
    export_id: str = ""
    entries: list[Entry] = field(default_factory=list)
    data: bytes = b""

    @property
    def name_parts(self) -> tuple[str, str]:
        """(slug, language) from a name like ``<slug>.<lang>.po``; "" where the name says nothing."""
        parts = self.path.name.split(".")
        if len(parts) >= 3:
            return ".".join(parts[:-2]), parts[-2]
        return (parts[0] if len(parts) == 2 else ""), ""


#: entries in one file: one document holds at most this many texts (see read.py)
MAX_ENTRIES = 20_000
#: bytes of one PO entry (comments, context, source and translation: 100,000 characters each at most)
MAX_ENTRY_BYTES = 8 * 100_000 + 64 * 1024
#: where an entry starts: a line beginning with msgctxt or msgid, found after its line break (a literal the regular
#: expression engine looks for at C speed; ``^`` with MULTILINE is tried at every byte, ten times slower)
_ENTRY_START = re.compile(rb"\n(?:msgctxt|msgid)\b")
#: the bytes of the characters that no text may hold (errors.CONTROL_CHARACTERS), in UTF-8: C0 controls but tab and
#: line feed, DEL; C1 controls (two bytes); U+FFFE and U+FFFF. Surrogates cannot be UTF-8.
_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")
#: how else a control character can reach an entry: as a PO escape (\a \b \f \v \r, octal, \x)
_ESCAPED_CONTROL = re.compile(rb"\\[abfvr0-7x]")


def _may_hold_controls(data: bytes, xml: bool) -> bool:
    """Whether a file could carry a control character: raw, as a PO escape or as an XML character reference.

    A file with none of these holds none, and its entries need not be searched one by one. Each test runs at C
    speed over the bytes (a regular expression with a class of characters, over the text, is 10× slower).
    """
    if len(data.translate(None, _C0_BYTES)) < len(data):  # deleting them leaves fewer bytes
        return True
    if _C1.search(data) or _NONCHARACTER.search(data):
        return True
    return b"&#" in data if xml else _ESCAPED_CONTROL.search(data) is not None


_XLIFF_UNIT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:trans-unit|unit)[\s>/]")


def precheck(path: Path, data: bytes) -> None:
    """Refuse a file with more entries than a document can hold, or an entry far too long, before parsing it.

    Parsing a 19 MiB PO file of 280,000 entries costs seconds and hundreds of
    MiB; this pass costs a scan of the bytes and no memory.
    """
    if data.lstrip().startswith(b"<"):
        units = len(_XLIFF_UNIT.findall(data))
        elements = data.count(b"<")
        if units > MAX_ENTRIES or elements > 16 * (MAX_ENTRIES + 8):
            raise ExchangeError(
                f"{path}: too many entries ({units:,} units, {elements:,} elements; a document holds at most "
                f"{MAX_ENTRIES:,} texts); nothing was changed"
            )
        return
    entries, begin = 0, 0
    starts = (match.start() for match in _ENTRY_START.finditer(b"\n" + data))  # a line break before the first line
    for start in itertools.chain(starts, [None]):
        end = len(data) if start is None else start
        if end - begin > MAX_ENTRY_BYTES:
            line = data.count(b"\n", 0, begin) + 1
            raise ExchangeError(
                f"{path}:{line}: this entry is {end - begin:,} bytes long, more than any text can be "
                f"(100,000 characters); nothing was changed"
            )
        begin = end
        entries += start is not None and data.startswith(b"msgid", start)
        if entries > MAX_ENTRIES + 1:  # and the header
            raise ExchangeError(
                f"{path}: too many entries (more than {MAX_ENTRIES:,}; a document holds at most {MAX_ENTRIES:,} texts); "
                "nothing was changed"
            )


def read_exchange(path: Path) -> Incoming:
    """Read a PO or XLIFF file from a translator, refusing anything corrupt or hostile."""
    try:
        data = read_bytes(path, MAX_EXCHANGE_BYTES, what="file")
    except TooLarge as error:
        raise ExchangeError(
            f"{path}: file is too large ({error.size // 1024 // 1024} MiB; the limit is 20 MiB); nothing was changed"
        ) from None
    except FileRefused as error:
        raise ExchangeError(f"{error}; nothing was changed") from None
    precheck(path, data)
    if not data.strip():
        raise ExchangeError(f"{path}: the file is empty; nothing was changed")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExchangeError(f"{path}: the file is UTF-16; save it as UTF-8 and import it again. Nothing was changed.")
    raw = data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise ExchangeError(f"{path}: the file contains NUL bytes (it looks binary); nothing was changed")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExchangeError(
            f"{path}:{line}: the file is not UTF-8; save it as UTF-8 and import it again. Nothing was changed."
        ) from None
    xml = text.lstrip().startswith("<")
    incoming = _read_xliff(path, text) if xml else _read_po(path, text)
    for entry in incoming.entries if _may_hold_controls(data, xml) else ():
        for value in (entry.unit_id, entry.source, entry.target):
            control = control_character(value)
            if control:
                where = f"{path}:{entry.line}" if entry.line else f"{path} (entry {entry.unit_id!r})"
                raise ExchangeError(
                    f"{where}: the text contains the control character {control[1]}, which no text may hold; "
                    "remove it in the translation tool and export again. Nothing was changed."
                )
    incoming.data = raw
    return incoming


def _read_po(path: Path, text: str) -> Incoming:
    try:
        po = read_po(text)
    except PoSyntaxError as error:
        raise ExchangeError(f"{path}:{error.line}: not a valid PO file ({error}); nothing was changed") from None
    charset = re.search(r"charset=([\w-]+)", po.header.get("Content-Type", ""))
    if charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "ASCII", "US-ASCII", "CHARSET"):
        raise ExchangeError(
            f"{path}: the file says it is in {charset.group(1)}; diptych reads UTF-8 only. "
            "Save it as UTF-8 and import it again. Nothing was changed."
        )
    document = po.header.get(DOCUMENT_FIELD, "")
    if not document:
        for line in po.header_comments:
            if LEGACY_DOCUMENT_MARK in line:
                document = line.split(LEGACY_DOCUMENT_MARK, 1)[1].strip()
    incoming = Incoming(path, document, po.header.get("Language", ""), po.header.get(EXPORT_FIELD, ""))
    for first, second in duplicates(po.entries):
        raise ExchangeError(
            f"{path}:{second.line}: this entry repeats the one on line {first.line} (same msgctxt {first.msgctxt!r} "
            "and msgid); gettext refuses such a file. Keep one of them. Nothing was changed."
        )
    for entry in po.entries:
        if entry.plural:
            raise ExchangeError(f"{path}:{entry.line}: plural entries are not diptych texts; nothing was changed")
        incoming.entries.append(
            Entry(entry.msgctxt or "", entry.msgid, entry.msgstr, entry.fuzzy, entry.line, tuple(entry.references))
        )
    if not incoming.document:
        # a tool that rewrote the header (xliff2po) still keeps the references: "#: content/x.yaml:18"
        documents = {ref.rpartition(":")[0] for e in incoming.entries for ref in e.references}
        if len(documents) == 1:
            incoming.document = documents.pop()
    return incoming


_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", flags=re.IGNORECASE)


def _read_xliff(path: Path, text: str) -> Incoming:
    declared = _DOCTYPE.search(text)
    if declared:
        line = text[: declared.start()].count("\n") + 1
        raise ExchangeError(
            f"{path}:{line}: the file declares a DOCTYPE or entities, which diptych refuses in files from outside; "
            "export it again from the translation tool without them. Nothing was changed."
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise ExchangeError(f"{path}:{line}:{column + 1}: not well-formed XML ({error}); nothing was changed") from None
    try:
        found = read_xliff(root)
    except XliffError as error:
        raise ExchangeError(f"{path}: {error}; nothing was changed") from None
    incoming = Incoming(path, found.document, found.language, found.export_id)
    incoming.entries = [Entry(e.unit_id, e.source, e.target, e.unfinished, 0) for e in found.entries]
    return incoming
