"""Files that come back from translators, read by translation.incoming: every route by which a control
character can reach a text is refused, and a refusal names the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diptych.translation.incoming import ExchangeError, read_exchange

PO = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#. a paragraph\nmsgctxt "p1"\nmsgid "Un paragraphe."\nmsgstr "{}"\n'
XLIFF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file original="content/x.yaml" source-language="fr" target-language="en" datatype="plaintext"><body>\n'
    '<trans-unit id="p1"><source>Un paragraphe.</source><target>{}</target></trans-unit>\n</body></file></xliff>\n'
)


@pytest.mark.parametrize(
    ("form", "text", "control"),
    [
        ("po", "A \x80 paragraph", "U+0080"),  # raw C1 (two bytes in UTF-8)
        ("po", "A \x9b31m paragraph", "U+009B"),
        ("po", "A \ufffe paragraph", "U+FFFE"),  # raw noncharacter (three bytes)
        ("po", "A \x7f paragraph", "U+007F"),
        ("po", "A \\a paragraph", "U+0007"),  # PO escapes
        ("po", "A \\033[31m paragraph", "U+001B"),
        ("po", "A \\x1b paragraph", "U+001B"),
        ("po", "A \\r paragraph", "U+000D"),
        ("xliff", "A &#x85; paragraph", "U+0085"),  # XML character references XML 1.0 allows
        ("xliff", "A &#127; paragraph", "U+007F"),
        ("xliff", "A \x9b paragraph", "U+009B"),
    ],
)
def test_a_control_character_is_refused_by_every_route(tmp_path: Path, form: str, text: str, control: str) -> None:
    path = tmp_path / f"x.en.{'po' if form == 'po' else 'xlf'}"
    path.write_text((PO if form == "po" else XLIFF).format(text), encoding="utf-8")
    with pytest.raises(ExchangeError, match=re.escape(f"control character {control}")):
        read_exchange(path)


def test_french_punctuation_is_no_control_character(tmp_path: Path) -> None:
    # « », no-break spaces and U+FFFD share their first bytes with C1 controls and U+FFFE
    text = "«\u00a0Un\u202fparagraphe\u00a0» ’ \ufffd ½ \\\\ \\t \\n"
    for form, template in (("po", PO), ("xliff", XLIFF)):
        path = tmp_path / f"x.en.{'po' if form == 'po' else 'xlf'}"
        path.write_text(template.format(text if form == "po" else text.replace("\\\\", "\\")), encoding="utf-8")
        (entry,) = read_exchange(path).entries
        assert entry.target.startswith("«\u00a0Un\u202fparagraphe\u00a0» ’ \ufffd ½ \\")


def test_a_duplicate_far_in_a_po_file_names_both_lines(tmp_path: Path) -> None:
    entries = [f'#: content/x.yaml:{n}\nmsgctxt "p{n}"\nmsgid "Texte {n}."\nmsgstr "Text {n}."\n' for n in range(3000)]
    entries.append('msgctxt "p1234"\nmsgid "Texte 1234."\nmsgstr "Again."\n')
    text = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n' + "\n".join(entries)
    path = tmp_path / "x.en.po"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    lines = text.splitlines()
    first = lines.index("#: content/x.yaml:1234") + 1
    last = len(lines) - 2
    assert lines[last - 1] == 'msgctxt "p1234"'
    with pytest.raises(ExchangeError, match=rf"x\.en\.po:{last}: this entry repeats the one on line {first} "):
        read_exchange(path)
