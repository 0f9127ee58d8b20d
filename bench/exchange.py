"""Export and import at scale: N texts in documents of 500, PO / XLIFF 1.2 / XLIFF 2.0, run by hand.

    .venv/bin/python bench/exchange.py                 # 1,000 / 2,000 / 4,000 / 20,000 texts, median of 3
    .venv/bin/python bench/exchange.py --sizes 20000 --repeat 5

Targets (issue 15): 20,000 texts exported in ≤ 2 s and imported in ≤ 3 s, and both linear in the
number of texts (the time per text stays flat from 1,000 to 20,000). The CPU time of the process is
printed beside the wall time (µs/text from it), as it is less disturbed by other work on the machine;
"read s" is reading the publication alone, which both commands do first. Each export is a whole
`diptych export` in-process (reading the publication, the translation memory, writing the file);
each import is a whole `diptych import` of that file with one translation in ten changed
(reading, checking, planning, editing the YAML, re-reading the edited publication, writing).
The corpus: French texts made from the seed's sentences, 90 % translated, 5 % stale, 5 % missing.
"""

from __future__ import annotations

import argparse
import gc
import logging
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from diptych.model import fingerprint  # noqa: E402
from diptych.read import read_publication  # noqa: E402
from diptych.translation.workflow import export_translations, import_translations  # noqa: E402

SEED = ROOT / "content" / "azerbaidjan-chine-declaration.yaml"


def seed_pairs() -> list[tuple[str, str]]:
    """(French, English) sentence pairs from the seed, in order."""
    text = SEED.read_text(encoding="utf-8")
    french = re.findall(r"\n\s+fr: >-\n\s+(.+)", text)
    english = re.findall(r"\n\s+en:\n\s+text: >-\n\s+(.+)", text)
    return list(zip(french, english, strict=False))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_publication(target: Path, count: int, per_document: int = 500) -> None:
    """``count`` texts in documents of ``per_document`` (a long declaration each)."""
    pairs = seed_pairs()
    (target / "content").mkdir(parents=True)
    (target / "publication.yaml").write_text(
        "title:\n  fr: Banc d'essai\n  en: Benchmark\npublisher: Bench\n"
        "source_language: fr\nlanguages: [en]\nnumbering: article\n",
        encoding="utf-8",
    )
    per_article = 10
    for first in range(0, count, per_document):
        lines = ["date: 2025-04-23", "headline:", f"  fr: Document {first}", f"  en: Document {first}", "body:"]
        lines += ["  - official:", "      id: texte", "      title: {fr: Déclaration, en: Declaration}", "      articles:"]
        for article in range(min(per_document, count - first) // per_article):
            lines.append(f"        - number: {article + 1}\n          paragraphs:")
            for paragraph in range(per_article):
                n = first + article * per_article + paragraph
                fr, en = pairs[n % len(pairs)]
                fr = f"{fr} ({n})"  # every text its own
                lines.append(f"            - id: p{n}\n              fr: {quote(fr)}")
                if n % 20 == 19:
                    continue  # missing
                source = fingerprint(fr) if n % 20 != 18 else "0123456789ab"  # stale
                lines.append(
                    f"              en:\n                text: {quote(en + f' ({n})')}\n                source: '{source}'"
                )
        (target / "content" / f"part-{first // per_document:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def change_every_tenth(path: Path, form: str) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = r'(msgstr ".*?)( \((\d+)\)")' if form == "po" else r"(<target[^>]*>[^<]*?)( \((\d+)\)</target>)"

    def edit(match: re.Match[str]) -> str:
        return match.group(1) + (" revised" if int(match.group(3)) % 10 == 0 else "") + match.group(2)

    path.write_text(re.sub(pattern, edit, text), encoding="utf-8")


def read_time(root: Path) -> float:
    """Reading the publication alone (the collector paused, as export and import do)."""
    gc.disable()
    try:
        start = time.perf_counter()
        read_publication(root)
        return time.perf_counter() - start
    finally:
        gc.enable()


def run(count: int, form: str, repeat: int) -> tuple[float, float, float, float, float, int]:
    """Medians: export wall, import wall, read wall, export CPU, import CPU; and the texts imported."""
    exports, imports, reads, export_cpu, import_cpu = [], [], [], [], []
    changed = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="diptych-bench-") as scratch:
            root = Path(scratch) / "pub"
            make_publication(root, count)
            reads.append(read_time(root))
            start, cpu = time.perf_counter(), time.process_time()
            paths = export_translations(root, "en", form, force=True)  # type: ignore[arg-type]
            exports.append(time.perf_counter() - start)
            export_cpu.append(time.process_time() - cpu)
            for path in paths:
                change_every_tenth(path, form)
            start, cpu = time.perf_counter(), time.process_time()
            report = import_translations(root, paths)
            imports.append(time.perf_counter() - start)
            import_cpu.append(time.process_time() - cpu)
            changed = report.changed
            shutil.rmtree(root / "translations")
    median = statistics.median
    return median(exports), median(imports), median(reads), median(export_cpu), median(import_cpu), changed


def main() -> None:
    logging.getLogger("diptych").setLevel(logging.ERROR)  # the corpus's stale and missing texts: warned of by import
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,4000,20000")
    parser.add_argument("--formats", default="po,xliff,xliff2")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    print(
        f"{'texts':>7} {'format':<7} {'export s':>9} {'cpu s':>6} {'µs/text':>8} {'import s':>9} {'cpu s':>6} "
        f"{'µs/text':>8} {'read s':>7} {'changed':>8}"
    )
    for form in arguments.formats.split(","):
        for count in map(int, arguments.sizes.split(",")):
            exported, imported, read, export_cpu, import_cpu, changed = run(count, form, arguments.repeat)
            verdict = ""
            if count == 20000:
                verdict = f"  target ≤ 2 s / ≤ 3 s: {'ok' if exported <= 2 and imported <= 3 else 'MISSED'}"
            print(
                f"{count:>7} {form:<7} {exported:>9.2f} {export_cpu:>6.2f} {export_cpu / count * 1e6:>8.0f} "
                f"{imported:>9.2f} {import_cpu:>6.2f} {import_cpu / count * 1e6:>8.0f} {read:>7.2f} {changed:>8}{verdict}",
                flush=True,
            )


if __name__ == "__main__":
    main()
