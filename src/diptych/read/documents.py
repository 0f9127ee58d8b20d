"""The documents in ``content/``: one YAML file each, with its slug, date, dateline, headline and body."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from .. import load
from ..cache import Cache
from ..coverage import resolve_coverage
from ..errors import Location, Problem
from ..files import list_files
from ..load import Node, YamlError
from ..model import Dateline, Document, NumberingStyle, OfficialText
from ..output import BOOK, book_pdf
from .blocks import BLOCK_TYPES, Blocks
from .settings import PUBLICATION_FILE
from .units import Units
from .values import Values

CONTENT_DIR = "content"
MAX_DOCUMENTS = 10_000
MAX_UNITS_PER_DOCUMENT = 20_000
CACHE_KIND = "documents"
MAX_SLUG_LENGTH = 100  # file names hold 255 bytes: slug.fr-en.interleaved.pdf must fit
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOCUMENT_KEYS = ("slug", "date", "numbering", "dateline", "headline", "short_title", "body")


@dataclass
class Selection:
    """Some of the documents only: those at ``paths`` (absolute), the others known by their slugs and places."""

    paths: set[Path]
    others: dict[str, Location] = field(default_factory=dict)


def document_key(cache: Cache, path: Path, digest: str, source: str, targets: tuple[str, ...], numbering: NumberingStyle) -> str:
    """The key of a document in the ``cache``: its path and text (``digest``), and the settings it is read against."""
    return cache.key(str(path), digest, source, " ".join(targets), numbering)


class Documents:
    """Reads every document of the publication in ``root``, its texts through ``units``.

    A document read before, with the same text and settings, comes from the ``cache`` (see :mod:`..cache`),
    with the problems its reading found.
    """

    def __init__(self, root: Path, values: Values, units: Units, cache: Cache | None = None) -> None:
        self.root = root
        self.values = values
        self.units = units
        self.blocks = Blocks(values, units)
        self.cache = cache if cache is not None else Cache(CACHE_KIND)

    def documents(self, numbering: NumberingStyle, selection: Selection | None = None) -> list[Document]:
        """Every document of ``content/`` in order, or the ``selection`` of them (checked against the others' slugs)."""
        content = self.root / CONTENT_DIR
        if not content.is_dir():
            self.values.error(
                Location(self.root / PUBLICATION_FILE),
                "the publication has no content/ folder",
                "create content/ and put documents (.yaml) in it",
            )
            return []
        paths, refused = list_files(content, self.root, (".yaml", ".yml"), MAX_DOCUMENTS)
        for refusal in refused:
            self.values.error(Location(refusal.path), refusal.reason, refusal.hint)
        if refused:
            return []  # a document that cannot be read: building without it would unpublish it
        documents: list[Document] = []
        slugs: dict[str, Location] = {}
        if selection is not None:
            paths = [path for path in paths if path.absolute() in selection.paths]
            slugs = dict(selection.others)
        for path in paths:
            document = self.document(path, numbering)
            if document is None:
                continue
            if document.slug in slugs:
                self.values.error(
                    Location(path),
                    f"two documents have the slug {document.slug!r} (the other is {slugs[document.slug]})",
                    "give one of them another 'slug:' or file name",
                )
                continue
            slugs[document.slug] = Location(path)
            documents.append(document)
        return documents

    def document(self, path: Path, default_numbering: NumberingStyle) -> Document | None:
        """The document in the file at ``path``, or None when it has errors (recorded in ``values``)."""
        values = self.values
        try:
            text, digest = load.read_text_and_digest(path)
        except YamlError as error:
            values.problems.append(error.problem)
            return None
        units = self.units
        key = document_key(self.cache, path, digest, units.source, units.targets, default_numbering)
        cached = self.cache.load(key)
        if isinstance(cached, tuple):
            document, problems = cast("tuple[Document | None, list[Problem]]", cached)
            values.problems += problems
            return document
        before = len(values.problems)
        document = self._read(path, text, default_numbering)
        if document is not None:
            document = dataclasses.replace(document, digest=digest)
        self.cache.store(key, (document, values.problems[before:]))
        return document

    def _read(self, path: Path, text: str, default_numbering: NumberingStyle) -> Document | None:
        values = self.values
        fields = values.top_mapping(
            path, "a document", "the document is empty", "write at least a headline and a body, or delete the file", text
        )
        if fields is None:
            return None
        before = len(values.problems)
        values.check_keys(fields, DOCUMENT_KEYS, "a document")
        self.units.start_file()

        slug = self.slug(path, fields.get("slug"))
        numbering = default_numbering
        if "numbering" in fields:
            numbering = values.numbering(fields["numbering"]) or numbering
        self.blocks.numbering = numbering
        date = values.date(fields["date"], "date") if "date" in fields else None
        dateline = self.dateline(fields["dateline"]) if "dateline" in fields else None
        headline = self.units.unit(fields["headline"], "the headline", "headline") if "headline" in fields else None
        short_title = None
        if "short_title" in fields:
            short_title = self.units.unit(fields["short_title"], "the short title", "short-title")
        body_node = values.required(fields, "body", "the document")
        blocks = self.blocks.blocks(body_node, BLOCK_TYPES, "body") if body_node is not None else []
        if len(self.units.ids) > MAX_UNITS_PER_DOCUMENT:
            values.error(
                Location(path),
                f"too many texts in one document ({len(self.units.ids)}; the limit is {MAX_UNITS_PER_DOCUMENT})",
                "split it into several documents",
            )

        if "headline" not in fields:
            if len(blocks) == 1 and isinstance(blocks[0], OfficialText):
                headline = blocks[0].title  # an official text on its own: its title is the headline, printed once
            elif body_node is not None:
                values.error(
                    fields,
                    "the document has no 'headline'",
                    "add a line 'headline: …' (a document that is only an official text may go without one)",
                )
        if headline is None or values.has_errors(since=before):
            return None
        document = Document(
            slug=slug,
            path=path,
            headline=headline,
            blocks=tuple(blocks),
            numbering=numbering,
            date=date,
            dateline=dateline,
            short_title=short_title,
        )
        problems = resolve_coverage(document)  # translations that cover several units
        values.problems += problems
        return None if problems else document

    def slug(self, path: Path, node: Node | None) -> str:
        """The document's slug: ``slug:`` if it has one, else its file name; checked either way."""
        slug = path.stem
        if node is not None:
            slug = self.values.text(node, "slug") or slug
        where = node if node is not None else Location(path)
        if slug == BOOK:
            self.values.error(
                where,
                f"the slug '{BOOK}' is reserved for the whole-edition PDF ({book_pdf(('<lang>',)).as_posix()})",
                "choose another slug or file name",
            )
        if len(slug) > MAX_SLUG_LENGTH:
            self.values.error(
                where,
                f"the slug is {len(slug)} characters long; the limit is {MAX_SLUG_LENGTH} (it names files and web addresses)",
                "choose a shorter slug or file name",
            )
        elif not SLUG.match(slug):
            suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
            self.values.error(
                where,
                f"{slug!r} cannot be used as a slug (it names the document's web address)",
                f"use lowercase letters, digits and hyphens, e.g. slug: {suggestion or 'my-document'}",
            )
        return slug

    def dateline(self, node: Node) -> Dateline | None:
        fields = self.values.mapping(node, "dateline")
        if fields is None:
            return None
        self.values.check_keys(fields, ("place", "source"), "the dateline")
        place = self.units.unit(fields["place"], "the dateline's place", "dateline-place") if "place" in fields else None
        source = self.values.text(fields["source"], "the dateline's source") if "source" in fields else None
        return Dateline(place, source)
