"""The translation memory ranks identical texts first, then the most similar, the first in the publication at equal scores."""

from __future__ import annotations

from diptych.read import read_publication
from diptych.translation.memory import TranslationMemory

from .conftest import MakePublication

COMMON = (
    "Les Parties réaffirment leur attachement aux principes de la Charte des Nations unies et au droit international, "
    "notamment au respect de la souveraineté et de l'intégrité territoriale des États"
)


def paragraph(unit_id: str, french: str, english: str | None) -> str:
    lines = f"  - id: {unit_id}\n    fr: {french}\n"
    return lines + (f"    en: {english}\n" if english else "")


def test_identical_texts_come_first_then_the_first_near_identical_ones(make_publication: MakePublication) -> None:
    count = 60  # more near-identical candidates than are shown
    sources = [f"{COMMON} (texte {n:02d})." for n in range(count)]
    query = sources[count - 5]
    sources[count - 2] = query  # the same text twice, both late in the publication
    body = "".join(paragraph(f"p{n}", text, f"Translation {n}.") for n, text in enumerate(sources))
    body += paragraph("new", query, None)
    root = make_publication(documents={"doc.yaml": f"headline:\n  fr: Titre\n  en: Title\nbody:\n{body}"})
    unit = next(u for d in read_publication(root).documents for u in d.units() if u.id == "new")
    matches = TranslationMemory(read_publication(root), "en").matches(unit)
    assert [(m.unit_id, m.score) for m in matches] == [(f"p{count - 5}", 100.0), (f"p{count - 2}", 100.0), ("p0", 99.0)]
    assert matches[0].target == f"Translation {count - 5}."


def test_the_most_similar_rank_above_the_first(make_publication: MakePublication) -> None:
    sources = [f"{COMMON} — une formule {'tout à fait ' * (n % 4)}différente ({n})." for n in range(30)]
    query = f"{COMMON} — une formule différente (99)."
    body = "".join(paragraph(f"p{n}", text, f"Translation {n}.") for n, text in enumerate(sources))
    body += paragraph("new", query, None)
    root = make_publication(documents={"doc.yaml": f"headline:\n  fr: Titre\n  en: Title\nbody:\n{body}"})
    publication = read_publication(root)
    unit = next(u for d in publication.documents for u in d.units() if u.id == "new")
    matches = TranslationMemory(publication, "en").matches(unit)
    assert [m.unit_id for m in matches] == ["p0", "p4", "p8"]  # no "tout à fait": the closest; in order at equal scores
    assert [m.score for m in matches] == [99.0, 99.0, 99.0]


def test_a_translated_unit_is_never_its_own_match(make_publication: MakePublication) -> None:
    body = (
        paragraph("a", f"{COMMON}.", "First.") + paragraph("b", f"{COMMON}.", "Second.") + paragraph("c", f"{COMMON} !", "Third.")
    )
    root = make_publication(documents={"doc.yaml": f"headline:\n  fr: Titre\n  en: Title\nbody:\n{body}"})
    publication = read_publication(root)
    units = {u.id: u for d in publication.documents for u in d.units()}
    memory = TranslationMemory(publication, "en")
    assert [(m.unit_id, m.score) for m in memory.matches(units["a"])] == [("b", 100.0), ("c", 99.0)]
    assert [(m.unit_id, m.score) for m in memory.matches(units["b"])] == [("a", 100.0), ("c", 99.0)]
