"""QA that knows each script: numbers by value across numeral systems, length ratios per script pair, NFC,
per-unit suppression; measured on full Chinese and Arabic translations of the seed (tests/data/qa-samples)."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from diptych.errors import ContentError, Location
from diptych.languages import language
from diptych.model import Translation, Unit
from diptych.read import read_publication
from diptych.translation.numerals import numbers
from diptych.translation.qa import check_translations, check_unit
from diptych.translation.splice import SplicedFile

from .conftest import ROOT, MakePublication, invoke

SAMPLES = Path(__file__).parent / "data" / "qa-samples"


@pytest.fixture(scope="module")
def four_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed with its English and Azerbaijani, and the full Chinese and Arabic samples."""
    root = tmp_path_factory.mktemp("samples") / "seed"
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    settings = (ROOT / "publication.yaml").read_text(encoding="utf-8")
    (root / "publication.yaml").write_text(settings.replace("languages: [en, az]", "languages: [en, az, zh-Hans, ar]"))
    document = read_publication(root).documents[0]
    spliced = SplicedFile(document.path)
    for code in ("zh-Hans", "ar"):
        texts = yaml.safe_load((SAMPLES / f"{code}.yaml").read_text(encoding="utf-8"))
        assert len(texts) == 48
        for unit in document.units():
            assert spliced.set_translation(unit, code, texts[unit.id], None, None)
    document.path.write_text(spliced.text(), encoding="utf-8")
    return root


def test_correct_translations_in_four_languages_raise_no_finding(four_languages: Path) -> None:
    """Before: 54 findings on these 159 correct translations (46 Chinese lengths, numbers in Chinese and Arabic)."""
    publication = read_publication(four_languages)
    translated = sum(len(u.translations) for u in publication.documents[0].units())
    assert translated == 48 + 15 + 48 + 48
    findings = check_translations(publication)
    assert [(f.language, f.unit.id, f.message) for f in findings] == []


def test_the_densities_are_the_medians_of_the_samples(four_languages: Path) -> None:
    """The table in diptych.translation.scripts is what these samples measure (characters other than spaces)."""
    import statistics

    from diptych.translation.scripts import DENSITY

    ratios: dict[str, list[float]] = {}
    for each in read_publication(four_languages).documents[0].units():
        source = len("".join(each.source.split()))
        if source >= 40:
            for code, translation in each.translations.items():
                ratios.setdefault(code, []).append(len("".join(translation.text.split())) / source)
    latin = statistics.median(ratios["en"])
    assert latin == pytest.approx(0.90, abs=0.01)
    assert statistics.median(ratios["zh-Hans"]) / latin == pytest.approx(DENSITY["Hans"], abs=0.02)
    assert statistics.median(ratios["ar"]) / latin == pytest.approx(DENSITY["Arab"], abs=0.02)


def unit(source: str) -> Unit:
    return Unit("u1", "fr", source, Location(Path("doc.yaml"), 1, 1))


def findings(source: str, text: str, code: str, glossary: dict[str, dict[str, str]] | None = None) -> set[str]:
    return {f.check for f in check_unit(unit(source), language(code), text, glossary or {}, language("fr"))}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("la 29e session, 2 500 personnes", {"29", "2500"}),
        ("2,500 people; 1,5 %", {"2500", "1.5"}),
        ("الدورة ٢٩ و٢٬٥٠٠ شخص", {"29", "2500"}),  # Arabic-Indic digits and thousands separator
        ("۲۹ و ۱۰", {"29", "10"}),  # Persian digits
        ("第二十九届，两千五百人，3万，二〇二五年，十", {"29", "2500", "30000", "2025", "10"}),
        ("２９", {"29"}),  # full-width
        ("في الثالث والعشرين من أبريل، الدورة الثالثة عشرة", {"23", "13"}),
        ("推进一带一路，统一", set()),  # words made of numeral characters
    ],
)
def test_numbers_by_value(text: str, values: set[str]) -> None:
    assert values <= numbers(text) and (values or not numbers(text))


@pytest.mark.parametrize(
    ("source", "text", "language", "expected"),
    [
        ("La 29e session se tiendra en 2026.", "第二十九届会议将于2026年举行。", "zh-Hans", set()),
        ("La 29e session se tiendra en 2026.", "ستعقد الدورة ٢٩ في عام ٢٠٢٦.", "ar", set()),
        ("La 29e session se tiendra en 2026.", "ستعقد الدورة في عام ٢٠٢٦.", "ar", {"numbers"}),  # 29 really missing
        ("La 29e session se tiendra en 2026.", "第二十八届会议将于2026年举行。", "zh-Hans", {"numbers"}),
        ("Les Parties ont signé l'accord le 23 avril.", "双方于4月23日签署了协议。", "zh-Hans", set()),
        (
            "Les Parties renforceront la coopération dans les domaines de l'économie et du commerce.",
            "双方将加强在经济和贸易领域的合作。" * 4,  # four times too long
            "zh-Hans",
            {"length"},
        ),
        (
            "Les Parties renforceront la coopération dans les domaines de l'économie et du commerce.",
            "双方将加强在经济和贸易领域的合作。",
            "zh-Hans",
            set(),
        ),
        (
            "Les Parties renforceront la coopération dans les domaines de l'économie et du commerce.",
            "The Parties will.",
            "en",
            {"length"},
        ),
    ],
)
def test_script_aware_checks(source: str, text: str, language: str, expected: set[str]) -> None:
    assert findings(source, text, language) == expected


def test_nfc_before_every_comparison() -> None:
    glossary = {"partenariat stratégique": {"az": "strateji tərəfdaşlıq"}}
    decomposed = unicodedata.normalize("NFD", "Un partenariat stratégique entre les deux pays.")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert findings(decomposed, "İki ölkə arasında strateji tərəfdaşlıq.", "az", glossary) == set()
    assert findings(decomposed, "İki ölkə arasında əməkdaşlıq.", "az", glossary) == {"glossary"}
    nfd_term = {unicodedata.normalize("NFD", "partenariat stratégique"): {"az": "strateji tərəfdaşlıq"}}
    assert findings("Un partenariat stratégique.", "Bir əməkdaşlıq.", "az", nfd_term) == {"glossary"}


def test_turkic_suffixes_on_glossary_terms() -> None:
    glossary = {"partenariat stratégique global": {"az": "hərtərəfli strateji tərəfdaşlıq"}}
    text = "AZƏRBAYCAN VƏ ÇİN HƏRTƏRƏFLİ STRATEJİ TƏRƏFDAŞLIĞI RƏSMİLƏŞDİRİR"
    assert findings("Un partenariat stratégique global.", text, "az", glossary) == set()


QA_DOCUMENT = """\
date: 2025-04-23
headline:
  fr: Un titre
  en: A headline
body:
  - id: p1
    fr: Les Parties renforceront la coopération dans les domaines de l'économie et du commerce.
    en: The Parties.
  - id: p2
    fr: Les Parties renforceront la coopération dans les domaines de l'économie et du commerce.
    qa: ignore [length]
    en: The Parties.
  - id: p3
    fr: Les Parties renforceront la coopération dans les domaines de l'économie et du commerce en 2026.
    en:
      text: The Parties.
      qa: ignore [length, numbers]
"""


def test_qa_ignore_per_unit_and_per_translation(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": QA_DOCUMENT})
    found = {(f.unit.id, f.check) for f in check_translations(read_publication(root))}
    assert found == {("p1", "length")}
    result = invoke("check", root, "--translations")
    assert "qa: ignore [length]" in result.stderr  # the hint says how to silence it


def test_a_misspelt_qa_ignore_is_an_error(make_publication: MakePublication) -> None:
    root = make_publication(documents={"doc.yaml": QA_DOCUMENT.replace("ignore [length]\n", "ignore [lenght]\n")})
    with pytest.raises(ContentError) as error:
        read_publication(root)
    assert "unknown check 'lenght'" in str(error.value) and "qa: ignore [length]" in str(error.value)


def test_translation_keeps_qa_ignore() -> None:
    assert Translation("x", Location(Path("d")), qa_ignore=frozenset({"length"})).qa_ignore == {"length"}
