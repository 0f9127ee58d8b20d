"""What an editor sees in a document: headline, dateline, lede, body, and an official text.

:func:`recognise` turns the flat passages of a file into an :class:`Outline`:
the headline (the first passage), a dateline ("Paris / La Gazette"), the lede,
body paragraphs, headings, quotes and lists, and — when numbered articles are
found in sequence — an official text: its title (the last unpunctuated line
before article 1), its preamble, its articles with their continuation
paragraphs, its signatories and the closing place and date. Every passage ends
up somewhere: what fits nowhere stays a plain paragraph, and every guess is
written down in :attr:`Outline.notes` for the editor to check.
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from .labels import Label, article_label
from .reader import Passage

BlockKind = Literal["lede", "paragraph", "heading", "quote", "list"]

_MONTHS = {
    # French, English, Azerbaijani, German, Spanish month names (lowercase, accents kept)
    **dict.fromkeys(["janvier", "january", "yanvar", "januar", "enero", "jan"], 1),
    **dict.fromkeys(["février", "fevrier", "february", "fevral", "februar", "febrero", "feb"], 2),
    **dict.fromkeys(["mars", "march", "mart", "märz", "marzo", "mar"], 3),
    **dict.fromkeys(["avril", "april", "aprel", "abril", "apr"], 4),
    **dict.fromkeys(["mai", "may", "may", "mayo"], 5),
    **dict.fromkeys(["juin", "june", "iyun", "juni", "junio", "jun"], 6),
    **dict.fromkeys(["juillet", "july", "iyul", "juli", "julio", "jul"], 7),
    **dict.fromkeys(["août", "aout", "august", "avqust", "agosto", "aug"], 8),
    **dict.fromkeys(["septembre", "september", "sentyabr", "septiembre", "sep", "sept"], 9),
    **dict.fromkeys(["octobre", "october", "oktyabr", "oktober", "octubre", "oct"], 10),
    **dict.fromkeys(["novembre", "november", "noyabr", "noviembre", "nov"], 11),
    **dict.fromkeys(["décembre", "decembre", "december", "dekabr", "dezember", "diciembre", "dec"], 12),
}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DATES = [
    re.compile(rf"(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?\s+(?P<year>\d{{4}})", re.IGNORECASE),
    re.compile(rf"(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
    re.compile(r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),
]
#: "Pékin, le 23 avril 2025.", "Fait à Bakou, le 3 mai 2024", "Done at Beijing on 23 April 2025"
_CLOSING = re.compile(
    r"^(?:(?:fait|done|signé|signed|signed at)\s+(?:à|at|in)\s+)?(?P<place>[^\d,;:.]{2,40}?)\s*(?:,|\s+on\s+|\s+le\s+)\s*"
    r"(?:le\s+|on\s+|the\s+)?(?P<date>[^;]{6,30}?)\s*[.,]?(?:\s+en\s+.*|\s+in\s+.*)?$",
    re.IGNORECASE,
)
#: "Paris / La Gazette", "BAKOU — AZERTAG", "Paris (AFP)"
_DATELINE = [
    re.compile(r"^(?P<place>[^/—–|()]{2,40}?)\s*(?:/|—|–|\|)\s*(?P<source>[^/—–|]{2,40})$"),
    re.compile(r"^(?P<place>[^/—–|()]{2,40}?)\s*\((?P<source>[^)]{2,40})\)\s*[-—–]?$"),
]
SHORT_ITEM = 120  # characters: numbered lines shorter than this, one after another, are a list
_TERMINAL = re.compile(r"[.!?…:;»\"”)]$|[.!?]\s*[»\"”)]$")
_OFFICIAL_TITLE_WORDS = re.compile(
    r"^(déclaration|accord|traité|convention|protocole|mémorandum|memorandum|communiqué|charte|"
    r"joint declaration|declaration|agreement|treaty|protocol|charter|statement)\b",
    re.IGNORECASE,
)


def parse_date(text: str) -> datetime.date | None:
    """The first date written in ``text`` ("23 avril 2025", "April 23, 2025", "2025-04-23"…)."""
    for pattern in _DATES:
        match = pattern.search(text)
        if not match:
            continue
        month_text = match["month"]
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."))
        try:
            return datetime.date(int(match["year"]), month or 0, int(match["day"]))
        except ValueError:
            continue
    return None


@dataclass
class Item:
    """One unit of the outline: its id, its text and where it came from."""

    id: str
    text: str
    where: str


@dataclass
class Block:
    kind: BlockKind
    items: list[Item]
    level: int = 2
    ordered: bool = False
    group: int = 0  # list items of one list


@dataclass
class ArticleOutline:
    number: int
    label: str
    blocks: list[Block] = field(default_factory=list)
    title: Item | None = None


@dataclass
class Closing:
    place: Item
    date: datetime.date


@dataclass
class OfficialOutline:
    id: str
    title: Item
    preamble: list[Block] = field(default_factory=list)
    articles: list[ArticleOutline] = field(default_factory=list)
    signatories: list[Item] = field(default_factory=list)
    closing: Closing | None = None
    numbering: str = "decimal"


@dataclass
class Outline:
    headline: Item
    dateline_place: Item | None = None
    dateline_source: str | None = None
    body: list[Block] = field(default_factory=list)
    official: OfficialOutline | None = None
    after: list[Block] = field(default_factory=list)  # paragraphs after the official text
    date: datetime.date | None = None
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[Item]:
        """Every text in reading order (the order of the YAML)."""
        found = [self.headline]
        if self.dateline_place:
            found.append(self.dateline_place)
        found += [item for block in self.body for item in block.items]
        if self.official:
            official = self.official
            found.append(official.title)
            found += [item for block in official.preamble for item in block.items]
            for article in official.articles:
                if article.title:
                    found.append(article.title)
                found += [item for block in article.blocks for item in block.items]
            found += official.signatories
            if official.closing:
                found.append(official.closing.place)
        found += [item for block in self.after for item in block.items]
        return found


def slug_words(text: str, words: int = 4, length: int = 40) -> str:
    """A readable id from the first words of a text: "Dans le cadre de la visite…" → "dans-le-cadre-de"."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    tokens = re.findall(r"[a-z0-9]+", ascii_text.encode("ascii", "ignore").decode())
    slug = "-".join(tokens[:words])[:length].strip("-")
    return slug


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str, fallback: str) -> str:
        base = wanted or fallback
        if not base[0].isalpha():
            base = f"p-{base}"
        candidate, counter = base, 2
        while candidate in self.used:
            candidate = f"{base}-{counter}"
            counter += 1
        self.used.add(candidate)
        return candidate


def recognise(passages: list[Passage]) -> Outline:
    """The outline of a document, every passage placed, every guess noted."""
    ids = _Ids()
    for implicit in ("headline", "short-title", "dateline-place"):
        ids.used.add(implicit)
    first = passages[0]
    outline = Outline(Item("headline", first.text, first.where))
    if len(first.text) > 300 or (_TERMINAL.search(first.text) and first.kind != "heading"):
        outline.notes.append(f"{first.where}: no headline found; the first paragraph was taken as the headline")
    rest = passages[1:]
    if rest and rest[0].kind != "heading" and len(rest[0].text) <= 80:
        for pattern in _DATELINE:
            match = pattern.match(rest[0].text)
            if match:
                outline.dateline_place = Item("dateline-place", match["place"].strip(), rest[0].where)
                outline.dateline_source = match["source"].strip()
                rest = rest[1:]
                break

    starts = _article_starts(rest)
    if not starts:
        outline.body = _blocks(rest, ids, outline.notes, lede=True)
        return outline
    first_article = starts[0][0]
    title_index = _official_title(rest, first_article)
    body_end = title_index if title_index is not None else first_article
    outline.body = _blocks(rest[:body_end], ids, outline.notes, lede=True)
    if title_index is not None:
        title_passage = rest[title_index]
        official_id = ids.take(slug_words(title_passage.text, 2), "official")
        title = Item(f"{official_id}-title", title_passage.text, title_passage.where)
        preamble = rest[title_index + 1 : first_article]
    else:
        official_id = ids.take("official", "official")
        title = Item(f"{official_id}-title", outline.headline.text, outline.headline.where)
        outline.notes.append(
            f"{rest[first_article].where}: the official text has no title line before article 1; the headline was used"
        )
        preamble = []
    ids.used.add(title.id)
    official = OfficialOutline(official_id, title, numbering=starts[0][1].style)
    official.preamble = _blocks(preamble, ids, outline.notes, fallback="preamble", prefix="preamble")
    tail_start, signatories, closing = _closing(rest, starts[-1][0] + 1, ids, outline.notes)
    for position, (index, label) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else tail_start
        official.articles.append(_article(rest[index], label, rest[index + 1 : end], ids, outline.notes))
    official.signatories = signatories
    if closing:
        closing.place.id = f"{official_id}-place"
    official.closing = closing
    if closing:
        outline.date = closing.date
    outline.official = official
    return outline


def _article_starts(passages: list[Passage]) -> list[tuple[int, Label]]:
    """Indices of the passages that open articles 1, 2, 3… in sequence, with their labels."""
    starts: list[tuple[int, Label]] = []
    expected = 1
    lists: dict[int, list[Passage]] = {}
    for passage in passages:
        if passage.kind == "item":
            lists.setdefault(passage.group, []).append(passage)
    for index, passage in enumerate(passages):
        if passage.kind == "item" and passage.ordered and passage.number == expected and _article_like(lists[passage.group]):
            label = article_label(f"{passage.number}. {passage.text}")
        elif passage.kind in ("para", "heading"):
            label = article_label(passage.text)
        else:
            label = None
        if label is not None and label.number == expected:
            starts.append((index, label))
            expected += 1
    if len(starts) == 1 and starts[0][1].style != "article":
        return []  # a lone "1." is more likely a list than a one-article treaty
    bare = all(label.style != "article" for _, label in starts)
    adjacent = all(b - a == 1 for (a, _), (b, _) in itertools.pairwise(starts))
    if bare and adjacent and all(len(passages[i].text) < SHORT_ITEM for i, _ in starts):
        return []  # "1. …", "2. …" on short lines one after the other: a numbered list, not articles
    return starts


def _article_like(items: list[Passage]) -> bool:
    """An ordered list whose items read as articles: one item (the others are in lists of their own), or long ones."""
    return len(items) == 1 or sum(len(item.text) for item in items) / len(items) >= SHORT_ITEM


def _official_title(passages: list[Passage], first_article: int) -> int | None:
    """The title of the official text: the closest heading or unpunctuated line before article 1."""
    for index in range(first_article - 1, -1, -1):
        passage = passages[index]
        if passage.kind == "heading" or (
            passage.kind == "para" and len(passage.text) <= 400 and not _TERMINAL.search(passage.text)
        ):
            return index
    for index in range(first_article - 1, -1, -1):
        if _OFFICIAL_TITLE_WORDS.match(passages[index].text):
            return index
    return None


def _article(opening: Passage, label: Label, following: list[Passage], ids: _Ids, notes: list[str]) -> ArticleOutline:
    number = label.number
    article = ArticleOutline(number, label.label)
    rest = label.rest
    passages = list(following)
    worded_title = label.style == "article" and len(rest) <= 100 and not _TERMINAL.search(rest) and bool(following)
    if opening.kind == "heading" or not rest or worded_title:
        # "Article 1" or "Article 1 — Objet" on a line of its own: the paragraphs follow
        if rest:
            article.title = Item(f"article-{number}-title", rest.lstrip("—–-: ").strip(), opening.where)
    else:
        passages.insert(0, Passage("para", rest, opening.where))
    article.blocks = _blocks(passages, ids, notes, fallback=f"a{number}", numbered=f"a{number}")
    if not article.blocks:
        notes.append(f"{opening.where}: article {number} has no text")
    return article


def _closing(passages: list[Passage], start: int, ids: _Ids, notes: list[str]) -> tuple[int, list[Item], Closing | None]:
    """Where the last article ends: (index of the first tail passage, signatories, closing place and date)."""
    closing: Closing | None = None
    signatories: list[Passage] = []
    index = len(passages)
    while index > start:
        passage = passages[index - 1]
        if passage.kind not in ("para", "heading"):
            break
        if closing is None and len(passage.text) <= 120:
            match = _CLOSING.match(passage.text)
            date = parse_date(match["date"]) if match else None
            if match and date:
                closing = Closing(Item("signed-place", match["place"].strip(), passage.where), date)  # renamed by the caller
                index -= 1
                continue
        if len(passage.text) <= 160 and not re.search(r"[.;]$", passage.text) and len(signatories) < 12:
            signatories.insert(0, passage)
            index -= 1
            continue
        break
    items: list[Item] = []
    for passage in signatories:
        parts = _split_signatories(passage.text)
        if len(parts) > 1:
            notes.append(
                f"{passage.where}: one line seems to hold {len(parts)} signatories; it was split into "
                + " | ".join(repr(part) for part in parts)
                + " — check it"
            )
        for text in parts:
            items.append(Item(ids.take(f"signatory-{len(items) + 1}", "signatory"), text, passage.where))
    return index, items, closing


def _split_signatories(text: str) -> list[str]:
    """Two signatories on one line ("Le Président de A Le Président de B"): the opening words repeat."""
    words = text.split()
    if len(words) < 6:
        return [text]
    opening = " ".join(words[:2])
    parts = re.split(rf"\s(?={re.escape(opening)}\b)", text)
    return [part.strip() for part in parts] if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts) else [text]


def _blocks(
    passages: list[Passage],
    ids: _Ids,
    notes: list[str],
    lede: bool = False,
    fallback: str = "p",
    prefix: str | None = None,
    numbered: str | None = None,
) -> list[Block]:
    """Paragraphs, headings, quotes and lists; ids from the first words, or numbered (a7-2, preamble-1)."""
    blocks: list[Block] = []
    counter = 0

    def new_id(text: str) -> str:
        nonlocal counter
        counter += 1
        if numbered:
            return ids.take(f"{numbered}-{counter}", fallback)
        if prefix:
            return ids.take(f"{prefix}-{counter}", fallback)
        return ids.take(slug_words(text), f"{fallback}-{len(ids.used)}")

    for passage in passages:
        item = Item(new_id(passage.text), passage.text, passage.where)
        previous = blocks[-1] if blocks else None
        if passage.kind == "heading":
            if numbered or prefix:
                notes.append(f"{passage.where}: a heading inside the official text was kept as a paragraph")
                blocks.append(Block("paragraph", [item]))
            else:
                blocks.append(Block("heading", [item], level=min(max(passage.level, 2), 4)))
        elif passage.kind == "quote":
            if previous and previous.kind == "quote" and previous.items[-1].where != passage.where:
                previous.items.append(item)
            else:
                blocks.append(Block("quote", [item]))
        elif passage.kind == "item":
            if previous and previous.kind == "list" and previous.group == passage.group:
                previous.items.append(item)
            else:
                blocks.append(Block("list", [item], ordered=passage.ordered, group=passage.group))
        else:
            kind: BlockKind = "lede" if lede and not blocks else "paragraph"
            blocks.append(Block(kind, [item]))
    return blocks
