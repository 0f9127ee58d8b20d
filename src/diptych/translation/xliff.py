"""XLIFF 1.2 and 2.0, written as the OASIS schemas define them and read back strictly.

Status travels the way CAT tools read it: XLIFF 1.2 ``approved="yes"`` and a
``state`` on the target; XLIFF 2.0 the segment's ``state`` (``final`` for an
approved translation). Translation-memory suggestions go into 1.2
``<alt-trans>`` and 2.0 ``<mtc:matches>``. The export id and the document's
file travel in ``<file>`` (``original``, and ``build-num`` or a file note).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

XLIFF1 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
MATCHES2 = "urn:oasis:names:tc:xliff:matches:2.0"
EXPORT_NOTE = "diptych-export"

ET.register_namespace("mtc", MATCHES2)

_STATE1 = {
    "current": "translated",
    "review": "translated",
    "draft": "needs-review-translation",
    "stale": "needs-review-translation",
    "missing": "new",
}
_STATE2 = {"current": "final", "review": "translated", "draft": "initial", "stale": "initial", "missing": "initial"}
_UNFINISHED1 = ("new", "needs-translation", "needs-review-translation", "needs-adaptation", "needs-l10n")


@dataclass(frozen=True)
class Suggestion:
    score: float
    source: str
    target: str
    origin: str


@dataclass(frozen=True)
class OutgoingUnit:
    id: str
    source: str
    target: str | None
    state: str  # current · review · draft · stale · missing
    line: int
    notes: tuple[str, ...] = ()
    previous_source: str | None = None
    suggestions: tuple[Suggestion, ...] = ()
    #: a translation in several paragraphs: XLIFF 2.0 gives each its segment
    paragraphs: tuple[str, ...] = ()


@dataclass
class OutgoingFile:
    document: str  # content/x.yaml
    slug: str
    source_language: str
    target_language: str
    export_id: str
    units: list[OutgoingUnit] = field(default_factory=list)


def write_xliff(out: OutgoingFile, version: int) -> bytes:
    root = _xliff1(out) if version == 1 else _xliff2(out)
    ET.indent(root)
    serialized: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + serialized + b"\n"


def _xliff1(out: OutgoingFile) -> ET.Element:
    root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF1})
    file = ET.SubElement(
        root,
        "file",
        {
            "original": out.document,
            "source-language": out.source_language,
            "target-language": out.target_language,
            "datatype": "plaintext",
            "product-name": "diptych",
            "build-num": out.export_id,
        },
    )
    body = ET.SubElement(file, "body")
    for unit in out.units:
        attributes = {"id": unit.id, "resname": unit.id, "xml:space": "preserve"}
        if unit.target is not None:
            attributes["approved"] = "yes" if unit.state == "current" else "no"
        item = ET.SubElement(body, "trans-unit", attributes)
        ET.SubElement(item, "source").text = unit.source
        if unit.target is not None:
            ET.SubElement(item, "target", {"state": _STATE1[unit.state]}).text = unit.target
        group = ET.SubElement(item, "context-group", {"purpose": "location"})
        ET.SubElement(group, "context", {"context-type": "sourcefile"}).text = out.document
        ET.SubElement(group, "context", {"context-type": "linenumber"}).text = str(unit.line)
        for note in unit.notes:
            ET.SubElement(item, "note", {"from": "diptych"}).text = note
        if unit.previous_source is not None:
            ET.SubElement(
                item, "note", {"from": "diptych", "priority": "1"}
            ).text = f"The source changed since this translation was made. Before: {unit.previous_source}"
        for suggestion in unit.suggestions:
            alt = ET.SubElement(item, "alt-trans", {"match-quality": f"{suggestion.score:.0f}", "origin": suggestion.origin})
            ET.SubElement(alt, "source").text = suggestion.source
            ET.SubElement(alt, "target").text = suggestion.target
    return root


def _xliff2(out: OutgoingFile) -> ET.Element:
    root = ET.Element(
        "xliff", {"version": "2.0", "xmlns": XLIFF2, "srcLang": out.source_language, "trgLang": out.target_language}
    )
    file = ET.SubElement(root, "file", {"id": "f-" + out.slug, "original": out.document})
    ET.SubElement(ET.SubElement(file, "notes"), "note", {"category": EXPORT_NOTE}).text = out.export_id
    for unit in out.units:
        item = ET.SubElement(file, "unit", {"id": unit.id, "name": unit.id})
        if unit.suggestions:
            matches = ET.SubElement(item, f"{{{MATCHES2}}}matches")
            for suggestion in unit.suggestions:
                match = ET.SubElement(
                    matches,
                    f"{{{MATCHES2}}}match",
                    {"ref": "#s1", "similarity": f"{suggestion.score:.1f}", "origin": suggestion.origin, "type": "tm"},
                )
                ET.SubElement(match, "source").text = suggestion.source
                ET.SubElement(match, "target").text = suggestion.target
        notes = ET.SubElement(item, "notes")
        ET.SubElement(notes, "note", {"category": "location"}).text = f"{out.document}:{unit.line}"
        for note in unit.notes:
            ET.SubElement(notes, "note", {"category": "context"}).text = note
        if unit.previous_source is not None:
            ET.SubElement(notes, "note", {"category": "source-changed", "priority": "1"}).text = unit.previous_source
        # a translation in several paragraphs: one segment each, the source in the first
        targets = list(unit.paragraphs or (unit.target,)) if unit.target is not None else []
        for index in range(max(1, len(targets))):
            segment = ET.SubElement(item, "segment", {"id": f"s{index + 1}", "state": _STATE2[unit.state]})
            ET.SubElement(segment, "source", {"xml:space": "preserve"}).text = unit.source if index == 0 else ""
            if targets:
                ET.SubElement(segment, "target", {"xml:space": "preserve"}).text = targets[index]
    return root


# -- reading -----------------------------------------------------------------------


@dataclass(frozen=True)
class XliffEntry:
    unit_id: str
    source: str
    target: str
    unfinished: bool


@dataclass
class XliffFile:
    version: int
    document: str
    language: str
    export_id: str
    entries: list[XliffEntry] = field(default_factory=list)


class XliffError(ValueError):
    pass


def _text(element: ET.Element | None) -> str:
    """The text of a source/target; inline elements are refused (our texts have none)."""
    if element is None:
        return ""
    if len(element):
        raise XliffError(f"<{element.tag.split('}')[-1]}> contains inline XML elements")
    return element.text or ""


def read_xliff(root: ET.Element) -> XliffFile:
    if root.tag == f"{{{XLIFF1}}}xliff":
        return _read1(root)
    if root.tag == f"{{{XLIFF2}}}xliff":
        return _read2(root)
    raise XliffError(f"not an XLIFF 1.2 or 2.0 file (root element {root.tag})")


def _read1(root: ET.Element) -> XliffFile:
    files = root.findall(f"{{{XLIFF1}}}file")
    if len(files) != 1:
        raise XliffError(f"expected exactly one <file> (one document), found {len(files)}")
    file = files[0]
    found = XliffFile(1, file.get("original", ""), file.get("target-language", ""), file.get("build-num", ""))
    for item in file.iter(f"{{{XLIFF1}}}trans-unit"):
        target = item.find(f"{{{XLIFF1}}}target")
        state = target.get("state", "translated") if target is not None else "new"
        try:
            source_text, target_text = _text(item.find(f"{{{XLIFF1}}}source")), _text(target)
        except XliffError as error:
            raise XliffError(f"trans-unit {item.get('id')!r}: {error}") from None
        unfinished = state in _UNFINISHED1 or item.get("approved") == "no"
        if item.get("approved") == "yes":
            unfinished = False
        found.entries.append(XliffEntry(item.get("id", ""), source_text, target_text, unfinished))
    return found


def _read2(root: ET.Element) -> XliffFile:
    files = root.findall(f"{{{XLIFF2}}}file")
    if len(files) != 1:
        raise XliffError(f"expected exactly one <file> (one document), found {len(files)}")
    file = files[0]
    export_id = ""
    for note in file.findall(f"{{{XLIFF2}}}notes/{{{XLIFF2}}}note"):
        if note.get("category") == EXPORT_NOTE:
            export_id = (note.text or "").strip()
    found = XliffFile(2, file.get("original", ""), root.get("trgLang", ""), export_id)
    for item in file.iter(f"{{{XLIFF2}}}unit"):
        segments = item.findall(f"{{{XLIFF2}}}segment")
        if not segments:
            raise XliffError(f"unit {item.get('id')!r} has no segment")
        try:
            # several segments: a translation in several paragraphs (the source is in the first)
            source_text = "".join(_text(segment.find(f"{{{XLIFF2}}}source")) for segment in segments)
            targets = [_text(segment.find(f"{{{XLIFF2}}}target")) for segment in segments]
        except XliffError as error:
            raise XliffError(f"unit {item.get('id')!r}: {error}") from None
        target_text = "\n\n".join(target for target in targets if target.strip())
        unfinished = any(segment.get("state", "initial") == "initial" for segment in segments)
        found.entries.append(XliffEntry(item.get("id", ""), source_text, target_text, unfinished))
    return found
