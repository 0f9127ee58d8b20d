"""The source texts that translations were made from, kept to show what changed.

A translation records the fingerprint of the source it was made from; this
store maps fingerprints back to those texts, so ``diptych status`` can show a
word diff of the source when a translation goes stale. It lives in the
publication (``.diptych/sources.json``) and belongs in version control.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import fingerprint
from ..output import write_atomic
from .ledger import read_json_store

HISTORY_FILE = Path(".diptych") / "sources.json"


class SourceHistory:
    def __init__(self, root: Path) -> None:
        self.path = root / HISTORY_FILE
        self.texts: dict[str, str] = {}
        self.changed = False
        # absent: no diffs yet; unreadable (a merge conflict, a bad edit): refused, never silently rewritten
        data = read_json_store(self.path, "the record of source texts")
        self.texts = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def get(self, source_fingerprint: str | None) -> str | None:
        return self.texts.get(source_fingerprint) if source_fingerprint else None

    def remember(self, text: str, key: str | None = None) -> str:
        """Keep ``text`` under its fingerprint (``key``, when the caller knows it already); the fingerprint."""
        key = key or fingerprint(text)
        if self.texts.get(key) != text:
            self.texts[key] = text
            self.changed = True
        return key

    def data(self) -> bytes:
        """The texts by fingerprint, sorted, one a line: what ``json.dumps(indent=1)`` writes (a line an entry
        merges well in version control), but by json's string encoder, in C, where ``indent`` takes
        json's Python one: 0.2 s for 20,000 texts."""
        if not self.texts:
            return b"{}\n"
        encode = json.JSONEncoder(ensure_ascii=False).encode
        lines = ",\n".join(f" {encode(key)}: {encode(text)}" for key, text in sorted(self.texts.items()))
        return f"{{\n{lines}\n}}\n".encode()

    def save(self) -> None:
        if self.changed:
            write_atomic(self.path, self.data())
            self.changed = False
