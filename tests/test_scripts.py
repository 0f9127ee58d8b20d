"""Every script we claim — Azerbaijani Latin, Simplified Chinese, right-to-left Arabic — in HTML and PDF."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from diptych.build import BuildOptions, BuildReport, build
from diptych.fonts import font_files

from .conftest import pdf_text

SCRIPTS = Path(__file__).parent / "data" / "scripts"

pytestmark = pytest.mark.slow  # every test here reads PDFs in three scripts


@pytest.fixture(scope="session")
def built_scripts(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    for face in ("Charis SIL", "Noto Serif SC", "Noto Naskh Arabic"):
        if not font_files(face):
            message = f"the face {face} is not installed (make installs it)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    # strict: a .notdef glyph or a silent fallback font fails the build
    return build(SCRIPTS, BuildOptions(output=tmp_path_factory.mktemp("scripts"), strict=True))


def fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize(
    ("language", "face"),
    [("az", "Charis-SIL"), ("zh", "Noto-Serif-SC"), ("ar", "Noto-Naskh-Arabic")],
)
def test_each_script_is_set_in_its_face(built_scripts: BuildReport, language: str, face: str) -> None:
    assert built_scripts.warnings == []
    found = fonts(built_scripts.output / "pdf" / f"communique.{language}.pdf")
    assert any(name.startswith(face) for name in found), found
    assert not any("DejaVu" in name or "Oblique" in name for name in found), found


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "az",
            [
                "Bakı və Pekin mədəni əməkdaşlığı gücləndirir",
                "Maddə 1",
                "Tərəflər hər il digər ölkənin tələbələrinə 40 təqaüd verirlər.",
            ],
        ),
        (
            "zh",
            ["巴库和北京加强文化合作", "第一条", "第二条", "双方每年向对方国家的学生提供40个奖学金。", "2025年4月23日于北京。"],
        ),
        ("ar", ["باكو وبكين تعززان تعاونهما الثقافي", "المادة 1", "يمنح الطرفان كل عام 40 منحة دراسية لطلاب البلد الآخر."]),
    ],
)
def test_text_is_extractable_in_logical_order(built_scripts: BuildReport, language: str, expected: list[str]) -> None:
    path = built_scripts.output / "pdf" / f"communique.{language}.pdf"
    text = pdf_text(path)
    # pdftotext marks right-to-left runs with directional formatting characters: not part of the text
    text = re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", text)
    # and it moves spaces around numbers inside Arabic: compare the characters in order, spaces aside
    flat = "".join(text.split()).casefold()  # (article labels are set in capitals on paper)
    for passage in expected:
        assert "".join(passage.split()).casefold() in flat, passage


def test_right_to_left_pages(built_scripts: BuildReport) -> None:
    html = (built_scripts.output / "ar" / "communique" / "index.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert '<span class="article-number">المادة 1</span>' in html
    parallel = (built_scripts.output / "fr-ar" / "communique" / "index.html").read_text(encoding="utf-8")
    assert '<div class="cell" lang="ar" dir="rtl">' in parallel and '<div class="cell" lang="fr" dir="ltr">' in parallel


def test_chinese_typography_and_numbering(built_scripts: BuildReport) -> None:
    html = (built_scripts.output / "zh" / "communique" / "index.html").read_text(encoding="utf-8")
    assert '<span class="article-number">第一条</span>' in html
    assert "交流计划：12个艺术节和40个奖学金。" in html  # ASCII punctuation typed by the author, set full-width
    assert "2025年4月23日于北京。" in re.sub(r"<[^>]+>", "", html)
