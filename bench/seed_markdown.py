"""The French seed as Markdown, for pandoc (benchmark 6)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from diptych.model import OfficialText, Paragraph
from diptych.read import read_publication

publication = read_publication(Path(__file__).resolve().parent.parent)
(document,) = publication.documents
lines = [f'---\ntitle: "{document.headline.source}"\nlang: fr\n---\n']
for block in document.blocks:
    if isinstance(block, Paragraph):
        lines.append(block.unit.source + "\n")
    elif isinstance(block, OfficialText):
        lines.append(f"## {block.title.source}\n")
        lines += [b.unit.source + "\n" for b in block.preamble if isinstance(b, Paragraph)]
        for article in block.articles:
            lines.append(f"### Article {article.number}\n")
            lines += [b.unit.source + "\n" for b in article.blocks if isinstance(b, Paragraph)]
        lines += [s.source + "\n" for s in block.signatories]
Path(sys.argv[1]).write_text("\n".join(lines), encoding="utf-8")
