"""What diptych has worked out from a file, kept between commands in the user's cache folder.

Reading a document costs about 100 µs of CPU per text (libyaml, then our values and checks),
so every command on a publication of 20,000 texts paid two seconds before doing anything.
A document read once is kept here, under a key made of everything its reading depends on:
its path and text, the publication settings it is read against, and diptych's own code.
The same key can only give what reading the same text with the same code gives, so a stale
entry is impossible rather than unlikely; editing the file makes a new key.

The folder is the user's (``$XDG_CACHE_HOME/diptych``, else ``~/.cache/diptych``), never the
publication's: an entry is a pickle, and a pickle that came with a publication someone sent
would run their code. It is used only when it belongs to the user and nobody else may write to
it. ``DIPTYCH_CACHE_DIR`` puts it elsewhere; ``DIPTYCH_NO_CACHE=1`` turns it off. Deleting the
folder is always safe. Every failure (a full disk, a read-only home, a damaged entry) falls back
to reading the file: the cache can make a command faster, never make it fail.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path

import babel
import yaml

logger = logging.getLogger(__name__)

CACHE_DIR_ENV = "DIPTYCH_CACHE_DIR"
NO_CACHE_ENV = "DIPTYCH_NO_CACHE"
#: the folder is kept under this size: the entries used least recently go first
MAX_BYTES = 512 * 1024 * 1024
#: seconds between two prunings of the folder
PRUNE_EVERY = 24 * 3600
_MAGIC = b"diptych-cache 1\n"
_SUFFIX = ".pickle"


def cache_folder() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "diptych"


@functools.cache
def code_digest() -> bytes:
    """diptych's code, and the versions of what reads for it (libyaml's reader, Babel's languages): a change to
    any of them makes every key new."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}\0{yaml.__version__}\0{babel.__version__}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


class Cache:
    """One kind of entry (``kind`` names a subfolder) in the cache folder; a do-nothing cache when it is off."""

    def __init__(self, kind: str, folder: Path | None = None) -> None:
        base = folder if folder is not None else cache_folder()
        self.folder = base / kind if base is not None else None
        self.base = base
        self.usable: bool | None = None if base is not None else False
        self.stored = 0  # bytes stored by this process since it last pruned
        self.checked = False

    def key(self, *parts: str | bytes) -> str:
        """The key of what is worked out from ``parts`` (and diptych's code)."""
        digest = hashlib.blake2b(code_digest(), digest_size=20)
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def load(self, key: str) -> object | None:
        """What was stored under ``key``, or None."""
        if not self._ready():
            return None
        assert self.folder is not None
        path = self.folder / key[:2] / (key + _SUFFIX)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header = _MAGIC + key.encode() + b"\n"
        if not data.startswith(header):
            self._drop(path)
            return None
        try:
            value: object = pickle.loads(memoryview(data)[len(header) :])
        except Exception:  # a damaged entry is only a miss; reading the file again gives the answer
            logger.debug("dropping damaged cache entry %s", path.name)
            self._drop(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when the folder is pruned
        return value

    def store(self, key: str, value: object) -> None:
        """Keep ``value`` under ``key`` (written whole or not at all)."""
        if not self._ready():
            return
        assert self.folder is not None
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            folder = self.folder / key[:2]
            folder.mkdir(mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(_MAGIC + key.encode() + b"\n")
                    file.write(data)
                os.replace(temporary, folder / (key + _SUFFIX))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except (OSError, pickle.PicklingError, RecursionError, TypeError) as error:
            logger.debug("not cached (%s)", error)
            return
        self.stored += len(data)
        if self.stored > MAX_BYTES // 16 or not self.pruned_lately():
            self.stored = 0
            self.prune()

    def pruned_lately(self) -> bool:
        """True when the folder was pruned less than a day ago (by any command); a command checks once."""
        if self.checked:
            return True
        self.checked = True
        assert self.base is not None
        marker = self.base / ".pruned"
        try:
            if time.time() - marker.stat().st_mtime < PRUNE_EVERY:
                return True
            marker.touch()
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                marker.touch()
        except OSError:
            return True
        return False

    def prune(self, limit: int | None = None) -> None:
        """Remove the entries (of every kind) used least recently until the folder holds at most ``limit`` bytes."""
        if self.base is None or not self._ready():
            return
        entries = []
        for path in self.base.glob(f"*/*/*{_SUFFIX}"):
            with contextlib.suppress(OSError):
                status = path.stat()
                entries.append((status.st_mtime, status.st_size, path))
        limit = MAX_BYTES if limit is None else limit
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= limit:
                break
            self._drop(path)
            total -= size

    def _ready(self) -> bool:
        """True when the folder exists (made if needed), belongs to this user and only they may write to it."""
        if self.usable is None:
            self.usable = self._make_safe()
        return self.usable

    def _make_safe(self) -> bool:
        assert self.base is not None and self.folder is not None
        try:
            self.base.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            for folder in (self.base, self.folder):
                status = folder.lstat()
                if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o022:
                    logger.debug("cache folder %s is not this user's own: not used", folder)
                    return False
        except OSError as error:
            logger.debug("no cache (%s)", error)
            return False
        return True

    @staticmethod
    def _drop(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()
