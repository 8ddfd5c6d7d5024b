"""The examples in the README and the format page use real ids and only known fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator import site
from generator.loader import load_text
from generator.validate import PAPER_KEYS, validate
from tests.sitebuild import ROOT

DOCS = [ROOT / "README.md", ROOT / "docs" / "format.md", ROOT / "docs" / "contributing.md"]


def yaml_blocks(path: Path) -> list[object]:
    return [
        yaml.safe_load(block.replace("...", "text"))
        for block in re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    ]


def paper_examples(path: Path) -> list[dict[str, object]]:
    out = []
    for data in yaml_blocks(path):
        entries = data.get("papers", []) if isinstance(data, dict) else data
        out += [e for e in entries or [] if isinstance(e, dict) and "title" in e]
    return out


def declared(path: Path, section: str) -> set[str]:
    """Theme or tag ids an example catalog in the same document declares (format.md shows a whole file)."""
    return {
        str(item["id"])
        for data in yaml_blocks(path)
        if isinstance(data, dict)
        for item in data.get(section) or []
        if isinstance(item, dict)
    }


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_example_entries_use_real_themes_tags_and_fields(path: Path) -> None:
    """An example's ids are papers.yaml's (a fork edits the examples marked for the curator) or the
    document's own example catalog's."""
    catalog = site.load_catalog(ROOT / "papers.yaml")
    examples = paper_examples(path)
    assert examples, f"no example paper entry in {path.name}"
    themes = set(catalog.theme_by_id) | declared(path, "themes")
    tags = set(catalog.tag_by_id) | declared(path, "tags")
    for entry in examples:
        assert set(entry) <= set(PAPER_KEYS), set(entry) - set(PAPER_KEYS)
        assert set(entry.get("themes", [])) <= themes, entry.get("themes")
        assert set(entry.get("tags", [])) <= tags, entry.get("tags")


def test_the_format_pages_example_is_a_valid_catalog_of_its_own() -> None:
    """The whole-file example on the format page validates as it stands, with no id of papers.yaml."""
    (whole,) = [
        b for b in re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "format.md").read_text(encoding="utf-8"), re.DOTALL) if "catalog:" in b
    ]
    example = validate(load_text(whole, "format.md"))
    assert example.papers and example.info.title != site.load_catalog(ROOT / "papers.yaml").info.title
