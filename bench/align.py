"""Alignment: accuracy on the test set, and the time to align 1,000 units (target ≤ 2 s).

    .venv/bin/python bench/align.py [--repeat 5]

The accuracy table is the one the tests check (tests/alignment_set.py): the seed's English, Chinese and
Arabic, clean and perturbed. The timing aligns the Chinese translation of the seed repeated to 1,008 units
(21 copies, articles numbered on), once with its article labels as anchors and once stripped of every
label (one long unanchored span, the band of the dynamic programme doing all the work); medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.alignment_set import LANGUAGES, cases, perturb, published_blocks, random_places, references, score  # noqa: E402

from diptych.align import align_texts, propose  # noqa: E402
from diptych.align.segment import SourceUnit, TargetParagraph, source_units  # noqa: E402
from diptych.model import Unit  # noqa: E402
from diptych.read import read_publication  # noqa: E402

SEED = "azerbaidjan-chine-declaration"


def accuracy() -> None:
    document = read_publication(ROOT).document(SEED)
    print(f"{'case':<22} {'accuracy':>9} {'errors':>7} {'flagged':>8} {'errors unflagged':>17} {'time':>7}")
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases(document):
            path = Path(scratch) / f"{case.language}.txt"
            path.write_text(case.text, encoding="utf-8")
            start = time.perf_counter()
            result = propose(document, path, case.language)
            elapsed = time.perf_counter() - start
            found = score(result, case.expected)
            name = f"{case.language} {'perturbed' if case.perturbed else 'clean'}"
            print(
                f"{name:<22} {found.correct:>3}/{found.total} {found.accuracy:>6.1%} {len(found.errors):>4} "
                f"{len(result.uncertain_ids()):>8} {len(found.unflagged):>17} {elapsed:>6.3f}s"
                + (f"  errors: {', '.join(found.errors)}" if found.errors else "")
            )


def robustness(trials: int) -> None:
    """The perturbations at random places, many times: how the accuracy spreads beyond the fixed test set."""
    document = read_publication(ROOT).document(SEED)
    with tempfile.TemporaryDirectory() as scratch:
        for language in LANGUAGES:
            reference = references(document, language)
            blocks = published_blocks(document, language)
            accuracies, unflagged, worst = [], 0, 1.0
            for trial in range(trials):
                changed, expected = perturb(blocks, language, reference, random_places(document, language, reference, trial))
                path = Path(scratch) / f"{language}.txt"
                path.write_text("\n\n".join(b.text for b in changed) + "\n", encoding="utf-8")
                found = score(propose(document, path, language), expected)
                accuracies.append(found.accuracy)
                unflagged += len(found.unflagged)
                worst = min(worst, found.accuracy)
            print(
                f"{language:<8} {trials} random perturbations: mean {statistics.mean(accuracies):.1%}, "
                f"worst {worst:.1%}, ≥ 95% in {sum(a >= 0.95 for a in accuracies)}/{trials}, errors not flagged: {unflagged}"
            )


def thousand(labels: bool) -> tuple[list[SourceUnit], list[TargetParagraph]]:
    document = read_publication(ROOT).document(SEED)
    base = source_units(document)
    reference = references(document, "zh-Hans")
    articles = max(u.article or 0 for u in base)
    units: list[SourceUnit] = []
    paragraphs: list[TargetParagraph] = []
    for copy in range(21):
        for each in base:
            number = each.article + copy * articles if each.article and labels else None
            unit = Unit(f"{each.unit.id}-{copy}", "fr", each.unit.source, each.unit.location)
            units.append(SourceUnit(unit, number, each.role, each.printed))
            text = reference[each.unit.id]
            paragraphs.append(TargetParagraph(text, f"paragraph {len(paragraphs) + 1}", number))
    return units, paragraphs


def timing(repeat: int) -> None:
    for labels in (True, False):
        units, paragraphs = thousand(labels)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            pairs = align_texts(units, paragraphs)
            times.append(time.perf_counter() - start)
        position = {each.unit.id: index for index, each in enumerate(units)}
        correct = sum(
            1
            for pair in pairs
            if pair.shape == "1-1" and pair.paragraphs[0].where == f"paragraph {position[pair.units[0].unit.id] + 1}"
        )
        median = statistics.median(times)
        verdict = "ok" if median <= 2.0 else "OVER"
        kind = "with article anchors" if labels else "no anchors at all"
        print(f"{len(units)} units, {kind:<22} median {median:.3f} s of {repeat}  (target ≤ 2 s: {verdict}); {correct} right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--random", type=int, default=20, metavar="N", help="random perturbations per language")
    arguments = parser.parse_args()
    accuracy()
    robustness(arguments.random)
    timing(arguments.repeat)


if __name__ == "__main__":
    main()
