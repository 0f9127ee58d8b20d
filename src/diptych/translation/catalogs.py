"""Interface strings for any language: catalogs a publication carries itself.

diptych ships catalogs for a few languages (``src/diptych/locale``). A
publication in another language carries its own,
``locale/<lang>/LC_MESSAGES/diptych.po``: ``diptych add-language nb`` creates
it from the template with every string to translate (filled in from a
built-in catalog where diptych has one), pages use it before the built-in
one, and ``status`` and the warnings say how much of it is translated.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..languages import Language
from ..output import write_atomic
from .po import PoEntry, PoFile, PoSyntaxError, read_po, write_po

BUILTIN = Path(__file__).resolve().parent.parent / "locale"
TEMPLATE = BUILTIN / "messages.pot"


def own_catalog_path(root: Path, code: str) -> Path:
    return root / "locale" / code / "LC_MESSAGES" / "diptych.po"


def own_catalog(root: Path, language: Language) -> Path | None:
    """The publication's own catalog for ``language`` (its code, then its base language), if it has one."""
    for code in dict.fromkeys((language.code, language.base)):
        path = own_catalog_path(root, code)
        if path.is_file():
            return path
    return None


def builtin_catalog(language: Language) -> Path | None:
    for code in dict.fromkeys((language.code, language.base)):
        path = BUILTIN / code / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            return path
    return None


def _entries(path: Path) -> list[PoEntry]:
    return [e for e in read_po(path.read_text(encoding="utf-8")).entries if e.msgid]


@dataclass(frozen=True)
class CatalogStatus:
    language: str
    path: Path | None  # the publication's own catalog, if any
    translated: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.translated


def catalog_status(root: Path, language: Language) -> CatalogStatus:
    """How many of the template's strings ``language`` has, from its own catalog or the built-in one."""
    wanted = {(e.msgctxt, e.msgid) for e in _entries(TEMPLATE)}
    have: set[tuple[str | None, str]] = set()
    own = own_catalog(root, language)
    for path in (own, builtin_catalog(language)):
        if path is None:
            continue
        try:
            have |= {(e.msgctxt, e.msgid) for e in _entries(path) if e.msgstr and not e.fuzzy}
        except PoSyntaxError:
            continue  # reported when pages are made
    return CatalogStatus(language.code, own, len(wanted & have), len(wanted))


def create_catalog(root: Path, language: Language) -> Path | None:
    """``locale/<lang>/LC_MESSAGES/diptych.po`` with every interface string; None if it exists already."""
    path = own_catalog_path(root, language.code)
    if path.exists():
        return None
    known: dict[tuple[str | None, str], str] = {}
    builtin = builtin_catalog(language)
    if builtin:
        known = {(e.msgctxt, e.msgid): e.msgstr for e in _entries(builtin) if e.msgstr and not e.fuzzy}
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
    header = {
        "Project-Id-Version": "diptych interface",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": language.code,
        "Language": language.code.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    entries = []
    for entry in _entries(TEMPLATE):
        flags = [f for f in entry.flags if f != "fuzzy"]
        entries.append(
            PoEntry(
                entry.msgid,
                known.get((entry.msgctxt, entry.msgid), ""),
                entry.msgctxt,
                notes=entry.notes,
                flags=flags,
            )
        )
    comments = [
        f"The interface strings of the edition in {language.name} ({language.code}): contents, page numbers, labels.",
        "Translate the msgstr lines; {braces} and %(names)s stay as they are. Pages use this file first.",
    ]
    write_atomic(path, write_po(PoFile(header, entries, comments)).encode("utf-8"))
    return path
