"""Validation of publications and documents: every problem named with file, line and what to do."""

from __future__ import annotations

import datetime

import pytest

from diptych.errors import ContentError, DiptychError
from diptych.model import ListBlock, OfficialText, Paragraph, Quote, fingerprint
from diptych.read import read_publication

from .conftest import DOCUMENT_YAML, PUBLICATION_YAML, MakePublication


def problems(make_publication: MakePublication, **kwargs: object) -> list[str]:
    root = make_publication(**kwargs)
    with pytest.raises(ContentError) as caught:
        read_publication(root)
    return [f"{p.location.line}: {p.severity}: {p.message}" + (f" [{p.hint}]" if p.hint else "") for p in caught.value.problems]


def test_small_publication_reads(make_publication: MakePublication) -> None:
    publication = read_publication(make_publication())
    assert publication.languages == ("fr", "en")
    (document,) = publication.documents
    assert document.slug == "doc"
    assert document.date == datetime.date(2025, 4, 23)
    assert [a.number for a in document.articles()] == [1, 2]
    assert [u.id for u in document.units()] == ["headline", "p1", "texte-title", "a1-1", "a2-1"]
    assert document.headline.text("en") == "A headline"


def test_every_block_type_and_the_long_translation_form(make_publication: MakePublication) -> None:
    document = """\
        headline: Titre seul
        body:
          - heading:
              id: h
              level: 3
              fr: Intertitre
          - quote:
              id: q
              fr: Une citation.
              en:
                text: A quotation.
                status: draft
                source: 0123abcd0123
                note: check the register
              attribution:
                id: q-by
                fr: Un ministre
          - list:
              ordered: true
              items:
                - {id: i1, fr: Un, en: One}
                - {id: i2, fr: Deux}
          - official:
              title: {fr: Accord}
              preamble:
                - {id: pre, fr: Préambule.}
              articles:
                - paragraphs:
                    - {id: x1, fr: Premier.}
                    - list:
                        items:
                          - {id: x1-a, fr: a)}
                - title: {id: t2, fr: Dispositions finales}
                  paragraphs:
                    - {id: x2, fr: Second.}
              signed:
                place: {fr: Pékin, en: Beijing}
                date: 2025-04-23
        """
    publication = read_publication(make_publication(documents={"d.yaml": document}))
    (doc,) = publication.documents
    _, quote, items, official = doc.blocks
    assert isinstance(quote, Quote) and quote.attribution is not None
    translation = quote.paragraphs[0].translations["en"]
    assert (translation.text, translation.status, translation.note) == ("A quotation.", "draft", "check the register")
    assert quote.paragraphs[0].is_stale("en")  # recorded fingerprint differs from the French
    assert isinstance(items, ListBlock) and items.ordered and items.items[1].text("en") is None
    assert isinstance(official, OfficialText)
    assert [a.number for a in official.articles] == [1, 2]  # numbers follow the order when omitted
    assert isinstance(official.articles[0].blocks[1], ListBlock)
    assert official.signed is not None and official.signed.place.text("en") == "Beijing"
    assert official.articles[1].title is not None and official.articles[1].title.id == "t2"


def test_fingerprint_ignores_whitespace_only_changes() -> None:
    assert fingerprint("Les  Parties\nsoutiennent") == fingerprint("Les Parties soutiennent")
    assert fingerprint("Les Parties") != fingerprint("Les parties")


def test_norwegian_no_is_a_language_not_false(make_publication: MakePublication) -> None:
    root = make_publication(
        publication=PUBLICATION_YAML.replace("languages: [en]", "languages: [en, nb]"),
        documents={"d.yaml": "headline:\n  fr: Titre\n  nb: Tittel\nbody: []\n"},
    )
    (document,) = read_publication(root).documents
    assert document.headline.text("nb") == "Tittel"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            DOCUMENT_YAML.replace("en: A paragraph.", "eng: A paragraph."),
            "8: error: unknown key 'eng' in a paragraph [did you mean 'en'?]",
        ),
        (
            DOCUMENT_YAML.replace("    fr: Un paragraphe.\n", ""),
            "6: error: a paragraph has no source text (fr: …)",
        ),
        (
            DOCUMENT_YAML.replace("number: 2", "number: 1"),
            "20: error: article 1 appears twice (first on line 15)",
        ),
        (
            DOCUMENT_YAML.replace("number: 1", "number: 3"),
            "20: error: article 2 comes after article 3: articles must be in order",
        ),
        (
            DOCUMENT_YAML.replace("  - official:", "  - oficial:"),
            "9: error: unknown block type 'oficial' [did you mean 'official'?]",
        ),
        (DOCUMENT_YAML.replace("date: 2025-04-23", "date: 23/04/2025"), "1: error: date must be a date written YYYY-MM-DD"),
        (DOCUMENT_YAML.replace("date: 2025-04-23", "date: 2025-02-30"), "1: error: date '2025-02-30' is not a real date"),
        (
            DOCUMENT_YAML.replace("id: a2-1", "id: a1-1"),
            "22: error: the id 'a1-1' is used twice in this document (first on line 17)",
        ),
        (DOCUMENT_YAML.replace("id: p1\n    fr", "fr"), "6: error: a paragraph has no id"),
        (DOCUMENT_YAML.replace("number: 2", "number: two"), "20: error: an article's number must be a whole number, not 'two'"),
        (DOCUMENT_YAML.replace("fr: Un titre", "fr: [Un, titre]"), "3: error: the fr text must be a text, not a list"),
        (
            DOCUMENT_YAML.replace("fr: Un paragraphe.", "fr: '[x](javascript:alert(1))'"),
            "7: error: links to 'javascript:' addresses are not allowed",
        ),
        (DOCUMENT_YAML.replace("id: p1", "id: 1 p"), "6: error: '1 p' cannot be used as an id"),
        (
            DOCUMENT_YAML.replace("en: A paragraph.", "en: {text: A paragraph., status: done}"),
            "8: error: status must be one of current, draft, review, not 'done'",
        ),
        (DOCUMENT_YAML + "summary: x\n", "25: error: unknown key 'summary' in a document"),
        ("body: []\n", "1: error: the document has no 'headline'"),
        ("", "1: error: the document is empty"),
        ("- a\n- b\n", "1: error: a document must be a mapping of keys and values, not a list"),
    ],
)
def test_document_problems(make_publication: MakePublication, document: str, expected: str) -> None:
    found = problems(make_publication, documents={"doc.yaml": document})
    assert any(p.startswith(expected) for p in found), found


def test_translation_in_an_undeclared_language_is_a_warning(make_publication: MakePublication) -> None:
    root = make_publication(
        documents={"doc.yaml": DOCUMENT_YAML.replace("en: A paragraph.", "en: A paragraph.\n    de: Ein Absatz.")}
    )
    publication = read_publication(root)
    (warning,) = publication.warnings
    assert warning.severity == "warning" and "'de' is not one of the publication's languages" in warning.message


def test_gap_in_article_numbers_is_a_warning(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML.replace("number: 2", "number: 4")})
    (warning,) = read_publication(root).warnings
    assert "articles 2–3 are missing" in warning.message


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (PUBLICATION_YAML.replace("languages: [en]", "languages: [xx]"), "unknown language code 'xx'"),
        (PUBLICATION_YAML.replace("languages: [en]", "languages: [EN]"), "write the language code as 'en', not 'EN'"),
        (PUBLICATION_YAML.replace("languages: [en]", "languages: [en, en]"), "language 'en' is listed twice"),
        (PUBLICATION_YAML.replace("languages: [en]", "languages: [fr]"), "'fr' is the source language"),
        (
            PUBLICATION_YAML.replace("numbering: article", "numbering: articles"),
            "numbering must be one of decimal, article, roman",
        ),
        (PUBLICATION_YAML + "colour: red\n", "unknown key 'colour' in publication.yaml"),
        (PUBLICATION_YAML.replace("source_language: fr", "source_language: french"), "'french' is not a language code"),
    ],
)
def test_publication_problems(make_publication: MakePublication, settings: str, expected: str) -> None:
    found = problems(make_publication, publication=settings)
    assert any(expected in p for p in found), found


def test_an_unusable_source_language_is_the_only_problem_it_causes(make_publication: MakePublication) -> None:
    found = problems(make_publication, publication=PUBLICATION_YAML.replace("source_language: fr", "source_language: french"))
    (problem,) = found
    assert problem.startswith("5: error: 'french' is not a language code")


def test_a_variant_of_a_publication_language_is_a_mistake_another_language_is_ignored(make_publication: MakePublication) -> None:
    settings = PUBLICATION_YAML.replace("languages: [en]", "languages: [en, fi]")
    variant = DOCUMENT_YAML.replace("en: A paragraph.", "en-GB: A paragraph.")
    assert any(
        "unknown key 'en-GB' in a paragraph" in p
        for p in problems(make_publication, publication=settings, documents={"a.yaml": variant})
    )
    other = DOCUMENT_YAML.replace("en: A paragraph.", "fil: Isang talata.")
    (warning,) = read_publication(make_publication(publication=settings, documents={"a.yaml": other})).warnings
    assert "'fil' is not one of the publication's languages" in warning.message


def test_all_problems_are_reported_in_one_run(make_publication: MakePublication) -> None:
    broken = DOCUMENT_YAML.replace("eng", "x").replace("en: A paragraph.", "eng: x").replace("number: 2", "number: 1")
    found = problems(make_publication, documents={"a.yaml": broken, "b.yaml": "headline: [x\n", "c.yaml": "body: []\n"})
    assert len(found) == 4, found


def test_missing_publication_file_says_what_to_do(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(DiptychError, match="diptych init"):
        read_publication(tmp_path)  # type: ignore[arg-type]


def test_duplicate_slugs(make_publication: MakePublication) -> None:
    found = problems(
        make_publication, documents={"a.yaml": "slug: same\n" + DOCUMENT_YAML, "b.yaml": "slug: same\n" + DOCUMENT_YAML}
    )
    assert any("two documents have the slug 'same'" in p for p in found)


def test_unsafe_slug(make_publication: MakePublication) -> None:
    found = problems(make_publication, documents={"a.yaml": "slug: ../../etc\n" + DOCUMENT_YAML})
    assert any("cannot be used as a slug" in p for p in found)


def test_paragraph_shorthand_is_a_body_paragraph(make_publication: MakePublication) -> None:
    (document,) = read_publication(make_publication()).documents
    assert isinstance(document.blocks[0], Paragraph) and document.blocks[0].role == "body"
