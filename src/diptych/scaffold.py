"""``diptych init``: a new publication with one example document, ready to build."""

from __future__ import annotations

from pathlib import Path

from .errors import DiptychError, UsageError
from .languages import language, language_problem
from .output import write_atomic

# The example document, written once in French and English. Other languages
# get empty translation fields for the translator to fill in.
_EXAMPLE = {
    "headline": {
        "fr": "Les villes jumelles de Lormont et Keswick signent une charte d’amitié",
        "en": "The twin towns of Lormont and Keswick sign a friendship charter",
    },
    "short_title": {"fr": "Charte d’amitié Lormont–Keswick", "en": "Lormont–Keswick Friendship Charter"},
    "place": {"fr": "Lormont", "en": "Lormont"},
    "lede": {
        "fr": "Réunis à l’hôtel de ville, les deux maires ont signé une charte qui fixe le cadre de *vingt ans* d’échanges scolaires et culturels.",
        "en": "Meeting at the town hall, the two mayors signed a charter that sets the framework for *twenty years* of school and cultural exchanges.",
    },
    "context": {
        "fr": "Le texte de la charte est reproduit ci-dessous. Le programme des échanges est publié sur [le site de la ville](https://example.org/jumelage).",
        "en": "The text of the charter is reproduced below. The exchange programme is published on [the town’s website](https://example.org/jumelage).",
    },
    "title": {"fr": "Charte d’amitié entre Lormont et Keswick", "en": "Friendship Charter between Lormont and Keswick"},
    "preamble": {
        "fr": "Les conseils municipaux de Lormont et de Keswick, désireux de rapprocher leurs habitants, sont convenus de ce qui suit.",
        "en": "The town councils of Lormont and Keswick, wishing to bring their inhabitants closer together, have agreed as follows.",
    },
    "a1-1": {
        "fr": "Les deux villes organisent chaque année un échange entre leurs collèges.",
        "en": "The two towns organise an exchange between their secondary schools every year.",
    },
    "a1-2": {
        "fr": "Les familles d’accueil sont choisies par un comité commun.",
        "en": "Host families are chosen by a joint committee.",
    },
    "a2-1": {
        "fr": "Un festival commun a lieu tous les deux ans, alternativement dans chaque ville.",
        "en": "A joint festival takes place every two years, in each town in turn.",
    },
    "sign-lormont": {"fr": "Le maire de Lormont", "en": "The Mayor of Lormont"},
    "sign-keswick": {"fr": "Le maire de Keswick", "en": "The Mayor of Keswick"},
}

_TITLE = {"fr": "Mon édition bilingue", "en": "My Bilingual Edition"}


def create_publication(directory: Path, title: str | None, source: str, languages: tuple[str, ...]) -> Path:
    """Write publication.yaml and content/example.yaml into a new or empty ``directory``."""
    for code in (source, *languages):
        problem = language_problem(code)
        if problem:
            raise UsageError(problem)
    if source in languages:
        raise UsageError(f"{source!r} is the source language; list only the translations with --languages")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise DiptychError(f"{directory} already exists and is not empty; nothing was written.\n  hint: choose a new folder name")
    targets = [language(code) for code in languages]
    # No example text exists in other languages: the English one stands in, for the author to replace.
    base = language(source).base if language(source).base in _TITLE else "en"

    def unit(key: str, indent: int, unit_id: str | None = None, dash: bool = False) -> str:
        pad = " " * indent
        lines = []
        first = f"{pad[:-2]}- " if dash else pad
        if unit_id:
            lines.append(f"{first}id: {unit_id}")
            first = pad
        texts = _EXAMPLE[key]
        lines.append(f"{first}{source}: {_quote(texts[base])}")
        for target in targets:
            text = texts.get(target.base)
            lines.append(f"{pad}{target.code}: {_quote(text) if text else ''}".rstrip())
        return "\n".join(lines)

    name = title or _TITLE[base]
    settings = (
        "# The publication: its title, its languages and how articles are numbered.\n"
        f"title:\n  {source}: {_quote(name)}\n"
        + "".join(f"  {t.code}: {_quote(_TITLE[t.base])}\n" for t in targets if t.base in _TITLE and not title)
        + "publisher: Le Courrier de Lormont\n"
        f"source_language: {source}\n"
        f"languages: [{', '.join(languages)}]\n"
        "# decimal (1.), article (Article premier / Article 1) or roman (I.)\n"
        "numbering: article\n"
    )
    example = f"""# An example document. Every text has an id (a name that stays the same when
# paragraphs move) and its text in each language. See the README for all blocks.
date: 2026-05-16
dateline:
  place:
{unit("place", 4)}
  source: Le Courrier de Lormont
headline:
{unit("headline", 2)}
short_title:
{unit("short_title", 2)}
body:
  - lede:
{unit("lede", 6, "signature-charte")}
{unit("context", 4, "texte-charte", dash=True)}
  - official:
      id: charte
      title:
{unit("title", 8)}
      preamble:
{unit("preamble", 10, "preambule", dash=True)}
      articles:
        - number: 1
          paragraphs:
{unit("a1-1", 14, "a1-1", dash=True)}
{unit("a1-2", 14, "a1-2", dash=True)}
        - number: 2
          paragraphs:
{unit("a2-1", 14, "a2-1", dash=True)}
      signatories:
{unit("sign-lormont", 10, "signataire-lormont", dash=True)}
{unit("sign-keswick", 10, "signataire-keswick", dash=True)}
      signed:
        place:
{unit("place", 10)}
        date: 2026-05-16
"""
    directory.mkdir(parents=True, exist_ok=True)
    write_atomic(directory / "publication.yaml", settings.encode("utf-8"))
    write_atomic(directory / "content" / "example.yaml", example.encode("utf-8"))
    return directory


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: safe for any text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
