"""Both sides of an alignment as lists of paragraphs, with the anchors they carry.

The source side is the document's units in reading order, each knowing whether
it opens an article and whether it is a place (a dateline's or a signature's).
The target side is the translation file cut into paragraphs; an article label
("Article 1", "第一条", "المادة 1", "1.") is taken off the paragraph it opens —
or, standing on a line of its own, attached to the next one — and kept as an
anchor, counted in sequence (a few may be missing) so that a stray "3." in running text is not one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..ingest.labels import article_label, numbers
from ..model import Document, Heading, ListBlock, OfficialText, Paragraph, Quote, Unit

MAX_ARTICLE_GAP = 4  # articles a translation may leave out in a row and still be followed by its labels
SIGNIFICANT = 10  # numbers below this ("one", "2 parties") are too often spelled out to anchor anything


#: the end of a sentence in any script: a paragraph without one is a title or a signature line
TERMINAL = re.compile(r"[.!?…:;。！？：；؟؛][\s»\"”’）)」』]*$")


@dataclass(frozen=True)
class SourceUnit:
    unit: Unit
    article: int | None = None  # the article this unit opens
    #: "text"; "headline"; "title" (of an official text); "place" (a dateline's); "signed" (a signature's place)
    role: str = "text"
    #: what the translation's paragraph will hold: a place of signature is usually printed with its date
    printed: str = ""

    @property
    def measured(self) -> str:
        return self.printed or self.unit.source


@dataclass(frozen=True)
class TargetParagraph:
    text: str
    where: str
    article: int | None = None  # the article label it carried
    heading: bool = False  # a heading in the file (Markdown, DOCX, HTML)

    @property
    def unpunctuated(self) -> bool:
        return len(self.text) <= 400 and not TERMINAL.search(self.text)


def source_units(document: Document) -> list[SourceUnit]:
    """The document's units in reading order, with the article each one opens."""
    found = [SourceUnit(document.headline, role="headline")]
    if document.short_title:
        found.append(SourceUnit(document.short_title))
    if document.dateline and document.dateline.place:
        found.append(SourceUnit(document.dateline.place, role="place"))
    for block in document.blocks:
        if isinstance(block, OfficialText):
            found.append(SourceUnit(block.title, role="title"))
            for inner in block.preamble:
                found += _source_units(inner)
            for article in block.articles:
                first = True
                if article.title:
                    found.append(SourceUnit(article.title, article.number))
                    first = False
                for inner in article.blocks:
                    for unit in _units(inner):
                        found.append(SourceUnit(unit, article.number if first else None))
                        first = False
            found += [SourceUnit(unit) for unit in block.signatories]
            if block.signed:
                place, date = block.signed.place, block.signed.date
                printed = f"{place.source}, {date.day} {date.month} {date.year}"
                found.append(SourceUnit(place, role="signed", printed=printed))
        else:
            found += _source_units(block)
    return found


def _source_units(block: Paragraph | Heading | Quote | ListBlock) -> list[SourceUnit]:
    role = "heading" if isinstance(block, Heading) else "text"
    return [SourceUnit(unit, role=role) for unit in _units(block)]


def _units(block: Paragraph | Heading | Quote | ListBlock) -> list[Unit]:
    if isinstance(block, (Paragraph, Heading)):
        return [block.unit]
    if isinstance(block, Quote):
        return [*block.paragraphs, *([block.attribution] if block.attribution else [])]
    return list(block.items)


def target_paragraphs(passages: list[tuple[str, str]], headings: frozenset[int] = frozenset()) -> list[TargetParagraph]:
    """(text, where) passages → paragraphs with their article labels taken off, in sequence.

    ``headings`` are the indices of the passages the file marks as headings.
    """
    found: list[TargetParagraph] = []
    expected = 1
    pending: int | None = None
    for index, (text, where) in enumerate(passages):
        label = article_label(text)
        # labels go up one by one; a few may be missing (an article the translation leaves out)
        if label is not None and expected <= label.number < expected + MAX_ARTICLE_GAP:
            expected = label.number + 1
            if not label.rest:
                pending = label.number  # a label on its own line: it opens the next paragraph
                continue
            found.append(TargetParagraph(label.rest, where, label.number))
            continue
        found.append(TargetParagraph(text, where, pending, heading=index in headings))
        pending = None
    return found


def length(text: str) -> float:
    """A paragraph's length in characters, spaces left out (so that Chinese and Latin text count alike)."""
    return float(len(re.sub(r"\s+", "", text)))


_COLON = re.compile(r"[:：][\s»\"”’）)」』]*$")
_SENTENCE_END = re.compile(r"[.!?؟](?=[\s»\"”’)]|$)|[。！？]")


def ending(text: str) -> str:
    """How a paragraph ends: "colon", "stop" or "none" (a title, a name, a place)."""
    if _COLON.search(text):
        return "colon"
    return "stop" if TERMINAL.search(text) else "none"


def sentences(text: str) -> int:
    """Roughly how many sentences a paragraph has, in any script (at least one)."""
    return max(1, len(_SENTENCE_END.findall(text)))


def anchor_numbers(text: str) -> frozenset[int]:
    return frozenset(n for n in numbers(text) if n >= SIGNIFICANT)


_WORD = re.compile(r"[^\W\d_]+")
_OPENERS = " \u00a0\u202f«“‘\"'(["
NAME_KEY = 4  # letters of a name compared across languages: Chine/China, Azerbaïdjan/Azerbaijan, Aliyev/Aliyev


def names(text: str) -> frozenset[str]:
    """The proper names of a paragraph in a script with capitals, as keys comparable across languages.

    A name is a capitalised word of three letters or more that does not open a sentence; its key is its first
    letters without accents, case folded, so that most names spelled alike in two languages meet. Scripts
    without capitals (Chinese, Arabic) have none, and that is right: nothing in them would meet a Latin name.
    """
    keys = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 3 or not word[0].isupper():
            continue
        before = text[max(0, match.start() - 8) : match.start()].rstrip(_OPENERS)
        if not before or (before[-1] in ".!?:;…" and not _title(before)):
            continue  # the first word of a sentence is capitalised whatever it is
        folded = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        keys.add(folded.casefold()[:NAME_KEY])
    return frozenset(keys)


def _title(before: str) -> bool:
    """Whether the text before a word ends with a title's abbreviation (M., Mr., Dr.), not a sentence."""
    words = before[:-1].split()
    return before[-1] == "." and bool(words) and len(words[-1]) <= 3 and words[-1].isalpha() and words[-1][0].isupper()


_DATELINE = re.compile(r"^(?P<place>[^/—–|()]{1,40}?)\s*(?:/|—|–|\||\()\s*[^/]{2,40}$")
_CHINESE_PLACE_DATE = re.compile(r"^(?:.*日)?于(?P<place>[^，,。\d]{1,20})[。.]?$")
_DATE_WORDS = re.compile(r"[\d٠-٩]")


def place_of(text: str, signed: bool = False) -> str:
    """The place in a dateline or a place-and-date line: "Paris / La Gazette" → Paris, "2025年4月23日于北京" → 北京."""
    text = text.strip()
    match = _CHINESE_PLACE_DATE.match(text)
    if match:
        return match["place"]
    match = _DATELINE.match(text)
    if match and not signed:
        return match["place"].strip()
    parts = [part.strip(" .") for part in re.split(r"[,،，]", text)]
    if len(parts) > 1:
        undated = [part for part in parts if part and not _DATE_WORDS.search(part)]
        if undated:
            return re.sub(r"^(?:fait à|done at|signed at|signed in)\s+", "", undated[0], flags=re.IGNORECASE)
    return text
