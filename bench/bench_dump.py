"""Write the final HTML of every PDF of a build, for WeasyPrint to render alone (benchmark 1)."""

from __future__ import annotations

from pathlib import Path

from diptych.bilingual import render_bilingual
from diptych.book import render_book
from diptych.jobs import plan
from diptych.read import read_publication
from diptych.render import render_document


def dump(root: Path, target: Path) -> None:
    publication = read_publication(root)
    target.mkdir(parents=True, exist_ok=True)
    number = 0
    for job in plan(publication, publication.languages, ("pdf",)):
        context = job.context(publication)
        if job.kind == "pdf":
            pages = [render_document(context, publication.document(job.slug))]
        elif job.kind == "bilingual-pdf":
            pages = [render_bilingual(context, publication.document(job.slug), job.layout)]
        elif job.kind == "facing":
            document = publication.document(job.slug)
            pages = [render_document(context.facing_side(left), document) for left in (True, False)]
        else:
            pages = [render_book(context)]
        for html in pages:
            number += 1
            (target / f"{number:03d}.html").write_text(html, encoding="utf-8")
