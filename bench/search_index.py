"""The search index: its size and the build time it adds, for the seed and for a generated corpus.

    .venv/bin/python bench/search_index.py [N …] [--repeat 3]

For the seed and for a corpus of each N documents (bench/corpus.py, French, English and
Azerbaijani), builds the HTML edition once, then re-runs Pagefind alone over it ``--repeat``
times and prints the median indexing time beside the HTML build time, and the size of the
index on disk (and what a reader's browser fetches for a one-word search is a small part of it:
the entry file, one language's WebAssembly, meta and one index chunk).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from diptych.build import BuildOptions, build  # noqa: E402
from diptych.web import search  # noqa: E402


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def report_languages(root: Path) -> tuple[str, ...]:
    from diptych.read import read_publication

    return read_publication(root).languages


def measure(label: str, root: Path, out: Path, repeat: int) -> None:
    started = time.perf_counter()
    report = build(root, BuildOptions(output=out, formats=("html",), force=True))
    total = time.perf_counter() - started
    languages = report_languages(root)
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(search.build_index(out, languages))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    index = out / search.FOLDER
    pages = sum(1 for p in out.rglob("*.html")) - sum(1 for p in index.rglob("*.html"))
    fetched_once = sum(p.stat().st_size for p in index.glob("wasm.fr.pagefind")) + sum(
        p.stat().st_size for p in index.glob("pagefind.fr_*.pf_meta")
    )
    print(
        f"{label}: {report.documents} documents, {pages} HTML pages; build (HTML, with the index) {total:.1f} s; "
        f"Pagefind alone, median of {repeat}: {statistics.median(times):.2f} s ({statistics.median(cpu):.2f} s of CPU); "
        f"index {size(index) / 1024:.0f} KB on disk ({size(index / 'index') / 1024:.0f} KB of index chunks, "
        f"{size(index / 'fragment') / 1024:.0f} KB of fragments); French wasm + meta: {fetched_once / 1024:.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        measure("seed", ROOT, Path(scratch) / "seed", args.repeat)
        for n in args.sizes:
            corpus = Path(scratch) / f"corpus-{n}"
            subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(corpus), str(n)], check=True)
            measure(f"{n} documents", corpus, corpus / "output", args.repeat)


if __name__ == "__main__":
    main()
