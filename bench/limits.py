"""The cost of the worst inputs within the documented limits, run by hand (not in CI).

    .venv/bin/python bench/limits.py [--repeat 3]

1 text      one text of 100,000 characters (the limit) of the worst shapes, built into its French PDF (no book):
            CPU time, wall time and peak memory of the build, medians           target ≤ 10 s CPU each
2 exchange  translators' files at and over the limits: a PO of 20,000 entries imported, a 19 MiB PO
            of 280,000 entries refused: time and peak memory                  target refused ≤ 1 s
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import diptych


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of ``command`` and its children.

    CPU time is the bound to read on a busy machine: wall time grows with everyone else's work."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, cpu, after.ru_maxrss / 1024


LIMIT = 100_000
SHAPES = {
    "one word of 100,000 letters": "Lorem" * (LIMIT // 5),
    "words of 30 letters": " ".join(["Loremipsumdolorsitametconsect"] * (LIMIT // 30)),
    "emphasis never closed (*a *a …)": "*a " * (LIMIT // 3),
    "a@a@a@…": "a@" * (LIMIT // 2),
    "a ;a ;a ;… (unbreakable in Unicode)": "a ;" * (LIMIT // 3),
    " a( a( a(… (unbreakable in Unicode)": " a(" * (LIMIT // 3),
    " -; -; -;…": " -;" * (LIMIT // 3),
}

PUBLICATION = """\
title: {fr: Limites}
publisher: Banc d'essai
source_language: fr
languages: []
numbering: decimal
print: {book: false}
"""


def publication(folder: Path, text: str) -> Path:
    (folder / "content").mkdir(parents=True)
    (folder / "publication.yaml").write_text(PUBLICATION, encoding="utf-8")
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    document = textwrap.dedent(
        """\
        headline: {fr: Limite}
        body:
          - id: p1
            fr: "TEXT"
        """
    ).replace("TEXT", quoted)
    (folder / "content" / "limit.yaml").write_text(document, encoding="utf-8")
    return folder


def texts(scratch: Path, repeat: int) -> None:
    for name, text in SHAPES.items():
        root = publication(scratch / f"text-{len(list(scratch.iterdir()))}", text[:LIMIT])
        runs = [measure(diptych("build", root, "-f", "pdf", "-j", "1", "--force", "-q")) for _ in range(repeat)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs)
        verdict = "ok" if cpu <= 10 else "OVER 10 s"
        print(f"text      {name:<38} {cpu:6.1f} s CPU ({wall:5.1f} s wall)  {peak:5.0f} MB  {verdict}", flush=True)


def exchange(scratch: Path, repeat: int) -> None:
    header = '# diptych-document: content/limit.yaml\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
    big = scratch / "big.po"
    big.write_text(header + "".join(f'msgctxt "u{i}"\nmsgid "source {i}"\nmsgstr "target {i}"\n\n' for i in range(280_000)))
    code = (
        "import sys; from pathlib import Path; from diptych.translation.exchange import read_exchange, ExchangeError\n"
        "try: read_exchange(Path(sys.argv[1]))\nexcept ExchangeError: pass\n"
    )
    runs = [measure([sys.executable, "-c", code, str(big)]) for _ in range(repeat)]
    size = big.stat().st_size / 1024 / 1024
    print(f"exchange  {size:.0f} MiB PO, 280,000 entries, refused   {statistics.median(r[1] for r in runs):6.2f} s CPU  "
          f"{max(r[2] for r in runs):5.0f} MB", flush=True)  # fmt: skip
    full = scratch / "full.po"
    full.write_text(header + "".join(f'msgctxt "u{i}"\nmsgid "source {i}"\nmsgstr "target {i}"\n\n' for i in range(20_000)))
    code = (
        "import sys; from pathlib import Path; from diptych.translation.exchange import read_exchange; "
        "read_exchange(Path(sys.argv[1]))"
    )
    runs = [measure([sys.executable, "-c", code, str(full)]) for _ in range(repeat)]
    print(f"exchange  PO of 20,000 entries (the limit), read   {statistics.median(r[1] for r in runs):6.2f} s CPU  "
          f"{max(r[2] for r in runs):5.0f} MB", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diptych-limits-") as folder:
        exchange(Path(folder), arguments.repeat)  # first: peak memory is the largest of any child so far
        texts(Path(folder), arguments.repeat)


if __name__ == "__main__":
    main()
