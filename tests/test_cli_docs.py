"""Every command of `python -m generator` is documented in README.md, so the docs cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generator.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
HEADING = "## The generator's commands"


def documented_commands() -> dict[str, str]:
    """Command name → its row in README's commands table."""
    text = README.read_text(encoding="utf-8")
    assert HEADING in text, f"README.md has no '{HEADING}' section"
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        match = re.match(r"\|\s*`python -m generator ([a-z][a-z0-9-]*)\b[^`]*`\s*\|(.+)\|\s*$", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    return rows


def all_commands() -> list[str]:
    assert isinstance(cli, click.Group)
    return sorted(cli.list_commands(click.Context(cli)))


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_a_row_in_the_readme(name: str) -> None:
    rows = documented_commands()
    assert name in rows, f"`python -m generator {name}` is missing from README.md's '{HEADING}' table"
    assert len(rows[name]) > 20, f"the README row for {name} says too little: {rows[name]!r}"


def test_the_readme_documents_no_command_that_does_not_exist() -> None:
    assert sorted(documented_commands()) == all_commands()


def test_the_table_is_found() -> None:
    # Guards the parser above: the two oldest commands must be read from the table.
    assert {"validate", "build"} <= set(documented_commands())
