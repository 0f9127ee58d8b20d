"""Web fonts for the HTML edition: WOFF2 files subset and sliced by script, and their CSS.

The book face is installed as four TrueType files of about 800 KB each: what WeasyPrint
needs for print, far too much for a web page. Each style is cut here into a few slices —
basic Latin, the rest of Latin (Azerbaijani ə ğ ş, Vietnamese…), Cyrillic, Greek — each a
WOFF2 file (fontTools with Brotli) declared with its ``unicode-range``: a browser fetches a
slice only when the page has a character in its range, so a French page downloads the basic
Latin slice of the styles it uses and nothing else.

Making the slices takes seconds, so they are kept in a cache folder keyed by the font
files' contents and the slicing rules; a build copies them from there into ``static/fonts/``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..fonts import BOOK_FACE, SCRIPT_FACES, font_files
from ..languages import Language
from ..model import Publication
from ..theme import LOCALE_DIR

logger = logging.getLogger(__name__)

#: the slices, in the order a page most often needs them; ranges do not overlap
SLICES: dict[str, str] = {
    "latin": (
        "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+2074, U+20AC, "
        "U+2122, U+2190-2193, U+2212, U+2215, U+FEFF, U+FFFD"
    ),
    # the letters of Central European, Baltic, Turkish, Azerbaijani (ə) … languages
    "latin-ext": "U+0100-0130, U+0132-0151, U+0154-024F, U+0259, U+20A0-20AB, U+20AD-20C0, U+2113",
    # phonetic letters, combining marks, Vietnamese and the rarer Latin blocks: seldom needed
    "latin-more": (
        "U+0250-0258, U+025A-02BA, U+02BD-02C5, U+02C7-02D9, U+02DB, U+02DD-036F, U+1D00-1DBF, U+1E00-1EFF, "
        "U+2C60-2C7F, U+A720-A7FF"
    ),
    "cyrillic": "U+0400-052F, U+1C80-1C8A, U+2DE0-2DFF, U+A640-A69F",
    "greek": "U+0370-03FF, U+1F00-1FFF",
}
#: OpenType features the theme uses (small capitals, old-style figures, superscripts) beside the usual ones
FEATURES = ("kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "rlig", "smcp", "c2sc", "sups", "onum", "lnum")
#: bump when the way slices are made changes: cached slices of another version are not reused
VERSION = "2"


@dataclass(frozen=True)
class Face:
    """One style of a family as the CSS names it."""

    family: str
    style: str  # normal · italic
    weight: int  # 400 · 700
    path: Path

    @property
    def stem(self) -> str:
        return self.path.stem


def faces(family: str = BOOK_FACE) -> list[Face]:
    """The installed styles of ``family``, known by their file names (CharisSIL-BoldItalic.ttf)."""
    found = []
    for path in font_files(family):
        name = path.stem.lower()
        italic = "italic" in name
        bold = "bold" in name
        if not (bold or italic or name.endswith("regular")):
            continue  # Medium, SemiBold… are not used by the theme
        found.append(Face(family, "italic" if italic else "normal", 700 if bold else 400, path))
    return found


def parse_range(text: str) -> list[int]:
    """The code points of a CSS ``unicode-range`` ("U+0000-00FF, U+0131")."""
    points: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.extend(range(int(first, 16), int(last or first, 16) + 1))
    return points


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diptych" / "webfonts"


def make_slice(face: Face, points: list[int]) -> bytes | None:
    """The WOFF2 of ``face`` reduced to ``points``, or ``None`` if the face has none of them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, lazy=False)
    available = set(font.getBestCmap())
    wanted = [p for p in points if p in available]
    if not wanted:
        return None
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = list(FEATURES)
    options.hinting = False  # screens rasterise without TrueType hints today; they are a third of the file
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and the licence (OFL)
    options.notdef_outline = True
    options.drop_tables += ["Silf", "Silt", "Sill", "Glat", "Gloc", "Feat"]  # Graphite: browsers shape with OpenType
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class WebFonts:
    css: str  # the @font-face rules
    files: dict[str, Path]  # file name in static/fonts/ → the cached file


def web_fonts(family: str = BOOK_FACE) -> WebFonts:
    """The slices of every style of ``family`` (made once, then read from the cache) and their CSS."""
    rules = []
    files: dict[str, Path] = {}
    for face in faces(family):
        key = hashlib.sha256(f"{VERSION}{SLICES}{FEATURES}".encode() + face.path.read_bytes()).hexdigest()[:16]
        folder = cache_folder() / f"{face.stem}-{key}"
        for name, unicode_range in SLICES.items():
            filename = f"{face.stem}.{name}.woff2"
            cached = folder / filename
            missing_marker = folder / f"{filename}.none"
            if missing_marker.exists():
                continue
            if not cached.exists():
                data = make_slice(face, parse_range(unicode_range))
                folder.mkdir(parents=True, exist_ok=True)
                if data is None:
                    missing_marker.touch()
                    continue
                temporary = cached.with_suffix(f".{os.getpid()}.tmp")
                temporary.write_bytes(data)
                temporary.replace(cached)
                logger.info("made the web font %s (%d KB)", filename, len(data) // 1024)
            files[filename] = cached
            rules.append(font_face(face, filename, unicode_range))
    return WebFonts("".join(rules), files)


def static_files(publication: Publication, own_css: Path | None) -> dict[str, Path]:
    """What goes into static/: "fonts.css" (the publication's own, if it has one, else the rules
    made here), "fonts/<face>.<slice>.woff2" for every slice of the book face, and for the
    faces of other scripts (Chinese, Arabic) one file per style holding only the characters
    the publication's texts and interface strings in those languages use."""
    fonts = [web_fonts(), *script_fonts(publication)]
    files = {f"fonts/{name}": path for each in fonts for name, path in each.files.items()}
    if own_css is not None:
        files["fonts.css"] = own_css
        return files
    css = CSS_HEADER + "".join(each.css for each in fonts)
    key = hashlib.sha256(css.encode()).hexdigest()[:16]
    path = cache_folder() / f"fonts-{key}.css"
    if not path.exists():
        _write(path, css.encode())
    files["fonts.css"] = path
    return files


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def script_fonts(publication: Publication) -> list[WebFonts]:
    """A subset of each script face (Noto Serif SC, Noto Naskh Arabic) to the characters used in
    its languages: a CJK face has tens of thousands of glyphs, a page a few hundred characters."""
    made = []
    by_face: dict[str, list[Language]] = {}
    for language in (publication.source, *publication.targets):
        family = SCRIPT_FACES.get(language.script)
        if family:
            by_face.setdefault(family, []).append(language)
    for family, languages in by_face.items():
        points = sorted(used_characters(publication, languages))
        if not points:
            continue
        unicode_range = ", ".join(_ranges(points))
        rules, files = [], {}
        for style in faces(family):
            key = hashlib.sha256(f"{VERSION}{FEATURES}{points}".encode() + style.path.read_bytes()).hexdigest()[:12]
            filename = f"{style.stem}.{key}.woff2"
            cached = cache_folder() / filename
            if not cached.exists():
                data = make_slice(style, points)
                if data is None:
                    continue
                _write(cached, data)
                logger.info("made the web font %s (%d KB)", filename, len(data) // 1024)
            files[filename] = cached
            rules.append(font_face(style, filename, unicode_range))
        made.append(WebFonts("".join(rules), files))
    return made


def used_characters(publication: Publication, languages: list[Language]) -> set[int]:
    """Every character outside basic Latin of the texts and interface strings in ``languages``."""
    codes = {language.code for language in languages}
    texts: list[str] = []
    units = [publication.title, *([publication.description] if publication.description else [])]
    for document in publication.documents:
        units.extend(document.units())
    for unit in units:
        texts.extend(t.text for code, t in unit.translations.items() if code in codes)
        if unit.language in codes:
            texts.append(unit.source)
    for language in languages:
        catalog = LOCALE_DIR / language.base / "LC_MESSAGES" / "messages.po"
        if catalog.is_file():
            texts.append(catalog.read_text(encoding="utf-8"))
        texts.append(language.name)
    # typography turns ASCII punctuation into full-width and Arabic forms: keep those too
    texts.append("，。：；！？、（）《》「」“”‘’—…،؛؟٪«»")
    return {ord(c) for text in texts for c in text if ord(c) > 0x2FF}


def _ranges(points: list[int]) -> list[str]:
    """[0x4E00, 0x4E01, 0x4E03] → ["U+4E00-4E01", "U+4E03"]."""
    out: list[str] = []
    start = previous = points[0]
    for point in [*points[1:], -1]:
        if point == previous + 1:
            previous = point
            continue
        out.append(f"U+{start:04X}" if start == previous else f"U+{start:04X}-{previous:04X}")
        start = previous = point
    return out


CSS_HEADER = """/* Web fonts of the HTML edition, made by diptych from the installed faces: WOFF2 slices by
   script, each fetched only by a page that has a character in its unicode-range; the faces of
   other scripts hold only the characters the publication uses.
   Charis SIL, Noto Serif SC, Noto Naskh Arabic: SIL Open Font License.
   The PDF uses the installed fonts and does not read this file. */
"""


def font_face(face: Face, filename: str, unicode_range: str) -> str:
    local = face.family if (face.style, face.weight) == ("normal", 400) else f"{face.family} {_style_name(face)}"
    postscript = f"{face.family.replace(' ', '')}-{_style_name(face).replace(' ', '')}"
    return (
        f'@font-face {{ font-family: "{face.family}"; font-style: {face.style}; font-weight: {face.weight}; '
        f'font-display: swap; src: local("{local}"), local("{postscript}"), url("fonts/{filename}") format("woff2"); '
        f"unicode-range: {unicode_range}; }}\n"
    )


def _style_name(face: Face) -> str:
    return {("normal", 400): "Regular", ("italic", 400): "Italic", ("normal", 700): "Bold", ("italic", 700): "Bold Italic"}[
        (face.style, face.weight)
    ]
