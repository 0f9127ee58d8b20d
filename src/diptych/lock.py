"""One diptych command at a time on a folder: two builds started at once must not mix their files."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import DiptychError

LOCK_FILE = ".diptych.lock"


@contextlib.contextmanager
def locked(folder: Path, doing: str) -> Iterator[None]:
    """Hold the folder's lock for the duration, or fail at once with a clear message."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise DiptychError(f"{folder}: cannot use this folder ({error.strerror})") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            raise DiptychError(
                f"{folder}: another diptych command is {doing} here (process {holder}); "
                "wait for it to finish, then run this one again"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
