"""The garbage collector is paused while a publication is read, and always comes back as it was."""

from __future__ import annotations

import gc
import weakref

import pytest

from diptych import collector, read
from diptych.errors import ContentError
from diptych.read import read_publication

from .conftest import MakePublication

DOCUMENT = "headline:\n  fr: Titre\n  en: Title\nbody:\n  - id: p1\n    fr: Un texte.\n    en: A text.\n"


def test_reading_pauses_the_collector_and_restores_it(make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_publication(documents={"a.yaml": DOCUMENT})
    seen: list[bool] = []
    original = read._publication

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(read, "_publication", spy)
    assert gc.isenabled()
    read_publication(root)
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_after_a_failed_read(make_publication: MakePublication) -> None:
    root = make_publication(documents={"a.yaml": "headline: [unclosed\n"})
    with pytest.raises(ContentError):
        read_publication(root)
    assert gc.isenabled()


def test_a_pause_inside_a_pause_ends_with_the_outer_one() -> None:
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.itself = self  # a reference cycle: only the collector frees it


def test_what_was_made_meanwhile_is_collected_later_as_any_object() -> None:
    """Paused, not leaked: a cycle made during the pause is freed by the next full collection."""
    with collector.paused():
        ref = weakref.ref(_Node())
    assert ref() is not None
    gc.collect()
    assert ref() is None
