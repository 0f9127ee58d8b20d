"""Our strict PO reader: entries and previous sources (``#|``) are read by the same rules, and refused by line."""

from __future__ import annotations

import random
import textwrap

import pytest

from diptych.translation.po import PoEntry, PoFile, PoSyntaxError, read_po, write_po

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


def _entries(count: int) -> str:
    """``count`` entries as an export writes them, some of them with strings over several lines."""
    parts = ['msgid ""\nmsgstr ""\n"Language: en\\n"\n']
    for n in range(count):
        if n % 7 == 3:
            parts.append(
                f'#. paragraph {n}\nmsgctxt "p{n}"\nmsgid ""\n"Premier,\\n"\n"second.\\n"\nmsgstr ""\n"First,\\n"\n"second.\\n"\n'
            )
        else:
            parts.append(
                f'#. paragraph {n}\n#: content/x.yaml:{n}\nmsgctxt "p{n}"\nmsgid "Le \\"texte\\" {n}"\nmsgstr "The text {n}"\n'
            )
    return "\n".join(parts)


def test_strings_over_several_lines_and_escapes_are_read_whole() -> None:
    text = 'msgctxt "p1"\nmsgid ""\n"Un \\"mot\\",\\n"\n"deux\\tmots \\\\ \\101\\x42"\nmsgstr ""\n"A \\"word\\",\\n"\n"two"\n'
    (entry,) = read_po(text).entries
    assert entry.msgid == 'Un "mot",\ndeux\tmots \\ AB'
    assert entry.msgstr == 'A "word",\ntwo'


def test_entries_far_in_a_file_keep_their_lines() -> None:
    text = _entries(5000)
    lines = text.splitlines()
    entries = read_po(text).entries
    assert len(entries) == 5000
    for entry in entries[::997] + entries[-1:]:
        assert lines[entry.line - 1].startswith("#. paragraph"), entry.line
        n = int(lines[entry.line - 1].split()[-1])
        assert entry.msgctxt == f"p{n}"
        assert entry.msgstr == ("First,\nsecond.\n" if n % 7 == 3 else f"The text {n}")
    # a mistake near the end is reported on its own line
    broken = text.replace('msgstr "The text 4998"', 'msgstr "The "text" 4998"')
    with pytest.raises(PoSyntaxError, match="double quote") as caught:
        read_po(broken)
    assert broken.splitlines()[caught.value.line - 1] == 'msgstr "The "text" 4998"'


def test_a_file_with_crlf_line_ends_reads_as_with_lf() -> None:
    text = _entries(300)
    crlf = text.replace("\n", "\r\n")
    assert read_po(crlf) == read_po(text)
    broken = crlf.replace('msgid "Le \\"texte\\" 250"', "msgid Le texte 250")
    with pytest.raises(PoSyntaxError, match="cannot read this line: 'msgid Le texte 250'") as caught:
        read_po(broken)
    assert broken.split("\r\n")[caught.value.line - 1] == "msgid Le texte 250"


def test_what_is_written_is_read_back_whatever_it_holds() -> None:
    """Every escape gettext knows, line breaks of every kind in comments, at any place in a string."""
    chooser = random.Random(7)
    alphabet = 'aé "\\\n\t\r\a\b\f\v\u2028\u0085\x1c«\u00a0中'
    entries = []
    for n in range(400):
        text = "".join(chooser.choices(alphabet, k=chooser.randrange(0, 12)))
        note = "".join(chooser.choices(alphabet.replace("\r", ""), k=chooser.randrange(0, 12)))
        entries.append(PoEntry(msgid=text or "x", msgstr=text[::-1], msgctxt=f"p{n}", notes=[note], previous_msgid=text))
    written = write_po(PoFile({"Content-Type": "text/plain; charset=UTF-8"}, entries))
    back = read_po(written).entries
    assert [(e.msgctxt, e.msgid, e.msgstr, e.previous_msgid) for e in back] == [
        (e.msgctxt, e.msgid, e.msgstr, e.previous_msgid) for e in entries
    ]
    for entry, read_back in zip(entries, back, strict=True):  # a comment: a "#." line per line of it, trimmed
        assert read_back.notes == [line.strip() for line in entry.notes[0].splitlines() or [""]]
