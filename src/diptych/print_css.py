"""The CSS a page carries for print: the publication's paper and margins, running heads, page labels.

Written into the page's ``<style>`` (WeasyPrint and printing browsers read it);
every text that goes into CSS goes through :func:`css_string`.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .model import PrintSettings


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, safe inside a <style> element."""
    escaped = re.sub(r'[\\"<>\n\r]', lambda m: f"\\{ord(m.group()):x} ", text)
    return Markup(f'"{escaped}"')


def css_counter_content(pattern: str, counter: str = "page") -> Markup:
    """A CSS ``content`` value from "page {page} of {pages}": strings and counters."""
    parts = re.split(r"(\{page\}|\{pages\})", pattern)
    out = []
    for part in parts:
        if part == "{page}":
            out.append(f"counter({counter})")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return Markup(" ".join(out))


def page_css(settings: PrintSettings, landscape: bool = False) -> Markup:
    """The publication's page: paper, margins, marks, base type size."""
    size = f"{settings.paper} landscape" if landscape else settings.paper
    margins = " ".join(f"{m:g}mm" for m in settings.margins)
    rules = [f"size: {size}", f"margin: {margins}"]
    if settings.crop_marks:
        rules.append("marks: crop cross")
    if settings.bleed:
        rules.append(f"bleed: {settings.bleed:g}mm")
    return Markup(f"@page {{ {'; '.join(rules)}; }}\nhtml {{ font-size: {settings.font_size:g}pt; }}")
