"""Reading the publication's files: only regular files inside the publication.

Everything diptych reads from a publication — documents, templates, styles,
translators' files — goes through here. A FIFO or a device would block or
never end, and a symbolic link that leads out of the publication would
publish a file from elsewhere; both are refused with a message. A folder that
cannot be read is an error, never an empty folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DiptychError


class FileRefused(DiptychError):
    """A file or folder that diptych will not read; the message says why."""

    def __init__(self, path: Path, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(f"{path}: {reason}" + (f"\n  hint: {hint}" if hint else ""))


def inside(path: Path, root: Path) -> bool:
    """True when ``path``, with every link followed, is ``root`` or lies under it."""
    try:
        resolved, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    return resolved == base or base in resolved.parents


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_bytes(path: Path, limit: int, root: Path | None = None, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (inside ``root`` when given).

    The file is opened without blocking and checked after opening, so a FIFO
    swapped in at the last moment is still refused; at most ``limit + 1``
    bytes are ever read.
    """
    if root is not None and not inside(path, root):
        raise FileRefused(path, f"this {what} is a link to a place outside the publication", "copy the file in instead")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise FileRefused(path, f"cannot read this {what} ({error.strerror})", _permission_hint(error)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(path, f"this {what} is {_kind(info.st_mode)}, not a regular file", "replace it by a file")
        if info.st_size > limit:
            raise TooLarge(path, info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while we read it
            raise TooLarge(path, size, limit)
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused(path, f"cannot read this {what} ({error.strerror})", _permission_hint(error)) from None
    finally:
        os.close(descriptor)


class TooLarge(FileRefused):
    def __init__(self, path: Path, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(path, f"file is too large ({_amount(size)}; the limit is {_amount(limit)})")


def _amount(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MiB".replace(".0 MiB", " MiB")
    return f"{size // 1024} KiB"


def _permission_hint(error: OSError) -> str:
    return "check the file's permissions" if isinstance(error, PermissionError) else ""


def list_files(folder: Path, root: Path, suffixes: tuple[str, ...], limit: int) -> tuple[list[Path], list[FileRefused]]:
    """The files with one of ``suffixes`` under ``folder`` (recursively), sorted, and what was refused.

    Hidden names are skipped. A folder that cannot be read, a link leaving
    ``root``, a link loop, a FIFO or a device is reported, never silently
    skipped. At most ``limit`` files are listed (then a refusal says so).
    """
    found: list[Path] = []
    refused: list[FileRefused] = []
    if not inside(folder, root):
        return [], [FileRefused(folder, "this folder is a link to a place outside the publication", "copy the files in instead")]
    pending = [folder]
    seen: set[tuple[int, int]] = set()
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen:
                refused.append(FileRefused(current, "this folder is reached twice (a link loop)", "remove the link"))
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as error:
            refused.append(FileRefused(current, f"cannot read this folder ({error.strerror})", _permission_hint(error)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            is_link = False
            try:
                is_link = entry.is_symlink()
                mode = path.stat().st_mode
            except OSError as error:  # a dangling link or a loop
                if entry.name.endswith(suffixes) or is_link:
                    refused.append(FileRefused(path, f"cannot read this ({error.strerror or 'broken link'})", "remove it"))
                continue
            if is_link and not inside(path, root):
                if stat.S_ISDIR(mode) or entry.name.endswith(suffixes):
                    refused.append(
                        FileRefused(path, "this is a link to a place outside the publication", "copy the files in instead")
                    )
                continue
            if stat.S_ISDIR(mode):
                pending.append(path)
            elif entry.name.endswith(suffixes):
                if not stat.S_ISREG(mode):
                    refused.append(FileRefused(path, f"this is {_kind(mode)}, not a regular file", "replace it by a file"))
                    continue
                found.append(path)
                if len(found) > limit:
                    refused.append(FileRefused(folder, f"too many files (more than {limit:,})"))
                    return sorted(found), refused
    return sorted(found), refused
