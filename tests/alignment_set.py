"""The alignment test set: three translations of the seed (48 texts each), clean and perturbed.

English comes from the seed's own YAML, published as a plain document with "1." labels like the French
text file; Chinese and Arabic are full translations of the seed written for these tests
(tests/data/translations/, one text per unit and the same as a published document with 第一条 / المادة 1
labels on their own line). Each perturbed version joins two paragraphs, splits one, leaves one out and
adds one that the source does not have, at places that differ per language. The expected result says,
per unit id, which paragraphs a perfect alignment gives it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from diptych.align import AlignResult
from diptych.model import Document

DATA = Path(__file__).resolve().parent / "data" / "translations"
LANGUAGES = ("en", "zh-Hans", "ar")

#: (join two consecutive units, split one unit, omit one unit, add a paragraph after one unit) per language
PERTURBATIONS = {
    "en": ("a9-2", "a15-1", "a11-3", "a7-1"),
    "zh-Hans": ("visite-etat", "preambule-negociations", "a4-2", "a10-1"),
    "ar": ("a11-1", "a2-2", "ambition", "a13-1"),
}
ADDED = {
    "en": "This translation is unofficial and was prepared by the editors for information only.",
    "zh-Hans": "本译文为编辑部提供的非官方译文，仅供参考。",
    "ar": "هذه الترجمة غير رسمية، أعدّها المحررون لأغراض إعلامية فقط.",
}


@dataclass
class Case:
    language: str
    perturbed: bool
    text: str  # the published translation, as a plain text file
    expected: dict[str, list[str]]  # unit id → the paragraphs a perfect alignment gives it


@dataclass
class Block:
    ids: list[str]  # the units this paragraph translates (none for an added one)
    text: str


def references(document: Document, language: str) -> dict[str, str]:
    """Unit id → its reference translation."""
    if language == "en":
        found = {}
        for unit in document.units():
            translation = unit.translations.get("en")
            assert translation is not None, unit.id
            found[unit.id] = translation.text
        return found
    loaded = yaml.safe_load((DATA / f"{language}.yaml").read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in loaded.items()}


def published_blocks(document: Document, language: str) -> list[Block]:
    """The translation as a publisher would print it, one block per unit."""
    ids = [unit.id for unit in document.units()]
    if language != "en":
        blocks = (DATA / f"{language}.txt").read_text(encoding="utf-8").strip().split("\n\n")
        assert len(blocks) == len(ids)
        return [Block([unit_id], text) for unit_id, text in zip(ids, blocks, strict=True)]
    reference = references(document, "en")
    starts = {}
    for article in document.articles():
        first = article.blocks[0]
        starts[first.unit.id if hasattr(first, "unit") else ""] = article.number
    blocks = []
    for unit_id in ids:
        text = reference[unit_id]
        if unit_id == "dateline-place":
            text = f"{text} / La Gazette"
        elif unit_id.endswith("-place"):
            text = f"{text}, April 23, 2025."
        elif unit_id in starts:
            text = f"{starts[unit_id]}. {text}"
        blocks.append(Block([unit_id], text))
    return blocks


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.。])\s*", text) if s]


def perturb(
    blocks: list[Block], language: str, reference: dict[str, str], places: tuple[str, str, str, str] | None = None
) -> tuple[list[Block], dict[str, list[str]]]:
    """Join, split, omit and add, as translators and publishers do; and what a perfect alignment then gives.

    ``places`` are the units to join with the next, to split, to omit, and to add a paragraph after.
    """
    join, split, omit, add = places or PERTURBATIONS[language]
    expected = {unit_id: [text] for unit_id, text in reference.items()}
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        (unit_id,) = block.ids
        if unit_id == join:
            following = blocks[index + 1]
            glue = "" if language == "zh-Hans" else " "
            joined = reference[unit_id] + glue + reference[following.ids[0]]
            out.append(Block([unit_id, *following.ids], block.text + glue + following.text))
            expected[unit_id] = expected[following.ids[0]] = [joined]
            index += 2
            continue
        if unit_id == split:
            sentences = _sentences(reference[unit_id])
            half = len(sentences) // 2
            glue = "" if language == "zh-Hans" else " "
            first, second = glue.join(sentences[:half]), glue.join(sentences[half:])
            label = block.text[: len(block.text) - len(reference[unit_id])]
            out += [Block([unit_id], label + first), Block([unit_id], second)]
            expected[unit_id] = [first, second]
        elif unit_id == omit:
            expected[unit_id] = []
        else:
            out.append(block)
        if unit_id == add:
            out.append(Block([], ADDED[language]))
        index += 1
    return out, expected


def cases(document: Document) -> list[Case]:
    found = []
    for language in LANGUAGES:
        reference = references(document, language)
        blocks = published_blocks(document, language)
        clean = {unit_id: [text] for unit_id, text in reference.items()}
        found.append(Case(language, False, "\n\n".join(b.text for b in blocks) + "\n", clean))
        changed, expected = perturb(blocks, language, reference)
        found.append(Case(language, True, "\n\n".join(b.text for b in changed) + "\n", expected))
    return found


@dataclass
class Score:
    correct: int
    total: int
    errors: list[str]  # unit ids aligned wrongly
    unflagged: list[str]  # of those, the ones not shown as uncertain

    @property
    def accuracy(self) -> float:
        return self.correct / self.total


def score(result: AlignResult, expected: dict[str, list[str]]) -> Score:
    proposal = result.proposal()
    errors = [unit_id for unit_id, paragraphs in expected.items() if proposal.get(unit_id, []) != paragraphs]
    uncertain = result.uncertain_ids()
    return Score(len(expected) - len(errors), len(expected), errors, [e for e in errors if e not in uncertain])


def random_places(document: Document, language: str, reference: dict[str, str], seed: int) -> tuple[str, str, str, str]:
    """Four different places for the perturbations, drawn at random among the paragraphs of the text."""
    import random

    chooser = random.Random(seed)
    ids = [unit.id for unit in document.units()]
    starts = {article.blocks[0].unit.id for article in document.articles() if hasattr(article.blocks[0], "unit")}
    body = [i for i in ids[3:-3] if not i.endswith("-title")]
    joinable = [i for i, following in itertools.pairwise(ids) if i in body and following in body and following not in starts]
    splittable = [i for i in body if len(_sentences(reference[i])) >= 2 and i not in starts]
    while True:
        places = (chooser.choice(joinable), chooser.choice(splittable), chooser.choice(body), chooser.choice(body))
        touched = {places[0], ids[ids.index(places[0]) + 1], places[1], places[2], places[3]}
        if len(touched) == 5:
            return places
