"""Finding the book face on this machine."""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .languages import Language

BOOK_FACE = "Charis SIL"
#: the faces of the scripts Charis SIL does not cover, by ISO 15924 script (the theme's CSS names them too)
SCRIPT_FACES = {"Hans": "Noto Serif SC", "Hant": "Noto Serif SC", "Jpan": "Noto Serif SC", "Arab": "Noto Naskh Arabic"}
#: where each comes from, for the message when one is missing
FACE_SOURCES = {
    BOOK_FACE: "Debian: apt-get install fonts-sil-charis",
    "Noto Serif SC": "run scripts/install-fonts (make does)",
    "Noto Naskh Arabic": "Debian: apt-get install fonts-noto-core",
}


def faces_for(languages: Iterable[Language]) -> tuple[str, ...]:
    """The faces a publication in ``languages`` is set in."""
    faces = [BOOK_FACE]
    for language in languages:
        face = SCRIPT_FACES.get(language.script)
        if face and face not in faces:
            faces.append(face)
    return tuple(faces)


#: Where Debian's fonts-sil-charis puts the files, for machines without fc-list.
KNOWN_DIRS = (Path("/usr/share/fonts/truetype/charis"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")


@functools.cache
def font_files(family: str = BOOK_FACE) -> tuple[Path, ...]:
    """The installed files of ``family`` (regular, italic, bold, bold italic), or ()."""
    files: list[Path] = []
    if shutil.which("fc-list"):
        result = subprocess.run(["fc-list", f":family={family}", "file"], capture_output=True, text=True, check=False)
        files = [Path(line.split(":")[0]) for line in result.stdout.splitlines() if line.strip()]
    if not files:
        stem = family.replace(" ", "")
        files = [p for d in KNOWN_DIRS if d.is_dir() for p in d.glob(f"{stem}-*.ttf")]
    return tuple(sorted(p for p in files if p.suffix.lower() in (".ttf", ".otf") and p.is_file()))
