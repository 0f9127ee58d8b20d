"""Inline markup: a small syntax that can only produce safe HTML."""

from __future__ import annotations

import pytest

from diptych import inline


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("a *b* c", "a <em>b</em> c"),
        ("**gras** et *italique*", "<strong>gras</strong> et <em>italique</em>"),
        ("**x *y* z**", "<strong>x <em>y</em> z</strong>"),
        ("*a **b** c*", "<em>a <strong>b</strong> c</em>"),
        ("5 * 3 * 2", "5 * 3 * 2"),
        ("un *seul", "un *seul"),
        ("\\*littéral\\*", "*littéral*"),
        ("ligne 1\nligne 2", "ligne 1<br>ligne 2"),
        ("voir [le site](https://example.org/a?b=1&c=2)", 'voir <a href="https://example.org/a?b=1&amp;c=2">le site</a>'),
        ("[*lien*](#article-7)", '<a href="#article-7"><em>lien</em></a>'),
        ("[mail](mailto:presse@example.org)", '<a href="mailto:presse@example.org">mail</a>'),
        ("[pas un lien] (x)", "[pas un lien] (x)"),
        ('« guillemets » et "droits" l’apostrophe', '« guillemets » et "droits" l’apostrophe'),
    ],
)
def test_markup(text: str, html: str) -> None:
    assert inline.to_html(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)",
        "{{ 7 * 7 }} {% if true %}x{% endif %}",
        '[x](https://example.org/"onmouseover="alert(1))',
    ],
)
def test_hostile_text_cannot_make_markup(text: str) -> None:
    html = str(inline.to_html(text))
    assert "<script" not in html and "<img" not in html
    assert "javascript:" not in html.lower() and "data:" not in html and "file:" not in html and "vbscript:" not in html
    assert 'onmouseover="' not in html
    if "{{" in text:
        assert html == text.replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("https://example.org", False),
        ("http://example.org", False),
        ("#article-3", False),
        ("../en/doc/index.html", False),
        ("javascript:alert(1)", True),
        ("data:text/html,x", True),
        ("file:///etc/passwd", True),
        ("//evil.example", True),
        ("https://exa\tmple.org", True),
    ],
)
def test_url_policy(url: str, refused: bool) -> None:
    assert (inline.url_problem(url) is not None) == refused


def test_problems_point_at_the_link() -> None:
    assert [offset for offset, _ in inline.problems("voir [x](javascript:1)")] == [5]


def test_plain_text_drops_markup() -> None:
    assert inline.to_plain("**Article** *premier* [lien](https://x.org)\nsuite") == "Article premier lien suite"
