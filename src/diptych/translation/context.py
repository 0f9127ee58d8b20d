"""Where each unit stands in its document, in words a translator understands."""

from __future__ import annotations

from ..model import Block, Document, Heading, ListBlock, OfficialText, Paragraph, Quote


def unit_contexts(document: Document) -> dict[str, str]:
    """Unit id → "article 3, paragraph 2", "headline", "signatory" …"""
    contexts = {document.headline.id: "headline"}
    if document.short_title:
        contexts[document.short_title.id] = "short title (running head of the PDF)"
    if document.dateline and document.dateline.place:
        contexts[document.dateline.place.id] = "dateline: the place"
    paragraphs = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            paragraphs += 1
        contexts.update(
            _block(block, "lede" if isinstance(block, Paragraph) and block.role == "lede" else f"paragraph {paragraphs}")
        )
    return contexts


def _block(block: Block, where: str) -> dict[str, str]:
    if isinstance(block, Paragraph):
        return {block.unit.id: where}
    if isinstance(block, Heading):
        return {block.unit.id: "heading"}
    if isinstance(block, Quote):
        found = {unit.id: f"quotation, paragraph {n}" for n, unit in enumerate(block.paragraphs, start=1)}
        if block.attribution:
            found[block.attribution.id] = "who is quoted"
        return found
    if isinstance(block, ListBlock):
        return {unit.id: f"list item {n}" for n, unit in enumerate(block.items, start=1)}
    assert isinstance(block, OfficialText)
    found = {block.title.id: "title of the official text"}
    for n, inner in enumerate(block.preamble, start=1):
        found.update({k: f"preamble, {v}" for k, v in _block(inner, f"paragraph {n}").items()})
    for article in block.articles:
        if article.title:
            found[article.title.id] = f"article {article.number}, its title"
        for n, inner in enumerate(article.blocks, start=1):
            found.update({k: f"article {article.number}, {v}" for k, v in _block(inner, f"paragraph {n}").items()})
    for signatory in block.signatories:
        found[signatory.id] = "signatory (who signs)"
    if block.signed:
        found[block.signed.place.id] = "place of signature (the date is added by diptych)"
    return found
