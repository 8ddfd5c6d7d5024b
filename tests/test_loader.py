"""The loader keeps every value's position and refuses YAML that would hurt."""

from __future__ import annotations

import time

import pytest

from generator.errors import CatalogError
from generator.loader import MAX_DEPTH, decode, load_text


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


def test_huge_file_is_refused_before_parsing() -> None:
    with pytest.raises(CatalogError, match="the limit is"):
        decode(b"a: 1\n" * 5_000_000, "huge.yaml")


def test_not_utf8_names_line_and_column() -> None:
    with pytest.raises(CatalogError) as caught:
        decode(b"a: ok\nb: caf\xe9\n", "latin1.yaml")
    assert str(caught.value) == "latin1.yaml:2:7: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_python_tags_are_not_constructed() -> None:
    for text in ("a: !!python/object/apply:os.system ['echo hi']\n", "a: !!python/name:os.system\n", "a: !custom x\n"):
        with pytest.raises(CatalogError, match=r"evil.yaml:1:4: a: the YAML tag .* is not allowed here"):
            load_text(text, "evil.yaml")
