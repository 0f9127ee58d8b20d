"""The warnings known as soon as the publication is read: one list for `check`, `build`, `status` and `import`.

A build used to find some of these only while rendering, and `check --strict`
passed where `build --strict` failed. Both now ask this module: the problems of
the files (``Publication.warnings``), languages without interface strings,
translations made from an earlier source or missing (outside draft
languages), and faces that are not installed. A strict build stops on them
before rendering anything. What only rendering can tell (a character that
no installed font has, a file a stylesheet asks for outside the publication)
is found by the build alone. ``status`` and ``import`` log the same list
(``import`` about the publication as the import left it), without failing:
their exit status is about translations, and ``check --strict`` is the gate.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import Location
from .fonts import FACE_SOURCES, faces_for, font_files
from .model import Publication

logger = logging.getLogger(__name__)


def reading_warnings(publication: Publication, languages: tuple[str, ...] | None = None) -> list[str]:
    """Every warning about ``publication`` (in ``languages``) that needs no rendering, as the build logs them."""
    files = [problem.format(publication.root, excerpt=False, severity=False) for problem in publication.warnings]
    return files + edition_warnings(publication, languages)


def log_warnings(publication: Publication, languages: tuple[str, ...] | None = None) -> list[str]:
    """Log :func:`reading_warnings`, one record each, as the build does; the messages."""
    messages = reading_warnings(publication, languages)
    for message in messages:
        logger.warning("%s", message)
    return messages


def edition_warnings(publication: Publication, languages: tuple[str, ...] | None = None) -> list[str]:
    """The warnings about what the edition will look like, beyond the problems of the files themselves."""
    from .theme import has_ui_translations
    from .translation.catalogs import catalog_status, own_catalog_path
    from .translation.status import translation_gaps

    root = publication.root
    languages = languages or publication.languages
    found = []
    for language in languages:
        value = publication.language(language)
        if language == publication.source_language:
            continue
        if not has_ui_translations(value, root):
            found.append(
                f"no interface translation for {language!r}: menus and labels of its pages are in English; "
                f"`diptych add-language {language}` creates {_relative(own_catalog_path(root, language), root)} to translate"
            )
            continue
        catalog = catalog_status(root, value)
        if catalog.path and catalog.missing:
            found.append(
                f"{_relative(catalog.path, root)}: {catalog.missing} of {catalog.total} interface strings are not "
                "translated yet (they are shown in English)"
            )
    found += translation_gaps(publication, languages)
    for face in faces_for(publication.language(code) for code in languages):
        if not font_files(face):
            found.append(f"the face {face} is not installed: its text falls back to another font ({FACE_SOURCES[face]})")
    return found


def _relative(path: Path, root: Path) -> str:
    return str(Location(path).relative_to(root))
