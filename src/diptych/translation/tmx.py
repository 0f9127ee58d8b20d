"""TMX 1.4: the whole publication as a translation memory, out and back in.

One ``<tu>`` per unit that has at least one current translation, with the
source and every current translation as ``<tuv>``s; its ``tuid`` is
``<document file>#<unit id>``. Coming back, a unit found by its ``tuid``
whose source is unchanged takes the memory's translations where it has
none; one whose YAML translation differs is a conflict (left as it is unless
``theirs``). A memory from elsewhere still helps: a unit without a
translation whose source is exactly the source of a ``<tu>`` gets its
translation as a draft, for review.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Literal

from .. import __version__
from ..files import FileRefused, TooLarge, read_bytes
from ..model import Publication, Unit, fingerprint
from .exchange import MAX_EXCHANGE_BYTES, Change, Conflict, ExchangeError, ImportPlan, match_language
from .ledger import document_path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def is_tmx(path: Path) -> bool:
    if path.suffix.lower() == ".tmx":
        return True
    if not path.is_file():  # a FIFO or device is never opened to sniff it: the reader refuses it with its message
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError:
        return False
    return b"<tmx" in head


def export_tmx(publication: Publication) -> bytes:
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "diptych",
            "creationtoolversion": __version__,
            "segtype": "paragraph",
            "o-tmf": "diptych",
            "adminlang": "en",
            "srclang": publication.source_language,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for document in publication.documents:
        where = document_path(publication, document)
        for unit in document.units():
            current = [
                (code, t.text)
                for code, t in unit.translations.items()
                if code in publication.target_languages and t.status != "draft" and not unit.is_stale(code)
            ]
            if not current:
                continue
            tu = ET.SubElement(body, "tu", {"tuid": f"{where}#{unit.id}"})
            ET.SubElement(tu, "prop", {"type": "x-diptych-document"}).text = where
            for code, text in [(publication.source_language, unit.source), *current]:
                tuv = ET.SubElement(tu, "tuv", {XML_LANG: code})
                ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    serialized: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + serialized + b"\n"


def _read(path: Path, publication: Publication) -> list[tuple[str, dict[str, str]]]:
    """(tuid, {our language code: text}) for every <tu>; languages we do not have are left out."""
    try:  # the same guarded reader as PO and XLIFF: regular files only, size checked before reading
        text = read_bytes(path, MAX_EXCHANGE_BYTES, what="file").decode("utf-8-sig")
    except TooLarge:
        raise ExchangeError(f"{path}: file is too large (the limit is 20 MiB); nothing was changed") from None
    except FileRefused as error:
        raise ExchangeError(f"{error}; nothing was changed") from None
    except UnicodeDecodeError:
        raise ExchangeError(f"{path}: the file is not UTF-8; nothing was changed") from None
    if re.search(r"<!DOCTYPE|<!ENTITY", text, flags=re.IGNORECASE):
        raise ExchangeError(f"{path}: the file declares a DOCTYPE or entities, which diptych refuses; nothing was changed")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise ExchangeError(f"{path}:{line}:{column + 1}: not well-formed XML ({error}); nothing was changed") from None
    if root.tag != "tmx":
        raise ExchangeError(f"{path}: not a TMX file (root element {root.tag}); nothing was changed")
    languages = publication.languages
    found = []
    for tu in root.iter("tu"):
        variants: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if seg is None:
                continue
            if len(seg):
                raise ExchangeError(f"{path}: tu {tu.get('tuid')!r}: <seg> with inline elements; nothing was changed")
            ours, _ = match_language(code, languages)
            if ours:
                variants[ours] = seg.text or ""
        found.append((tu.get("tuid", ""), variants))
    return found


def plan_tmx(publication: Publication, path: Path, theirs: bool = False) -> ImportPlan:
    source_language = publication.source_language
    plan = ImportPlan(path)
    units: dict[str, Unit] = {}
    by_source: dict[str, list[Unit]] = {}
    for document in publication.documents:
        where = document_path(publication, document)
        for unit in document.units():
            units[f"{where}#{unit.id}"] = unit
            by_source.setdefault(unit.fingerprint, []).append(unit)
    planned: set[tuple[int, str]] = set()
    for tuid, variants in _read(path, publication):
        source = variants.get(source_language)
        if source is None:
            continue
        found = units.get(tuid)
        same_unit = found is not None and found.source == source
        targets = [found] if found is not None and same_unit else by_source.get(fingerprint(source), [])
        for target in targets:
            for code, text in variants.items():
                if code == source_language or not text.strip() or (id(target), code) in planned:
                    continue
                current = target.translations.get(code)
                if current is not None and current.text == text:
                    plan.unchanged += 1
                    continue
                if current is not None and not same_unit:
                    continue  # a memory from elsewhere fills gaps only
                if current is not None:
                    conflict = Conflict(path, 0, target, code, current.text, text)
                    if not theirs:
                        plan.conflicts.append(conflict)
                        continue
                    plan.overridden.append(conflict)
                status: Literal["current", "draft"] = "current" if same_unit else "draft"
                plan.changes.append(Change(target, code, text, status, target.fingerprint, target.source))
                planned.add((id(target), code))
    return plan
