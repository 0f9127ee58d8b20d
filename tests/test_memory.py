"""The translation memory ranks identical texts first, then the most similar, the first in the publication at equal scores."""

from __future__ import annotations

import random
import re
from pathlib import Path

from diptych.model import Publication, Unit
from diptych.read import read_publication
from diptych.translation.memory import TranslationMemory, _word_sets

from .conftest import MakePublication

COMMON = (
    "Les Parties réaffirment leur attachement aux principes de la Charte des Nations unies et au droit international, "
    "notamment au respect de la souveraineté et de l'intégrité territoriale des États"
)


def paragraph(unit_id: str, french: str, english: str | None) -> str:
    lines = f"  - id: {unit_id}\n    fr: {french}\n"
    return lines + (f"    en: {english}\n" if english else "")


def with_query(make_publication: MakePublication, sources: list[str], query: str) -> tuple[Publication, Unit]:
    """A publication of ``sources``, each translated, then ``query`` untranslated; and the unit of ``query``."""
    body = "".join(paragraph(f"p{n}", text, f"Translation {n}.") for n, text in enumerate(sources))
    body += paragraph("new", query, None)
    root = make_publication(documents={"doc.yaml": f"headline:\n  fr: Titre\n  en: Title\nbody:\n{body}"})
    publication = read_publication(root)
    return publication, next(u for d in publication.documents for u in d.units() if u.id == "new")


def test_identical_texts_come_first_then_the_first_near_identical_ones(make_publication: MakePublication) -> None:
    count = 60  # more near-identical candidates than are shown
    sources = [f"{COMMON} (texte {n:02d})." for n in range(count)]
    query = sources[count - 5]
    sources[count - 2] = query  # the same text twice, both late in the publication
    publication, unit = with_query(make_publication, sources, query)
    matches = TranslationMemory(publication, "en").matches(unit)
    assert [(m.unit_id, m.score) for m in matches] == [(f"p{count - 5}", 100.0), (f"p{count - 2}", 100.0), ("p0", 99.0)]
    assert matches[0].target == f"Translation {count - 5}."


def test_the_most_similar_rank_above_the_first(make_publication: MakePublication) -> None:
    sources = [f"{COMMON} — une formule {'tout à fait ' * (n % 4)}différente ({n})." for n in range(30)]
    query = f"{COMMON} — une formule différente (99)."
    publication, unit = with_query(make_publication, sources, query)
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


def test_words_no_entry_holds_leave_the_search_to_those_some_do(make_publication: MakePublication) -> None:
    """A changed text with four new words: they are its rarest, but no entry has them, so they must not take the
    places of the words that lead to its match (it used to find nothing). The match is far into the publication,
    past the first hundred entries of the common words: only a word that is rare among entries leads to it."""
    sources = [f"{COMMON} (texte {n:03d})." for n in range(150)] + [f"{COMMON}, dans le domaine de l'énergie."]
    query = f"{COMMON}, dans le domaine de l'énergie solaire, éolienne, marine ou hydraulique."
    publication, unit = with_query(make_publication, sources, query)
    memory = TranslationMemory(publication, "en")
    matches = memory.matches(unit)
    assert matches and matches[0].unit_id == "p150", matches
    assert 75 <= matches[0].score < 100
    assert b"solaire" not in memory.counts and memory.counts[b"parties"] == 151
    assert len(memory.heads[b"parties"]) == 100  # a common word keeps only the entries a search may look at


def _reference_words(text: str) -> set[bytes]:
    """The definition the index keeps: re's ``\\w+`` runs of the casefolded text, a CJK run as its pairs."""
    found: set[bytes] = set()
    for word in re.findall(r"\w+", text.casefold()):
        if re.search(r"[\u3400-\u9fff\uf900-\ufaff]", word):
            found.update(word[i : i + 2].encode() for i in range(max(1, len(word) - 1)))
        else:
            found.add(word.encode())
    return found


#: letters, digits and punctuation of several scripts, the spaces of French typography, NUL and other controls
_ALPHABET = (
    "aZé_9 ,.;:!?'\"()-\t\n\x00\x7f\u00a0\u202f\u2009«»’—…ßİŉﬁ"  # ß, İ, ŉ and ﬁ change length when casefolded
    "مرحبا١٢٣،؟\u200f"  # Arabic letters, Arabic-Indic digits, Arabic comma and question mark, RLM
    "中华人民共和国十万，。、「」"  # Chinese, with its punctuation
    "ÅΩж\u0301\u0308"  # combining accents, not word characters on their own
)


def test_the_words_of_many_texts_at_once_are_re_s_words_of_each() -> None:
    chooser = random.Random(15)
    for _ in range(300):
        texts = ["".join(chooser.choices(_ALPHABET, k=chooser.randrange(0, 40))) for _ in range(chooser.randrange(1, 8))]
        assert _word_sets(texts) == [_reference_words(text) for text in texts], texts
    assert _word_sets([]) == []


def test_the_words_of_the_seed_are_re_s_words() -> None:
    publication = read_publication(Path(__file__).parent.parent)
    units = [unit for document in publication.documents for unit in document.units()]
    texts = [unit.source for unit in units] + [t.text for unit in units for t in unit.translations.values()]
    assert len(texts) > 100
    assert _word_sets(texts) == [_reference_words(text) for text in texts]


def test_the_words_are_re_s_words_whatever_the_kinds_of_punctuation() -> None:
    """Past a few kinds of non-ASCII punctuation in a document, they become spaces by another way: the same words."""
    symbols = [chr(code) for code in range(0x2190, 0x2BFF) if not chr(code).isalnum()]
    chooser = random.Random(16)
    texts = ["".join(chooser.choice(symbols) + chooser.choice(["mot", "é", "中文", "١٢"]) for _ in range(30)) for _ in range(50)]
    assert _word_sets(texts) == [_reference_words(text) for text in texts]
