"""The validator, through the real CLI: every invalid fixture gives exactly its expected report."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import CatalogError
from generator.loader import load_text
from generator.validate import validate
from tests.sitebuild import CATALOG, ROOT, env

INVALID = ROOT / "tests" / "fixtures" / "invalid"
CASES = sorted(p.stem for p in INVALID.glob("*.yaml"))


def run_validate(folder: Path, name: str, *extra: str) -> str:
    """``python -m generator validate NAME`` in ``folder``, in this process: its output, then its exit status."""
    with contextlib.chdir(folder):
        result = CliRunner().invoke(cli, ["validate", name, *extra])
    return result.stdout + result.stderr + f"exit {result.exit_code}\n"


def run_validate_process(folder: Path, name: str) -> str:
    """The same through ``python -m generator``, as CI runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", name], cwd=folder, env=env(), capture_output=True, text=True, check=False
    )
    return proc.stdout + proc.stderr + f"exit {proc.returncode}\n"


@pytest.mark.parametrize("case", CASES)
def test_invalid_catalog_reports_exactly(case: str) -> None:
    got = run_validate(INVALID, f"{case}.yaml")
    expected_file = INVALID / f"{case}.expected"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(got, encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8")


def test_every_invalid_fixture_has_an_expected_report() -> None:
    assert CASES, "no invalid fixtures found"
    assert sorted(p.stem for p in INVALID.glob("*.expected")) == CASES


def test_real_catalog_is_valid() -> None:
    name = os.path.relpath(CATALOG, ROOT)  # as the CLI shows it, run from the project
    papers = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))["papers"]
    out = run_validate_process(ROOT, name)
    assert out.startswith(f"{name}: OK: {len(papers)} papers, ")
    assert out.endswith("exit 0\n")


def test_github_format_points_at_the_line() -> None:
    out = run_validate(INVALID, "wrong-types.yaml", "--format", "github")
    lines = out.splitlines()
    assert "::error file=wrong-types.yaml,line=20,col=11::papers[0].year: expected a whole number, got 'TBD'" in lines
    assert all(line.startswith("::error file=wrong-types.yaml,line=") for line in lines[:-2])


def test_all_problems_are_reported_at_once() -> None:
    text = (INVALID / "bad-values.yaml").read_text(encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        validate(load_text(text, "bad-values.yaml"))
    fields = {p.field for p in caught.value.problems}
    assert {"papers[0].arxiv", "papers[0].code", "papers[0].url", "papers[1].added", "papers[2].arxiv"} <= fields


MINIMAL = """\
catalog:
  title: T
  description: D
  curator: C
themes:
  - id: one
    title: One
    description: First.
tags:
  - id: tag
    title: Tag
papers:
  - title: {title}
    added: 2025-05-22
    themes: [one]
    abstract: {abstract}
"""


def test_optional_facts_stay_unknown() -> None:
    catalog = validate(load_text(MINIMAL.format(title="Only the basics", abstract="Text."), "m.yaml"))
    paper = catalog.papers[0]
    assert (paper.authors, paper.year, paper.venue, paper.arxiv, paper.code, paper.url) == ((), None, None, None, None, None)
    assert paper.arxiv_url is None


def test_abstract_is_folded_to_one_line_of_text() -> None:
    catalog = validate(load_text(MINIMAL.format(title="T", abstract=">-\n      Two\n      lines."), "m.yaml"))
    assert catalog.papers[0].abstract == "Two lines."


def test_bom_and_crlf_are_read_like_plain_utf8() -> None:
    raw = ("\ufeff" + MINIMAL.format(title="Café", abstract="Text.")).replace("\n", "\r\n")
    from generator.loader import decode

    catalog = validate(load_text(decode(raw.encode("utf-8"), "m.yaml"), "m.yaml"))
    assert catalog.papers[0].title == "Café"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
        ("\x07", "a control character"),
        ("\x85", "a control character"),
    ],
)
def test_invisible_and_control_characters_are_refused_by_name(char: str, name: str) -> None:
    """A title that could read backwards, or hide a character, is refused at its line, naming the character."""
    control = unicodedata.category(char) == "Cc"  # written as a YAML escape: raw, YAML itself refuses it
    title = f'"Attention is \\x{ord(char):02x}all you need"' if control else f"Attention is {char}all you need"
    abstract = "Text." if control else f"Text with{char} inside."
    with pytest.raises(CatalogError) as raised:
        validate(load_text(MINIMAL.format(title=title, abstract=abstract), "m.yaml"))
    messages = [str(problem) for problem in raised.value.problems]
    code = f"U+{ord(char):04X} ({name})"
    assert any(m.startswith("m.yaml:13:") and "papers[0].title" in m and code in m for m in messages), messages
    assert control or any(m.startswith("m.yaml:16:") and "papers[0].abstract" in m and code in m for m in messages), messages


def test_joiners_that_scripts_need_are_allowed() -> None:
    catalog = validate(load_text(MINIMAL.format(title="क्\u200dष and ‌\u200cطرح", abstract="Text."), "m.yaml"))
    assert "\u200d" in catalog.papers[0].title and "\u200c" in catalog.papers[0].title


def test_one_rule_for_links_in_the_validator_add_and_the_docs() -> None:
    """http:// and https:// are both links everywhere; format.md and `add --help` say the same."""
    for scheme, ok in (("https", True), ("http", True), ("ftp", False)):
        text = MINIMAL.format(title="Links", abstract="Text.").replace("    added:", f"    code: {scheme}://example.org/code\n    added:")
        if ok:
            assert validate(load_text(text, "m.yaml")).papers[0].code == f"{scheme}://example.org/code"
        else:
            with pytest.raises(CatalogError, match="a link starts with https:// or http://"):
                validate(load_text(text, "m.yaml"))
    assert "Every link starts with `https://` or `http://`" in (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    help_text = CliRunner().invoke(cli, ["add", "--help"]).stdout
    assert " ".join(help_text.split()).count("(https:// or http://)") == 3  # --pdf, --code, --url
