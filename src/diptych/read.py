"""Read a publication folder into the model, checking everything on the way.

Every problem is collected with its file, line and column, so one run of
``diptych check`` lists them all. :func:`read_publication` raises
:class:`~diptych.errors.ContentError` when there is any error; warnings travel
on :attr:`Publication.warnings`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import cast

from . import inline, journal
from .errors import ContentError, DiptychError, Location, Problem
from .files import inside, list_files
from .languages import language_problem
from .load import Mapping, Node, Scalar, Sequence, YamlError, load_file
from .model import (
    LAYOUTS,
    NUMBERING_STYLES,
    PAPER_SIZES,
    TRANSLATION_STATUSES,
    TRANSLATION_STYLES,
    Article,
    ArticleBlock,
    BilingualSettings,
    Block,
    Dateline,
    Document,
    Heading,
    Layout,
    ListBlock,
    NumberingStyle,
    OfficialText,
    Ordinals,
    Orientation,
    Paragraph,
    PlaceDate,
    PrintSettings,
    Publication,
    Quote,
    Translation,
    TranslationStatus,
    TranslationStyle,
    Unit,
)
from .numbering import label_problem

PUBLICATION_FILE = "publication.yaml"
CONTENT_DIR = "content"
MAX_DOCUMENTS = 10_000
MAX_UNITS_PER_DOCUMENT = 20_000
MAX_TEXT_LENGTH = 100_000  # characters in one text
MAX_SLUG_LENGTH = 100  # file names hold 255 bytes: slug.fr-en.interleaved.pdf must fit
#: bidirectional override and isolate controls: they can make a text display other than it reads
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: invisible characters that have no place in an id or a slug
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")

UNIT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

PUBLICATION_KEYS = (
    "title",
    "publisher",
    "source_language",
    "languages",
    "draft_languages",
    "numbering",
    "description",
    "bilingual",
    "glossary",
    "print",
)
PRINT_KEYS = ("paper", "margins", "font_size", "crop_marks", "bleed", "pdf", "ordinals", "book")
PDF_VARIANTS = {"pdf/ua-1": "pdf/ua-1", "pdf/a-3u": "pdf/a-3u", "plain": ""}
BILINGUAL_KEYS = ("layouts", "translation_style", "multilingual", "orientation")
DOCUMENT_KEYS = ("slug", "date", "numbering", "dateline", "headline", "short_title", "body")
BLOCK_TYPES = ("paragraph", "lede", "heading", "quote", "list", "official")
ARTICLE_BLOCK_TYPES = ("paragraph", "quote", "list")
OFFICIAL_KEYS = ("id", "title", "preamble", "articles", "signatories", "signed")
ARTICLE_KEYS = ("number", "title", "paragraphs")
TRANSLATION_KEYS = ("text", "status", "source", "note")


def read_publication(root: Path) -> Publication:
    """Read and check the publication in ``root``."""
    root = Path(root)
    settings_path = root / PUBLICATION_FILE
    if not root.is_dir():
        raise DiptychError(f"{root}: no such folder. Create a publication with: diptych init {root}")
    if not settings_path.is_file():
        raise DiptychError(
            f"{settings_path}: not found; {root} is not a diptych publication.\n"
            f"  hint: run the command inside a publication folder, or create one with: diptych init {root}"
        )
    if not inside(settings_path, root):
        raise DiptychError(f"{settings_path}: a link to a place outside the publication; copy the file in instead")
    journal.recover(root)  # an edit interrupted earlier is finished or undone before anything is read
    reader = _Reader(root)
    publication = reader.publication(settings_path)
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or publication is None:
        raise ContentError(reader.problems, root)
    return publication


def _suggest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        # set per publication / per document
        self.source = "fr"
        self.targets: tuple[str, ...] = ()
        self.ids: dict[str, Location] = {}
        self.numbering_style: NumberingStyle = "decimal"

    # -- reporting -------------------------------------------------------

    def error(self, where: Node | Location, message: str, hint: str = "") -> None:
        location = where if isinstance(where, Location) else where.location
        self.problems.append(Problem(location, message, hint))

    def warn(self, where: Node | Location, message: str, hint: str = "") -> None:
        location = where if isinstance(where, Location) else where.location
        self.problems.append(Problem(location, message, hint, severity="warning"))

    # -- typed values ----------------------------------------------------

    def mapping(self, node: Node, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        self.error(node, f"{what} must be a mapping of keys and values, not {_kind(node)}")
        return None

    def sequence(self, node: Node, what: str) -> Sequence | None:
        if isinstance(node, Sequence):
            return node
        if isinstance(node, Scalar) and node.is_null:
            return Sequence()
        self.error(node, f"{what} must be a list (lines starting with '- '), not {_kind(node)}")
        return None

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, Scalar):
            if node.is_null or not node.strip():
                return None
            return str(node)
        self.error(node, f"{what} must be a text, not {_kind(node)}")
        return None

    def date(self, node: Node, what: str) -> datetime.date | None:
        if isinstance(node, Scalar) and ISO_DATE.match(node):
            try:
                return datetime.date.fromisoformat(node)
            except ValueError as error:
                self.error(node, f"{what} {str(node)!r} is not a real date ({error})")
                return None
        self.error(node, f"{what} must be a date written YYYY-MM-DD, like 2025-04-23", "write the date in ISO form")
        return None

    def integer(self, node: Node, what: str) -> int | None:
        if isinstance(node, Scalar) and re.fullmatch(r"[0-9]{1,6}", node):
            return int(node)
        self.error(node, f"{what} must be a whole number, not {_describe(node)}")
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node in ("true", "false"):
            return node == "true"
        self.error(node, f"{what} must be true or false, not {_describe(node)}")
        return None

    def numbering(self, node: Node) -> NumberingStyle | None:
        if isinstance(node, Scalar) and node in NUMBERING_STYLES:
            return cast(NumberingStyle, str(node))
        hint = _suggest(str(node), NUMBERING_STYLES) if isinstance(node, Scalar) else ""
        self.error(node, f"numbering must be one of {', '.join(NUMBERING_STYLES)}, not {_describe(node)}", hint)
        return None

    def check_keys(self, mapping: Mapping, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in mapping.scalar_keys():
            if key not in allowed:
                hint = _suggest(key, allowed) or f"the keys of {what} are: {', '.join(allowed)}"
                self.error(key, f"unknown key {str(key)!r} in {what}", hint)

    def required(self, mapping: Mapping, key: str, what: str) -> Node | None:
        if key in mapping:
            return mapping[key]
        self.error(mapping, f"{what} has no {key!r}", f"add a line '{key}: …'")
        return None

    # -- publication -----------------------------------------------------

    def top_mapping(self, path: Path, what: str, empty: str, hint: str) -> Mapping | None:
        """The mapping a file holds, or None (with the problem recorded) when it is broken or empty."""
        try:
            raw = load_file(path)
        except YamlError as error:
            self.problems.append(error.problem)
            return None
        if raw is None:
            self.error(Location(path, 1, 1), empty, hint)
            return None
        return self.mapping(raw, what)

    def publication(self, path: Path) -> Publication | None:
        settings = self.top_mapping(
            path, "publication.yaml", "publication.yaml is empty", "give it at least a title and a source_language"
        )
        if settings is None:
            return None
        self.check_keys(settings, PUBLICATION_KEYS, "publication.yaml")

        self.source = self.language(settings["source_language"]) if "source_language" in settings else "fr"
        targets: list[str] = []
        languages = self.sequence(settings["languages"], "languages") if "languages" in settings else Sequence()
        for node in languages or ():
            code = self.language(node)
            if code == self.source:
                self.error(node, f"{code!r} is the source language; list only the translations under languages")
            elif code in targets:
                self.error(node, f"language {code!r} is listed twice")
            elif code:
                targets.append(code)
        self.targets = tuple(targets)

        numbering: NumberingStyle = "article"
        if "numbering" in settings:
            numbering = self.numbering(settings["numbering"]) or numbering
        publisher = ""
        if "publisher" in settings:
            publisher = self.text(settings["publisher"], "publisher") or ""
        self.ids = {}
        title = self.unit(settings["title"], "title", "title") if "title" in settings else None
        if "title" not in settings:
            self.error(settings, "publication.yaml has no title", "add 'title: …' (the name of the edition)")
        description = self.unit(settings["description"], "description", "description") if "description" in settings else None

        bilingual = self.bilingual(settings["bilingual"]) if "bilingual" in settings else BilingualSettings()
        drafts: list[str] = []
        for node in (
            (self.sequence(settings["draft_languages"], "draft_languages") or ()) if "draft_languages" in settings else ()
        ):
            code = self.language(node)
            if code and code not in self.targets:
                self.error(node, f"{code!r} is not one of the publication's translations", "list it under 'languages' too")
            elif code:
                drafts.append(code)
        glossary = self.glossary(settings["glossary"]) if "glossary" in settings else {}
        printing = self.printing(settings["print"]) if "print" in settings else PrintSettings()
        if any(p.severity == "error" for p in self.problems):
            return None  # the documents are read against these settings: fix them first
        if any(p.severity == "error" for p in self.problems):
            return None  # the documents are read against these settings: fix them first
        documents = self.documents(numbering)
        if title is None:
            return None
        warnings = tuple(p for p in self.problems if p.severity == "warning")
        return Publication(
            root=self.root,
            title=title,
            publisher=publisher,
            source_language=self.source,
            target_languages=self.targets,
            numbering=numbering,
            documents=tuple(documents),
            description=description,
            bilingual=bilingual,
            draft_languages=tuple(drafts),
            glossary=glossary,
            printing=printing,
            warnings=warnings,
        )

    def bilingual(self, node: Node) -> BilingualSettings:
        fields = self.mapping(node, "bilingual")
        if fields is None:
            return BilingualSettings()
        self.check_keys(fields, BILINGUAL_KEYS, "bilingual")
        settings = BilingualSettings()
        if "layouts" in fields:
            layouts = [self.choice(item, LAYOUTS, "a layout") for item in self.sequence(fields["layouts"], "layouts") or ()]
            settings = replace(settings, layouts=tuple(cast(Layout, x) for x in dict.fromkeys(layouts) if x))
        if "translation_style" in fields:
            style = self.choice(fields["translation_style"], TRANSLATION_STYLES, "translation_style")
            settings = replace(settings, translation_style=cast(TranslationStyle, style or "italic"))
        if "orientation" in fields:
            orientation = self.choice(fields["orientation"], ("portrait", "landscape"), "orientation")
            settings = replace(settings, orientation=cast(Orientation, orientation or "landscape"))
        if "multilingual" in fields:
            codes: list[str] = []
            for item in self.sequence(fields["multilingual"], "multilingual") or ():
                code = self.language(item)
                if code and code not in self.targets:
                    self.error(item, f"{code!r} is not one of the publication's translations", "list it under 'languages' first")
                elif code:
                    codes.append(code)
            if len(codes) == 1:
                self.error(fields["multilingual"], "multilingual needs at least two translations to set beside the source")
            settings = replace(settings, multilingual=tuple(codes) if len(codes) > 1 else ())
        return settings

    def glossary(self, node: Node) -> dict[str, dict[str, str]]:
        """Terms and their required translations, e.g. {"partenariat stratégique global": {"en": "comprehensive …"}}."""
        fields = self.mapping(node, "glossary")
        terms: dict[str, dict[str, str]] = {}
        for term in fields.scalar_keys() if fields is not None else ():
            assert fields is not None
            translations = self.mapping(fields[term], f"the glossary entry {str(term)!r}")
            if translations is None:
                continue
            entry = {}
            for code in translations.scalar_keys():
                if code not in self.targets:
                    self.error(code, f"{str(code)!r} is not one of the publication's translations")
                    continue
                text = self.text(translations[code], f"the {code} term")
                if text:
                    entry[str(code)] = text
            terms[str(term)] = entry
        return terms

    def printing(self, node: Node) -> PrintSettings:
        fields = self.mapping(node, "print")
        if fields is None:
            return PrintSettings()
        self.check_keys(fields, PRINT_KEYS, "print")
        settings = PrintSettings()
        if "paper" in fields:
            settings = replace(settings, paper=self.choice(fields["paper"], tuple(PAPER_SIZES), "paper") or "A4")
        if "margins" in fields:
            value = fields["margins"]
            numbers = (
                [self.number(item, "a margin", 0, 80) for item in value]
                if isinstance(value, Sequence)
                else [self.number(value, "margins", 0, 80)]
            )
            if len(numbers) not in (1, 2, 4):
                self.error(
                    value, "margins are one number (all sides), two (top/bottom, sides) or four (top, right, bottom, left), in mm"
                )
            elif all(n is not None for n in numbers):
                full = numbers * 4 if len(numbers) == 1 else numbers * 2 if len(numbers) == 2 else numbers
                settings = replace(settings, margins=cast(tuple[float, float, float, float], tuple(full)))
        if "font_size" in fields:
            settings = replace(settings, font_size=self.number(fields["font_size"], "font_size", 6, 24) or settings.font_size)
        if "crop_marks" in fields:
            settings = replace(settings, crop_marks=bool(self.boolean(fields["crop_marks"], "crop_marks")))
        if "bleed" in fields:
            settings = replace(settings, bleed=self.number(fields["bleed"], "bleed", 0, 10) or 0)
        if "pdf" in fields:
            variant = self.choice(fields["pdf"], tuple(PDF_VARIANTS), "pdf")
            settings = replace(settings, variant=PDF_VARIANTS[variant] if variant else settings.variant)
        if "book" in fields:
            settings = replace(settings, book=bool(self.boolean(fields["book"], "book")))
        if "ordinals" in fields:
            style = self.choice(fields["ordinals"], ("superscript", "unicode", "plain"), "ordinals")
            settings = replace(settings, ordinals=cast(Ordinals, style or "superscript"))
        return settings

    def number(self, node: Node, what: str, low: float, high: float) -> float | None:
        if isinstance(node, Scalar) and re.fullmatch(r"\d{1,3}(?:\.\d+)?", node) and low <= float(node) <= high:
            return float(node)
        self.error(node, f"{what} must be a number from {low:g} to {high:g}, not {_describe(node)}")
        return None

    def choice(self, node: Node, choices: tuple[str, ...], what: str) -> str | None:
        if isinstance(node, Scalar) and node in choices:
            return str(node)
        hint = _suggest(str(node), choices) if isinstance(node, Scalar) else ""
        self.error(node, f"{what} must be one of {', '.join(choices)}, not {_describe(node)}", hint)
        return None

    def language(self, node: Node) -> str:
        if not isinstance(node, Scalar) or node.is_null:
            self.error(node, f"expected a language code such as 'fr', not {_describe(node)}")
            return ""
        problem = language_problem(node)
        if problem:
            self.error(node, problem, "use a BCP 47 code: fr, en, az, zh-Hans, ar …")
            return ""
        return str(node)

    # -- documents -------------------------------------------------------

    def documents(self, numbering: NumberingStyle) -> list[Document]:
        content = self.root / CONTENT_DIR
        if not content.is_dir():
            self.error(
                Location(self.root / PUBLICATION_FILE),
                "the publication has no content/ folder",
                "create content/ and put documents (.yaml) in it",
            )
            return []
        paths, refused = list_files(content, self.root, (".yaml", ".yml"), MAX_DOCUMENTS)
        for refusal in refused:
            self.error(Location(refusal.path), refusal.reason, refusal.hint)
        if refused:
            return []  # a document that cannot be read: building without it would unpublish it
        documents: list[Document] = []
        slugs: dict[str, Location] = {}
        for path in paths:
            document = self.document(path, numbering)
            if document is None:
                continue
            if document.slug in slugs:
                self.error(
                    Location(path),
                    f"two documents have the slug {document.slug!r} (the other is {slugs[document.slug]})",
                    "give one of them another 'slug:' or file name",
                )
                continue
            slugs[document.slug] = Location(path)
            documents.append(document)
        return documents

    def document(self, path: Path, default_numbering: NumberingStyle) -> Document | None:
        fields = self.top_mapping(
            path, "a document", "the document is empty", "write at least a headline and a body, or delete the file"
        )
        if fields is None:
            return None
        before = len(self.problems)
        self.check_keys(fields, DOCUMENT_KEYS, "a document")
        self.ids = {}

        slug = path.stem
        if "slug" in fields:
            slug = self.text(fields["slug"], "slug") or slug
        if slug == "edition":
            where = fields["slug"] if "slug" in fields else Location(path)
            self.error(
                where,
                "the slug 'edition' is reserved for the whole-edition PDF (pdf/edition.<lang>.pdf)",
                "choose another slug or file name",
            )
        if len(slug) > MAX_SLUG_LENGTH:
            where = fields["slug"] if "slug" in fields else Location(path)
            self.error(
                where,
                f"the slug is {len(slug)} characters long; the limit is {MAX_SLUG_LENGTH} (it names files and web addresses)",
                "choose a shorter slug or file name",
            )
        elif not SLUG.match(slug):
            where = fields["slug"] if "slug" in fields else Location(path)
            suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
            self.error(
                where,
                f"{slug!r} cannot be used as a slug (it names the document's web address)",
                f"use lowercase letters, digits and hyphens, e.g. slug: {suggestion or 'my-document'}",
            )

        numbering = default_numbering
        if "numbering" in fields:
            numbering = self.numbering(fields["numbering"]) or numbering
        self.numbering_style = numbering
        date = self.date(fields["date"], "date") if "date" in fields else None
        dateline = self.dateline(fields["dateline"]) if "dateline" in fields else None
        headline_node = self.required(fields, "headline", "the document")
        headline = self.unit(headline_node, "the headline", "headline") if headline_node is not None else None
        short_title = self.unit(fields["short_title"], "the short title", "short-title") if "short_title" in fields else None
        body_node = self.required(fields, "body", "the document")
        blocks = self.blocks(body_node, BLOCK_TYPES, "body") if body_node is not None else []
        if len(self.ids) > MAX_UNITS_PER_DOCUMENT:
            self.error(
                Location(path),
                f"too many texts in one document ({len(self.ids)}; the limit is {MAX_UNITS_PER_DOCUMENT})",
                "split it into several documents",
            )

        if headline is None or any(p.severity == "error" for p in self.problems[before:]):
            return None
        return Document(
            slug=slug,
            path=path,
            headline=headline,
            blocks=tuple(blocks),
            numbering=numbering,
            date=date,
            dateline=dateline,
            short_title=short_title,
        )

    def dateline(self, node: Node) -> Dateline | None:
        fields = self.mapping(node, "dateline")
        if fields is None:
            return None
        self.check_keys(fields, ("place", "source"), "the dateline")
        place = self.unit(fields["place"], "the dateline's place", "dateline-place") if "place" in fields else None
        source = self.text(fields["source"], "the dateline's source") if "source" in fields else None
        return Dateline(place, source)

    # -- blocks ----------------------------------------------------------

    def blocks(self, node: Node, allowed: tuple[str, ...], where: str) -> list[Block]:
        items = self.sequence(node, where)
        blocks: list[Block] = []
        for item in items or ():
            block = self.block(item, allowed)
            if block is not None:
                blocks.append(block)
        return blocks

    def block(self, node: Node, allowed: tuple[str, ...]) -> Block | None:
        if isinstance(node, Scalar):
            self.error(
                node,
                "a paragraph needs an id and its text under the language code",
                "write it as:  - id: my-paragraph\n          fr: Le texte …",
            )
            return None
        fields = self.mapping(node, "a block")
        if fields is None:
            return None
        if len(fields) == 1:
            (kind,) = fields.scalar_keys()
            if kind not in allowed and not self.is_unit_key(kind):
                hint = _suggest(kind, allowed) or f"the blocks allowed here are: {', '.join(allowed)}"
                self.error(kind, f"unknown block type {str(kind)!r}", hint)
                return None
            if kind in allowed:
                return self.typed_block(str(kind), fields[kind])
        if "id" in fields or any(self.is_unit_key(k) for k in fields):
            unit = self.unit(fields, "a paragraph")
            return Paragraph(unit) if unit else None
        self.error(
            node,
            "this is neither a paragraph (id: and text) nor a block of a known type",
            f"blocks allowed here: {', '.join(allowed)}",
        )
        return None

    def is_unit_key(self, key: str) -> bool:
        return key in ("id", "note", self.source, *self.targets)

    def typed_block(self, kind: str, node: Node) -> Block | None:
        if kind in ("paragraph", "lede"):
            unit = self.unit(node, f"a {kind}")
            return Paragraph(unit, role="lede" if kind == "lede" else "body") if unit else None
        if kind == "heading":
            return self.heading(node)
        if kind == "quote":
            return self.quote(node)
        if kind == "list":
            return self.list_block(node)
        return self.official(node)

    def heading(self, node: Node) -> Heading | None:
        level = 2
        if isinstance(node, Mapping) and "level" in node:
            value = self.integer(node["level"], "a heading's level")
            if value is not None and not 2 <= value <= 4:
                self.error(node["level"], "a heading's level must be 2, 3 or 4 (the headline is level 1)")
            level = value or 2
        unit = self.unit(node, "a heading", extra=("level",))
        return Heading(unit, level) if unit else None

    def quote(self, node: Node) -> Quote | None:
        fields = self.mapping(node, "a quote")
        if fields is None:
            return None
        attribution = None
        if "attribution" in fields:
            attribution = self.unit(fields["attribution"], "a quote's attribution")
        if "paragraphs" in fields:
            self.check_keys(fields, ("paragraphs", "attribution"), "a quote")
            units = [self.unit(item, "a quoted paragraph") for item in self.sequence(fields["paragraphs"], "paragraphs") or ()]
            paragraphs = tuple(u for u in units if u)
        else:
            unit = self.unit(fields, "a quote", extra=("attribution",))
            paragraphs = (unit,) if unit else ()
        if not paragraphs:
            return None
        return Quote(paragraphs, attribution)

    def list_block(self, node: Node) -> ListBlock | None:
        fields = self.mapping(node, "a list")
        if fields is None:
            return None
        self.check_keys(fields, ("ordered", "items"), "a list")
        ordered = False
        if "ordered" in fields:
            ordered = bool(self.boolean(fields["ordered"], "ordered"))
        items_node = self.required(fields, "items", "a list")
        units = (
            [self.unit(item, "a list item") for item in self.sequence(items_node, "items") or ()]
            if items_node is not None
            else []
        )
        return ListBlock(tuple(u for u in units if u), ordered)

    def official(self, node: Node) -> OfficialText | None:
        fields = self.mapping(node, "an official text")
        if fields is None:
            return None
        self.check_keys(fields, OFFICIAL_KEYS, "an official text")
        text_id = "official"
        if "id" in fields:
            text_id = self.unit_id(fields["id"]) or text_id
        title_node = self.required(fields, "title", "an official text")
        title = self.unit(title_node, "the official text's title", f"{text_id}-title") if title_node is not None else None
        preamble = self.blocks(fields["preamble"], ARTICLE_BLOCK_TYPES, "preamble") if "preamble" in fields else []
        articles = self.articles(fields["articles"]) if "articles" in fields else []
        signatories: list[Unit] = []
        for item in (self.sequence(fields["signatories"], "signatories") or ()) if "signatories" in fields else ():
            unit = self.unit(item, "a signatory")
            if unit:
                signatories.append(unit)
        signed = self.place_date(fields["signed"], text_id) if "signed" in fields else None
        if title is None:
            return None
        return OfficialText(
            id=text_id,
            title=title,
            preamble=tuple(cast(list[ArticleBlock], preamble)),
            articles=tuple(articles),
            signatories=tuple(signatories),
            signed=signed,
        )

    def articles(self, node: Node) -> list[Article]:
        articles: list[Article] = []
        previous = 0
        seen: dict[int, Location] = {}
        for item in self.sequence(node, "articles") or ():
            fields = self.mapping(item, "an article")
            if fields is None:
                continue
            self.check_keys(fields, ARTICLE_KEYS, "an article")
            number = previous + 1
            if "number" in fields:
                given = self.integer(fields["number"], "an article's number")
                if given is not None:
                    where = fields["number"]
                    if given == 0:
                        self.error(where, "article numbers start at 1")
                    elif given in seen:
                        self.error(
                            where, f"article {given} appears twice (first on line {seen[given].line})", "renumber the articles"
                        )
                    elif given < previous:
                        self.error(
                            where,
                            f"article {given} comes after article {previous}: articles must be in order",
                            "move the article or fix its number",
                        )
                    elif previous and given > previous + 1:
                        self.warn(
                            where, f"article {given} follows article {previous}: articles {previous + 1}–{given - 1} are missing"
                        )
                    number = given
            seen.setdefault(number, fields.location)
            previous = max(previous, number)
            problem = label_problem(number, self.numbering_style, (self.source, *self.targets))
            if problem:
                self.error(fields.get("number", fields), problem, "use decimal numbering for so many articles")
            title = self.unit(fields["title"], "an article's title", f"article-{number}-title") if "title" in fields else None
            paragraphs_node = self.required(fields, "paragraphs", f"article {number}")
            blocks = self.blocks(paragraphs_node, ARTICLE_BLOCK_TYPES, "paragraphs") if paragraphs_node is not None else []
            if paragraphs_node is not None and not blocks and not any(p.severity == "error" for p in self.problems):
                self.error(paragraphs_node, f"article {number} has no paragraphs")
            articles.append(Article(number, tuple(cast(list[ArticleBlock], blocks)), fields.location, title))
        return articles

    def place_date(self, node: Node, text_id: str) -> PlaceDate | None:
        fields = self.mapping(node, "signed")
        if fields is None:
            return None
        self.check_keys(fields, ("place", "date"), "signed")
        place_node = self.required(fields, "place", "signed")
        date_node = self.required(fields, "date", "signed")
        place = self.unit(place_node, "the place of signature", f"{text_id}-place") if place_node is not None else None
        date = self.date(date_node, "the date of signature") if date_node is not None else None
        if place is None or date is None:
            return None
        return PlaceDate(place, date)

    # -- units -----------------------------------------------------------

    def unit_id(self, node: Node) -> str | None:
        if isinstance(node, Scalar) and (INVISIBLE.search(node) or BIDI_CONTROLS.search(node)):
            self.error(node, "the id contains an invisible character", "retype the id with letters, digits, '-', '_' or '.'")
            return None
        if not isinstance(node, Scalar) or not UNIT_ID.match(node):
            self.error(
                node,
                f"{_describe(node)} cannot be used as an id",
                "an id starts with a letter and uses letters, digits, '-', '_' or '.' (at most 64), e.g. id: a7-2",
            )
            return None
        return str(node)

    def unit(self, node: Node, what: str, default_id: str | None = None, extra: tuple[str, ...] = ()) -> Unit | None:
        """A translatable text: ``fr: …`` and its translations, or a bare text where an id is implied."""
        if isinstance(node, Scalar):
            if default_id is None:
                self.error(
                    node,
                    f"{what} needs an id and its text under the language code",
                    f"write it as  id: …  and  {self.source}: …  on separate lines",
                )
                return None
            text = self.text(node, what)
            if text is None:
                self.error(node, f"{what} is empty")
                return None
            return self.register(Unit(default_id, self.source, self.checked_text(node, text), node.location))
        fields = self.mapping(node, what)
        if fields is None:
            return None
        unit_id = default_id
        if "id" in fields:
            unit_id = self.unit_id(fields["id"])
        elif default_id is None:
            self.error(
                fields,
                f"{what} has no id",
                "add 'id: …' with a short name that stays the same when paragraphs move (e.g. id: a7-2)",
            )
        source: str | None = None
        translations: dict[str, Translation] = {}
        note = None
        for key in fields.scalar_keys():
            value = fields[key]
            if key == "id" or key in extra:
                continue
            if key == "note":
                note = self.text(value, "a note")
            elif key == self.source:
                source = self.text(value, f"the {self.source} text")
                if source is not None:
                    source = self.checked_text(value, source)
            elif key in self.targets:
                translation = self.translation(value, key)
                if translation is not None:
                    translations[str(key)] = translation
            elif language_problem(key) is None and not any(key[:2] == code[:2] for code in (self.source, *self.targets)):
                self.warn(
                    key,
                    f"{str(key)!r} is not one of the publication's languages; this text is ignored",
                    f"add {str(key)!r} to 'languages' in publication.yaml, or remove it",
                )
            else:
                candidates = ["id", "note", self.source, *self.targets, *extra]
                self.error(
                    key,
                    f"unknown key {str(key)!r} in {what}",
                    _suggest(key, candidates)
                    or f"expected id, note or a language code ({', '.join([self.source, *self.targets])})",
                )
        if source is None:
            if self.source in fields:
                self.error(
                    fields[self.source], f"{what} has an empty {self.source!r} text", "write the source text, or delete the unit"
                )
            else:
                self.error(
                    fields,
                    f"{what} has no source text ({self.source}: …)",
                    f"every text is written in {self.source!r} first; add '{self.source}: …'",
                )
            return None
        if unit_id is None:
            return None
        return self.register(Unit(unit_id, self.source, source, fields.location, translations, note))

    def translation(self, node: Node, language: str) -> Translation | None:
        if isinstance(node, Scalar):
            text = self.text(node, f"the {language} translation")
            return Translation(self.checked_text(node, text), node.location) if text is not None else None
        fields = self.mapping(node, f"the {language} translation")
        if fields is None:
            return None
        self.check_keys(fields, TRANSLATION_KEYS, f"the {language} translation")
        text = self.text(fields["text"], "text") if "text" in fields else None
        status: TranslationStatus = "current"
        if "status" in fields:
            value = fields["status"]
            if isinstance(value, Scalar) and value in TRANSLATION_STATUSES:
                status = cast(TranslationStatus, str(value))
            else:
                self.error(
                    value,
                    f"status must be one of {', '.join(TRANSLATION_STATUSES)}, not {_describe(value)}",
                    _suggest(str(value), TRANSLATION_STATUSES),
                )
        fingerprint = None
        if "source" in fields:
            value = fields["source"]
            if isinstance(value, Scalar) and re.fullmatch(r"[0-9a-f]{8,64}", value):
                fingerprint = str(value)
            else:
                self.error(
                    value,
                    "source must be the fingerprint of the source text (hexadecimal digits)",
                    "leave it to 'diptych mark-current' to write",
                )
        note = self.text(fields["note"], "a note") if "note" in fields else None
        if text is None:
            return None
        return Translation(self.checked_text(fields["text"], text), node.location, status, fingerprint, note)

    def checked_text(self, node: Node, text: str) -> str:
        if len(text) > MAX_TEXT_LENGTH:
            self.error(
                node,
                f"this text is {len(text):,} characters long; the limit is {MAX_TEXT_LENGTH:,}",
                "split it into several paragraphs",
            )
            return text[:MAX_TEXT_LENGTH]
        control = BIDI_CONTROLS.search(text)
        if control:
            self.error(
                _at(node, control.start()),
                f"the text contains an invisible bidirectional control character (U+{ord(control.group()):04X}), "
                "which can make it display differently from how it reads",
                "remove it: diptych sets the direction of each language itself (dir=rtl for Arabic)",
            )
        for offset, message in inline.problems(text):
            location = node.location
            if isinstance(node, Scalar) and node.plain and "\n" not in text:
                location = Location(location.path, location.line, location.column + offset)
            self.error(location, message, "fix or remove the link; see 'Inline markup' in the README")
        return text

    def register(self, unit: Unit) -> Unit:
        if unit.id in self.ids:
            first = self.ids[unit.id]
            self.error(
                unit.location,
                f"the id {unit.id!r} is used twice in this document (first on line {first.line})",
                "ids must be unique within a document: rename one",
            )
        else:
            self.ids[unit.id] = unit.location
        return unit


def _at(node: Node, offset: int) -> Location:
    """The place of character ``offset`` in a one-line plain text, else the start of the text."""
    location = node.location
    if isinstance(node, Scalar) and node.plain and "\n" not in node:
        return Location(location.path, location.line, location.column + offset)
    return location


def _kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "empty" if node.is_null else "a text"


def _describe(node: Node) -> str:
    if isinstance(node, Scalar) and not node.is_null:
        return repr(str(node)) if len(node) < 40 else repr(node[:37] + "…")
    return _kind(node)
