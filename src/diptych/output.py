"""The only writer of the output folder: where each file goes, and atomic writes.

Output paths are a public contract (people link to them):

    index.html                      the edition's home
    <lang>/<slug>/index.html        one page per document and language
    pdf/<slug>.<lang>.pdf           one PDF per document and language
    <src>-<tgt>/<slug>/index.html   the bilingual view (parallel, with a switch)
    pdf/<slug>.<src>-<tgt>.pdf      parallel PDF; .interleaved.pdf and .facing.pdf beside it
    pdf/edition.<lang>.pdf          the whole edition as one book (and edition.<src>-<tgt>.pdf)
    status/index.html               the translation dashboard
    static/…                        stylesheets and fonts, once
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import itertools
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import BuildError
from .files import inside
from .model import LAYOUTS

logger = logging.getLogger(__name__)

#: the name of the whole edition as one book, where a document has its slug (reserved: no document may take it)
BOOK = "edition"


def document_page(slug: str, language: str) -> Path:
    return Path(language) / slug / "index.html"


def document_pdf(slug: str, language: str) -> Path:
    return Path("pdf") / f"{slug}.{language}.pdf"


def bilingual_page(slug: str, languages: tuple[str, ...]) -> Path:
    """The parallel view (with its interleaved and single-language switch): fr-en/<slug>/index.html."""
    return Path("-".join(languages)) / slug / "index.html"


def bilingual_pdf(slug: str, languages: tuple[str, ...], layout: str) -> Path:
    """pdf/<slug>.fr-en.pdf (parallel), pdf/<slug>.fr-en.interleaved.pdf, pdf/<slug>.fr-en.facing.pdf."""
    suffix = "" if layout == "parallel" else f".{layout}"
    return Path("pdf") / f"{slug}.{'-'.join(languages)}{suffix}.pdf"


def book_pdf(languages: tuple[str, ...]) -> Path:
    """pdf/edition.fr.pdf, pdf/edition.fr-en.pdf: the whole edition as one book."""
    return Path("pdf") / f"{BOOK}.{'-'.join(languages)}.pdf"


def search_page(language: str) -> Path:
    """search/<lang>/index.html: the search page of a language (the index itself is in pagefind/)."""
    return Path("search") / language / "index.html"


def feed(language: str) -> Path:
    """<lang>/feed.xml: the Atom feed of a language."""
    return Path(language) / "feed.xml"


SITEMAP = Path("sitemap.xml")
ROBOTS = Path("robots.txt")
INDEX = Path("index.html")
STATUS = Path("status") / "index.html"
STATIC = Path("static")


def static_file(name: str) -> Path:
    """static/<name>: a stylesheet, or a font in static/fonts/."""
    return STATIC / name


#: what each parameter of a path function above may be in a name the build writes: a pattern, or
#: the values it takes (each value gives its own pattern, e.g. the parallel PDF has no layout suffix)
PARAMETERS: dict[str, str | tuple[str, ...]] = {
    "slug": r"[a-z0-9-]+",
    "language": r"[A-Za-z0-9-]+",
    "languages": r"[A-Za-z0-9-]+",  # one or more codes joined by "-"
    "layout": LAYOUTS,
    "name": r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)?",
}


def _name_patterns() -> list[str]:
    """The pattern of every name a build writes, made from this module's own paths: each ``Path``
    constant, and each function returning a ``Path`` called with placeholders for its parameters.
    A new kind of output is a new path function here, so it cannot be left out of the pattern."""
    constants = [value for value in globals().values() if isinstance(value, Path) and value != STATIC]  # STATIC: a folder
    patterns = [re.escape(value.as_posix()) for value in constants]
    for function in [value for value in globals().values() if inspect.isfunction(value)]:
        if function.__module__ == __name__ and function.__annotations__.get("return") == "Path":
            patterns += _function_patterns(function)
    return patterns


def _function_patterns(function: Callable[..., Path], named: bool = False) -> list[str]:
    """The patterns of the names ``function`` makes (one per value of a parameter that takes a few); with ``named``,
    each parameter is a named group."""
    signature = inspect.signature(function)
    parameters = list(signature.parameters)
    unknown = [parameter for parameter in parameters if parameter not in PARAMETERS]
    if unknown:
        raise TypeError(f"output.{function.__name__}: say in output.PARAMETERS what {', '.join(unknown)} may be")
    choices = [PARAMETERS[p] if isinstance(PARAMETERS[p], tuple) else (f"<{p}>",) for p in parameters]
    patterns = []
    for values in itertools.product(*choices):
        arguments = [
            (value,) if str(signature.parameters[parameter].annotation).startswith("tuple") else value
            for parameter, value in zip(parameters, values, strict=True)
        ]
        pattern = re.escape(function(*arguments).as_posix())
        for parameter in parameters:
            group = str(PARAMETERS[parameter])
            pattern = pattern.replace(re.escape(f"<{parameter}>"), f"(?P<{parameter}>{group})" if named else group)
        patterns.append(pattern)
    return patterns


@functools.cache
def names_made_by(function: Callable[..., Path]) -> re.Pattern[str]:
    """The names a path function of this module makes, its parameters as named groups: what a name is, asked of
    the function that makes it (``names_made_by(document_page).fullmatch("fr/doc/index.html")["language"]``)."""
    return re.compile("|".join(_function_patterns(function, named=True)))


@functools.cache
def output_name() -> re.Pattern[str]:
    """Every name a build can write, as the manifest records it; anything else in a manifest is not ours.
    (Made on first use, when every path function of the module is defined.)"""
    return re.compile("|".join(dict.fromkeys(_name_patterns())))


#: our temporary files: ".<name>.diptych-<8 random characters>.tmp", beside their destination
TEMPORARY_NAME = re.compile(r"\..+\.diptych-[a-z0-9_]{8}\.tmp")
TEMPORARY_PREFIX = ".diptych-"


def is_output_name(name: str) -> bool:
    """True for a relative path a build writes (never absolute, never with '..')."""
    return bool(output_name().fullmatch(name)) and ".." not in name.split("/")


def temporary_file(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, named so that only we ever remove it."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{TEMPORARY_PREFIX}", suffix=".tmp")


def leftovers(root: Path) -> list[Path]:
    """Our temporary files under the output folder ``root``, left by a build that was killed.

    Only names made by :func:`temporary_file` are listed, only in the folders a
    build writes (three levels at most), and links are never followed.
    """
    found = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        depth = len(Path(folder).relative_to(root).parts)
        if depth >= 3:
            subfolders.clear()
        found += [Path(folder) / name for name in names if TEMPORARY_NAME.fullmatch(name)]
    return sorted(found)


def remove_file(root: Path, name: str) -> bool:
    """Remove ``root/name`` if it is a regular file reached without leaving ``root`` through a link."""
    if not is_output_name(name):
        return False
    path = root / name
    folder = root
    for part in Path(name).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return False
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
    except OSError:
        return False
    path.unlink(missing_ok=True)
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    The file keeps its permissions if it existed; a new file gets the usual 0644 (less umask).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = temporary_file(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Output:
    """The output folder of one build: files are staged under temporary names, then committed together."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: list[Path] = []
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, relative destination)
        self.created: list[Path] = []  # folders made for staged files, removed again on abort
        self.digests: dict[str, str] = {}  # relative name → digest of the bytes staged for it

    def check_writable(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".diptych-probe-"):
                pass
        except OSError as error:
            raise BuildError(
                f"{self.root}: cannot write the edition here ({error.strerror}).\n"
                "  hint: check the folder's permissions, or choose another with --output DIR"
            ) from None

    def stage(self, relative: Path, data: bytes) -> None:
        """Write ``data`` beside its destination under a temporary name; :meth:`commit` puts it in place."""
        from .manifest import digest

        path = self.root / relative
        try:
            missing = [folder for folder in [path.parent, *path.parent.parents] if not folder.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            self.created.extend(missing)
            if not inside(path.parent, self.root):
                self.abort()
                raise BuildError(
                    f"{path.parent}: this folder of the edition is a link to a place outside it; "
                    "nothing was written.\n  hint: remove the link, or build into an empty folder with --output"
                )
            descriptor, temporary = temporary_file(path)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
        except OSError as error:
            self.abort()
            raise BuildError(f"{path}: cannot write ({error.strerror}); nothing was written") from None
        self.staged.append((Path(temporary), relative))
        self.digests[relative.as_posix()] = digest(data)

    @contextlib.contextmanager
    def staging(self) -> Iterator[None]:
        """Stage files in the block; if it fails, they are removed again (see :meth:`abort`)."""
        try:
            yield
        except BaseException:
            self.abort()
            raise

    def commit(self) -> list[Path]:
        """Rename every staged file into place (each rename is atomic), keeping existing permissions."""
        umask = os.umask(0)
        os.umask(umask)
        for temporary, relative in self.staged:
            path = self.root / relative
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~umask
            try:
                os.chmod(temporary, mode)
                os.replace(temporary, path)
            except OSError as error:
                self.staged = self.staged[self.staged.index((temporary, relative)) :]
                self.abort()
                raise BuildError(
                    f"{path}: cannot put the new file in place ({error.strerror}); "
                    f"{len(self.written)} file(s) of the edition were already replaced, the others are as they were"
                ) from None
            logger.info("wrote %s", path)
            self.written.append(relative)
        self.staged = []
        return self.written

    def abort(self) -> None:
        """Remove the staged files: the previous edition stays as it was."""
        for temporary, _ in self.staged:
            temporary.unlink(missing_ok=True)
        self.staged = []
        for folder in sorted(self.created, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):  # not empty: it held something before
                folder.rmdir()
        self.created = []
