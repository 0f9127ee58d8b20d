"""Exchange with translators' tools: PO (gettext) and XLIFF 1.2 / 2.0, out and back in.

One file per document and language. Each entry carries the unit's stable id
(PO ``msgctxt``, XLIFF ``id``), the source text as it was at export, the
translation, where the unit is and what it is. Coming back, a file is read
completely and checked before anything changes: a corrupt or hostile file,
the wrong language, an unknown document or unknown ids are refused with the
file and line, and no YAML is touched. Then only translation fields change.
"""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from ..errors import DiptychError, control_character
from ..files import FileRefused, TooLarge, read_bytes
from ..model import Document, Publication, Translation, Unit, fingerprint
from .context import unit_contexts
from .history import SourceHistory
from .status import unit_status

Format = Literal["po", "xliff", "xliff2"]
FORMATS: tuple[Format, ...] = ("po", "xliff", "xliff2")
MAX_EXCHANGE_BYTES = 20 * 1024 * 1024
XLIFF1 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
DOCUMENT_MARK = "diptych-document:"


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


@dataclass
class Incoming:
    path: Path
    document: str  # the document's file, relative to the publication ("content/x.yaml")
    language: str
    entries: list[Entry] = field(default_factory=list)


# -- export ------------------------------------------------------------------


def export_name(document: Document, language: str, form: Format) -> str:
    return f"{document.slug}.{language}.{'po' if form == 'po' else 'xlf'}"


def export_document(publication: Publication, document: Document, language: str, form: Format, history: SourceHistory) -> bytes:
    """The exchange file of ``document`` in ``language``; records the exported source texts in ``history``."""
    for unit in document.units():
        history.remember(unit.source)
    if form == "po":
        return _export_po(publication, document, language, history)
    return _export_xliff(publication, document, language, history, version=2 if form == "xliff2" else 1)


def _relative(publication: Publication, document: Document) -> str:
    try:
        return document.path.relative_to(publication.root).as_posix()
    except ValueError:
        return document.path.as_posix()


def _notes(document: Document, unit: Unit, language: str) -> list[str]:
    notes = [unit_contexts(document).get(unit.id, "")]
    if unit.note:
        notes.append(f"Note: {unit.note}")
    translation = unit.translations.get(language)
    if translation and translation.note:
        notes.append(f"Translator's note: {translation.note}")
    if "*" in unit.source or "[" in unit.source:
        notes.append("Keep the markup: *emphasis*, **strong**, [link text](address).")
    notes += _shape_notes(document, translation)
    return [n for n in notes if n]


def _shape_notes(document: Document, translation: Translation | None) -> list[str]:
    """How the translation is paragraphed, when it differs from the source (joined, split, omitted)."""
    if translation is None:
        return []
    if translation.covered_by:
        return [f"Translated together with {translation.covered_by} (the translator joined them): leave this one empty."]
    if translation.omitted is not None:
        return [f"Left out of this language on purpose: {translation.omitted}. Leave it empty."]
    notes = []
    if translation.covers:
        sources = {u.id: u.source for u in document.units()}
        joined = " ".join(sources.get(i, "") for i in translation.covers)
        notes.append(f"This translation also covers {', '.join(translation.covers)}: {joined}")
    if translation.paragraphs:
        notes.append("Several paragraphs: keep a blank line between them.")
    return notes


def _export_po(publication: Publication, document: Document, language: str, history: SourceHistory) -> bytes:
    where = _relative(publication, document)
    catalog = Catalog(
        locale=language.replace("-", "_"),
        project=publication.title.source,
        version=document.slug,
        header_comment=(
            f"# Translation of {where} ({publication.source_language} → {language}).\n"
            f"# Made by diptych: translate the msgstr lines, then run `diptych import` on this file.\n"
            f"# {DOCUMENT_MARK} {where}"
        ),
        last_translator="",
        language_team=language,
        fuzzy=False,
    )
    for unit in document.units():
        status = unit_status(unit, language, history)
        translation = unit.translations.get(language)
        message = catalog.add(
            unit.source,
            string=translation.text if translation and not translation.absent else "",
            locations=[(where, unit.location.line)],
            auto_comments=_notes(document, unit, language),
            flags=["fuzzy"] if status.state in ("stale", "draft", "review") else [],
            previous_id=status.previous_source if status.state == "stale" and status.previous_source else (),
            context=unit.id,
        )
        message.flags.discard("python-format")  # a "%" in prose is not a format string
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True)
    return buffer.getvalue()


_XLIFF1_STATE = {
    "current": "translated",
    "draft": "needs-review-translation",
    "review": "needs-review-translation",
    "stale": "needs-review-translation",
    "missing": "new",
}
_XLIFF2_STATE = {"current": "translated", "draft": "initial", "review": "translated", "stale": "initial", "missing": "initial"}


def _export_xliff(publication: Publication, document: Document, language: str, history: SourceHistory, version: int) -> bytes:
    where = _relative(publication, document)
    source = publication.source_language
    if version == 1:
        root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF1})
        file = ET.SubElement(
            root,
            "file",
            {
                "original": where,
                "source-language": source,
                "target-language": language,
                "datatype": "plaintext",
                "product-name": "diptych",
            },
        )
        body = ET.SubElement(file, "body")
        for unit in document.units():
            status = unit_status(unit, language, history)
            translation = unit.translations.get(language)
            item = ET.SubElement(body, "trans-unit", {"id": unit.id, "resname": unit.id, "xml:space": "preserve"})
            ET.SubElement(item, "source").text = unit.source
            if translation and not translation.absent:
                ET.SubElement(item, "target", {"state": _XLIFF1_STATE[status.state]}).text = translation.text
            group = ET.SubElement(item, "context-group", {"purpose": "location"})
            ET.SubElement(group, "context", {"context-type": "sourcefile"}).text = where
            ET.SubElement(group, "context", {"context-type": "linenumber"}).text = str(unit.location.line)
            for note in _notes(document, unit, language):
                ET.SubElement(item, "note", {"from": "diptych"}).text = note
            if status.state == "stale" and status.previous_source:
                ET.SubElement(
                    item, "note", {"from": "diptych", "priority": "1"}
                ).text = f"The source changed since this translation was made. Before: {status.previous_source}"
    else:
        root = ET.Element("xliff", {"version": "2.0", "xmlns": XLIFF2, "srcLang": source, "trgLang": language})
        file = ET.SubElement(root, "file", {"id": "f-" + document.slug, "original": where})
        for unit in document.units():
            status = unit_status(unit, language, history)
            translation = unit.translations.get(language)
            item = ET.SubElement(file, "unit", {"id": unit.id, "name": unit.id})
            notes = ET.SubElement(item, "notes")
            ET.SubElement(notes, "note", {"category": "location"}).text = f"{where}:{unit.location.line}"
            for note in _notes(document, unit, language):
                ET.SubElement(notes, "note", {"category": "context"}).text = note
            if status.state == "stale" and status.previous_source:
                ET.SubElement(notes, "note", {"category": "source-changed", "priority": "1"}).text = status.previous_source
            # a translation in several paragraphs: one segment each, the source in the first
            targets = list(translation.paragraphs or (translation.text,)) if translation and not translation.absent else []
            for index in range(max(1, len(targets))):
                segment = ET.SubElement(item, "segment", {"state": _XLIFF2_STATE[status.state]})
                ET.SubElement(segment, "source", {"xml:space": "preserve"}).text = unit.source if index == 0 else ""
                if targets:
                    ET.SubElement(segment, "target", {"xml:space": "preserve"}).text = targets[index]
    ET.indent(root)
    serialized: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + serialized + b"\n"


# -- reading files that come back -----------------------------------------------


#: entries in one file: one document holds at most this many texts (see read.py)
MAX_ENTRIES = 20_000
#: bytes of one PO entry (comments, context, source and translation: 100,000 characters each at most)
MAX_ENTRY_BYTES = 8 * 100_000 + 64 * 1024
_ENTRY_START = re.compile(rb"^(?:msgctxt|msgid)\b", re.MULTILINE)
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
    for match in itertools.chain(_ENTRY_START.finditer(data), [None]):
        end = match.start() if match else len(data)
        if end - begin > MAX_ENTRY_BYTES:
            line = data.count(b"\n", 0, begin) + 1
            raise ExchangeError(
                f"{path}:{line}: this entry is {end - begin:,} bytes long, more than any text can be "
                f"(100,000 characters); nothing was changed"
            )
        begin = end
        entries += bool(match and data.startswith(b"msgid", end))
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
    incoming = _read_xliff(path, text) if text.lstrip().startswith("<") else _read_po(path, data)
    for entry in incoming.entries:
        for value in (entry.unit_id, entry.source, entry.target):
            control = control_character(value)
            if control:
                where = f"{path}:{entry.line}" if entry.line else f"{path} (entry {entry.unit_id!r})"
                raise ExchangeError(
                    f"{where}: the text contains the control character {control[1]}, which no text may hold; "
                    "remove it in the translation tool and export again. Nothing was changed."
                )
    return incoming


_PO_LINE = re.compile(r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")\s*$')


def _read_po(path: Path, data: bytes) -> Incoming:
    # Babel's reader forgives broken lines; a translator's file must be exactly right.
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if line.strip() and not _PO_LINE.match(line.strip()):
            raise ExchangeError(
                f"{path}:{number}: not a valid PO file (cannot read this line: {line.strip()[:60]!r}); nothing was changed"
            )
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        match = re.search(r"line (\d+)", str(error))
        line = f":{int(match.group(1)) + 1}" if match else ""
        raise ExchangeError(f"{path}{line}: not a valid PO file ({error}); nothing was changed") from None
    except (ValueError, UnicodeError) as error:
        raise ExchangeError(f"{path}: not a valid PO file ({error}); nothing was changed") from None
    document = ""
    for line in (catalog.header_comment or "").splitlines():
        if DOCUMENT_MARK in line:
            document = line.split(DOCUMENT_MARK, 1)[1].strip()
    if not catalog.locale:
        raise ExchangeError(f"{path}: the PO header has no Language; nothing was changed")
    language = str(catalog.locale).replace("_", "-")
    incoming = Incoming(path, document, language)
    for message in catalog:
        if not message.id:
            continue
        if not message.context:
            raise ExchangeError(f"{path}:{message.lineno}: an entry has no msgctxt (the text's id); nothing was changed")
        if isinstance(message.id, tuple) or isinstance(message.string, tuple):
            raise ExchangeError(f"{path}:{message.lineno}: plural entries are not diptych texts; nothing was changed")
        incoming.entries.append(
            Entry(message.context, str(message.id), str(message.string or ""), message.fuzzy, message.lineno or 0)
        )
    return incoming


def _read_xliff(path: Path, text: str) -> Incoming:
    if re.search(r"<!DOCTYPE|<!ENTITY", text, flags=re.IGNORECASE):
        line = text[: re.search(r"<!DOCTYPE|<!ENTITY", text, flags=re.IGNORECASE).start()].count("\n") + 1  # type: ignore[union-attr]
        raise ExchangeError(
            f"{path}:{line}: the file declares a DOCTYPE or entities, which diptych refuses in files from outside; "
            "export it again from the translation tool without them. Nothing was changed."
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise ExchangeError(f"{path}:{line}:{column + 1}: not well-formed XML ({error}); nothing was changed") from None
    if root.tag == f"{{{XLIFF1}}}xliff":
        return _read_xliff1(path, root)
    if root.tag == f"{{{XLIFF2}}}xliff":
        return _read_xliff2(path, root)
    raise ExchangeError(f"{path}: not an XLIFF 1.2 or 2.0 file (root element {root.tag}); nothing was changed")


def _text(element: ET.Element | None) -> str:
    """The text of an XLIFF source/target; inline elements are refused (our texts have none)."""
    if element is None:
        return ""
    if len(element):
        raise ValueError(f"<{element.tag.split('}')[-1]}> contains inline XML elements")
    return element.text or ""


def _read_xliff1(path: Path, root: ET.Element) -> Incoming:
    files = root.findall(f"{{{XLIFF1}}}file")
    if len(files) != 1:
        raise ExchangeError(f"{path}: expected exactly one <file> (one document), found {len(files)}; nothing was changed")
    file = files[0]
    incoming = Incoming(path, file.get("original", ""), file.get("target-language", ""))
    for item in file.iter(f"{{{XLIFF1}}}trans-unit"):
        target = item.find(f"{{{XLIFF1}}}target")
        state = target.get("state", "translated") if target is not None else "new"
        try:
            source_text, target_text = _text(item.find(f"{{{XLIFF1}}}source")), _text(target)
        except ValueError as error:
            raise ExchangeError(f"{path}: trans-unit {item.get('id')!r}: {error}; nothing was changed") from None
        unfinished = (
            state in ("new", "needs-translation", "needs-review-translation", "needs-adaptation", "needs-l10n")
            or item.get("approved") == "no"
        )
        incoming.entries.append(Entry(item.get("id", ""), source_text, target_text, unfinished, 0))
    return incoming


def _read_xliff2(path: Path, root: ET.Element) -> Incoming:
    files = root.findall(f"{{{XLIFF2}}}file")
    if len(files) != 1:
        raise ExchangeError(f"{path}: expected exactly one <file> (one document), found {len(files)}; nothing was changed")
    incoming = Incoming(path, files[0].get("original", ""), root.get("trgLang", ""))
    for item in files[0].iter(f"{{{XLIFF2}}}unit"):
        segments = item.findall(f"{{{XLIFF2}}}segment")
        if not segments:
            raise ExchangeError(f"{path}: unit {item.get('id')!r} has no segment; nothing was changed")
        try:
            # several segments: a translation in several paragraphs (the source is in the first)
            source_text = "".join(_text(segment.find(f"{{{XLIFF2}}}source")) for segment in segments)
            targets = [_text(segment.find(f"{{{XLIFF2}}}target")) for segment in segments]
        except ValueError as error:
            raise ExchangeError(f"{path}: unit {item.get('id')!r}: {error}; nothing was changed") from None
        target_text = "\n\n".join(target for target in targets if target.strip())
        unfinished = any(segment.get("state", "initial") == "initial" for segment in segments)
        incoming.entries.append(Entry(item.get("id", ""), source_text, target_text, unfinished, 0))
    return incoming


# -- planning an import ------------------------------------------------------


@dataclass
class Change:
    unit: Unit
    language: str
    text: str
    status: Literal["current", "draft"]
    source_fingerprint: str


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    #: units whose source changed since the export: imported as drafts, reported
    source_changed: list[tuple[Path, Unit]] = field(default_factory=list)
    unchanged: int = 0


def plan_import(publication: Publication, incoming: Incoming, language: str | None = None) -> ImportPlan:
    """What importing ``incoming`` would change; raises ExchangeError if anything is wrong with it."""
    path = incoming.path
    if not incoming.language:
        raise ExchangeError(f"{path}: the file does not say which language it is in; nothing was changed")
    if incoming.language not in publication.target_languages:
        raise ExchangeError(
            f"{path}: the file is in {incoming.language!r}, which is not a translation of this publication "
            f"({', '.join(publication.target_languages) or 'none'}); nothing was changed"
        )
    if language and incoming.language != language:
        raise ExchangeError(f"{path}: the file is in {incoming.language!r}, not {language!r} as asked; nothing was changed")
    document = next((d for d in publication.documents if _relative(publication, d) == incoming.document), None)
    if document is None:
        raise ExchangeError(
            f"{path}: it belongs to {incoming.document or 'an unnamed document'!r}, "
            "which is not in this publication; nothing was changed"
        )
    units = {unit.id: unit for unit in document.units()}
    unknown = [e for e in incoming.entries if e.unit_id not in units]
    if unknown:
        shown = ", ".join(repr(e.unit_id) for e in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        line = f":{unknown[0].line}" if unknown[0].line else ""
        raise ExchangeError(f"{path}{line}: unknown ids {shown} (not in {incoming.document}); nothing was changed")
    seen: set[str] = set()
    for entry in incoming.entries:
        if entry.unit_id in seen:
            raise ExchangeError(f"{path}: the id {entry.unit_id!r} appears twice; nothing was changed")
        seen.add(entry.unit_id)
    plan = ImportPlan()
    for entry in incoming.entries:
        unit = units[entry.unit_id]
        if not entry.target.strip():
            continue
        current = unit.translations.get(incoming.language)
        if current is not None and current.absent:
            raise ExchangeError(
                f"{path}: {unit.id!r} is "
                + (f"translated together with {current.covered_by!r}" if current.covered_by else "omitted on purpose")
                + f" in {incoming.language!r}, but the file gives it a text of its own; nothing was changed"
            )
        # a translation covering several units is fingerprinted over all their texts
        sources = " ".join(current.sources) if current is not None and current.sources else unit.source
        if entry.source != unit.source:
            # translated against an older source: keep it, as a draft that status shows as stale
            plan.source_changed.append((path, unit))
            if current and current.text == entry.target:
                plan.unchanged += 1
                continue
            plan.changes.append(Change(unit, incoming.language, entry.target, "draft", fingerprint(entry.source)))
            continue
        status: Literal["current", "draft"] = "draft" if entry.unfinished else "current"
        unchanged = (
            current is not None
            and current.text == entry.target
            and (current.status == status or (status == "current" and current.status == "review"))
            and current.source_fingerprint in (None, fingerprint(sources))
        )
        if unchanged:
            plan.unchanged += 1
            continue
        plan.changes.append(Change(unit, incoming.language, entry.target, status, fingerprint(sources)))
    return plan
