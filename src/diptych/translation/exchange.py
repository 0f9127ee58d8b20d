"""Exchange with translators' tools: PO (gettext) and XLIFF 1.2 / 2.0, out and back in.

One file per document and language, in three steps, one module each:
:mod:`.outgoing` writes the files for translators; :mod:`.incoming` reads the
files that come back, refusing anything corrupt or hostile; :mod:`.planning`
works out what importing one would change (conflicts included) before any YAML
is touched. This module gathers what the commands use.
"""

from __future__ import annotations

from .incoming import MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_EXCHANGE_BYTES, Entry, ExchangeError, Incoming, precheck, read_exchange
from .outgoing import DOCUMENT_FIELD, EXPORT_FIELD, FORMATS, Format, export_document, export_name, po_language
from .planning import Change, Conflict, ImportPlan, match_language, plan_import, resolve

__all__ = [
    "DOCUMENT_FIELD",
    "EXPORT_FIELD",
    "FORMATS",
    "MAX_ENTRIES",
    "MAX_ENTRY_BYTES",
    "MAX_EXCHANGE_BYTES",
    "Change",
    "Conflict",
    "Entry",
    "ExchangeError",
    "Format",
    "ImportPlan",
    "Incoming",
    "export_document",
    "export_name",
    "match_language",
    "plan_import",
    "po_language",
    "precheck",
    "read_exchange",
    "resolve",
]
