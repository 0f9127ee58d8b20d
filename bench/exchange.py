"""Export and import at scale: N texts in documents of 500, PO / XLIFF 1.2 / XLIFF 2.0, run by hand.

    .venv/bin/python bench/exchange.py                 # 1,000 / 2,000 / 4,000 / 20,000 texts, median of 3
    .venv/bin/python bench/exchange.py --sizes 20000 --repeat 5
    .venv/bin/python bench/exchange.py --sizes 20000 --formats po --stages   # and where the CPU time goes

Targets (issue 15): 20,000 texts exported in ≤ 2 s and imported in ≤ 3 s, and both linear in the
number of texts (the time per text stays flat from 1,000 to 20,000). The CPU time of the process is
printed beside the wall time (µs/text from it), as it is less disturbed by other work on the machine;
"read s" is reading the publication alone the first time (its documents parsed, and kept in the cache of
parsed documents: see diptych.cache), "warm s" reading it again (from the cache). Then a first round
(export, then import of the files with one translation in ten changed: the first export of the publication,
its translation memory built for the first time) and a next round, the same again, as a translator's next
round of work is. Each run has a cache folder of its own, empty at first. Each export is a whole
`diptych export` in-process (reading the publication, the translation memory, writing the file);
each import is a whole `diptych import` of that file with one translation in ten changed
(reading, checking, planning, editing the YAML, reading again what the edit changed, writing).
The corpus: French texts made from the seed's sentences, 90 % translated, 5 % stale, 5 % missing.
With --stages, the median CPU seconds of each stage follow (a stage inside another is indented): reading
the publication (the import reads it, then reads again the documents it edits, to check them), the
translation memory, writing the exchange files, parsing the files that come back, planning, editing
the YAML, the journal's writes.

The machines this is run on are shared, and their speed drifts: the same loop of pure Python took from
0.28 to 0.46 s in six runs a minute apart. So each repeat also times a fixed piece of Python work (the
"reference", printed as ms under each row): compare two runs' figures only beside their references.
"""

from __future__ import annotations

import argparse
import collections
import functools
import gc
import importlib
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
sys.path.insert(0, str(ROOT / "src"))

from diptych.cache import CACHE_DIR_ENV  # noqa: E402
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


def read_time(root: Path) -> tuple[float, float]:
    """Reading the publication alone (the collector paused, as export and import do): wall and CPU seconds."""
    gc.disable()
    try:
        start, cpu = time.perf_counter(), time.process_time()
        read_publication(root)
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        gc.enable()


#: (module, function, label) of each stage timed with --stages
STAGES = (
    ("diptych.read", "read_publication", "read the publication"),
    ("diptych.read", "check_documents", "read the edited documents again"),
    ("diptych.translation.memory", "TranslationMemory._build", "  of it, building the index"),
    ("diptych.translation.memory", "TranslationMemory.matches", "translation memory: search"),
    ("diptych.translation.outgoing", "_po", "write PO"),
    ("diptych.translation.xliff", "write_xliff", "write XLIFF"),
    ("diptych.translation.ledger", "Ledger.record_export", "ledger: record the export"),
    ("diptych.translation.history", "SourceHistory.save", "source history: save"),
    ("diptych.output", "write_atomic", "write the exchange files"),
    ("diptych.translation.incoming", "read_exchange", "parse the files that come back"),
    ("diptych.translation.planning", "plan_import", "plan the import"),
    ("diptych.translation.workflow", "_edit_translations", "edit the YAML (splice)"),
    ("diptych.journal", "commit", "write the YAML (journal)"),
)


class Stages:
    """CPU seconds spent in each stage, by wrapping the functions that do it."""

    def __init__(self) -> None:
        self.spent: collections.Counter[str] = collections.Counter()
        for module_name, qualified, label in STAGES:
            owner: object = importlib.import_module(module_name)
            *outer, name = qualified.split(".")
            for part in outer:
                owner = getattr(owner, part)
            original = getattr(owner, name)
            timed = self._timed(original, label)
            setattr(owner, name, timed)
            for module in list(sys.modules.values()):  # where it was imported by name
                if not outer and module is not owner and getattr(module, name, None) is original:
                    setattr(module, name, timed)

    def _timed(self, function: object, label: str) -> object:
        @functools.wraps(function)  # type: ignore[arg-type]
        def timed(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)  # type: ignore[operator]
            finally:
                self.spent[label] += time.process_time() - start

        return timed

    def take(self) -> dict[str, float]:
        spent = dict(self.spent)
        self.spent.clear()
        return spent


Times = dict[str, list[float]]


def reference() -> float:
    """CPU seconds of a fixed piece of Python work (calls, dictionaries, strings, small objects), the best of three:
    how fast the machine is at the moment."""

    def work() -> int:
        seen: dict[str, list[int]] = {}
        for number in range(200_000):
            seen.setdefault(f"w{number % 5000}", []).append(number)
        return sum(len(value) for value in seen.values())

    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def run(count: int, form: str, repeat: int, stages: Stages | None) -> tuple[Times, int, dict[str, Times]]:
    """Wall and CPU seconds of each run (export, import, read); the texts imported; with ``stages``, theirs."""
    times: Times = collections.defaultdict(list)
    by_stage: dict[str, Times] = {
        name: collections.defaultdict(list) for name in ("export", "import", "export again", "import again")
    }
    changed = 0

    def timed(name: str, command: Callable[..., T], *arguments: object, **options: object) -> T:
        """``command(*arguments, **options)``, its wall and CPU seconds kept under ``name`` (and its stages')."""
        start, cpu = time.perf_counter(), time.process_time()
        result = command(*arguments, **options)
        times[name].append(time.perf_counter() - start)
        times[name + " cpu"].append(time.process_time() - cpu)
        for label, spent in (stages.take() if stages else {}).items():
            by_stage[name][label].append(spent)
        return result

    for _ in range(repeat):
        times["reference"].append(reference())
        with tempfile.TemporaryDirectory(prefix="diptych-bench-") as scratch:
            os.environ[CACHE_DIR_ENV] = str(Path(scratch) / "cache")  # a cache of its own, empty at first
            root = Path(scratch) / "pub"
            make_publication(root, count)
            wall, cpu = read_time(root)  # the first read of these files: the documents are parsed and cached
            times["read"].append(wall)
            times["read cpu"].append(cpu)
            wall, cpu = read_time(root)  # as every later command reads them
            times["warm"].append(wall)
            times["warm cpu"].append(cpu)
            if stages:
                stages.take()
            for again in ("", " again"):  # the first round, then the same as a translator's next round
                paths = timed("export" + again, export_translations, root, "en", form, force=True)
                for path in paths:
                    change_every_tenth(path, form)
                changed = timed("import" + again, import_translations, root, paths).changed
                shutil.rmtree(root / "translations")
    return times, changed, by_stage


def main() -> None:
    logging.getLogger("diptych").setLevel(logging.ERROR)  # the corpus's stale and missing texts: warned of by import
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,4000,20000")
    parser.add_argument("--formats", default="po,xliff,xliff2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="also print the CPU seconds of each stage")
    arguments = parser.parse_args()
    stages = Stages() if arguments.stages else None
    columns = ("read", "warm", "export", "import", "export again", "import again")
    print(f"{'texts':>7} {'format':<7} " + " ".join(f"{name + ' s':>15}" for name in columns) + f" {'changed':>8}")
    print(f"{'':>16}" + " ".join(f"{'wall / cpu':>15}" for _ in columns))
    median = statistics.median
    for form in arguments.formats.split(","):
        for count in map(int, arguments.sizes.split(",")):
            times, changed, by_stage = run(count, form, arguments.repeat, stages)
            m = {name: median(values) for name, values in times.items()}
            verdict = ""
            if count == 20000:
                verdict = "  targets ≤ 2 s / ≤ 3 s (CPU): " + ", ".join(
                    f"{round}{'ok' if m[f'export{again} cpu'] <= 2 and m[f'import{again} cpu'] <= 3 else 'MISSED'}"
                    for round, again in (("first round ", ""), ("next round ", " again"))
                )
            cells = " ".join(f"{m[name]:>7.2f} / {m[name + ' cpu']:>5.2f}" for name in columns)
            print(f"{count:>7} {form:<7} {cells} {changed:>8}{verdict}", flush=True)
            print(
                f"{'':>16}µs per text (cpu): "
                + ", ".join(
                    f"{name} {m[name + ' cpu'] / count * 1e6:.0f}"
                    for name in ("export", "import", "export again", "import again")
                )
                + f"; reference {m['reference'] * 1000:.0f} ms",
                flush=True,
            )
            for command, spent in by_stage.items() if stages else ():
                total = m[f"{command} cpu"]
                accounted = sum(median(values) for label, values in spent.items() if not label.startswith(" "))
                for label, values in sorted(spent.items(), key=lambda item: -median(item[1])):
                    print(f"{'':>17}{command} · {label:<34} {median(values):>6.2f} s cpu")
                print(f"{'':>17}{command} · {'(the rest)':<34} {max(0.0, total - accounted):>6.2f} s cpu")


if __name__ == "__main__":
    main()
