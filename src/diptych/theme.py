"""The theme: where templates, stylesheets, fonts and interface catalogs come from, and the Jinja environment.

A publication overrides the built-in theme by name: its own ``templates/`` and
``styles/`` are looked in first (as MkDocs' ``theme.py`` does with ``custom_dir``).
There is one Jinja environment per template search path and language: autoescape
on, ``StrictUndefined``, the interface strings of the language installed, and every
filter and test a template may use registered here.
"""

from __future__ import annotations

import functools
import io
import logging
import os
from pathlib import Path

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from . import __version__, output
from .cache import Cache
from .errors import BuildError
from .files import FileRefused, inside
from .fonts import BOOK_FACE, SCRIPT_FACES, font_files
from .languages import Language
from .model import Heading, ListBlock, OfficialText, Paragraph, Publication, Quote
from .print_css import css_string, page_css
from .template_files import TemplateFiles
from .translation.status import completeness

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).parent / "locale"
#: copied into output/static/ for the web pages
#: print.css is WeasyPrint's page alone: web pages do not link it (browsers print with edition.css's
#: @media print rules), so screens never fetch it; fonts.css is made by web.fonts
STYLESHEETS = ("edition.css", "screen.css")
#: what WeasyPrint reads for every PDF
PDF_STYLESHEETS = ("edition.css", "print.css")
#: every face a PDF may be set in: the book face, then the faces of the scripts it does not cover
PRINT_FACES = (BOOK_FACE, *dict.fromkeys(SCRIPT_FACES.values()))


def theme_dir() -> Path:
    """The built-in theme: inside an installed package, or the repository's top level."""
    packaged = Path(__file__).parent / "theme"
    if (packaged / "templates").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def template_dirs(publication: Publication) -> list[Path]:
    """The publication's own templates first, then the theme's (override by name)."""
    dirs = [publication.root / "templates", theme_dir() / "templates"]
    return [d for d in dict.fromkeys(dirs) if d.is_dir()]


def style_path(publication: Publication, name: str) -> Path:
    """A stylesheet by name: the publication's own if it has one, else the theme's."""
    own = publication.root / "styles" / name
    if not os.path.lexists(own):
        return theme_dir() / "styles" / name
    if not inside(own, publication.root / "styles") or not own.is_file():
        raise FileRefused(own, "a stylesheet must be a regular file inside styles/ (not a link out, a pipe or a folder)")
    return own


def template_files(root: Path) -> list[Path]:
    """Every file a page's HTML depends on: templates (the publication's and the theme's) and interface catalogs."""
    folders = [root / "templates", theme_dir() / "templates", LOCALE_DIR, root / "locale"]  # ours and the publication's
    # not only regular files: a FIFO or a link put in place of a template must make the pages again (and fail)
    return [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if not p.is_dir() and p.suffix != ".pyc"]


def style_files(root: Path, names: tuple[str, ...] | None = None) -> list[Path]:
    """The stylesheets of the publication and of the theme: those named, or every one."""
    folders = [root / "styles", theme_dir() / "styles"]
    if names is not None:
        return [folder / name for folder in folders for name in names]
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if not p.is_dir()]


def print_fonts() -> list[Path]:
    """The installed files of every face a PDF may use."""
    return [path for face in PRINT_FACES for path in font_files(face)]


def static_files(publication: Publication) -> dict[Path, Path]:
    """Stylesheets and web fonts, copied once into output/static/: destination → source."""
    files = {output.static_file(name): style_path(publication, name) for name in STYLESHEETS}  # missing faces: diagnose.py
    from .web import fonts as web_fonts  # it reads this module's catalogs

    own_fonts = publication.root / "styles" / "fonts.css"
    for name, path in web_fonts.static_files(publication, own_fonts if own_fonts.is_file() else None).items():
        files[output.static_file(name)] = path
    return files


def _catalog_codes(language: Language) -> tuple[str, ...]:
    """The catalogs that may hold a language's interface strings: its own, then its base language's."""
    return tuple(dict.fromkeys((language.code, language.base)))


@functools.cache
def ui_translations(language: Language, root: Path | None = None) -> NullTranslations:
    """The interface strings of a language: the publication's own catalog (in ``root``) first, then ours."""
    from .translation.catalogs import builtin_catalog, own_catalog

    found: NullTranslations = NullTranslations()
    for path in reversed([p for p in (own_catalog(root, language) if root else None, builtin_catalog(language)) if p]):
        with path.open("rb") as stream:
            try:
                catalog = read_po(stream, locale=language.code.replace("-", "_"), abort_invalid=True)
            except (PoFileError, ValueError) as error:
                raise BuildError(f"{path}: cannot read this interface catalog ({error}); fix it or remove it") from None
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        translations = Translations(buffer)
        translations.add_fallback(found)
        found = translations
    return found


def has_ui_translations(language: Language, root: Path | None = None) -> bool:
    from .translation.catalogs import builtin_catalog, own_catalog

    return bool((root and own_catalog(root, language)) or builtin_catalog(language))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once: shared by every environment of the process (one per language) and kept in the
    user's cache folder (:mod:`.cache`) between commands. Compiling our templates costs 0.2 s for each
    language of every build otherwise. A template is known by its file and a digest of its text (Jinja's
    bucket), so an edited template is compiled again; every environment is made with the same options."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}  # key → compiled template; b"": not in the cache folder either

    @staticmethod
    def _key(cache: Cache, bucket: jinja2.bccache.Bucket) -> str:
        return cache.key(bucket.key, bucket.checksum, jinja2.__version__)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache = Cache("templates")  # made at each use, as the cache folder's settings may change (tests)
        key = self._key(cache, bucket)
        data = self.compiled.get(key)
        if data is None:
            found = cache.load(key)
            data = self.compiled[key] = found if isinstance(found, bytes) else b""
        if data:
            bucket.bytecode_from_string(data)  # Jinja's own checks: its version, Python's, the template's digest

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache = Cache("templates")
        key = self._key(cache, bucket)
        self.compiled[key] = data = bucket.bytecode_to_string()
        cache.store(key, data)


_COMPILED = CompiledTemplates()


@functools.cache
def environment(search_path: tuple[str, ...], language: Language, root: Path | None = None) -> jinja2.Environment:
    """One environment per theme and language; interface strings are bound to the language."""
    env = jinja2.Environment(
        loader=TemplateFiles(list(search_path)),
        bytecode_cache=_COMPILED,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(ui_translations(language, root), newstyle=True)  # type: ignore[attr-defined]
    env.globals["version"] = __version__
    env.tests["paragraph"] = lambda b: isinstance(b, Paragraph)
    env.tests["heading"] = lambda b: isinstance(b, Heading)
    env.tests["quote"] = lambda b: isinstance(b, Quote)
    env.tests["list"] = lambda b: isinstance(b, ListBlock)
    env.tests["official"] = lambda b: isinstance(b, OfficialText)
    env.filters["css_string"] = css_string
    env.globals["page_css"] = page_css
    env.globals["completeness"] = completeness
    return env
