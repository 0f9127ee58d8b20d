"""Finding the book face on this machine."""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

BOOK_FACE = "Charis SIL"
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
