"""The seed publication: the whole French text of La Gazette's article, word for word, and its English."""

from __future__ import annotations

import re
from pathlib import Path

from diptych.model import OfficialText, Paragraph, Publication
from diptych.render import Page, RenderContext
from diptych.urls import Urls

SOURCE = Path(__file__).parent / "data" / "la-gazette-2025-04-23.fr.txt"


def seed_lines() -> list[str]:
    return [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def declaration(seed: Publication) -> OfficialText:
    (document,) = seed.documents
    (official,) = [b for b in document.blocks if isinstance(b, OfficialText)]
    return official


def test_eighteen_articles_numbered_one_to_eighteen(seed: Publication) -> None:
    assert [a.number for a in declaration(seed).articles] == list(range(1, 19))


def test_multi_paragraph_articles_have_all_their_paragraphs(seed: Publication) -> None:
    counts = {a.number: len(a.blocks) for a in declaration(seed).articles}
    assert counts == {
        1: 2,
        2: 2,
        3: 1,
        4: 3,
        5: 1,
        6: 1,
        7: 3,
        8: 1,
        9: 7,
        10: 2,
        11: 4,
        12: 1,
        13: 1,
        14: 1,
        15: 1,
        16: 1,
        17: 1,
        18: 1,
    }


def test_french_text_is_the_seed_word_for_word(seed: Publication) -> None:
    """Rebuild the seed's lines from the model and compare them exactly."""
    (document,) = seed.documents
    official = declaration(seed)
    assert document.dateline is not None and document.dateline.place is not None
    rebuilt = [document.headline.source, f"{document.dateline.place.source} / {document.dateline.source}"]
    rebuilt += [b.unit.source for b in document.blocks if isinstance(b, Paragraph)]
    rebuilt.append(official.title.source)
    rebuilt += [b.unit.source for b in official.preamble if isinstance(b, Paragraph)]
    for article in official.articles:
        for index, block in enumerate(article.blocks):
            assert isinstance(block, Paragraph)
            rebuilt.append(f"{article.number}. {block.unit.source}" if index == 0 else block.unit.source)
    rebuilt.append(" ".join(s.source for s in official.signatories))
    assert official.signed is not None
    page = Page(RenderContext(seed, (seed.source,)), Urls(""))
    signed_line = re.sub(r"<[^>]+>", "", page.place_and_date(official.signed))
    rebuilt.append(signed_line.replace("\u00a0", " ").replace("\u202f", " "))
    assert rebuilt == seed_lines()


def test_the_signature_line_is_typeset() -> None:
    """Typography is applied on the page, never to the YAML: the date does not break across lines."""
    from diptych.read import read_publication

    from .conftest import ROOT

    seed = read_publication(ROOT)
    page = Page(RenderContext(seed, (seed.source,)), Urls(""))
    assert re.sub(r"<[^>]+>", "", page.place_and_date(declaration(seed).signed)) == "Pékin, le 23\u00a0avril\u00a02025."  # type: ignore[arg-type]


def test_every_french_unit_has_an_english_translation(seed: Publication) -> None:
    for document in seed.documents:
        for unit in document.units():
            english = unit.text("en")
            assert english, f"{unit.id} has no English"
            assert english != unit.source or unit.source in ("Paris",), unit.id


def test_english_keeps_the_numbers_of_the_french(seed: Publication) -> None:
    for document in seed.documents:
        for unit in document.units():
            numbers = set(re.findall(r"\d+", unit.source))
            english = unit.text("en") or ""
            assert numbers <= set(re.findall(r"\d+", english)), unit.id


def test_unit_ids_are_unique_across_the_seed(seed: Publication) -> None:
    ids = [u.id for d in seed.documents for u in d.units()]
    assert len(ids) == len(set(ids)) == 48
