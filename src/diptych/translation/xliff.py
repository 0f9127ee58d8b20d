"""XLIFF 1.2 and 2.0, written as the OASIS schemas define them and read back strictly.

Status travels the way CAT tools read it: XLIFF 1.2 ``approved="yes"`` and a
``state`` on the target; XLIFF 2.0 the segment's ``state`` (``final`` for an
approved translation). Translation-memory suggestions go into 1.2
``<alt-trans>`` and 2.0 ``<mtc:matches>``. The export id and the document's
file travel in ``<file>`` (``original``, and ``build-num`` or a file note).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

XLIFF1 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
MATCHES2 = "urn:oasis:names:tc:xliff:matches:2.0"
EXPORT_NOTE = "diptych-export"

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
    """The file, written line by line as ElementTree would indent and serialize it.

    Building a tree of 200,000 elements and serializing it cost more than all the rest of an export; each
    unit is a few lines of text, escaped as XML requires.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', *(_xliff1(out) if version == 1 else _xliff2(out))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _escaped(text: str) -> str:
    """Character data: ``&``, ``<`` and ``>`` escaped."""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


#: what an attribute value cannot hold as it is: markup characters, and line breaks and tabs, which a reader
#: would turn into spaces
_ATTRIBUTE_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


_ATTRIBUTE_SPECIAL = re.compile(r'[&<>"\r\n\t]')


def _attributes(attributes: dict[str, str]) -> str:
    written = []
    for name, value in attributes.items():
        if _ATTRIBUTE_SPECIAL.search(value):
            value = _ATTRIBUTE_SPECIAL.sub(lambda m: _ATTRIBUTE_ESCAPES[m.group()], value)
        written.append(f' {name}="{value}"')
    return "".join(written)


def _leaf(depth: int, tag: str, attributes: dict[str, str], text: str) -> str:
    """An element holding text only (``<tag />`` when there is none), on its own line."""
    start = f"{'  ' * depth}<{tag}{_attributes(attributes) if attributes else ''}"
    return f"{start}>{_escaped(text)}</{tag}>" if text else f"{start} />"


def _xliff1(out: OutgoingFile) -> list[str]:
    file = {
        "original": out.document,
        "source-language": out.source_language,
        "target-language": out.target_language,
        "datatype": "plaintext",
        "product-name": "diptych",
        "build-num": out.export_id,
    }
    lines = [f'<xliff version="1.2" xmlns="{XLIFF1}">', f"  <file{_attributes(file)}>"]
    if not out.units:
        return [*lines, "    <body />", "  </file>", "</xliff>"]
    lines.append("    <body>")
    location = _leaf(5, "context", {"context-type": "sourcefile"}, out.document)
    for unit in out.units:
        attributes = {"id": unit.id, "resname": unit.id, "xml:space": "preserve"}
        if unit.target is not None:
            attributes["approved"] = "yes" if unit.state == "current" else "no"
        lines.append(f"      <trans-unit{_attributes(attributes)}>")
        lines.append(_leaf(4, "source", {}, unit.source))
        if unit.target is not None:
            lines.append(_leaf(4, "target", {"state": _STATE1[unit.state]}, unit.target))
        lines.append('        <context-group purpose="location">')
        lines.append(location)
        lines.append(_leaf(5, "context", {"context-type": "linenumber"}, str(unit.line)))
        lines.append("        </context-group>")
        lines += [_leaf(4, "note", {"from": "diptych"}, note) for note in unit.notes]
        if unit.previous_source is not None:
            before = f"The source changed since this translation was made. Before: {unit.previous_source}"
            lines.append(_leaf(4, "note", {"from": "diptych", "priority": "1"}, before))
        for suggestion in unit.suggestions:
            alt = {"match-quality": f"{suggestion.score:.0f}", "origin": suggestion.origin}
            lines.append(f"        <alt-trans{_attributes(alt)}>")
            lines.append(_leaf(5, "source", {}, suggestion.source))
            lines.append(_leaf(5, "target", {}, suggestion.target))
            lines.append("        </alt-trans>")
        lines.append("      </trans-unit>")
    return [*lines, "    </body>", "  </file>", "</xliff>"]


def _xliff2(out: OutgoingFile) -> list[str]:
    root = {"version": "2.0", "xmlns": XLIFF2, "srcLang": out.source_language, "trgLang": out.target_language}
    # the namespace of the matches is declared on the root, first, where a file has any (as ElementTree does)
    matches = f' xmlns:mtc="{MATCHES2}"' if any(unit.suggestions for unit in out.units) else ""
    lines = [
        f"<xliff{matches}{_attributes(root)}>",
        f"  <file{_attributes({'id': 'f-' + out.slug, 'original': out.document})}>",
        "    <notes>",
        _leaf(3, "note", {"category": EXPORT_NOTE}, out.export_id),
        "    </notes>",
    ]
    for unit in out.units:
        lines.append(f"    <unit{_attributes({'id': unit.id, 'name': unit.id})}>")
        if unit.suggestions:
            lines.append("      <mtc:matches>")
            for suggestion in unit.suggestions:
                match = {"ref": "#s1", "similarity": f"{suggestion.score:.1f}", "origin": suggestion.origin, "type": "tm"}
                lines.append(f"        <mtc:match{_attributes(match)}>")
                lines.append(_leaf(5, "source", {}, suggestion.source))
                lines.append(_leaf(5, "target", {}, suggestion.target))
                lines.append("        </mtc:match>")
            lines.append("      </mtc:matches>")
        lines.append("      <notes>")
        lines.append(_leaf(4, "note", {"category": "location"}, f"{out.document}:{unit.line}"))
        lines += [_leaf(4, "note", {"category": "context"}, note) for note in unit.notes]
        if unit.previous_source is not None:
            lines.append(_leaf(4, "note", {"category": "source-changed", "priority": "1"}, unit.previous_source))
        lines.append("      </notes>")
        # a translation in several paragraphs: one segment each, the source in the first
        targets = list(unit.paragraphs or (unit.target,)) if unit.target is not None else []
        for index in range(max(1, len(targets))):
            lines.append(f"      <segment{_attributes({'id': f's{index + 1}', 'state': _STATE2[unit.state]})}>")
            lines.append(_leaf(4, "source", {"xml:space": "preserve"}, unit.source if index == 0 else ""))
            if targets:
                lines.append(_leaf(4, "target", {"xml:space": "preserve"}, targets[index]))
            lines.append("      </segment>")
        lines.append("    </unit>")
    return [*lines, "  </file>", "</xliff>"]


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
