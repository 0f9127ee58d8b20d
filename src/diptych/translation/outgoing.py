"""Files for translators: one PO or XLIFF file per document and language.

Each entry carries the unit's stable id (PO ``msgctxt``, XLIFF ``id``), the
source text, the translation, where the unit is and what it is, and the
suggestions of the translation memory. The document travels where every tool
keeps it: the PO header ``X-Diptych-Document``, XLIFF ``original``, and the
file name (``<slug>.<lang>.po``).
"""

from __future__ import annotations

import datetime
from typing import Literal

from babel.messages.plurals import get_plural

from .. import __version__
from ..model import Document, Publication, Translation, Unit, fingerprint
from .context import unit_contexts
from .history import SourceHistory
from .ledger import Ledger, document_path
from .memory import Match, TranslationMemory, wants_suggestion
from .po import PoEntry, PoFile, write_po
from .status import unit_status
from .xliff import OutgoingFile, OutgoingUnit, Suggestion, write_xliff

Format = Literal["po", "xliff", "xliff2"]
FORMATS: tuple[Format, ...] = ("po", "xliff", "xliff2")
DOCUMENT_FIELD = "X-Diptych-Document"
EXPORT_FIELD = "X-Diptych-Export"


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
    units = list(document.units())
    sources = {unit.id: unit.source for unit in units}  # what a joined translation covers
    written: list[OutgoingUnit] = []
    suggested: dict[str, str] = {}
    for unit in units:
        history.remember(unit.source, unit.fingerprint)
        status = unit_status(unit, language, history)
        translation = unit.translations.get(language)
        matches: list[Match] = memory.matches(unit) if memory and wants_suggestion(unit, language) else []
        present = translation is not None and not translation.absent
        target = translation.text if translation and present else None
        if target is None and matches and form == "po":
            target = matches[0].target  # PO has one place for it: filled in, marked fuzzy
            suggested[unit.id] = fingerprint(target)
        written.append(
            OutgoingUnit(
                id=unit.id,
                source=unit.source,
                target=target,
                state=status.state,
                line=unit.location.line,
                notes=tuple(_notes(contexts, unit, translation) + _shape_notes(sources, translation)),
                paragraphs=translation.paragraphs if translation and present else (),
                previous_source=status.previous_source if status.state == "stale" else None,
                suggestions=tuple(Suggestion(m.score, m.source, m.target, m.origin) for m in matches),
            )
        )
    export_id = ledger.record_export(where, document, language, suggested)
    out = OutgoingFile(where, document.slug, publication.source_language, language, export_id, written)
    if form == "po":
        return _po(publication, out).encode("utf-8")
    return write_xliff(out, version=2 if form == "xliff2" else 1)


def _notes(contexts: dict[str, str], unit: Unit, translation: Translation | None) -> list[str]:
    notes = [contexts.get(unit.id, "")]
    if unit.note:
        notes.append(f"Note: {unit.note}")
    if translation and translation.note:
        notes.append(f"Translator's note: {translation.note}")
    if "*" in unit.source or "[" in unit.source:
        notes.append("Keep the markup: *emphasis*, **strong**, [link text](address).")
    return [n for n in notes if n]


def _shape_notes(sources: dict[str, str], translation: Translation | None) -> list[str]:
    """How the translation is paragraphed, when it differs from the source (joined, split, omitted)."""
    if translation is None:
        return []
    if translation.covered_by:
        return [f"Translated together with {translation.covered_by} (the translator joined them): leave this one empty."]
    if translation.omitted is not None:
        return [f"Left out of this language on purpose: {translation.omitted}. Leave it empty."]
    notes = []
    if translation.covers:
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
