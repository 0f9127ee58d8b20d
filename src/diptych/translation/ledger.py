"""What diptych exported, so that nothing is lost when files come back.

``.diptych/exports.json`` (commit it with the publication) records, for each
export of a document in a language, the translation every unit had then (its
fingerprint), under an export id that travels in the file (PO header
``X-Diptych-Export``, XLIFF ``build-num`` / a file note). An import compares
the YAML with that record: a translation changed in the YAML since the export
is not replaced without a word. It also records the bytes diptych last wrote
or read for each exchange file, so that an export never overwrites a file a
translator has edited since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiptychError
from ..model import Document, Publication
from ..output import write_atomic

LEDGER_FILE = Path(".diptych") / "exports.json"
#: exports kept per document and language; older files are judged against the oldest kept
KEPT_EXPORTS = 10


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_json_store(path: Path, what: str) -> dict[str, object]:
    """A JSON object from ``.diptych/``; absent is empty, unreadable is an error (never silently rewritten)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise DiptychError(f"{path}: cannot read {what} ({error}); nothing was changed") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 0)
        conflict = "<<<<<<<" in text or ">>>>>>>" in text
        hint = (
            "it contains merge-conflict markers: resolve the conflict (keep both sides' entries), or take one side with git"
            if conflict
            else "repair it, or restore it from version control"
        )
        raise DiptychError(
            f"{path}:{line}: {what} is not valid JSON ({error.args[0].split(':')[0]}); nothing was changed\n  hint: {hint}"
        ) from None
    if not isinstance(data, dict):
        raise DiptychError(f"{path}: {what} must be a JSON object; nothing was changed")
    return data


@dataclass
class ExportRecord:
    document: str
    language: str
    #: unit id → fingerprint of its translation at export ("" when there was none)
    translations: dict[str, str] = field(default_factory=dict)
    #: unit id → fingerprint of the translation-memory suggestion filled in for a missing text
    suggested: dict[str, str] = field(default_factory=dict)


class Ledger:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / LEDGER_FILE
        data = read_json_store(self.path, "the record of exports")
        files = data.get("files", {})
        exports = data.get("exports", [])
        self.files: dict[str, str] = dict(files) if isinstance(files, dict) else {}
        self.exports: dict[str, ExportRecord] = {}
        for item in exports if isinstance(exports, list) else []:
            if isinstance(item, dict) and isinstance(item.get("translations"), dict):
                suggested = item.get("suggested", {})
                self.exports[str(item["id"])] = ExportRecord(
                    str(item["document"]),
                    str(item["language"]),
                    dict(item["translations"]),
                    dict(suggested) if isinstance(suggested, dict) else {},
                )
        self.changed = False

    def key(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.resolve().as_posix()

    # -- exports -----------------------------------------------------------------

    def record_export(self, where: str, document: Document, language: str, suggested: dict[str, str] | None = None) -> str:
        """Record what ``document``'s translations are now; the export id to put in the file."""
        translations = {}
        for unit in document.units():
            translation = unit.translations.get(language)
            translations[unit.id] = translation.fingerprint if translation else ""
        suggested = suggested or {}
        identity = json.dumps([where, language, sorted(translations.items()), sorted(suggested.items())], ensure_ascii=False)
        export_id = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        if export_id in self.exports:
            del self.exports[export_id]  # moved to the end: the newest
        self.exports[export_id] = ExportRecord(where, language, translations, suggested)
        same = [k for k, r in self.exports.items() if r.document == where and r.language == language]
        for old in same[:-KEPT_EXPORTS]:
            del self.exports[old]
        self.changed = True
        return export_id

    def base(self, export_id: str | None, where: str, language: str) -> ExportRecord | None:
        """The record a returning file was made from: its own, or else the latest of its document and language."""
        if export_id and export_id in self.exports:
            record = self.exports[export_id]
            if record.document == where and record.language == language:
                return record
        latest = [r for r in self.exports.values() if r.document == where and r.language == language]
        return latest[-1] if latest else None

    # -- files -------------------------------------------------------------------

    def remember_file(self, path: Path, data: bytes) -> None:
        key, value = self.key(path), digest(data)
        if self.files.get(key) != value:
            self.files[key] = value
            self.changed = True

    def edited_since(self, path: Path) -> bool:
        """True when ``path`` exists and is not what diptych last wrote or imported there."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return False
        except OSError:
            return True
        return self.files.get(self.key(path)) != digest(data)

    def data(self) -> bytes:
        """The record as JSON, a file or an export a line: json's C encoder writes each line (an indented
        whole is encoded in Python, ten times slower, and the exports of 20,000 texts took a tenth of a second)."""
        files = [f"  {json.dumps(key)}: {json.dumps(value)}" for key, value in sorted(self.files.items())]
        exports = [
            "  "
            + json.dumps(
                {"id": k, "document": r.document, "language": r.language, "translations": r.translations}
                | ({"suggested": r.suggested} if r.suggested else {}),
                ensure_ascii=False,
            )
            for k, r in self.exports.items()
        ]
        body = ['"files": {' + ("\n" + ",\n".join(files) + "\n " if files else "") + "}"]
        body.append('"exports": [' + ("\n" + ",\n".join(exports) + "\n " if exports else "") + "]")
        return ("{\n " + ",\n ".join(body) + "\n}\n").encode("utf-8")

    def save(self) -> None:
        if self.changed:
            write_atomic(self.path, self.data())
            self.changed = False


def document_path(publication: Publication, document: Document) -> str:
    """The document's file relative to the publication: its identity in exchange files."""
    try:
        return document.path.relative_to(publication.root).as_posix()
    except ValueError:
        return document.path.as_posix()
