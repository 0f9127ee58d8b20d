"""Re-ingesting a revised source: ``diptych ingest FILE --update SLUG``.

The paragraphs of the new version are matched to the document's units: by role
(headline, titles, places), then by identical text, then by similarity
(rapidfuzz's normalised Levenshtein ratio, best pairs first). A unit whose text
is unchanged keeps everything; an edited one keeps its id and translations and
takes the new text, so its translations turn stale (their fingerprints no
longer match, and the old text is remembered for the word diff of ``diptych
status``); a new paragraph becomes a new unit after the one before it, in its
own article — a new article of the official text is made, numbered as in the
new version, and articles whose number changed (one inserted before them) are
renumbered; a unit no longer in the source is listed, and removed only with
``prune`` (an article left without paragraphs goes with it). The YAML is
edited in place with the round-trip writer (comments and order kept), checked
as part of the publication, and written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from ..errors import DiptychError
from ..lock import locked
from ..model import Document, OfficialText, Unit
from ..read import read_publication
from ..translation.edit import YamlFile, write_files
from ..translation.history import SourceHistory
from .places import Articles, fresh_id, insert_after, like, new_unit, places_of, remove
from .reader import read_document
from .script import script_problem
from .structure import Item, Outline, recognise

#: how similar (0–100, normalised Levenshtein) an edited paragraph must stay to keep its id and translations
SIMILAR = 70.0


@dataclass
class Match:
    item: Item | None  # the paragraph in the new version (None: no longer there)
    unit: Unit | None  # the unit it matches (None: a new paragraph)
    score: float = 100.0
    outcome: str = ""
    new_id: str = ""


@dataclass
class UpdatePlan:
    document: Document
    file: Path
    matches: list[Match] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for m in self.matches if m.outcome.startswith(outcome))


def update(root: Path, file: Path, slug: str, prune: bool = False, dry_run: bool = False) -> UpdatePlan:
    """Match a revised source to the document ``slug`` and apply the changes (unless ``dry_run``)."""
    publication = read_publication(root)
    try:
        document = publication.document(slug)
    except KeyError:
        slugs = ", ".join(d.slug for d in publication.documents) or "none"
        raise DiptychError(f"{file}: no document {slug!r} to update in this publication (its documents: {slugs})") from None
    reading = read_document(file)
    problem = script_problem([p.text for p in reading.passages], publication.source_language)
    if problem:
        raise DiptychError(f"{file}: {problem}; is this the {publication.source_language!r} source text?")
    outline = recognise(reading.passages)
    plan = UpdatePlan(document, file, match(document, outline), dry_run=dry_run)
    yaml = YamlFile(document.path)
    history = SourceHistory(root)
    pairs = [(m.item.id, m.unit.id) for m in plan.matches if m.item is not None and m.unit is not None]
    articles = Articles.find(yaml.data, outline, pairs)
    _apply(yaml, history, plan, publication.source_language, publication.target_languages, prune, articles)
    if dry_run:
        return plan
    from ..translation.workflow import check_edits

    if yaml.changed:
        check_edits(root, {yaml.path: yaml.text()})
    with locked(root / ".diptych", "editing the publication"):
        plan.written = write_files([yaml], lambda path, text: None)
    history.save()
    return plan


def match(document: Document, outline: Outline) -> list[Match]:
    """Every paragraph of the new version and every unit of the document, paired where they correspond."""
    units = list(document.units())
    items = outline.items()
    by_role = _roles(document, outline)
    taken: dict[int, Match] = {}  # index of the item → its match
    used: set[str] = set()
    for index, item in enumerate(items):
        unit = by_role.get(item.id)
        if unit is not None:
            taken[index] = Match(item, unit, fuzz.ratio(item.text, unit.source))
            used.add(unit.id)
    roles = set(by_role)
    role_ids = {unit.id for unit in _role_units(document).values()}
    free_units = [u for u in units if u.id not in used and u.id not in role_ids]
    by_text: dict[str, list[Unit]] = {}
    for unit in free_units:
        by_text.setdefault(unit.source.strip(), []).append(unit)
    for index, item in enumerate(items):
        if index in taken or item.id in roles:
            continue
        candidates = [u for u in by_text.get(item.text.strip(), []) if u.id not in used]
        if candidates:
            taken[index] = Match(item, candidates[0])
            used.add(candidates[0].id)
    rest_items = [i for i, item in enumerate(items) if i not in taken and item.id not in roles]
    rest_units = [u for u in free_units if u.id not in used]
    if rest_items and rest_units:
        # every remaining pair within reach (a paragraph moves a little, not across the whole text), best first
        reach = max(200, abs(len(rest_items) - len(rest_units)) + 50)
        pairs = []
        for a, index in enumerate(rest_items):
            centre = a * len(rest_units) // max(len(rest_items), 1)
            for b in range(max(0, centre - reach), min(len(rest_units), centre + reach + 1)):
                score = fuzz.ratio(items[index].text, rest_units[b].source, score_cutoff=SIMILAR)
                if score:
                    pairs.append((score, a, b))
        pairs.sort(key=lambda triple: (-triple[0], abs(triple[1] - triple[2])))
        done_items: set[int] = set()
        for score, a, b in pairs:
            unit = rest_units[b]
            if a in done_items or unit.id in used:
                continue
            taken[rest_items[a]] = Match(items[rest_items[a]], unit, score)
            done_items.add(a)
            used.add(unit.id)
    matches = [taken.get(index) or Match(item, None, 0.0) for index, item in enumerate(items)]
    for unit in units:
        if unit.id in used:
            continue
        # a short title, or a title or place the new text does not have, belongs to the document, not to the text
        editorial = unit.id in role_ids or unit is document.short_title
        matches.append(Match(None, unit, 0.0, "kept: not part of the text" if editorial else ""))
    return matches


def _role_units(document: Document) -> dict[str, Unit]:
    """The units whose place in the document says what they are: headline, dateline place, titles, place of signature."""
    found = {"headline": document.headline}
    if document.dateline and document.dateline.place:
        found["dateline-place"] = document.dateline.place
    for official in (b for b in document.blocks if isinstance(b, OfficialText)):
        found["official-title"] = official.title
        if official.signed:
            found["official-place"] = official.signed.place
    return found


def _roles(document: Document, outline: Outline) -> dict[str, Unit]:
    """Outline item id → the unit of the same role."""
    units = _role_units(document)
    found: dict[str, Unit] = {"headline": units["headline"]}
    if outline.dateline_place and "dateline-place" in units:
        found[outline.dateline_place.id] = units["dateline-place"]
    if outline.official:
        if "official-title" in units:
            found[outline.official.title.id] = units["official-title"]
        if outline.official.closing and "official-place" in units:
            found[outline.official.closing.place.id] = units["official-place"]
    return found


# -- editing the YAML ---------------------------------------------------------------


def _apply(
    yaml: YamlFile,
    history: SourceHistory,
    plan: UpdatePlan,
    source: str,
    targets: tuple[str, ...],
    prune: bool,
    articles: Articles | None,
) -> None:
    places = places_of(yaml.data)
    existing = {unit.id for unit in plan.document.units()}
    previous: Unit | None = None
    inserted_after: dict[str, int] = {}
    for entry in plan.matches:
        item, unit = entry.item, entry.unit
        if item is not None and unit is not None:
            if item.text == unit.source:
                entry.outcome = "unchanged"
            else:
                _edit(yaml, history, unit, item.text, source)
                stale = [code for code, t in unit.translations.items() if not t.absent or t.covers]
                entry.outcome = f"edited ({entry.score:.0f}% similar): " + (
                    f"{', '.join(stale)} translation(s) now stale" if stale else "no translation yet"
                )
            previous = unit
        elif item is not None and articles is not None and item.id in articles.titles:
            entry.new_id = f"article-{articles.number_of[item.id]}-title"  # a title's id is implied by its number
            entry.outcome = f"new: {entry.new_id}, {articles.put_title(item, source, targets)}"
        elif item is not None:
            entry.new_id = fresh_id(item.id, existing)
            existing.add(entry.new_id)
            anchor = previous.id if previous else None
            if articles is not None and item.id in articles.number_of:
                where = articles.insert(item, new_unit(entry.new_id, item.text, source, targets), places, anchor)
            else:
                where = insert_after(places, anchor, inserted_after, entry.new_id, item.text, source, targets)
            entry.outcome = f"new: {entry.new_id}, {where}"
        elif unit is not None and entry.outcome:
            pass  # decided when matching
        elif unit is not None:
            if prune:
                remove(places, unit.id)
                entry.outcome = "removed (--prune)"
            else:
                entry.outcome = "no longer in the source: kept (run with --prune to remove it)"
    if articles is not None:
        articles.finish()


def _edit(yaml: YamlFile, history: SourceHistory, unit: Unit, text: str, source: str) -> None:
    """The new source text; translations that recorded no fingerprint get the old one, so they turn stale too."""
    history.remember(unit.source)
    node = yaml.unit_node(unit)
    for code, translation in unit.translations.items():
        if translation.source_fingerprint is None and not translation.absent:
            yaml.set_translation(unit, code, translation.text, source_fingerprint=unit.fingerprint)
    node[source] = like(node.get(source), text)


def format_update(plan: UpdatePlan) -> str:
    """What happened to every unit, then the totals."""
    lines = [f"{plan.file} → {plan.document.slug}" + (" (dry run: nothing written)" if plan.dry_run else "")]
    for entry in plan.matches:
        name = entry.unit.id if entry.unit else entry.new_id
        text = (entry.item.text if entry.item else entry.unit.source if entry.unit else "").replace("\n", " ")
        text = text if len(text) <= 50 else text[:49] + "…"
        lines.append(f"  {name:<28} {entry.outcome}  — {text}")
    totals = ["unchanged", "edited", "new", "removed", "no longer", "kept"]
    lines.append(", ".join(f"{plan.count(kind)} {kind}" for kind in totals if plan.count(kind)))
    return "\n".join(lines)
