"""The review page of an alignment: source and candidate side by side, the least certain pairs first.

A plain, self-contained HTML file (no script, no external file) that a reviewer
opens next to the YAML: every pair with its confidence, what was done with it,
and each text in its own language and direction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..languages import language

if TYPE_CHECKING:
    from . import AlignResult, Pair

STYLE = """
body { font: 15px/1.45 serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } p.summary { color: #555; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-top: 1px solid #ccc; padding: .5em; vertical-align: top; text-align: start; }
col.meta { width: 9em; } tr.uncertain td.meta { background: #fff1d6; }
td.meta { font: 13px/1.4 sans-serif; color: #444; } .id { font-family: monospace; }
p { margin: 0 0 .5em; } .none { color: #888; font-style: italic; }
"""


def review_html(result: AlignResult) -> str:
    source = result.document.headline.language
    target = result.language
    pairs = sorted(result.pairs, key=lambda p: (not p.uncertain, p.confidence))
    uncertain = sum(1 for p in pairs if p.uncertain)
    rows = "\n".join(_row(pair, source, target) for pair in pairs)
    title = f"Alignment of {result.file.name} with {result.document.slug} ({target})"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{escape(title)}</h1>
<p class="summary">{len(pairs)} pairs; {uncertain} uncertain, shown first (highlighted). Every aligned text was
written as a draft: check it, then confirm it with <code>diptych mark-current {escape(target)}</code>.</p>
<table>
<colgroup><col class="meta"><col><col></colgroup>
<thead><tr><th>pair</th><th>{escape(language(source).name)}</th><th>{escape(language(target).name)}</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _row(pair: Pair, source: str, target: str) -> str:
    ids = Markup("<br>").join(Markup('<span class="id">{}</span>').format(u.unit.id) for u in pair.units) or Markup(
        '<span class="none">no text</span>'
    )
    meta = Markup("{:.0%} · {}<br>{}<br>{}").format(pair.confidence, pair.shape, ids, pair.outcome)
    left = _paragraphs([u.unit.source for u in pair.units], "not in the document")
    right = _paragraphs(pair.texts, "not in the translation")
    css = ' class="uncertain"' if pair.uncertain else ""
    return (
        f'<tr{css}><td class="meta">{meta}</td>'
        f'<td lang="{escape(source)}" dir="{language(source).direction}">{left}</td>'
        f'<td lang="{escape(target)}" dir="{language(target).direction}">{right}</td></tr>'
    )


def _paragraphs(texts: list[str], empty: str) -> Markup:
    if not texts:
        return Markup('<p class="none" lang="en" dir="ltr">({})</p>').format(empty)
    return Markup("").join(Markup("<p>{}</p>").format(text) for text in texts)
