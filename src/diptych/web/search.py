"""Full-text search with Pagefind: an index per language, built over the written edition.

Pagefind (installed with its binary from the package registry; its extended build segments
Chinese and Japanese words) reads the HTML pages and writes ``pagefind/`` beside them: one
index per ``<html lang>``, fetched in small chunks by the search page. Only the body of each
single-language document page is indexed (``data-pagefind-body``), with two filters,
``language`` and ``document``. Pagefind links a result to the heading above the words it
found; the search page (``search.html``) sends it on to the paragraph holding them, from the
anchors (the elements with an id) Pagefind records beside every word's position. Searching
needs JavaScript; every page works without it, the search form simply does not appear (see
the ``search`` templates).
"""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path

from .. import output
from ..errors import BuildError

logger = logging.getLogger(__name__)

FOLDER = "pagefind"


def search_page(language: str) -> str:
    """The search page of a language: search/<lang>/index.html."""
    return f"search/{language}/index.html"


def executable() -> Path | None:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return Path(get_executable())


#: left in the output folder when pages changed but indexing was put off (diptych serve)
STALE = ".diptych-search-stale"


def indexed(site: Path) -> bool:
    return (site / FOLDER / "pagefind-entry.json").is_file()


def behind(site: Path) -> bool:
    """Pages changed since the index was made (indexing was put off)."""
    return (site / STALE).exists()


def is_indexed(name: str, languages: tuple[str, ...]) -> bool:
    """Whether Pagefind reads the output file ``name``: a single-language document page."""
    page = output.names_made_by(output.document_page).fullmatch(name)
    return page is not None and page["language"] in languages


def pages_changed(languages: tuple[str, ...], before: dict[str, str], now: dict[str, str], removed: list[Path]) -> bool:
    """Whether a page the index is made from has other bytes than before (``before`` and ``now``:
    name → digest of the bytes written), or was removed. A build that rewrites pages with the same
    bytes (a new stylesheet, the home page's description) leaves the index as it is."""
    rewritten = any(is_indexed(name, languages) and before.get(name) != digest for name, digest in now.items())
    return rewritten or any(is_indexed(path.as_posix(), languages) for path in removed)


def update(site: Path, languages: tuple[str, ...], changed: bool, now: bool = True) -> None:
    """Re-index ``site`` if its pages ``changed`` (or an earlier change is still unindexed); with
    ``now`` false, only note that the index is behind. Pagefind has no incremental mode: it
    reads every page again (0.2 s for the seed, about a minute for 1,000 documents)."""
    marker = site / STALE
    if not now:
        if changed:
            marker.touch()
        return
    if changed or marker.exists() or not indexed(site):
        build_index(site, languages)
        marker.unlink(missing_ok=True)


def build_index(site: Path, languages: tuple[str, ...]) -> float:
    """(Re)build the search index of the edition in ``site``; returns the seconds it took.

    Pagefind is shown only the single-language document pages (``<lang>/<slug>/index.html``),
    the ones it indexes: not reading the bilingual views and the rest saves a third of its time."""
    binary = executable()
    if binary is None:
        raise BuildError("the search index needs Pagefind's extended binary: run make (pip install 'pagefind[extended]')")
    pages = f"{{{','.join(languages)}}}/*/index.html" if len(languages) > 1 else f"{languages[0]}/*/index.html"
    started = time.perf_counter()
    result = subprocess.run(
        [str(binary), "--site", str(site), "--output-subdir", FOLDER, "--glob", pages, "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise BuildError(f"Pagefind could not index {site}:\n{result.stderr.strip() or result.stdout.strip()}")
    seconds = time.perf_counter() - started
    logger.info("search index rebuilt in %.2f s", seconds)
    return seconds
