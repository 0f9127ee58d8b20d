"""``diptych check``: read the publication, log every warning, and say what was checked.

Errors are raised by the reader (:class:`~diptych.errors.ContentError`); warnings are logged, one
record each, like every other warning of the library, so the command line shows them one way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .diagnose import edition_warnings
from .read import read_publication

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckReport:
    documents: int
    texts: int
    languages: tuple[str, ...]
    warnings: int

    def summary(self, root: Path) -> str:
        return f"{root}: OK — {self.documents} document(s), {self.texts} texts, languages {', '.join(self.languages)}"


def check_publication(root: Path, translations: bool = False) -> CheckReport:
    """Read the publication in ``root`` (and, with ``translations``, run the translation checks)."""
    publication = read_publication(root)
    problems = list(publication.warnings)
    if translations:
        from .translation.qa import check_translations

        problems += [finding.problem() for finding in check_translations(publication)]
    for problem in problems:
        logger.warning("%s", problem.format(root, severity=False))
    others = edition_warnings(publication)  # the same as a build's: check --strict fails where build --strict would
    for message in others:
        logger.warning("%s", message)
    return CheckReport(
        documents=len(publication.documents),
        texts=sum(1 for document in publication.documents for _ in document.units()),
        languages=tuple(publication.languages),
        warnings=len(problems) + len(others),
    )
