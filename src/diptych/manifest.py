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
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .output import write_atomic

MANIFEST = ".diptych-manifest.json"


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:24]


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
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


@dataclass
class Manifest:
    path: Path
    #: output → key
    outputs: dict[str, str] = field(default_factory=dict)
    #: the digests of every input at the last build, and the options it ran with
    inputs: dict[str, str] = field(default_factory=dict)
    options: str = ""
    warnings: int = 0

    @classmethod
    def load(cls, out_root: Path) -> Manifest:
        path = out_root / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data["outputs"]), dict(data["inputs"]), str(data["options"]), int(data["warnings"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)  # no manifest, or a damaged one: everything is made again

    def up_to_date(self, inputs: dict[str, str], options: str, outputs: Iterable[str]) -> bool:
        """True when nothing changed since the last build with these options, and its files are all there."""
        if not self.outputs or inputs != self.inputs or options != self.options:
            return False
        root = self.path.parent
        return all((root / name).is_file() for name in outputs)

    def save(self) -> None:
        data = {
            "version": versions(),
            "options": self.options,
            "warnings": self.warnings,
            "inputs": self.inputs,
            "outputs": self.outputs,
        }
        write_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
