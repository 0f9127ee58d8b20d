"""Exchange with translators' tools: PO (gettext) and XLIFF 1.2 / 2.0, out and back in.

One file per document and language. Each entry carries the unit's stable id
(PO ``msgctxt``, XLIFF ``id``), the source text as it was at export, the
translation, where the unit is and what it is. The document travels where
every tool keeps it: the PO header ``X-Diptych-Document``, XLIFF
``original``, and the file name (``<slug>.<lang>.po``).

Coming back, a file is read completely and checked before anything changes:
a corrupt or hostile file, the wrong language (header and file name must
agree; a region variant such as ``en_US`` stands for ``en``), an unknown
document, unknown or repeated ids are refused with the file and line, and
no YAML is touched. A translation changed in the YAML since the export is a
conflict: reported with both texts and left as it is, unless ``theirs``.
"""

from __future__ import annotations

import datetime
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel.messages.plurals import get_plural

from .. import __version__
from ..errors import DiptychError, control_character
from ..files import FileRefused, TooLarge, read_bytes
from ..languages import canonical_code, language_problem
from ..model import Document, Publication, Translation, Unit, fingerprint
from .context import unit_contexts
from .history import SourceHistory
from .ledger import ExportRecord, Ledger, document_path
from .memory import Match, TranslationMemory, wants_suggestion
from .po import PoEntry, PoFile, PoSyntaxError, duplicates, read_po, write_po
from .scripts import script_of
from .status import unit_status
from .xliff import OutgoingFile, OutgoingUnit, Suggestion, XliffError, read_xliff, write_xliff

Format = Literal["po", "xliff", "xliff2"]
FORMATS: tuple[Format, ...] = ("po", "xliff", "xliff2")
MAX_EXCHANGE_BYTES = 20 * 1024 * 1024
DOCUMENT_FIELD = "X-Diptych-Document"
EXPORT_FIELD = "X-Diptych-Export"
LEGACY_DOCUMENT_MARK = "diptych-document:"


class ExchangeError(DiptychError):
    """A translator's file that cannot be imported; nothing was changed."""


# -- export ------------------------------------------------------------------------


def export_name(document: Document, language: str, form: Format) -> str:
    return f"{document.slug}.{language}.{'po' if form == 'po' else 'xlf'}"


def export_document(
    publication: Publication,
    document: Document,
    language: str,
    form: Format,
    history: SourceHistory,
    ledger: Ledger,
    memory: TranslationMemory | None = None,
) -> bytes:
    """The exchange file of ``document`` in ``language``; records the export in ``ledger`` and ``history``."""
    where = document_path(publication, document)
    contexts = unit_contexts(document)
    units: list[OutgoingUnit] = []
    suggested: dict[str, str] = {}
    for unit in document.units():
        history.remember(unit.source)
        status = unit_status(unit, language, history)
        translation = unit.translations.get(language)
        matches: list[Match] = memory.matches(unit) if memory and wants_suggestion(unit, language) else []
        present = translation is not None and not translation.absent
        target = translation.text if translation and present else None
        if target is None and matches and form == "po":
            target = matches[0].target  # PO has one place for it: filled in, marked fuzzy
            suggested[unit.id] = fingerprint(target)
        units.append(
            OutgoingUnit(
                id=unit.id,
                source=unit.source,
                target=target,
                state=status.state,
                line=unit.location.line,
                notes=tuple(_notes(contexts, unit, language) + _shape_notes(document, translation)),
                paragraphs=translation.paragraphs if translation and present else (),
                previous_source=status.previous_source if status.state == "stale" else None,
                suggestions=tuple(Suggestion(m.score, m.source, m.target, m.origin) for m in matches),
            )
        )
    export_id = ledger.record_export(where, document, language, suggested)
    out = OutgoingFile(where, document.slug, publication.source_language, language, export_id, units)
    if form == "po":
        return _po(publication, out).encode("utf-8")
    return write_xliff(out, version=2 if form == "xliff2" else 1)


def _notes(contexts: dict[str, str], unit: Unit, language: str) -> list[str]:
    notes = [contexts.get(unit.id, "")]
    if unit.note:
        notes.append(f"Note: {unit.note}")
    translation = unit.translations.get(language)
    if translation and translation.note:
        notes.append(f"Translator's note: {translation.note}")
    if "*" in unit.source or "[" in unit.source:
        notes.append("Keep the markup: *emphasis*, **strong**, [link text](address).")
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


def po_language(code: str) -> str:
    """gettext writes ll_CC: zh-Hans → zh_Hans, pt-BR → pt_BR."""
    return code.replace("-", "_")


def _po(publication: Publication, out: OutgoingFile) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
    try:
        plurals = get_plural(po_language(out.target_language))
        plural_forms = f"nplurals={plurals.num_plurals}; plural={plurals.plural_expr};"
    except (ValueError, LookupError):
        plural_forms = "nplurals=2; plural=(n != 1);"
    header = {
        "Project-Id-Version": f"{publication.title.source} — {out.slug}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": out.target_language,
        "Language": po_language(out.target_language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
        "X-Generator": f"diptych {__version__}",
        DOCUMENT_FIELD: out.document,
        EXPORT_FIELD: out.export_id,
    }
    comments = [
        f"Translation of {out.document} ({out.source_language} → {out.target_language}).",
        "Made by diptych: translate the msgstr lines, then run `diptych import` on this file.",
    ]
    entries = []
    for unit in out.units:
        notes = list(unit.notes)
        flags = ["fuzzy"] if unit.state in ("stale", "draft", "review") else []
        for number, suggestion in enumerate(unit.suggestions):
            used = number == 0 and unit.state == "missing"
            notes.append(
                f"{'Suggested' if used else 'Also similar'}: {suggestion.score:.0f}% match with {suggestion.origin} "
                f"(its source: {suggestion.source})" + ("" if used else f" → {suggestion.target}")
            )
            if used:
                flags = ["fuzzy"]
        entries.append(
            PoEntry(
                msgid=unit.source,
                msgstr=unit.target or "",
                msgctxt=unit.id,
                notes=notes,
                references=[f"{out.document}:{unit.line}"],
                flags=flags,
                previous_msgid=unit.previous_source,
            )
        )
    return write_po(PoFile(header, entries, comments))


# -- reading files that come back ------------------------------------------------------


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
    incoming = _read_xliff(path, text) if text.lstrip().startswith("<") else _read_po(path, text)
    for entry in incoming.entries:
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


# -- languages ---------------------------------------------------------------------------


def match_language(code: str, languages: tuple[str, ...]) -> tuple[str | None, str]:
    """The language of ``languages`` that ``code`` (as a tool wrote it) means; or None and why not.

    ``en_US``, ``en-GB`` and ``en`` all mean ``en`` when the publication has one English; ``zh_CN`` means
    ``zh-Hans`` but ``zh_TW`` (Traditional script) does not.
    """
    canonical = canonical_code(code.split("@")[0].split(".")[0]) or code
    if canonical in languages:
        return canonical, ""
    primary = canonical.split("-")[0]
    script = script_of(canonical)
    candidates = [c for c in languages if c.split("-")[0] == primary and (script is None or script_of(c) in (None, script))]
    if len(candidates) == 1:
        return candidates[0], ""
    if candidates:
        return None, f"{code!r}, which could be any of {', '.join(candidates)}; write the exact code"
    return None, f"{code!r}, which is not a translation of this publication ({', '.join(languages) or 'none'})"


def _is_language(code: str) -> bool:
    canonical = canonical_code(code)
    return bool(canonical) and language_problem(canonical or "") is None


# -- planning an import --------------------------------------------------------------------


@dataclass
class Change:
    unit: Unit
    language: str
    text: str
    status: Literal["current", "draft"]
    source_fingerprint: str
    source: str  # the source text that fingerprint stands for


@dataclass(frozen=True)
class Conflict:
    """A translation changed in the YAML since the export, and differently in the file."""

    path: Path
    line: int
    unit: Unit
    language: str
    ours: str  # in the YAML now
    theirs: str  # in the file


@dataclass
class ImportPlan:
    path: Path
    document: Document | None = None
    language: str = ""
    changes: list[Change] = field(default_factory=list)
    #: units whose source changed since the export: imported as drafts, reported
    source_changed: list[Unit] = field(default_factory=list)
    #: not imported: changed in the YAML since the export and in the file (unless taken with theirs)
    conflicts: list[Conflict] = field(default_factory=list)
    #: conflicts resolved in favour of the file (``theirs``)
    overridden: list[Conflict] = field(default_factory=list)
    #: the file still carries the text exported; the YAML changed since, so the YAML is kept
    kept: list[Unit] = field(default_factory=list)
    #: translation-memory suggestions that came back untouched (still fuzzy): not imported
    untouched_suggestions: int = 0
    unchanged: int = 0


def resolve(publication: Publication, incoming: Incoming, language: str | None) -> tuple[Document, str]:
    """The document and the language a returning file is for; refuses it with the reason otherwise."""
    path = incoming.path
    targets = publication.target_languages
    name_slug, name_code = incoming.name_parts
    declared = incoming.language or (name_code if _is_language(name_code) else "")
    if not declared:
        raise ExchangeError(f"{path}: the file does not say which language it is in; nothing was changed")
    resolved, why = match_language(declared, targets)
    if resolved is None:
        raise ExchangeError(f"{path}: the file is in {why}; nothing was changed")
    if incoming.language and name_code and _is_language(name_code):
        by_name, _ = match_language(name_code, targets)
        if by_name != resolved:
            raise ExchangeError(
                f"{path}: the file's header says it is in {incoming.language!r} but its name says {name_code!r}; "
                "which is it? Correct the Language of the file (or its name) and import it again. Nothing was changed."
            )
    if language and resolved != language:
        raise ExchangeError(f"{path}: the file is in {resolved!r}, not {language!r} as asked; nothing was changed")
    document = None
    if incoming.document:
        document = next((d for d in publication.documents if document_path(publication, d) == incoming.document), None)
    elif name_slug:
        document = next((d for d in publication.documents if d.slug == name_slug), None)
    if document is None:
        raise ExchangeError(
            f"{path}: it belongs to {incoming.document or name_slug or 'an unnamed document'!r}, "
            "which is not in this publication; nothing was changed"
        )
    return document, resolved


def _identified(path: Path, entry: Entry, document: Document, where: str) -> Entry:
    """An entry whose tool dropped its id (msgctxt), found by its line in the document or by its source text."""
    if entry.unit_id:
        return entry
    units = list(document.units())
    lines = {f"{where}:{u.location.line}": u for u in units}
    found = next((lines[ref] for ref in entry.references if ref in lines), None)
    if found is None:
        same = [u for u in units if u.source == entry.source]
        found = same[0] if len(same) == 1 else None
    if found is None:
        raise ExchangeError(
            f"{path}:{entry.line}: an entry has no msgctxt (the text's id) and neither its reference nor its source "
            "text identifies a text of the document; nothing was changed"
        )
    return Entry(found.id, entry.source, entry.target, entry.unfinished, entry.line, entry.references)


def plan_import(
    publication: Publication,
    incoming: Incoming,
    language: str | None = None,
    ledger: Ledger | None = None,
    theirs: bool = False,
) -> ImportPlan:
    """What importing ``incoming`` would change; raises ExchangeError if anything is wrong with it."""
    path = incoming.path
    document, code = resolve(publication, incoming, language)
    units = {unit.id: unit for unit in document.units()}
    where = document_path(publication, document)
    if any(not e.unit_id for e in incoming.entries):
        incoming.entries = [_identified(path, e, document, where) for e in incoming.entries]
    unknown = [e for e in incoming.entries if e.unit_id not in units]
    if unknown:
        shown = ", ".join(repr(e.unit_id) for e in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        line = f":{unknown[0].line}" if unknown[0].line else ""
        raise ExchangeError(f"{path}{line}: unknown ids {shown} (not in {where}); nothing was changed")
    seen: dict[str, Entry] = {}
    for entry in incoming.entries:
        if entry.unit_id in seen:
            lines = f" (lines {seen[entry.unit_id].line} and {entry.line})" if entry.line else ""
            raise ExchangeError(f"{path}: the id {entry.unit_id!r} appears twice{lines}; keep one. Nothing was changed.")
        seen[entry.unit_id] = entry
    record = ledger.base(incoming.export_id, where, code) if ledger else None
    plan = ImportPlan(path, document, code)
    for entry in incoming.entries:
        if entry.target.strip():
            _plan_entry(plan, units[entry.unit_id], entry, code, record, theirs)
    return plan


def _plan_entry(plan: ImportPlan, unit: Unit, entry: Entry, code: str, record: ExportRecord | None, theirs: bool) -> None:
    current = unit.translations.get(code)
    if current is not None and current.absent:
        raise ExchangeError(
            f"{plan.path}: {unit.id!r} is "
            + (f"translated together with {current.covered_by!r}" if current.covered_by else "omitted on purpose")
            + f" in {code!r}, but the file gives it a text of its own; nothing was changed"
        )
    # a translation covering several units is fingerprinted over all their texts
    sources = " ".join(current.sources) if current is not None and current.sources else unit.source
    theirs_fp = fingerprint(entry.target)
    if record is not None and entry.unfinished and record.suggested.get(unit.id) == theirs_fp:
        plan.untouched_suggestions += 1  # a suggestion nobody confirmed is not a translation
        return
    same_text = current is not None and current.text == entry.target
    if not same_text and record is not None and unit.id in record.translations:
        base = record.translations[unit.id]
        ours_fp = fingerprint(current.text) if current else ""
        if ours_fp != base:  # the YAML changed since this file was exported
            if theirs_fp == base:
                plan.kept.append(unit)  # the translator did not touch it: the file only carries the old text
                return
            conflict = Conflict(plan.path, entry.line, unit, code, current.text if current else "", entry.target)
            if not theirs:
                plan.conflicts.append(conflict)
                return
            plan.overridden.append(conflict)
    if entry.source != unit.source:
        # translated against an older source: keep it, as a draft that status shows as stale
        if same_text:
            plan.unchanged += 1
            return
        plan.source_changed.append(unit)
        plan.changes.append(Change(unit, code, entry.target, "draft", fingerprint(entry.source), entry.source))
        return
    if same_text and entry.unfinished:
        plan.unchanged += 1  # still fuzzy: nobody confirmed it, so it stays as it is (stale stays stale)
        return
    status: Literal["current", "draft"] = "draft" if entry.unfinished else "current"
    unchanged = (
        current is not None
        and same_text
        and (current.status == status or (status == "current" and current.status == "review"))
        and current.source_fingerprint in (None, fingerprint(sources))
    )
    if unchanged:
        plan.unchanged += 1
        return
    plan.changes.append(Change(unit, code, entry.target, status, fingerprint(sources), sources))
