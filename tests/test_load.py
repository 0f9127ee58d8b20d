"""The strict YAML loader: YAML 1.1 traps closed, every broken file refused with its line."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from diptych.load import MAX_FILE_BYTES, Mapping, Scalar, Sequence, YamlError, load_file, load_string

P = Path("doc.yaml")


def test_scalars_stay_text_with_their_position() -> None:
    root = load_string("no: yes\non: off\nzip: 012\ntime: 12:30\nn: 1.0\n", P)
    assert isinstance(root, Mapping)
    assert root == {"no": "yes", "on": "off", "zip": "012", "time": "12:30", "n": "1.0"}
    key = next(k for k in root if k == "zip")
    assert (key.location.line, key.location.column) == (3, 1)
    assert root["zip"].location.column == 6


def test_sequences_and_quoting_are_kept() -> None:
    root = load_string("items:\n  - 'quoted'\n  - plain\n", P)
    assert isinstance(root, Mapping)
    items = root["items"]
    assert isinstance(items, Sequence)
    assert [isinstance(i, Scalar) and i.plain for i in items] == [False, True]
    assert items.location.line == 2


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first written on line 1)"),
        ("a: &x 1\nb: *x\n", 1, "anchors and aliases"),
        ("a:\n\t- b\n", 2, "found character that cannot start any token"),
        ('a: "unclosed\nb: 2\n', 3, "unexpected end of stream"),
        ("a:\n  b: 1\n c: 2\n", 3, "YAML syntax error"),
        ("a: b: c\n", 1, "mapping values are not allowed"),
        ("a: !!python/object:os.system x\n", 1, "tag"),
        ("a: !custom x\n", 1, "tag"),
        ("<<: {a: 1}\n", 1, "merge keys"),
        ("[a, b]: 1\n", 1, "a key must be a plain word"),
        ("[" * 60 + "]" * 60, 1, "nested more than"),
    ],
)
def test_broken_yaml_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_string(text, P)
    assert caught.value.problem.location.line == line
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('a: "x\\e"\n', 1, 4),  # the only value: escapes are looked for in quoted values holding a backslash
        ('a: éé 中文 😀 "x"\nb: "a \\\\ b"\nc: "ok"\nd: "y\\x1b"\n', 4, 4),  # after wide characters, other escapes
        ("a: ok\nb: 'x\x1by'\n", 2, 6),  # typed raw: libyaml refuses it, at its place
        ("a: ok\nb: x\x9by\n", 2, 5),  # a C1 control, typed raw in a plain value
    ],
)
def test_control_characters_are_refused_wherever_they_are(text: str, line: int, column: int) -> None:
    with pytest.raises(YamlError, match="control character") as caught:
        load_string(text, P)
    location = caught.value.problem.location
    assert (location.line, location.column) == (line, column)


def test_a_value_knows_its_place_when_asked() -> None:
    root = load_string("title:\n  fr: Mon édition\nlist:\n  - {a: b}\n", P)
    assert isinstance(root, Mapping)
    assert (root.location.line, root.location.column) == (1, 1)
    title = root["title"]
    assert isinstance(title, Mapping)
    assert (title.location.line, title.location.column) == (2, 3)
    assert (title["fr"].location.line, title["fr"].location.column) == (2, 7)
    items = root["list"]
    assert isinstance(items, Sequence)
    assert str(items[0].location) == f"{P}:4:5"


def test_tab_indentation_gets_a_hint() -> None:
    with pytest.raises(YamlError, match="spaces, not tabs"):
        load_string("a:\n\t- b\n", P)


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]\n"
    started = time.perf_counter()
    with pytest.raises(YamlError, match="aliases"):
        load_string(bomb, P)
    assert time.perf_counter() - started < 5  # generous: the point is it does not expand 9**9 leaves


def test_empty_file_is_none(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    assert load_file(path) is None
    path.write_text("# only a comment\n")
    assert load_file(path) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
        (codecs.BOM_UTF16_LE + "a: b\n".encode("utf-16-le"), "UTF-16"),
        ("titre: Pékin\n".encode("latin-1"), "not valid UTF-8"),
        (b"a: b\x07c\n", "is not allowed in YAML"),
    ],
)
def test_files_that_are_not_utf8_text(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with pytest.raises(YamlError, match=message) as caught:
        load_file(path)
    assert caught.value.problem.location.path == path


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + "titre: Pékin\n".encode())
    assert load_file(path) == {"titre": "Pékin"}


def test_latin1_error_points_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: ok\nb: Pékin\n".encode("latin-1"))
    with pytest.raises(YamlError) as caught:
        load_file(path)
    assert (caught.value.problem.location.line, caught.value.problem.location.column) == (2, 5)


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(YamlError, match="too large"):
        load_file(path)


def test_error_message_shows_the_line_and_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("title: a\ntitle: b\n")
    with pytest.raises(YamlError) as caught:
        load_file(path)
    assert str(caught.value).splitlines()[:3] == [
        f"{path}:2:1: error: duplicate key 'title' (first written on line 1)",
        "    title: b",
        "    ^",
    ]
