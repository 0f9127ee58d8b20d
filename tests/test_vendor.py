"""The third-party files the tests use are the versions tests/vendor/README.md names, unmodified."""

from __future__ import annotations

import hashlib
import re

import pytest

from .conftest import ROOT

VENDOR = ROOT / "tests" / "vendor"


def listed_digests() -> dict[str, str]:
    """File → SHA-256, as the table in tests/vendor/README.md gives them."""
    table = (VENDOR / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", table, flags=re.M))


def test_every_vendored_file_is_listed_with_its_licence() -> None:
    listed = listed_digests()
    assert set(listed) == {"xliff/xliff-core-1.2-strict.xsd", "xliff/xliff-core-2.0.xsd", "xliff/xml.xsd", "axe-core/axe.min.js"}
    for name in ("xliff/NOTICE-OASIS.txt", "xliff/LICENSE-W3C.txt", "axe-core/LICENSE", "axe-core/LICENSE-3RD-PARTY.txt"):
        assert (VENDOR / name).is_file(), name


@pytest.mark.parametrize("name", sorted(listed_digests()))
def test_vendored_file_is_unmodified(name: str) -> None:
    assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == listed_digests()[name]


def test_axe_core_is_the_pinned_version() -> None:
    assert (VENDOR / "axe-core" / "axe.min.js").read_text(encoding="utf-8").startswith("/*! axe v4.14.1\n")
