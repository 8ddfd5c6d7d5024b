"""The examples in the README and the format page use real ids and only known fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator import site
from generator.validate import PAPER_KEYS
from tests.sitebuild import ROOT

DOCS = [ROOT / "README.md", ROOT / "docs" / "format.md", ROOT / "docs" / "contributing.md"]


def paper_examples(path: Path) -> list[dict[str, object]]:
    out = []
    for block in re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL):
        data = yaml.safe_load(block.replace("...", "text"))
        entries = data.get("papers", []) if isinstance(data, dict) else data
        out += [e for e in entries or [] if isinstance(e, dict) and "title" in e]
    return out


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_example_entries_use_real_themes_tags_and_fields(path: Path) -> None:
    catalog = site.load_catalog(ROOT / "papers.yaml")
    examples = paper_examples(path)
    assert examples, f"no example paper entry in {path.name}"
    for entry in examples:
        assert set(entry) <= set(PAPER_KEYS), set(entry) - set(PAPER_KEYS)
        assert set(entry.get("themes", [])) <= set(catalog.theme_by_id), entry.get("themes")
        assert set(entry.get("tags", [])) <= set(catalog.tag_by_id), entry.get("tags")
