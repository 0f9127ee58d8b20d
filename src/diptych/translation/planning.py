"""What importing a translator's file would change: its document and language, then each entry.

The language must be one of the publication's (header and file name agree; a
region variant such as ``en_US`` stands for ``en``), the document must exist,
every id must be one of its units, once. A translation changed in the YAML
since the export is a conflict: reported with both texts and left as it is,
unless ``theirs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..languages import canonical_code, language_problem
from ..model import Document, Publication, Unit, fingerprint
from .incoming import Entry, ExchangeError, Incoming
from .ledger import ExportRecord, Ledger, document_path
from .scripts import script_of


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
    # fingerprints are taken only where a record of the export is compared with (20,000 hashes otherwise)
    if record is not None and entry.unfinished and record.suggested.get(unit.id) == fingerprint(entry.target):
        plan.untouched_suggestions += 1  # a suggestion nobody confirmed is not a translation
        return
    same_text = current is not None and current.text == entry.target
    if not same_text and record is not None and unit.id in record.translations:
        base = record.translations[unit.id]
        ours_fp = fingerprint(current.text) if current else ""
        if ours_fp != base:  # the YAML changed since this file was exported
            if fingerprint(entry.target) == base:
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
