"""The translation commands: add a language, confirm translations, export, import.

Each reads the publication, plans its edits, checks that the edited files
still make a valid publication, and only then writes — all files or none.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedSeq

from .. import journal
from ..errors import ContentError, DiptychError, UsageError
from ..languages import language_problem
from ..load import substituted
from ..lock import locked
from ..model import Publication, Unit
from ..output import write_atomic
from ..read import PUBLICATION_FILE, read_publication
from .edit import EditError, YamlFile, changed_texts
from .exchange import Format, ImportPlan, export_document, export_name, plan_import, read_exchange
from .history import SourceHistory

logger = logging.getLogger(__name__)


def check_edits(root: Path, texts: dict[Path, str]) -> None:
    """Read the publication with ``texts`` in place of its files; refuse the edit if that fails."""
    try:
        with substituted(texts):
            read_publication(root)
    except ContentError as error:
        raise EditError(f"the edit would leave the publication with errors, so nothing was written:\n{error}") from None


def _save(root: Path, files: Iterable[YamlFile], history: SourceHistory | None = None) -> list[Path]:
    """Check the edited files, then write them — and the source history — all together, or none."""
    texts = changed_texts(list(files))
    check_edits(root, texts)
    writes = {path: text.encode("utf-8") for path, text in texts.items()}
    if history is not None and history.changed:
        history.path.parent.mkdir(exist_ok=True)
        writes[history.path] = history.data()
    with locked(root / ".diptych", "editing the publication"):
        journal.commit(root, writes)
    if history is not None:
        history.changed = False
    return list(texts)


def _files(publication: Publication) -> dict[Path, YamlFile]:
    return {document.path: YamlFile(document.path) for document in publication.documents}


# -- add-language --------------------------------------------------------------


@dataclass
class AddLanguageReport:
    language: str
    units: int = 0
    written: list[Path] = field(default_factory=list)


def add_language(root: Path, language: str, draft: bool = False) -> AddLanguageReport:
    """Add ``language`` to the publication, and an empty field for it to every text."""
    problem = language_problem(language)
    if problem:
        raise UsageError(problem)
    publication = read_publication(root)
    if language == publication.source_language or language in publication.target_languages:
        raise UsageError(f"{language!r} is already a language of this publication")
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
    report.written = _save(root, [settings, *files.values()])
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
    _save(root, files.values(), history)
    return marked


# -- export / import -------------------------------------------------------------


def export_translations(root: Path, language: str, form: Format, out: Path | None = None) -> list[Path]:
    publication = read_publication(root)
    if language not in publication.target_languages:
        raise UsageError(f"{language!r} is not a translation of this publication ({', '.join(publication.target_languages)})")
    out = out or root / "translations" / language
    history = SourceHistory(root)
    written = []
    for document in publication.documents:
        path = out / export_name(document, language, form)
        try:
            write_atomic(path, export_document(publication, document, language, form, history))
        except OSError as error:
            raise DiptychError(f"{path}: cannot write ({error.strerror})") from None
        written.append(path)
    history.save()
    return written


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


def import_translations(root: Path, paths: list[Path], language: str | None = None) -> ImportReport:
    """Merge translators' files back into the YAML: every file is checked first; then all are applied, or none."""
    publication = read_publication(root)
    incoming = [read_exchange(path) for path in paths]
    report = ImportReport([plan_import(publication, each, language) for each in incoming])
    history = SourceHistory(root)
    files = _files(publication)
    for each, plan in zip(incoming, report.plans, strict=True):
        for entry in each.entries:
            history.remember(entry.source)
        for change in plan.changes:
            files[change.unit.location.path].set_translation(
                change.unit, change.language, change.text, status=change.status, source_fingerprint=change.source_fingerprint
            )
    report.written = _save(root, files.values(), history)
    for plan in report.plans:
        for path, unit in plan.source_changed:
            logger.warning(
                "%s: %r was translated from an earlier source text; kept as a draft — review it, then run diptych mark-current",
                path,
                unit.id,
            )
    return report
