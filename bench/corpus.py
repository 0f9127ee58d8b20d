"""Make a corpus of N realistic documents from the seed's vocabulary and structure.

    python bench/corpus.py DIR N [--languages fr,en,az] [--layouts parallel] [--no-book]

Each document takes a headline, a lede and a run of the seed's articles (3 to 18,
so lengths vary), shuffled and renumbered, with the seed's translations; every
third document also carries the draft Azerbaijani where the seed has it.
Deterministic: the same N gives the same corpus.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from diptych.model import OfficialText, Paragraph  # noqa: E402
from diptych.read import read_publication  # noqa: E402


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unit_yaml(unit, languages: tuple[str, ...], indent: int, unit_id: str | None = None, mark: str = "") -> str:  # type: ignore[no-untyped-def]
    """A unit in every language; ``mark`` (the document's number) keeps each document's texts its own."""
    pad = " " * indent
    lines = [f"{pad}- id: {unit_id or unit.id}"] if unit_id else []
    for code in languages:
        text = unit.text(code)
        if text is not None and mark:
            text = f"{text} ({mark})"
        if text is not None:
            lines.append(f"{pad}  {code}: {quote(text)}" if unit_id else f"{pad}{code}: {quote(text)}")
    return "\n".join(lines)


def make_corpus(target: Path, count: int, languages: tuple[str, ...], layouts: list[str], book: bool) -> None:
    seed = read_publication(ROOT)
    (document,) = seed.documents
    (official,) = [b for b in document.blocks if isinstance(b, OfficialText)]
    body = [b.unit for b in document.blocks if isinstance(b, Paragraph)]
    articles = list(official.articles)
    rng = random.Random(2025)
    (target / "content").mkdir(parents=True, exist_ok=True)
    targets = [code for code in languages if code != "fr"]
    (target / "publication.yaml").write_text(
        "title:\n  fr: Corpus de démonstration\n  en: Demonstration corpus\npublisher: diptych bench\n"
        f"source_language: fr\nlanguages: [{', '.join(targets)}]\n"
        + (f"draft_languages: [{', '.join(c for c in targets if c == 'az')}]\n" if "az" in targets else "")
        + f"numbering: article\nbilingual:\n  layouts: [{', '.join(layouts)}]\nprint:\n  book: {'true' if book else 'false'}\n",
        encoding="utf-8",
    )
    for number in range(1, count + 1):
        chosen = rng.sample(articles, rng.randint(3, 18))
        doc_languages = languages if number % 3 == 0 else tuple(c for c in languages if c != "az")
        lines = [f"date: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}", "headline:"]
        lines.append(unit_yaml(document.headline, doc_languages, 2))
        lines.append("body:")
        lines.append("  - lede:")
        lines.append(unit_yaml(body[number % len(body)], doc_languages, 6, mark=str(number)))
        lines[-1] = "      id: lede\n" + lines[-1]
        lines += [
            "  - official:",
            "      id: text",
            "      title:",
            unit_yaml(official.title, doc_languages, 8),
            "      articles:",
        ]
        for index, article in enumerate(chosen, start=1):
            lines += [f"        - number: {index}", "          paragraphs:"]
            for k, block in enumerate(article.blocks, start=1):
                assert isinstance(block, Paragraph)
                lines.append(unit_yaml(block.unit, doc_languages, 12, unit_id=f"a{index}-{k}", mark=str(number)))
        (target / "content" / f"doc-{number:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--languages", default="fr,en", help="fr first (default fr,en)")
    parser.add_argument("--layouts", default="", help="bilingual layouts to build (default none)")
    parser.add_argument("--no-book", action="store_true")
    arguments = parser.parse_args()
    make_corpus(
        arguments.directory,
        arguments.count,
        tuple(arguments.languages.split(",")),
        [x for x in arguments.layouts.split(",") if x],
        not arguments.no_book,
    )


if __name__ == "__main__":
    main()
