"""Property tests: random input never raises anything but our own errors, and escaping round-trips."""

from __future__ import annotations

import contextlib
import html
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diptych import inline
from diptych.errors import DiptychError
from diptych.languages import language
from diptych.load import YamlError, load_string
from diptych.read import read_publication
from diptych.translation.exchange import ExchangeError, read_exchange
from diptych.typography import RULES, Typesetter

from .conftest import PUBLICATION_YAML

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAMLISH = st.text(alphabet=st.sampled_from(list("abfr: -\n\t'\"[]{}&*!|>#%@`,?~0123456789éÿ\u202e\x00")), max_size=200)
MARKUP = st.lists(
    st.sampled_from([*"ab *[]()\\\n<>&\"':;!?«»0123456789e é", "https://x.org", "javascript:", "](", "**"]), max_size=60
).map("".join)


@BOUNDED
@given(YAMLISH)
def test_loader_raises_only_our_errors(text: str) -> None:
    with contextlib.suppress(YamlError):
        load_string(text, Path("fuzz.yaml"))


@BOUNDED
@given(YAMLISH)
def test_reader_raises_only_our_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "content").mkdir()
        (root / "publication.yaml").write_text(PUBLICATION_YAML, encoding="utf-8")
        (root / "content" / "doc.yaml").write_text(text, encoding="utf-8")
        with contextlib.suppress(DiptychError):
            read_publication(root)


@BOUNDED
@given(MARKUP)
def test_inline_markup_is_safe_and_round_trips(text: str) -> None:
    rendered = str(inline.to_html(text))
    tags = re.findall(r"<(/?\w+)", rendered)
    assert set(tags) <= {"em", "/em", "strong", "/strong", "a", "/a", "br"}
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', rendered))
    # what the reader sees is exactly the plain text of the source
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered.replace("<br>", " ")))
    assert visible == inline.to_plain(text)


@BOUNDED
@given(MARKUP, st.sampled_from([*RULES, "az", "nb", None]))
def test_typography_never_fails_and_keeps_the_words(text: str, code: str | None) -> None:
    result = Typesetter(language(code) if code else None)(text)
    words = re.findall(r"[A-Za-zé]+", text)
    assert re.findall(r"[A-Za-zé]+", result) == words


@BOUNDED
@given(st.binary(max_size=300) | YAMLISH.map(lambda s: s.encode("utf-8")) | MARKUP.map(lambda s: f"<xliff>{s}</xliff>".encode()))
def test_exchange_readers_raise_only_our_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("fuzz.po", "fuzz.xlf"):
            path = Path(scratch) / name
            path.write_bytes(data)
            with contextlib.suppress(ExchangeError):
                read_exchange(path)
