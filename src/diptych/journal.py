"""All-or-nothing edits of several files of a publication, with a journal.

``add-language``, ``import``, ``mark-current``, ``ingest --update``, ``align``
and ``export`` change many files at once. Each new file is first written
beside its place under a temporary name; then the journal
(``.diptych/journal.json``) records that the edit is committed; then each
temporary file is renamed into place and the journal is removed. Whenever
the process stops — a crash, a kill, a full disk, Ctrl-C — the next command
finds the journal and either finishes the renames (the edit was committed)
or removes the temporary files (it was not): the files are all old or all
new, never a mixture. Ctrl-C waits for the renames to finish.

``export --out`` may write into a folder outside the publication: the journal
names those files by their absolute path, and the next command renames or
removes their temporary files only if they are regular files of this user.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import DiptychError
from .files import FileRefused, inside, read_bytes
from .lock import locked
from .output import TEMPORARY_NAME, TEMPORARY_PREFIX, write_atomic

logger = logging.getLogger(__name__)

JOURNAL = Path(".diptych") / "journal.json"
#: files put in place by edits in this process (the command line says so after Ctrl-C)
completed: list[Path] = []

# Tests stop the process at the Nth step of a commit to check that every instant is recoverable.
_KILL_AT = os.environ.get("DIPTYCH_TEST_KILL_AT_STEP", "")
_KILL_AT_STEP = int(_KILL_AT) if _KILL_AT.isdigit() else 0
_steps = 0


def _step() -> None:
    global _steps
    _steps += 1
    if _KILL_AT_STEP and _steps == _KILL_AT_STEP:
        os.kill(os.getpid(), signal.SIGKILL)


def commit(root: Path, files: dict[Path, bytes], outside: Path | None = None) -> list[Path]:
    """Replace every file of ``files`` (paths inside ``root``, or in the folder ``outside`` it that the user chose)
    by its new bytes: all of them, or none."""
    if not files:
        return []
    entries = []
    for path in files:
        if not inside(path.parent, root) and not (outside and path.parent.resolve() == outside.resolve()):
            raise DiptychError(f"{path}: not inside the publication; nothing was changed")
        temporary = path.parent / f".{path.name}{TEMPORARY_PREFIX}{secrets.token_hex(4)}.tmp"
        entries.append((path, temporary))
    record = {"files": [[_name(p, root), _name(t, root)] for p, t in entries]}
    journal = root / JOURNAL
    written: list[Path] = []
    try:
        write_atomic(journal, json.dumps({"state": "prepared", **record}).encode("utf-8"))
        _step()
        for (path, temporary), data in zip(entries, files.values(), strict=True):
            _write_new(temporary, data, _mode(path))
            written.append(temporary)
            _step()
        _sync(root)
        with _deferred_interrupts():
            write_atomic(journal, json.dumps({"state": "committed", **record}).encode("utf-8"))
            _step()
            _finish(root, entries)
    except OSError as error:
        for temporary in written:
            temporary.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            journal.unlink()
        where = error.filename or journal
        raise DiptychError(f"{where}: cannot write ({error.strerror}); nothing was changed") from None
    completed.extend(files)
    return list(files)


def _name(path: Path, root: Path) -> str:
    """``path`` as the journal records it: relative to the publication, or absolute outside it."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path.parent.resolve() / path.name)


def _finish(root: Path, entries: list[tuple[Path, Path]]) -> None:
    for path, temporary in entries:
        if temporary.exists():
            os.replace(temporary, path)
            _step()
    _sync(root)
    (root / JOURNAL).unlink(missing_ok=True)
    _step()


def recover(root: Path) -> None:
    """Finish or undo an edit that was interrupted (see the module's docstring); nothing to do without a journal."""
    journal = root / JOURNAL
    if not journal.is_file():
        return
    try:
        with locked(root / ".diptych", "editing the publication"):
            _recover(root, journal)
    except DiptychError:
        return  # another command holds the lock: the journal is its own, in progress


def _recover(root: Path, journal: Path) -> None:
    try:
        data = json.loads(read_bytes(journal, 16 * 1024 * 1024))
        state = data["state"]
        entries = [(root / path, root / temporary) for path, temporary in data["files"]]
    except (FileRefused, ValueError, KeyError, TypeError):
        logger.warning("%s: damaged; it was removed (check the publication with diptych check)", journal)
        journal.unlink(missing_ok=True)
        return
    # only our temporary files, beside their destination, inside the publication or of this user outside it
    entries = [
        (path, temporary)
        for path, temporary in entries
        if temporary.parent == path.parent
        and TEMPORARY_NAME.fullmatch(temporary.name)
        and (inside(path.parent, root) or _own_file(temporary))
    ]
    if state == "committed":
        _finish(root, entries)
        logger.warning("finished an edit that was interrupted: %d file(s) put in place", len(entries))
    else:
        for _, temporary in entries:
            temporary.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        logger.warning("undid an edit that was interrupted before it was committed: no file was changed")


def _own_file(path: Path) -> bool:
    """A regular file of this user, or nothing (a journal names it, but it may be gone already)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_new(path: Path, data: bytes, mode: int) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fchmod(descriptor, mode)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync(root: Path) -> None:
    """Flush the folders' entries to disk (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(root, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def _deferred_interrupts() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (the renames are quick)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
