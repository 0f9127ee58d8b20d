"""diptych's benchmarks, run by hand (not in CI): medians of repeated runs, beside their targets.

    .venv/bin/python bench/run.py            # all six (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py noop scale --repeat 5

1 overhead  cold build of the seed vs WeasyPrint alone on the same final HTML   target ≤ 1.25×
2 noop      rebuild of the seed with nothing changed, interpreter start included target ≤ 0.35 s, no weasyprint
3 edit      one paragraph changed in a 200-document corpus vs one document built  target ≤ 2×
4 parallel  50 documents as PDF, --jobs 2 vs --jobs 1                            target ≤ 0.6×
5 scale     1,000 documents × 2 languages, HTML: time, peak memory, vs 100         target ≤ 20 s, ≤ 400 MB, ≤ 11×
            and the PDFs of 1,000 documents: pages/s and peak memory
6 peer      the French seed PDF: pandoc --pdf-engine=weasyprint vs diptych         (reported)
7 facing    each facing PDF of the seed vs its two single-language PDFs           target ≤ 2.5× time, ≤ 2×max+4 pages
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_corpus  # noqa: E402

RESULTS: list[tuple[str, str, str, bool | None]] = []


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident MB of the command and its children), via a small wrapper process."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
        "w = time.perf_counter() - t; "
        "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); "
        "sys.stderr.write(rc.stderr.decode()[-2000:] if rc.returncode else ''); sys.exit(rc.returncode)"
    )
    result = subprocess.run([PYTHON, "-c", wrapper, *command], capture_output=True, text=True, cwd=cwd)
    if result.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    wall, rss = result.stdout.split()
    return float(wall), float(rss)


def median(command: list[str], repeat: int, before: list[str] | None = None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(repeat):
        if before:
            subprocess.run(before, check=True, capture_output=True)
        wall, rss = measure(command)
        times.append(wall)
        peaks.append(rss)
    return statistics.median(times), max(peaks)


def diptych(*arguments: str | Path) -> list[str]:
    return [PYTHON, "-m", "diptych", *map(str, arguments)]


def record(name: str, value: str, target: str, ok: bool | None) -> None:
    RESULTS.append((name, value, target, ok))
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"{name:<44} {value:<34} {target}{mark}", flush=True)


# -- 1 -------------------------------------------------------------------------------


def overhead(scratch: Path, repeat: int) -> None:
    out = scratch / "overhead"
    ours, _ = median(diptych("build", ROOT, "--output", out, "--force", "--jobs", "1", "-q"), repeat)
    # the final HTML of every PDF of that build, rendered by WeasyPrint alone in one process
    pages = scratch / "final-html"
    dump = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]); from bench_dump import dump; "
        "dump(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    subprocess.run([PYTHON, "-c", dump, str(ROOT), str(pages), str(ROOT / "bench")], check=True)
    alone, _ = median([PYTHON, str(ROOT / "bench" / "weasyprint_alone.py"), str(pages), str(out)], repeat)
    ratio = ours / alone
    record("1 overhead: seed, cold build (serial)", f"{ours:.2f} s vs {alone:.2f} s WeasyPrint", "≤ 1.25×", ratio <= 1.25)
    record("  ratio", f"{ratio:.2f}×", "", None)


# -- 2 -------------------------------------------------------------------------------


def noop(scratch: Path, repeat: int) -> None:
    out = scratch / "noop"
    subprocess.run(diptych("build", ROOT, "--output", out, "-q"), check=True)
    wall, _ = median(diptych("build", ROOT, "--output", out, "-q"), repeat)
    code = (
        "import sys; from diptych.cli import main; main(['build', sys.argv[1], '--output', sys.argv[2], '-q']);"
        "print('weasyprint' in sys.modules)"
    )
    imported = subprocess.run([PYTHON, "-c", code, str(ROOT), str(out)], capture_output=True, text=True).stdout.strip()
    record(
        "2 no-op rebuild of the seed",
        f"{wall:.3f} s, weasyprint imported: {imported}",
        "≤ 0.35 s, not imported",
        wall <= 0.35 and imported == "False",
    )


# -- 3 -------------------------------------------------------------------------------


def edit(scratch: Path, repeat: int) -> None:
    corpus = scratch / "corpus-200"
    make_corpus(corpus, 200, ("fr", "en"), ["parallel"], book=False)
    single = scratch / "corpus-1"
    make_corpus(single, 1, ("fr", "en"), ["parallel"], book=False)
    subprocess.run(diptych("build", corpus, "-q"), check=True)
    path = corpus / "content" / "doc-0100.yaml"
    original = path.read_text(encoding="utf-8")
    times = []
    for n in range(repeat):
        path.write_text(original.replace("Les Parties", f"Les Parties ({n})", 1), encoding="utf-8")
        wall, _ = measure(diptych("build", corpus, "-q"))
        times.append(wall)
    edited = statistics.median(times)
    one, _ = median(diptych("build", single, "--force", "-q"), repeat)
    check = subprocess.run(diptych("build", corpus, "-v"), capture_output=True, text=True).stderr
    record("3 one-paragraph edit, 200 documents", f"{edited:.2f} s vs {one:.2f} s for one document", "≤ 2×", edited <= 2 * one)
    record("  ratio", f"{edited / one:.2f}×", "", None)
    del check


# -- 4 -------------------------------------------------------------------------------


def parallel(scratch: Path, repeat: int) -> None:
    corpus = scratch / "corpus-50"
    make_corpus(corpus, 50, ("fr", "en"), [], book=False)
    serial, _ = median(diptych("build", corpus, "--format", "pdf", "--force", "--jobs", "1", "-q"), repeat)
    two, _ = median(diptych("build", corpus, "--format", "pdf", "--force", "--jobs", "2", "-q"), repeat)
    record(
        "4 parallel: 50 documents × PDF", f"{two:.1f} s (--jobs 2) vs {serial:.1f} s (--jobs 1)", "≤ 0.6×", two <= 0.6 * serial
    )
    record("  ratio", f"{two / serial:.2f}×", "", None)


# -- 5 -------------------------------------------------------------------------------


def scale(scratch: Path, repeat: int, pdfs: bool) -> None:
    big, small = scratch / "corpus-1000", scratch / "corpus-100"
    make_corpus(big, 1000, ("fr", "en"), ["parallel"], book=False)
    make_corpus(small, 100, ("fr", "en"), ["parallel"], book=False)
    thousand, rss = median(diptych("build", big, "--format", "html", "--force", "-q"), repeat)
    hundred, _ = median(diptych("build", small, "--format", "html", "--force", "-q"), repeat)
    record(
        "5 scale: 1,000 documents × 2 languages, HTML",
        f"{thousand:.1f} s, peak {rss:.0f} MB",
        "≤ 20 s, ≤ 400 MB",
        thousand <= 20 and rss <= 400,
    )
    record("  1,000 vs 100 documents", f"{thousand / hundred:.1f}× ({hundred:.2f} s for 100)", "≤ 11×", thousand / hundred <= 11)
    if pdfs:
        started = time.perf_counter()
        wall, peak = measure(diptych("build", big, "--format", "pdf", "--lang", "fr,en", "--force", "-q"))
        count = sum(1 for _ in (big / "output" / "pdf").glob("*.pdf"))
        pages = 0
        from pypdf import PdfReader

        for path in (big / "output" / "pdf").glob("*.pdf"):
            pages += len(PdfReader(path).pages)
        del started
        record(
            "  PDFs of 1,000 documents (fr, en, fr-en)",
            f"{count} PDFs, {pages} pages in {wall:.0f} s: {pages / wall:.1f} pages/s",
            f"peak {peak:.0f} MB",
            None,
        )


# -- 6 -------------------------------------------------------------------------------


def peer(scratch: Path, repeat: int) -> None:
    pandoc = shutil.which("pandoc")
    if not pandoc:
        record("6 peer: pandoc --pdf-engine=weasyprint", "skipped: pandoc is not installed", "apt-get install pandoc", None)
        return
    source = scratch / "seed.md"
    subprocess.run([PYTHON, str(ROOT / "bench" / "seed_markdown.py"), str(source)], check=True)
    env_path = f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["PATH"] = env_path
    theirs, _ = median([pandoc, str(source), "-o", str(scratch / "pandoc.pdf"), "--pdf-engine=weasyprint"], repeat)
    seed_fr = scratch / "seed-fr"
    shutil.copytree(ROOT / "content", seed_fr / "content")
    settings = (ROOT / "publication.yaml").read_text(encoding="utf-8") + "print:\n  book: false\n"
    (seed_fr / "publication.yaml").write_text(settings, encoding="utf-8")
    ours, _ = median(diptych("build", seed_fr, "--lang", "fr", "--format", "pdf", "--force", "-q"), repeat)
    record("6 peer: the French seed PDF", f"diptych {ours:.2f} s vs pandoc {theirs:.2f} s", "(reported)", None)


def facing(scratch: Path, repeat: int) -> None:
    import json

    seed = scratch / "seed-facing"
    shutil.copytree(ROOT / "content", seed / "content")
    shutil.copy(ROOT / "publication.yaml", seed / "publication.yaml")
    command = [PYTHON, str(ROOT / "bench" / "facing.py"), str(seed), "--repeat", str(repeat)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        row = json.loads(line)
        name = "7 facing: " + row["pdf"].split(".", 1)[1]
        value = f"{row['ratio']:.2f}× time, {row['pages']} pages (≤ {row['page_limit']})"
        record(name, value, "≤ 2.5×, ≤ 2×max+4 pages", row["ok"])


BENCHMARKS = {
    "overhead": overhead,
    "noop": noop,
    "edit": edit,
    "parallel": parallel,
    "scale": scale,
    "peer": peer,
    "facing": facing,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="which benchmarks (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--no-scale-pdfs", action="store_true", help="skip the PDFs of the 1,000-document corpus")
    arguments = parser.parse_args()
    print(f"{'benchmark':<44} {'measured (median of ' + str(arguments.repeat) + ')':<34} target", flush=True)
    with tempfile.TemporaryDirectory(prefix="diptych-bench-") as scratch:
        for name in arguments.names or list(BENCHMARKS):
            if name == "scale":
                scale(Path(scratch), arguments.repeat, not arguments.no_scale_pdfs)
            else:
                BENCHMARKS[name](Path(scratch), arguments.repeat)


if __name__ == "__main__":
    main()
