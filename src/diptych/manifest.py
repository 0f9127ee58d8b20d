"""What each output was made from, so that a rebuild makes only what changed.

``output/.diptych-manifest.json`` records, for every file a build wrote, a key:
a digest of everything that file depends on — its document's YAML, the
publication's settings, the theme (templates, styles, interface catalogs,
fonts), the options and the versions of diptych and WeasyPrint. A file whose
key is unchanged is not made again; a file no longer in the edition (its
document was deleted) is removed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .files import FileRefused, list_files, read_bytes
from .fonts import font_files
from .output import is_output_name, remove_file, write_atomic
from .read import CONTENT_DIR, PUBLICATION_FILE
from .read.documents import MAX_DOCUMENTS
from .theme import PDF_STYLESHEETS, print_fonts, style_files, template_dirs, template_files
from .translation.history import HISTORY_FILE

if TYPE_CHECKING:
    from .jobs import Plan
    from .model import Publication

MANIFEST = ".diptych-manifest.json"


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:24]


#: the largest input file whose digest is taken (fonts are the largest inputs, a few MiB)
MAX_INPUT_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def file_digest(path: Path) -> str:
    """The digest of a regular file's bytes; "absent" when it is missing or not a file we read (never blocks)."""
    try:
        return digest(read_bytes(path, MAX_INPUT_BYTES))
    except FileRefused:
        return "absent"


def files_digest(paths: Iterable[Path], root: Path | None = None) -> str:
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts.append(str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path))
        parts.append(file_digest(path))
    return digest(*parts)


def versions() -> str:
    try:
        weasyprint = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        weasyprint = "absent"
    return f"diptych {__version__}, weasyprint {weasyprint}"


def input_digests(root: Path) -> dict[str, str]:
    """A digest of every file the edition is made from, read as bytes (no YAML is parsed).

    Besides one entry per source file: "templates" (templates, interface catalogs,
    versions) for every page and PDF, "print" (the stylesheets and fonts WeasyPrint
    reads) for the PDFs only, and "static" (every stylesheet and the web fonts).
    """
    content = root / CONTENT_DIR
    documents, refused = list_files(content, root, (".yaml", ".yml"), MAX_DOCUMENTS) if content.is_dir() else ([], [])
    digests = {"refused": str(time.time())} if refused else {}  # never up to date: reading reports them
    digests |= {str(p.relative_to(root)): file_digest(p) for p in [root / PUBLICATION_FILE, *documents, root / HISTORY_FILE]}
    digests["templates"] = digest(files_digest(template_files(root)), versions())
    fonts = [f"{p}:{p.stat().st_size}" for p in print_fonts()]
    digests["print"] = digest(files_digest(style_files(root, PDF_STYLESHEETS)), *fonts)
    digests["static"] = digest(files_digest(style_files(root)), *(str(p) for p in font_files()))
    return digests


def options_digest(*options: str) -> str:
    """The build options that change every output, with the versions of diptych and WeasyPrint."""
    return digest(versions(), *options)


def output_keys(publication: Publication, plan: Plan, inputs: dict[str, str]) -> dict[str, str]:
    """Each output's key: the digests of exactly the inputs it is made from."""
    templates, settings = inputs["templates"], inputs[PUBLICATION_FILE]
    search_path = ",".join(str(d) for d in template_dirs(publication))
    every_document = digest(*(inputs.get(str(d.path.relative_to(publication.root)), "") for d in publication.documents))
    keys = {}
    for job in plan.jobs:
        if job.slug:
            document = publication.document(job.slug)
            source = inputs.get(str(document.path.relative_to(publication.root)), "")
        elif job.kind in ("search", "robots"):
            source = ""  # made from the publication's settings alone
        elif job.kind == "status":
            source = digest(every_document, inputs[str(HISTORY_FILE)])
        else:
            source = every_document
        printing = inputs["print"] if job.is_pdf else ""
        keys[job.output] = digest(
            templates,
            settings,
            str(job.draft),
            search_path,
            printing,
            source,
            job.kind,
            job.output,
            ",".join(job.languages),
            job.layout,
        )
    keys.update({str(relative): file_digest(source) for relative, source in plan.statics.items()})
    return keys


@dataclass
class Manifest:
    path: Path
    #: output → key
    outputs: dict[str, str] = field(default_factory=dict)
    #: the digests of every input at the last build, and the options it ran with
    inputs: dict[str, str] = field(default_factory=dict)
    options: str = ""
    warnings: int = 0
    #: output → digest of the bytes written: a file is removed only if it is still exactly what we wrote
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, out_root: Path) -> Manifest:
        path = out_root / MANIFEST
        try:
            data = json.loads(read_bytes(path, MAX_MANIFEST_BYTES))
            outputs = {str(k): str(v) for k, v in dict(data["outputs"]).items() if is_output_name(str(k))}
            files = {str(k): str(v) for k, v in dict(data.get("files", {})).items() if str(k) in outputs}
            inputs = {str(k): str(v) for k, v in dict(data["inputs"]).items()}
            return cls(path, outputs, inputs, str(data["options"]), int(data["warnings"]), files)
        except (FileRefused, ValueError, KeyError, TypeError, AttributeError):
            return cls(path)  # no manifest, or a damaged one: everything is made again

    def remove(self, name: str) -> bool:
        """Remove an output that is no longer part of the edition — only if it is exactly the file we wrote.

        A name that is not one of ours, a path through a link, or a file changed
        since (or never recorded) is left alone; the record is dropped either way.
        """
        recorded = self.files.pop(name, None)
        self.outputs.pop(name, None)
        root = self.path.parent
        if recorded is None or file_digest(root / name) != recorded:
            return False
        return remove_file(root, name)

    def up_to_date(self, inputs: dict[str, str], options: str, outputs: Iterable[str]) -> bool:
        """True when nothing changed since the last build with these options, and its files are all there."""
        if not self.outputs or inputs != self.inputs or options != self.options:
            return False
        root = self.path.parent
        return all((root / name).is_file() for name in outputs)

    def changed(self, keys: dict[str, str], force: bool = False) -> set[str]:
        """The outputs to make: their key changed, or their file is gone (all of them with ``force``)."""
        root = self.path.parent
        return {name for name, key in keys.items() if force or self.outputs.get(name) != key or not (root / name).is_file()}

    def forget(self, names: AbstractSet[str]) -> list[Path]:
        """Remove the files of outputs the edition no longer has (a document was deleted) — each only if
        it is exactly the file we wrote (see :meth:`remove`)."""
        return [Path(name) for name in sorted(set(self.outputs) - names) if self.remove(name)]

    def record(
        self, keys: dict[str, str], inputs: dict[str, str], options: str, warnings: int, files: dict[str, str] | None = None
    ) -> None:
        """Save what this build made and from what (and the digests of the bytes it wrote)."""
        self.outputs.update(keys)
        self.files.update(files or {})
        self.inputs, self.options, self.warnings = inputs, options, warnings
        self.save()

    def save(self) -> None:
        data = {
            "version": versions(),
            "options": self.options,
            "warnings": self.warnings,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "files": self.files,
        }
        write_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
