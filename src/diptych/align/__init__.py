"""An existing translation in: ``diptych align FILE --lang en`` pairs its paragraphs with the document's texts.

The stages: :mod:`.segment` (both sides as paragraphs, with article anchors),
:mod:`.lengths` (the Gale–Church dynamic programme with a confidence per pair),
then :func:`align` decides what each text receives — one paragraph (1–1), two
(the translator split it: 1–2), a share of one (two texts joined: 2–1), nothing
(1–0) — and writes every aligned translation as a draft with the source's
fingerprint, never over an existing translation without ``overwrite``. Pairs
the programme is unsure of are flagged; :mod:`.review` shows them first.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiptychError, UsageError
from ..ingest.reader import read_document
from ..ingest.script import script_problem
from ..model import Document, Publication
from ..read import read_publication
from .lengths import Bead, Side, align_lengths
from .segment import (
    SourceUnit,
    TargetParagraph,
    anchor_numbers,
    ending,
    length,
    names,
    place_of,
    sentences,
    source_units,
    target_paragraphs,
)

__all__ = ["AlignResult", "Pair", "align", "align_texts", "format_json", "format_text", "propose"]

#: a pair below this posterior probability is shown to the reviewer as uncertain
CONFIDENT = 0.9
#: the translation may have at most this many times more (or fewer) paragraphs than the document has texts
MAX_COUNT_RATIO = 2.0


@dataclass
class Pair:
    """Source units and the target paragraphs aligned with them (either side may be empty)."""

    units: list[SourceUnit]
    paragraphs: list[TargetParagraph]
    confidence: float
    uncertain: bool = False
    outcome: str = ""  # for the report: "written", "kept (a translation exists)", "no translation found"…

    @property
    def shape(self) -> str:
        return f"{len(self.units)}-{len(self.paragraphs)}"

    @property
    def texts(self) -> list[str]:
        """The translation each pair proposes, paragraph by paragraph (a place without its date)."""
        if len(self.units) == 1 and self.units[0].role in ("place", "signed"):
            text = " ".join(p.text for p in self.paragraphs)
            return [place_of(text, signed=self.units[0].role == "signed")] if self.paragraphs else []
        return [p.text for p in self.paragraphs]


@dataclass
class AlignResult:
    document: Document
    language: str
    file: Path
    pairs: list[Pair]
    review_page: Path | None = None
    written: list[Path] = field(default_factory=list)

    def proposal(self) -> dict[str, list[str]]:
        """Unit id → the paragraphs aligned with it (joined units map to the same paragraph)."""
        found: dict[str, list[str]] = {}
        for pair in self.pairs:
            for unit in pair.units:
                found[unit.unit.id] = pair.texts
        return found

    def uncertain_ids(self) -> set[str]:
        return {unit.unit.id for pair in self.pairs if pair.uncertain for unit in pair.units}


def align_texts(units: list[SourceUnit], paragraphs: list[TargetParagraph]) -> list[Pair]:
    """The pairs of a source and a translation, each with its confidence and an uncertainty flag."""
    source_names, target_names = shared_names([names(u.measured) for u in units], [names(p.text) for p in paragraphs])
    source = _side([u.measured for u in units], source_names)
    target = _side([p.text for p in paragraphs], target_names)
    beads = align_lengths(source, target, anchors(units, paragraphs))
    pairs = [Pair(units[b.i0 : b.i1], paragraphs[b.j0 : b.j1], b.confidence) for b in beads]
    _flag(pairs, beads)
    return pairs


def _side(texts: list[str], keys: list[frozenset[str]]) -> Side:
    return Side(
        [length(t) for t in texts],
        [anchor_numbers(t) for t in texts],
        [ending(t) for t in texts],
        [sentences(t) for t in texts],
        keys,
    )


#: a name in more than this share of one side's paragraphs (the parties' countries in a treaty) tells nothing
COMMON_NAME_SHARE = 0.2


def shared_names(source: list[frozenset[str]], target: list[frozenset[str]]) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Each side's names, keeping only those that can anchor: found on both sides, and rare on each."""

    def rare(sides: list[frozenset[str]]) -> set[str]:
        counts = Counter(key for keys in sides for key in keys)
        most = max(2.0, COMMON_NAME_SHARE * len(sides))
        return {key for key, count in counts.items() if count <= most}

    kept = rare(source) & rare(target)
    return [keys & kept for keys in source], [keys & kept for keys in target]


def anchors(units: list[SourceUnit], paragraphs: list[TargetParagraph]) -> list[tuple[int, int]]:
    """Pairs that must be aligned: article labels, and the official text's title and closing line around them.

    The title is the last unpunctuated paragraph before article 1 on each side; the closing line is the
    last paragraph when it mentions the year of signature. They must move forward on both sides together.
    """
    where = {u.article: i for i, u in enumerate(units) if u.article is not None}
    found = [(where[p.article], j) for j, p in enumerate(paragraphs) if p.article is not None and p.article in where]
    if found and found[0][0] == where.get(1):
        first_i, first_j = found[0]
        title_i = next((i for i in range(first_i - 1, -1, -1) if units[i].role == "title"), None)
        title_j = next((j for j in range(first_j - 1, 0, -1) if paragraphs[j].unpunctuated), None)
        if title_i is not None and title_j is not None:
            found.append((title_i, title_j))
    signed = next((i for i, u in enumerate(units) if u.role == "signed"), None)
    if signed is not None and paragraphs:
        year = units[signed].measured.rsplit(" ", 1)[-1]
        if year in paragraphs[-1].text.translate(_DIGITS) and signed == len(units) - 1:
            found.append((signed, len(paragraphs) - 1))
    if units and paragraphs and units[0].role == "headline" and paragraphs[0].unpunctuated:
        found.append((0, 0))
    # headings, when the file marks as many as the document has: the n-th with the n-th
    source_headings = [i for i, u in enumerate(units) if u.role == "heading"]
    target_headings = [j for j, p in enumerate(paragraphs) if p.heading]
    if source_headings and len(source_headings) == len(target_headings):
        found += list(zip(source_headings, target_headings, strict=True))
    monotone: list[tuple[int, int]] = []
    for i, j in sorted(found):
        if not monotone or (i > monotone[-1][0] and j > monotone[-1][1]):
            monotone.append((i, j))
    return monotone


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _flag(pairs: list[Pair], beads: list[Bead]) -> None:
    """Uncertain: a low posterior, anything but one paragraph for one text, or next to such a pair."""
    odd = [bead.shape != (1, 1) for bead in beads]
    for index, (pair, bead) in enumerate(zip(pairs, beads, strict=True)):
        neighbours = odd[max(0, index - 1) : index + 2]
        pair.uncertain = bead.confidence < CONFIDENT or any(neighbours) or abs(bead.delta) > 2.5


def _document(publication: Publication, slug: str | None, file: Path) -> Document:
    if slug is not None:
        try:
            return publication.document(slug)
        except KeyError:
            slugs = ", ".join(d.slug for d in publication.documents) or "none"
            raise DiptychError(
                f"{file}: no document {slug!r} in this publication to align it with (its documents: {slugs})"
            ) from None
    if len(publication.documents) == 1:
        return publication.documents[0]
    if not publication.documents:
        raise UsageError(f"{file}: the publication has no document yet; ingest the source first (diptych ingest)")
    raise UsageError(f"{file}: the publication has several documents; say which one it translates with --document SLUG")


def align(
    root: Path,
    file: Path,
    language: str,
    slug: str | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
) -> AlignResult:
    """Align ``file`` (a translation into ``language``) with a document and write its paragraphs as drafts."""
    publication = read_publication(root)
    if language not in publication.target_languages:
        languages = ", ".join(publication.target_languages) or "none"
        raise UsageError(
            f"{language!r} is not a translation of this publication (its languages: {languages}); "
            f"add it first with  diptych add-language {language}"
        )
    document = _document(publication, slug, file)
    result = propose(document, file, language)
    from .write import write_alignment

    write_alignment(root, result, overwrite=overwrite, dry_run=dry_run)
    return result


def propose(document: Document, file: Path, language: str) -> AlignResult:
    """Read ``file`` and align it with ``document``; nothing is written."""
    reading = read_document(file)
    passages = [(p.text if p.number is None else f"{p.number}. {p.text}", p.where) for p in reading.passages]
    headings = frozenset(i for i, p in enumerate(reading.passages) if p.kind == "heading" and i > 0)
    paragraphs = target_paragraphs(passages, headings)
    units = source_units(document)
    _check_plausible(file, language, units, paragraphs)
    return AlignResult(document, language, file, align_texts(units, paragraphs))


def _check_plausible(file: Path, language: str, units: list[SourceUnit], paragraphs: list[TargetParagraph]) -> None:
    problem = script_problem([p.text for p in paragraphs], language)
    if problem:
        raise DiptychError(f"{file}: {problem}; is this the {language!r} translation?")
    sources = {u.unit.source.strip() for u in units}
    same = sum(1 for p in paragraphs if p.text.strip() in sources)
    if paragraphs and same > len(paragraphs) / 2:
        raise DiptychError(f"{file}: {same} of its {len(paragraphs)} paragraphs are the source text itself, not a translation")
    n, m = len(units), len(paragraphs)
    if m > n * MAX_COUNT_RATIO or m * MAX_COUNT_RATIO < n:
        raise DiptychError(
            f"{file}: {m} paragraphs for a document of {n} texts — far too {'many' if m > n else 'few'} "
            "for a translation of it; is it the right file, or the right --document?"
        )


def format_text(result: AlignResult) -> str:
    shapes: dict[str, int] = {}
    for pair in result.pairs:
        shapes[pair.shape] = shapes.get(pair.shape, 0) + 1
    uncertain = [pair for pair in result.pairs if pair.uncertain]
    lines = [
        f"{result.file} → {result.document.slug} ({result.language}): "
        f"{sum(len(p.units) for p in result.pairs)} texts, {sum(len(p.paragraphs) for p in result.pairs)} paragraphs",
        "pairs: " + ", ".join(f"{count} × {shape}" for shape, count in sorted(shapes.items())),
    ]
    outcomes: dict[str, int] = {}
    for pair in result.pairs:
        outcomes[pair.outcome] = outcomes.get(pair.outcome, 0) + 1
    lines.append("outcome: " + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()) if outcome))
    if uncertain:
        lines.append(f"{len(uncertain)} uncertain pair(s), to review:")
        for pair in sorted(uncertain, key=lambda p: p.confidence):
            ids = "+".join(u.unit.id for u in pair.units) or "(no text)"
            shown = " ¶ ".join(pair.texts or [p.text for p in pair.paragraphs]) or "(nothing)"
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            lines.append(f"  {pair.confidence:5.0%}  {pair.shape}  {ids:<24} {shown}")
    if result.review_page:
        lines.append(f"review page: {result.review_page}")
    return "\n".join(lines)


def format_json(result: AlignResult) -> str:
    pairs = [
        {
            "units": [u.unit.id for u in pair.units],
            "source": [u.unit.source for u in pair.units],
            "translation": pair.texts,
            "paragraphs": [p.where for p in pair.paragraphs],
            "shape": pair.shape,
            "confidence": round(pair.confidence, 4),
            "uncertain": pair.uncertain,
            "outcome": pair.outcome,
        }
        for pair in result.pairs
    ]
    data = {
        "document": result.document.slug,
        "language": result.language,
        "file": str(result.file),
        "review_page": str(result.review_page) if result.review_page else None,
        "written": [str(p) for p in result.written],
        "pairs": pairs,
        "fingerprints": {u.unit.id: u.unit.fingerprint for pair in result.pairs for u in pair.units},
    }
    return json.dumps(data, ensure_ascii=False, indent=1)
