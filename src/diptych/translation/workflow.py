"""The translation commands: add a language, confirm translations, export, import.

Each reads the publication, plans its edits, checks that the edited files
still make a valid publication, and only then writes — all files or none.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ruamel.yaml.comments import CommentedSeq

from .. import collector, journal
from ..diagnose import log_warnings
from ..errors import ContentError, DiptychError, UsageError
from ..languages import language as language_value
from ..languages import language_problem
from ..load import substituted
from ..lock import locked
from ..model import Document, Publication, TranslationStatus, Unit
from ..read import PUBLICATION_FILE, check_documents, read_publication
from ..read.edits import Splice
from ..theme import has_ui_translations
from .catalogs import create_catalog
from .edit import EditError, YamlFile
from .exchange import (
    Conflict,
    ExchangeError,
    Format,
    ImportPlan,
    export_document,
    export_name,
    plan_import,
    read_exchange,
)
from .history import SourceHistory
from .ledger import Ledger
from .memory import Match, TranslationMemory, wants_suggestion
from .report import import_messages
from .splice import SplicedFile
from .tmx import export_tmx, is_tmx, plan_tmx

logger = logging.getLogger(__name__)


def check_edits(
    root: Path, texts: dict[Path, str], publication: Publication | None = None, splices: Collection[Splice] = ()
) -> Publication:
    """Read the publication with ``texts`` in place of its files; refuse the edit if that fails; the publication as
    the edit leaves it.

    Given the ``publication`` as read before the edit, and only its documents edited, only they are read again
    (those edited by ``splices``, only where they changed).
    """
    try:
        with substituted(texts):
            known = {document.path.absolute() for document in publication.documents} if publication else set()
            if publication is not None and all(path.absolute() in known for path in texts):
                return _edited(publication, check_documents(root, texts, publication, splices))
            return read_publication(root)
    except ContentError as error:
        raise EditError(f"the edit would leave the publication with errors, so nothing was written:\n{error}") from None


def _edited(before: Publication, checked: Publication) -> Publication:
    """``before`` with the documents read again in ``checked``, and their warnings in place of the old ones."""
    again = {document.path.absolute(): document for document in checked.documents}
    order = {document.path.absolute(): number for number, document in enumerate(before.documents)}
    kept = [p for p in before.warnings if p.location.path.absolute() in order and p.location.path.absolute() not in again]
    warnings = sorted([*kept, *checked.warnings], key=lambda p: order.get(p.location.path.absolute(), -1))  # as read
    documents = tuple(again.get(document.path.absolute(), document) for document in before.documents)
    return dataclasses.replace(before, documents=documents, warnings=tuple(warnings))


def _save(
    root: Path,
    files: Iterable[YamlFile | SplicedFile],
    history: SourceHistory | None = None,
    publication: Publication | None = None,
    intended: Collection[TranslationEdit] = (),
) -> tuple[list[Path], Publication]:
    """Check the edited files (of ``publication``, as read before the edit), and that each translation set
    (``intended``) reads back as given; then write them — and the source history — all together, or none;
    the files written and the publication they now make."""
    texts: dict[Path, str] = {}
    splices = []
    for file in files:
        splice = file.splice() if isinstance(file, SplicedFile) else None
        text = splice.text if splice else file.text()  # composed once: a long file's text is half a megabyte
        if text != file.original:
            texts[file.path] = text
            splices += [splice] if splice else []
    publication = check_edits(root, texts, publication, splices)
    _read_back(publication, intended)
    with locked(root / ".diptych", "editing the publication"):
        _commit(root, {path: text.encode("utf-8") for path, text in texts.items()}, [history])
    return list(texts), publication


def _read_back(publication: Publication, edits: Collection[TranslationEdit]) -> None:
    """Refuse an edit in which a translation set would not read back as the text given: the last guard of a
    translator's work against a YAML writer's mistake (one once let YAML fold a U+2029 with the space after it)."""
    paths = {unit.location.path.absolute() for unit, *_ in edits}
    units = {
        (document.path.absolute(), unit.id): unit
        for document in publication.documents
        if document.path.absolute() in paths
        for unit in document.units()
    }
    for unit, language, text, _, _ in edits:
        again = units.get((unit.location.path.absolute(), unit.id))
        translation = again.translations.get(language) if again else None
        if translation is None or translation.text != text:
            raise EditError(
                f"{unit.location.path}: the {language!r} translation of {unit.id!r} would not read back as given "
                f"({text[:60]!r}…), so nothing was written. This is a bug in diptych: please report it with the text."
            )


class _Record(Protocol):
    """A record diptych keeps beside the files it edits: the source history, the record of exports."""

    path: Path
    changed: bool

    def data(self) -> bytes: ...


def _commit(root: Path, writes: dict[Path, bytes], records: Iterable[_Record | None], outside: Path | None = None) -> None:
    """``writes`` and every changed record as one edit: all of them written, or none (:mod:`..journal`)."""
    changed = [record for record in records if record is not None and record.changed]
    for record in changed:
        record.path.parent.mkdir(parents=True, exist_ok=True)
    journal.commit(root, {**writes, **{record.path: record.data() for record in changed}}, outside=outside)
    for record in changed:
        record.changed = False


TranslationEdit = tuple[Unit, str, str, TranslationStatus, str]


def _edit_translations(edits: Iterable[TranslationEdit]) -> list[YamlFile | SplicedFile]:
    """The files with these translations set: spliced in place, or through ruamel.yaml where that cannot be done."""
    by_file: dict[Path, list[TranslationEdit]] = {}
    for edit in edits:
        by_file.setdefault(edit[0].location.path, []).append(edit)
    files: list[YamlFile | SplicedFile] = []
    for path, planned in by_file.items():
        spliced = SplicedFile(path)
        if all(spliced.set_translation(unit, code, text, status, source) for unit, code, text, status, source in planned):
            files.append(spliced)
            continue
        careful = YamlFile(path)
        for unit, code, text, status, source in planned:
            careful.set_translation(unit, code, text, status=status, source_fingerprint=source)
        files.append(careful)
    return files


def _files(publication: Publication) -> dict[Path, YamlFile]:
    return {document.path: YamlFile(document.path) for document in publication.documents}


# -- add-language --------------------------------------------------------------


@dataclass
class AddLanguageReport:
    language: str
    units: int = 0
    written: list[Path] = field(default_factory=list)
    #: the interface catalog created for a language diptych has none for
    catalog: Path | None = None


def add_language(root: Path, language: str, draft: bool = False) -> AddLanguageReport:
    """Add ``language`` to the publication, and an empty field for it to every text."""
    problem = language_problem(language)
    if problem:
        raise UsageError(problem)
    publication = read_publication(root)
    if language == publication.source_language or language in publication.target_languages:
        existing = publication.language(language)
        if has_ui_translations(existing, root):
            raise UsageError(f"{language!r} is already a language of this publication")
        report = AddLanguageReport(language)  # a language already there, but without interface strings: make its catalog
        with locked(root / ".diptych", "editing the publication"):
            report.catalog = create_catalog(root, existing)
        return report
    settings = YamlFile(root / PUBLICATION_FILE)
    languages = settings.data.get("languages")
    if languages is None:
        settings.data["languages"] = [language]
    elif isinstance(languages, list):
        languages.append(language)
    else:
        raise EditError(f"{root / PUBLICATION_FILE}: 'languages' is not a list; add {language!r} by hand")
    if draft:
        drafts = settings.data.get("draft_languages")
        if drafts is None:
            drafts = CommentedSeq([language])
            if isinstance(languages, CommentedSeq) and languages.fa.flow_style():
                drafts.fa.set_flow_style()  # written like the languages list: [az]
            settings.data.insert(list(settings.data).index("languages") + 1, "draft_languages", drafts)
        else:
            drafts.append(language)
    report = AddLanguageReport(language)
    files = _files(publication)
    for document in publication.documents:
        for unit in document.units():
            report.units += files[document.path].add_language(unit, language)
    report.written, _ = _save(root, [settings, *files.values()])
    language_ui = language_value(language)
    if not has_ui_translations(language_ui, root):
        with locked(root / ".diptych", "editing the publication"):
            report.catalog = create_catalog(root, language_ui)  # interface strings to translate: "Contents", "page 1 of 6"…
    return report


# -- mark-current --------------------------------------------------------------


def mark_current(root: Path, language: str, ids: tuple[str, ...] = (), document_slug: str | None = None) -> list[Unit]:
    """Record that the translations (all, or those with ``ids``) match the current source."""
    publication = read_publication(root)
    if language not in publication.target_languages:
        raise UsageError(f"{language!r} is not a translation of this publication ({', '.join(publication.target_languages)})")
    history = SourceHistory(root)
    files = _files(publication)
    marked: list[Unit] = []
    found: set[str] = set()
    for document in publication.documents:
        if document_slug and document.slug != document_slug:
            continue
        for unit in document.units():
            if ids and unit.id not in ids:
                continue
            found.add(unit.id)
            translation = unit.translations.get(language)
            if translation is None or translation.absent:
                continue  # nothing of its own to confirm (covered by another unit, or omitted)
            history.remember(" ".join(translation.sources or (unit.source,)))
            if files[document.path].mark_current(unit, language, translation):
                marked.append(unit)
    missing = [i for i in ids if i not in found]
    if missing:
        raise UsageError(f"no text with the id {', '.join(map(repr, missing))}; nothing was changed")
    _save(root, files.values(), history, publication)
    return marked


# -- export / import -------------------------------------------------------------


def _target(publication: Publication, language: str) -> None:
    if language not in publication.target_languages:
        raise UsageError(f"{language!r} is not a translation of this publication ({', '.join(publication.target_languages)})")


def export_translations(
    root: Path, language: str, form: Format, out: Path | None = None, force: bool = False, memory: bool = True
) -> list[Path]:
    """One exchange file per document; refuses to overwrite a file edited since diptych wrote it, unless ``force``."""
    with collector.paused():
        return _export(root, language, form, out, force, memory)


def _export(root: Path, language: str, form: Format, out: Path | None, force: bool, memory: bool) -> list[Path]:
    publication = read_publication(root)
    _target(publication, language)
    out = out or root / "translations" / language
    history, ledger = SourceHistory(root), Ledger(root)
    paths = [out / export_name(document, language, form) for document in publication.documents]
    edited = [path for path in paths if ledger.edited_since(path)]
    if edited and not force:
        shown = "\n".join(f"  {path}" for path in edited[:10]) + ("\n  …" if len(edited) > 10 else "")
        raise DiptychError(
            f"{len(edited)} file(s) were changed since diptych wrote them, perhaps by a translator; "
            f"nothing was exported:\n{shown}\n"
            "  hint: import them first (diptych import FILE), move them away, or export with --force to overwrite them"
        )
    tm = TranslationMemory(publication, language) if memory else None
    with locked(root / ".diptych", "exporting translations"):
        files = {
            path: export_document(publication, document, language, form, history, ledger, tm)
            for document, path in zip(publication.documents, paths, strict=True)
        }
        _write_exported(root, files, ledger, history)
    return list(files)


def _write_exported(root: Path, files: dict[Path, bytes], ledger: Ledger, history: SourceHistory | None = None) -> None:
    """The exchange files (all in one folder), the record of exports and the source history, as one edit: all of
    them written, or none (:mod:`..journal`)."""
    for path, data in files.items():
        ledger.remember_file(path, data)
    (folder,) = {path.parent for path in files}
    folder.mkdir(parents=True, exist_ok=True)
    _commit(root, files, [history, ledger], outside=folder)


@dataclass
class ImportReport:
    plans: list[ImportPlan] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(len(p.changes) for p in self.plans)

    @property
    def unchanged(self) -> int:
        return sum(p.unchanged for p in self.plans)

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for p in self.plans for c in p.conflicts]


def import_translations(root: Path, paths: list[Path], language: str | None = None, theirs: bool = False) -> ImportReport:
    """Merge translators' files back into the YAML: every file is checked first; then all are applied, or none.

    A translation changed in the YAML since the file was exported is a conflict: left as it is and
    reported with both texts (``theirs`` takes the file's text instead).
    """
    with collector.paused():
        return _import(root, paths, language, theirs)


def _import(root: Path, paths: list[Path], language: str | None, theirs: bool) -> ImportReport:
    publication = read_publication(root)
    history, ledger = SourceHistory(root), Ledger(root)
    incoming = [read_exchange(path) for path in paths if not is_tmx(path)]
    report = ImportReport([plan_import(publication, each, language, ledger, theirs) for each in incoming])
    claimed: dict[tuple[str, str, str], Path] = {}
    for plan in report.plans:
        assert plan.document is not None
        for entry in next(i for i in incoming if i.path == plan.path).entries:
            key = (plan.document.slug, plan.language, entry.unit_id)
            if key in claimed and claimed[key] != plan.path:
                raise ExchangeError(
                    f"{plan.path}: {entry.unit_id!r} is also in {claimed[key]}; import one of the two files. Nothing was changed."
                )
            claimed[key] = plan.path
    report.plans += [plan_tmx(publication, path, theirs) for path in paths if is_tmx(path)]
    changes = [change for plan in report.plans for change in plan.changes]
    for change in changes:
        history.remember(change.source)
    edits = [(c.unit, c.language, c.text, c.status, c.source_fingerprint) for c in changes]
    report.written, publication = _save(root, _edit_translations(edits), history, publication, edits)
    for each in incoming:
        ledger.remember_file(each.path, each.data)  # imported: a new export may replace it
    with locked(root / ".diptych", "recording the import"):
        history.save()
        ledger.save()
    for warning in import_messages(report)[0]:
        logger.warning("%s", warning)
    imported = {plan.language for plan in report.plans}  # a TMX file's plan is of every language ("")
    log_warnings(publication, None if "" in imported else tuple(sorted(imported)))  # as the import left it
    return report


# -- translation memory: suggestions, TMX ---------------------------------------------


@dataclass
class Suggested:
    document: Document
    unit: Unit
    matches: list[Match]


def suggest(root: Path, language: str, apply_exact: bool = False) -> tuple[list[Suggested], list[Path]]:
    """Similar texts already translated, for every unit of ``language`` without a current translation.

    With ``apply_exact``, a unit whose source is exactly that of a translated one takes its
    translation, as a draft for review.
    """
    publication = read_publication(root)
    _target(publication, language)
    memory = TranslationMemory(publication, language)
    found = []
    for document in publication.documents:
        for unit in document.units():
            if wants_suggestion(unit, language):
                matches = memory.matches(unit)
                if matches:
                    found.append(Suggested(document, unit, matches))
    written: list[Path] = []
    if apply_exact:
        history = SourceHistory(root)
        edits: list[TranslationEdit] = [
            (each.unit, language, each.matches[0].target, "draft", history.remember(each.unit.source))
            for each in found
            if each.matches[0].exact
        ]
        written, _ = _save(root, _edit_translations(edits), publication=publication, intended=edits)
        with locked(root / ".diptych", "recording source texts"):
            history.save()
    return found, written


def export_memory(root: Path, out: Path | None = None) -> Path:
    """The whole publication as one TMX file (every language pair): translations/<folder>.tmx."""
    publication = read_publication(root)
    path = out if out and out.suffix == ".tmx" else (out or root / "translations") / "memory.tmx"
    data = export_tmx(publication)
    ledger = Ledger(root)
    with locked(root / ".diptych", "exporting the translation memory"):
        _write_exported(root, {path: data}, ledger)
    return path
