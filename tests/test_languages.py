"""Languages are values made once from their codes: base language, script, direction, name, numerals."""

from __future__ import annotations

import datetime

import pytest

from diptych.languages import Language, language, language_problem
from diptych.model import Publication


@pytest.mark.parametrize(
    ("code", "base", "script", "direction", "name", "numerals"),
    [
        ("fr", "fr", "Latn", "ltr", "Français", "western"),
        ("en", "en", "Latn", "ltr", "English", "western"),
        ("az", "az", "Latn", "ltr", "Azərbaycan", "western"),
        ("zh", "zh", "Hans", "ltr", "中文", "han"),
        ("zh-Hans", "zh", "Hans", "ltr", "中文 (简体)", "han"),
        ("zh-Hant", "zh", "Hant", "ltr", "中文 (繁體)", "han"),
        ("zh-TW", "zh", "Hant", "ltr", "中文 (繁體, 台灣)", "han"),
        ("ja", "ja", "Jpan", "ltr", "日本語", "han"),
        ("ar", "ar", "Arab", "rtl", "العربية", "western"),
        ("fa", "fa", "Arab", "rtl", "فارسی", "western"),
        ("sr", "sr", "Cyrl", "ltr", "Српски", "western"),
        ("pt-BR", "pt", "Latn", "ltr", "Português (Brasil)", "western"),
    ],
)
def test_language_from_code(code: str, base: str, script: str, direction: str, name: str, numerals: str) -> None:
    value = language(code)
    assert (value.code, value.base, value.script, value.direction, value.name, value.numerals) == (
        code,
        base,
        script,
        direction,
        name,
        numerals,
    )
    assert str(value) == code


def test_a_language_is_made_once_and_is_a_value() -> None:
    assert language("zh-Hans") is language("zh-Hans")
    assert language("fr") == Language("fr", "fr", "Latn", "ltr", "Français", "western")
    assert language("zh") != language("zh-Hans")
    assert len({language("fr"), language("fr"), language("en")}) == 2


@pytest.mark.parametrize("code", ["french", "FR", "zh_Hans", "xx", ""])
def test_a_bad_code_makes_no_language(code: str) -> None:
    problem = language_problem(code)
    assert problem is not None
    with pytest.raises(ValueError, match="language code"):
        language(code)


def test_dates_in_each_language() -> None:
    first = datetime.date(2025, 5, 1)
    assert language("fr").format_date(first) == "1er mai 2025"
    assert language("fr").format_date(datetime.date(2025, 4, 23)) == "23 avril 2025"
    assert language("en").format_date(first) == "May 1, 2025"


def test_turkic_case_folding() -> None:
    assert language("az").casefold("İstanbul ILIQ") == "istanbul ılıq"
    assert language("tr").casefold("I") == "ı"
    assert language("en").casefold("ISTANBUL") == "istanbul"


def test_the_publication_carries_its_languages(seed: Publication) -> None:
    publication = seed
    assert publication.source == language(publication.source_language)
    assert publication.languages == (publication.source.code, *(target.code for target in publication.targets))
    for code in publication.languages:
        assert publication.language(code) is language(code)
    with pytest.raises(KeyError):
        publication.language("xx")
