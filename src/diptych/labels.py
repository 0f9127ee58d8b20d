"""How a page names an article: its label in each language ("Article premier", "Article 1", "第一条")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Article, NumberingStyle, Publication, Unit
from .numbering import article_label


@dataclass(frozen=True)
class ArticleLabels:
    """The labels of one document's articles, in the page's language or another."""

    publication: Publication
    numbering: NumberingStyle
    #: the page's language
    language: str
    #: a unit as plain text in a language (the page's ``plain``)
    plain: Callable[[Unit, str | None], str]

    def label(self, article: Article, language: str | None = None) -> str:
        return article_label(article.number, self.numbering, self.publication.language(language or self.language))

    def distinct(self, article: Article, languages: tuple[str, ...]) -> list[tuple[str, str]]:
        """(language, label) in each language, a label written once when several agree."""
        seen: dict[str, str] = {}
        for code in languages:
            seen.setdefault(self.label(article, code), code)
        return [(code, label) for label, code in seen.items()]

    def bookmark(self, article: Article, languages: tuple[str, ...]) -> str:
        """An article's bookmark in a bilingual edition: "Article premier — Article 1"."""
        return " — ".join(label for _, label in self.distinct(article, languages))

    def heading(self, article: Article, language: str) -> str:
        """The label with the article's title, if it has one: "Article 3 Objectives"."""
        label = self.label(article, language)
        return f"{label} {self.plain(article.title, language)}" if article.title else label

    def titled_bookmark(self, article: Article, languages: tuple[str, ...]) -> str:
        """The bookmark of an article's row in a parallel view: its heading in each language, once each."""
        return " — ".join(dict.fromkeys(self.heading(article, code) for code in languages))
