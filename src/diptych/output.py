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
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildError

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
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
        path = self.root / relative
        try:
            missing = [folder for folder in [path.parent, *path.parent.parents] if not folder.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            self.created.extend(missing)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
        except OSError as error:
            self.abort()
            raise BuildError(f"{path}: cannot write ({error.strerror})") from None
        self.staged.append((Path(temporary), relative))

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
            os.chmod(temporary, mode)
            os.replace(temporary, path)
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
