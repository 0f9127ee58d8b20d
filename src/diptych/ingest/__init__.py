"""Real texts in: a document file becomes a content YAML (``diptych ingest``).

The stages read like the command: :mod:`.reader` (file → passages, through
Pandoc), :mod:`.structure` (passages → the outline an editor would see),
:mod:`.write` (outline → YAML in the house style). :func:`ingest` checks the
result as part of the publication before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiptychError, UsageError
from ..languages import language_problem
from ..lock import locked
from ..output import write_atomic
from ..read import CONTENT_DIR, read_publication
from ..read.documents import MAX_UNITS_PER_DOCUMENT, SLUG
from .reader import Reading, read_document
from .script import script_problem
from .structure import Outline, recognise
from .write import outline_yaml

__all__ = ["IngestReport", "format_outline", "ingest", "slug_for"]


@dataclass
class IngestReport:
    path: Path  # the content file (written or not)
    reading: Reading
    outline: Outline
    yaml: str
    written: bool = False
    notes: list[str] = field(default_factory=list)


def slug_for(path: Path) -> str:
    """A document slug from a file name: ``La Gazette 2025-04-23.fr.docx`` → ``la-gazette-2025-04-23``."""
    stem = path.stem
    if "." in stem and language_problem(stem.rsplit(".", 1)[1]) is None:
        stem = stem.rsplit(".", 1)[0]  # a language code before the extension
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def ingest(root: Path, file: Path, language: str | None = None, slug: str | None = None, dry_run: bool = False) -> IngestReport:
    """Turn ``file`` into ``content/<slug>.yaml`` of the publication in ``root``; all checked before writing."""
    publication = read_publication(root)
    source = publication.source_language
    if language is not None and language != source:
        raise UsageError(
            f"{file}: ingest reads source documents, in {source!r}; to bring in a translation in {language!r}, "
            f"use  diptych align {file} --lang {language}"
        )
    slug = slug or slug_for(file)
    if not SLUG.match(slug):
        raise UsageError(f"{slug!r} cannot be a slug: use lowercase letters, digits and hyphens (--slug my-document)")
    target = root / CONTENT_DIR / f"{slug}.yaml"
    if any(document.slug == slug for document in publication.documents) or target.exists():
        raise UsageError(
            f"{target}: the document {slug!r} exists already; re-ingest a revised text with --update {slug}, "
            "or choose another --slug"
        )
    reading = read_document(file)
    problem = script_problem([p.text for p in reading.passages], source)
    if problem:
        raise DiptychError(f"{file}: {problem}; is this the {source!r} source text?")
    if len(reading.passages) > MAX_UNITS_PER_DOCUMENT:
        raise DiptychError(
            f"{file}: {len(reading.passages):,} paragraphs; a document holds at most {MAX_UNITS_PER_DOCUMENT:,} texts: "
            "split the file into several documents"
        )
    outline = recognise(reading.passages)
    numbering = outline.official.numbering if outline.official else None
    text = outline_yaml(outline, source, publication.target_languages, file.name, numbering)
    report = IngestReport(target, reading, outline, text, notes=[*outline.notes, *(f"dropped: {d}" for d in reading.dropped)])
    if dry_run:
        return report
    from ..translation.workflow import check_edits

    check_edits(root, {target: text})
    with locked(root / ".diptych", "editing the publication"):
        if target.exists():
            raise UsageError(f"{target}: the file appeared meanwhile; nothing was written")
        write_atomic(target, text.encode("utf-8"))
    report.written = True
    return report


def format_outline(report: IngestReport, width: int = 70) -> str:
    """The outline for people: one line per text, then what was guessed or dropped."""
    outline = report.outline
    lines = [f"{report.reading.path} ({report.reading.format}) → {report.path}"]

    def add(role: str, item_id: str, text: str, indent: int = 0) -> None:
        shown = text.replace("\n", " ⏎ ")
        shown = shown if len(shown) <= width else shown[: width - 1] + "…"
        lines.append(f"{'  ' * indent}{role:<{14 - 2 * indent}} {item_id:<32} {shown}")

    add("headline", "", outline.headline.text)
    if outline.dateline_place:
        add("dateline", "", f"{outline.dateline_place.text} / {outline.dateline_source or ''}")
    for block in outline.body:
        for item in block.items:
            add(block.kind, item.id, item.text)
    official = outline.official
    if official:
        add("official", official.id, official.title.text)
        for block in official.preamble:
            for item in block.items:
                add("preamble", item.id, item.text, 1)
        for article in official.articles:
            role = f"article {article.number}"
            if article.title:
                add(role, "(title)", article.title.text, 1)
                role = ""
            for block in article.blocks:
                for item in block.items:
                    add(role, item.id, item.text, 1)
                    role = ""
        for item in official.signatories:
            add("signatory", item.id, item.text, 1)
        if official.closing:
            add("signed", "", f"{official.closing.place.text}, {official.closing.date.isoformat()}", 1)
    for block in outline.after:
        for item in block.items:
            add("paragraph", item.id, item.text)
    count = len(outline.items())
    lines.append(f"{count} texts" + (f"; {len(official.articles)} articles" if official else ""))
    if report.notes:
        lines.append("check these:")
        lines += [f"  {note}" for note in report.notes]
    return "\n".join(lines)
