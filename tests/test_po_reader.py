"""Our strict PO reader: entries and previous sources (``#|``) are read by the same rules, and refused by line."""

from __future__ import annotations

import textwrap

import pytest

from diptych.translation.po import PoSyntaxError, read_po

ENTRY = """\
#, fuzzy
#| msgctxt "a1"
#| msgid "L'ancien "
#| "texte."
msgctxt "a1"
msgid "Le "
"texte."
msgstr "The "
"text."
"""


def test_entries_and_previous_sources_continue_on_quoted_lines() -> None:
    (entry,) = read_po(ENTRY).entries
    assert (entry.msgctxt, entry.msgid, entry.msgstr) == ("a1", "Le texte.", "The text.")
    assert entry.previous_msgid == "L'ancien texte."
    assert entry.fuzzy


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (('#| "texte."', "#| texte."), 4, "cannot read this '#|' line (the previous source must be quoted)"),
        (('#| msgctxt "a1"\n#| msgid "L\'ancien "', '#| "L\'ancien "'), 2, "cannot read this '#|' line"),  # continues nothing
        (('"text."', "text."), 9, "cannot read this line: 'text.'"),
        (('msgid "Le "', '"Le "'), 8, "msgstr before msgid"),  # the line continues msgctxt: no msgid
        (('"texte."\nmsgstr', '"tex"te."\nmsgstr'), 7, 'a double quote inside a string must be written \\\\"'),
        (('#| "texte."', '#| "tex\\qte."'), 4, "unknown escape sequence"),
    ],
)
def test_unreadable_lines_are_refused_with_their_line(change: tuple[str, str], line: int, message: str) -> None:
    text = ENTRY.replace(*change, 1)
    assert text != ENTRY
    with pytest.raises(PoSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        read_po(text)
    assert caught.value.line == line, textwrap.indent(text, "  ")
