"""YAML syntax errors say what to change, whichever parser (libyaml or PyYAML's own) found them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import yamlhints
from generator.errors import CatalogError
from generator.loader import load_text

INVALID = Path(__file__).parent / "fixtures" / "invalid"
SYNTAX = [*sorted(p.name for p in INVALID.glob("yaml-*.yaml")), "syntax-error.yaml"]


def _hint(text: str, loader: type) -> yamlhints.Hint:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.load(text, Loader=loader)
    return yamlhints.explain(caught.value, text)


@pytest.mark.parametrize("name", SYNTAX)
def test_pure_python_parser_gets_the_same_advice(name: str) -> None:
    """The hints read the lines, not the parser's wording: PyYAML's own parser words its errors differently."""
    text = (INVALID / name).read_text(encoding="utf-8")
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")
    assert _hint(text, yaml.SafeLoader) == _hint(text, yaml.CSafeLoader)


@pytest.mark.parametrize("name", SYNTAX)
def test_no_parser_jargon_reaches_the_reader(name: str) -> None:
    with pytest.raises(CatalogError) as caught:
        load_text((INVALID / name).read_text(encoding="utf-8"), name)
    message = caught.value.problems[0].message
    for jargon in ("block mapping", "block collection", "simple key", "expected key", "scalar", "indicator", "token"):
        assert jargon not in message


def test_suggested_fix_parses_to_the_intended_title() -> None:
    broken = "title: It's Not Just Attention: A Study\n"
    text = "title: 'It's Not Just Attention: A Study'\n"
    for source in (broken, text):
        hint = _hint(source, yaml.SafeLoader)
        fix = hint.message.split(": ", 1)[1].split("title: ", 1)[1]
        assert yaml.safe_load(f"title: {fix}") == {"title": "It's Not Just Attention: A Study"}, hint.message
