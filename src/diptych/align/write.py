"""Writing an alignment into the document's YAML: drafts with fingerprints, nothing overwritten unasked.

One paragraph for one text is written as the text; two paragraphs for one text
as ``paragraphs:``; one paragraph for two texts on the first as ``covers:``
(the others left empty). Every written translation is a draft carrying the
fingerprint of the source it was aligned with, so status, review and stale
detection work on it like on any other. The YAML is edited with the
round-trip writer (comments and order kept), checked, then written with the
review page; with ``dry_run`` nothing is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..lock import locked
from ..model import fingerprint
from ..output import write_atomic
from ..translation.edit import YamlFile, write_files
from ..translation.history import SourceHistory
from .review import review_html

if TYPE_CHECKING:
    from . import AlignResult, Pair

REVIEW_DIR = Path("output") / "align"


def write_alignment(root: Path, result: AlignResult, overwrite: bool = False, dry_run: bool = False) -> None:
    """Apply ``result`` to the document's YAML and write the review page (unless ``dry_run``)."""
    language = result.language
    document = result.document
    yaml = YamlFile(document.path)
    history = SourceHistory(root)
    for pair in result.pairs:
        pair.outcome = _apply(yaml, history, pair, language, overwrite)
    result.review_page = root / REVIEW_DIR / f"{document.slug}.{language}.html"
    if dry_run:
        result.review_page = None
        return
    from ..translation.workflow import check_edits

    if yaml.changed:
        check_edits(root, {yaml.path: yaml.text()})
    page = review_html(result).encode("utf-8")
    with locked(root / ".diptych", "editing the publication"):
        result.written = write_files([yaml], lambda path, text: None)
        write_atomic(result.review_page, page)
    history.save()


def _apply(yaml: YamlFile, history: SourceHistory, pair: Pair, language: str, overwrite: bool) -> str:
    if not pair.units:
        return "not in the document: left out"
    texts = pair.texts
    if not texts:
        return "no translation found"
    units = [u.unit for u in pair.units]
    if not overwrite and any(language in unit.translations for unit in units):
        return "kept: a translation exists (use --overwrite)"
    sources = " ".join(unit.source for unit in units)
    history.remember(sources)
    long_form = CommentedMap()
    if len(texts) == 1:
        long_form["text"] = _scalar(texts[0])
    else:
        long_form["paragraphs"] = CommentedSeq(_scalar(text) for text in texts)
    if len(units) > 1:
        covers = CommentedSeq(unit.id for unit in units[1:])
        covers.fa.set_flow_style()
        long_form["covers"] = covers
    long_form["status"] = "draft"
    long_form["source"] = fingerprint(sources)
    first = yaml.unit_node(units[0])
    _put(first, language, long_form)
    for unit in units[1:]:
        _put(yaml.unit_node(unit), language, None)  # covered: its translation is the first unit's
    return "written as a draft" if len(units) == 1 else f"written as a draft covering {len(units)} texts"


def _put(node: CommentedMap, language: str, value: object) -> None:
    if language in node:
        node[language] = value
    else:
        node.insert(len(node), language, value)


def _scalar(text: str) -> object:
    if "\n" in text:
        return LiteralScalarString(text)
    return FoldedScalarString(text) if len(text) > 60 else text
