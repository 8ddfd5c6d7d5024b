"""The loader keeps every value's position and refuses YAML that would hurt."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import loader
from generator.errors import CatalogError
from generator.loader import MAX_DEPTH, Document, decode, load_path, load_text


def test_positions_of_values_and_keys() -> None:
    doc = load_text("a: 1\nlist:\n  - x: 2\n    y: [1, 2]\n", "f.yaml")
    assert doc.data == {"a": 1, "list": [{"x": 2, "y": [1, 2]}]}
    assert doc.values[("a",)] == (1, 4)
    assert doc.values[("list", 0, "y", 1)] == (4, 12)
    assert doc.keys[("list", 0, "y")] == (4, 5)
    assert doc.at(("list", 0, "missing")) == (3, 5)


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 12):
        bomb += f"{'abcdefghijkl'[i]}: &{'abcdefghijkl'[i]} [" + ",".join([f"*{'abcdefghijkl'[i - 1]}"] * 9) + "]\n"
    start = time.perf_counter()
    with pytest.raises(CatalogError, match="anchors and aliases"):
        load_text(bomb, "bomb.yaml")
    assert time.perf_counter() - start < 2


def test_deep_nesting_is_refused_with_its_line() -> None:
    text = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
    deep = "[" * 100_000 + "]" * 100_000
    for doc in (text, deep):
        # Our own limit, or libyaml's for flow collections: either way a located message.
        with pytest.raises(CatalogError, match=rf"deep.yaml:\d+:\d+: .*(nested more than {MAX_DEPTH} levels|maximum nesting depth)"):
            load_text(doc, "deep.yaml")


def test_huge_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 1_000)
    decode(b"a: 1\n" * 200, "at-the-limit.yaml")
    with pytest.raises(CatalogError, match=re.escape("huge.yaml:1:1: the file is 1,005 bytes; the limit is 1,000")):
        decode(b"a: 1\n" * 201, "huge.yaml")


def test_not_utf8_names_line_and_column() -> None:
    with pytest.raises(CatalogError) as caught:
        decode(b"a: ok\nb: caf\xe9\n", "latin1.yaml")
    assert str(caught.value) == "latin1.yaml:2:7: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_python_tags_are_not_constructed() -> None:
    for text in ("a: !!python/object/apply:os.system ['echo hi']\n", "a: !!python/name:os.system\n", "a: !custom x\n"):
        with pytest.raises(CatalogError, match=r"evil.yaml:1:4: a: the YAML tag .* is not allowed here"):
            load_text(text, "evil.yaml")


@pytest.mark.parametrize(
    "raw",
    [
        "a: 1\nlist:\n  - x: 2\n    y: [1, 2, {z: 3}]\n  - [[], {}]\nlast: é\n".encode(),
        b"a: 1\r\nlist:\r\n  - x: 2\r\n    y: [1, 2]\r\n",
        "\ufeffa: 1\nb:\n  - 2\n".encode(),
        b"a: [1, 2\n",  # a syntax error: the same message from the file as from its text
        b"a: b\x07c\n",  # a character libyaml refuses, named the same way
        b"a:\n  ? [x, y]\n  : 1\n  b: 2\n",  # a list as a key
    ],
)
def test_a_file_reads_like_its_text(tmp_path: Path, raw: bytes) -> None:
    """``load_path`` hands libyaml the file's bytes; values, positions and messages stay those of the text."""
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)

    def outcome(load: Callable[[], Document]) -> object:
        try:
            doc = load()
        except CatalogError as error:
            return str(error)
        assert len(doc.values) == len(list(doc.values))
        return doc.data, dict(doc.values), dict(doc.keys)

    from_file = outcome(lambda: load_path(path, "f.yaml"))
    assert from_file == outcome(lambda: load_text(decode(raw, "f.yaml"), "f.yaml"))


def test_positions_of_a_long_list() -> None:
    doc = load_text("items:\n" + "".join(f"  - {{n: {i}, tags: [a, b]}}\n" for i in range(100)), "f.yaml")
    assert doc.values[("items", 99, "tags", 1)] == (101, 23)
    assert doc.keys[("items", 42, "n")] == (44, 6)
    assert ("items", 100) not in doc.values
    assert ("items", -1) not in doc.values
    assert ("items", 0, "m") not in doc.keys
    assert doc.at(("items", 7, "missing", 3)) == (9, 5)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("papers:\n  - title: X\n    ? [a, b]\n    : 1\n", "m.yaml:3:7: papers[0]: "),
        ("? {a: 1}\n: 1\npapers: []\n", "m.yaml:1:3: "),
    ],
)
def test_a_key_that_is_a_list_or_mapping_is_refused_at_its_line(text: str, where: str) -> None:
    with pytest.raises(CatalogError) as raised:
        load_text(text, "m.yaml")
    assert [str(p) for p in raised.value.problems] == [where + "a key must be a plain name, not a list or a mapping"]
