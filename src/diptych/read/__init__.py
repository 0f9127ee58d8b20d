"""Read a publication folder into the model, checking everything on the way.

Every problem is collected with its file, line and column, so one run of
``diptych check`` lists them all. :func:`read_publication` raises
:class:`~diptych.errors.ContentError` when there is any error; warnings travel
on :attr:`Publication.warnings`.

The reading goes in layers, one module each: :mod:`.values` (typed values out of
YAML nodes, and the problems), :mod:`.settings` (publication.yaml), :mod:`.units`
(translatable texts and their translations, each checked by :mod:`.texts`), :mod:`.blocks` and :mod:`.documents`
(the files in ``content/``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path

from .. import collector, journal
from ..cache import Cache
from ..errors import ContentError, DiptychError, Location, Problem
from ..files import inside
from ..model import Document, Publication
from .documents import CACHE_KIND, CONTENT_DIR, Documents, Selection, document_key
from .edits import Splice, reread
from .settings import PUBLICATION_FILE, read_settings
from .units import Units
from .values import Values

__all__ = ["CONTENT_DIR", "PUBLICATION_FILE", "check_documents", "read_publication"]


def read_publication(root: Path) -> Publication:
    """Read and check the publication in ``root``."""
    root = Path(root)
    settings_path = root / PUBLICATION_FILE
    if not root.is_dir():
        raise DiptychError(f"{root}: no such folder. Create a publication with: diptych init {root}")
    if not settings_path.is_file():
        raise DiptychError(
            f"{settings_path}: not found; {root} is not a diptych publication.\n"
            f"  hint: run the command inside a publication folder, or create one with: diptych init {root}"
        )
    if not inside(settings_path, root):
        raise DiptychError(f"{settings_path}: a link to a place outside the publication; copy the file in instead")
    journal.recover(root)  # an edit interrupted earlier is finished or undone before anything is read
    values = Values()
    with collector.paused():
        publication = _publication(root, values)
    if values.has_errors() or publication is None:
        raise ContentError(values.problems, root)
    return publication


def check_documents(
    root: Path, paths: Collection[Path], publication: Publication, splices: Collection[Splice] = ()
) -> Publication:
    """Read publication.yaml and the documents at ``paths`` exactly as :func:`read_publication` would, and raise
    :class:`~diptych.errors.ContentError` on any error found in them; the other documents are not read again.
    The publication returned holds only the documents at ``paths`` (and their warnings).

    For checking an edit of a few documents of ``publication`` (read a moment ago): a document
    stands on its own but for its slug, so the slugs of the others are taken from ``publication``.
    A document whose edit is one of ``splices`` is read again only where the splice changed it, when
    that can be done (:mod:`.edits`).
    """
    quick: dict[Path, tuple[Document, list[Problem]]] = {}
    for splice in splices:
        found = reread(publication, splice)
        if found is not None:
            quick[splice.path.absolute()] = found
    wanted = {path.absolute() for path in paths} - set(quick)
    checked = dataclasses.replace(publication, documents=(), warnings=())
    if wanted:
        others = {d.slug: Location(d.path) for d in publication.documents if d.path.absolute() not in wanted}
        values = Values()
        with collector.paused():
            read = _publication(root, values, Selection(wanted, others))
        if values.has_errors() or read is None:
            raise ContentError(values.problems, root)
        checked = read
    cache = Cache(CACHE_KIND)
    settings = (publication.source_language, publication.target_languages, publication.numbering)
    for document, warnings in quick.values():
        cache.store(document_key(cache, document.path, document.digest, *settings), (document, warnings))
    return dataclasses.replace(
        checked,
        documents=(*checked.documents, *(document for document, _ in quick.values())),
        warnings=(*checked.warnings, *(warning for _, warnings in quick.values() for warning in warnings)),
    )


def _publication(root: Path, values: Values, selection: Selection | None = None) -> Publication | None:
    """The settings, then the title and description in the languages they name, then the documents."""
    fields = values.top_mapping(
        root / PUBLICATION_FILE, "publication.yaml", "publication.yaml is empty", "give it at least a title and a source_language"
    )
    if fields is None:
        return None
    settings = read_settings(values, fields)
    if "title" not in fields:
        values.error(fields, "publication.yaml has no title", "add 'title: …' (the name of the edition)")
    if settings.source is None:
        return None  # without the source language, no text can be read
    units = Units(values, settings.source, settings.targets)
    title = units.unit(fields["title"], "title", "title") if "title" in fields else None
    description = units.unit(fields["description"], "description", "description") if "description" in fields else None
    if title is None or values.has_errors():
        return None  # the documents are read against these settings: fix them first
    documents = Documents(root, values, units).documents(settings.numbering, selection)
    return Publication(
        root=root,
        title=title,
        publisher=settings.publisher,
        source=settings.source,
        targets=settings.targets,
        numbering=settings.numbering,
        documents=tuple(documents),
        description=description,
        bilingual=settings.bilingual,
        draft_languages=settings.draft_languages,
        glossary=settings.glossary,
        printing=settings.printing,
        base_url=settings.base_url,
        warnings=tuple(p for p in values.problems if p.severity == "warning"),
    )
