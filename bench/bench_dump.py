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
        document = publication.document(job.slug) if job.slug else None
        if job.kind == "pdf":
            pages = [render_document(publication, document, job.languages[0], print=True)]  # type: ignore[arg-type]
        elif job.kind == "bilingual-pdf":
            pages = [render_bilingual(publication, document, job.languages, job.layout, print=True)]  # type: ignore[arg-type]
        elif job.kind == "facing":
            left, right = job.languages
            pages = [
                render_document(publication, document, left, print=True, partner=right),  # type: ignore[arg-type]
                render_document(publication, document, right, print=True, partner=left),  # type: ignore[arg-type]
            ]
        else:
            pages = [render_book(publication, job.languages)]
        for html in pages:
            number += 1
            (target / f"{number:03d}.html").write_text(html, encoding="utf-8")
