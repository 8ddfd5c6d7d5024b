"""`python -m generator fmt`: one canonical layout, comments kept, meaning never changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator import fmt, loader
from generator.cli import cli
from generator.errors import CatalogError
from generator.validate import validate
from tests.sitebuild import CATALOG

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
MESSY = FIXTURES / "fmt" / "messy.yaml"
MESSY_EXPECTED = FIXTURES / "fmt" / "messy.expected.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def catalog_of(text: str) -> object:
    return validate(loader.load_text(text, "x.yaml"))


def test_real_catalog_is_valid_and_canonical() -> None:
    code, output = run("validate", str(CATALOG))
    assert code == 0, output
    code, output = run("fmt", "--check", str(CATALOG))
    assert code == 0, output
    assert "already in the canonical layout" in output


def test_messy_file_becomes_the_canonical_layout(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    shutil.copy(MESSY, path)
    before = MESSY.read_text()

    code, output = run("fmt", "--check", str(path))
    assert code == 1
    assert "not in the canonical layout" in output
    assert "-papers:" in output and "+  - id: sequence-models" in output
    assert path.read_bytes() == MESSY.read_bytes()

    code, output = run("fmt", str(path))
    assert code == 0, output
    after = path.read_text()
    assert after == MESSY_EXPECTED.read_text()
    assert catalog_of(after) == catalog_of(before)
    # Comments: the header stays on top, the others travel with their values.
    assert after.startswith("# yaml-language-server: $schema=../../../docs/papers.schema.json\n# A valid catalog")
    assert "  # The first paper: keys in the wrong order, four-space indents.\n  - title: A Critical Review" in after
    assert "    arxiv: '1506.00019'  # quoted the other way\n" in after

    code, output = run("fmt", "--check", str(path))
    assert (code, "already in the canonical layout" in output) == (0, True)


def test_fmt_does_not_touch_a_canonical_file(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    shutil.copy(MESSY_EXPECTED, path)
    inode = path.stat().st_ino
    code, output = run("fmt", str(path))
    assert code == 0, output
    assert path.stat().st_ino == inode  # not even replaced by an identical copy
    assert path.read_bytes() == MESSY_EXPECTED.read_bytes()


def test_fmt_normalizes_line_ends_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MESSY_EXPECTED.read_bytes().replace(b"\n", b"\r\n"))
    code, output = run("fmt", "--check", str(path))
    assert code == 1
    assert "line ends" in output
    assert run("fmt", str(path))[0] == 0
    assert path.read_bytes() == MESSY_EXPECTED.read_bytes()


@pytest.mark.parametrize("name", ["unknown-keys", "syntax-error", "duplicates"])
def test_fmt_refuses_an_invalid_file_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    source = FIXTURES / "invalid" / f"{name}.yaml"
    monkeypatch.chdir(tmp_path)
    path = Path(f"{name}.yaml")
    shutil.copy(source, path)
    problems = [line for line in run("validate", str(path))[1].splitlines() if line.startswith(f"{name}.yaml:")]
    assert problems
    for args in (["fmt", str(path)], ["fmt", "--check", str(path)]):
        code, output = run(*args)
        assert code == 1
        # The same PATH:LINE:COL: field: message lines as `validate` prints.
        assert all(problem in output.splitlines() for problem in problems), output
        assert "Nothing was written." in output
        assert path.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.yaml"]  # no temporary file left


def test_comments_move_with_their_keys() -> None:
    text = (
        MESSY_EXPECTED.read_text()
        .replace("    added: 2025-05-03\n", "    # the day it was added\n    added: 2025-05-03  # a Saturday\n")
        .replace("    title: It's a title", "    title: It's a title")
    )
    moved = text.replace(
        "    # the day it was added\n    added: 2025-05-03  # a Saturday\n    themes: [generative-science]\n",
        "    themes: [generative-science]\n    # the day it was added\n    added: 2025-05-03  # a Saturday\n",
    )
    assert moved != text
    assert fmt.format_text(moved, "x.yaml") == text == fmt.format_text(text, "x.yaml")


def test_comments_after_the_last_paper_stay_at_the_end() -> None:
    text = MESSY_EXPECTED.read_text() + "\n  # - title: A draft, commented out\n  #   added: 2025-06-01\n"
    assert fmt.format_text(text, "x.yaml") == text


def test_fold_wraps_at_100_columns_and_keeps_the_words() -> None:
    words = ("word " * 60 + "a" * 120 + " end").split(" ")
    lines = fmt.fold(" ".join(words), 6)
    assert all(len(line) <= 100 for line in lines if " " in line.strip())
    assert " ".join(line.strip() for line in lines).split(" ") == words
    assert "a" * 120 in [line.strip() for line in lines]


def test_scalars_are_quoted_only_when_yaml_needs_it() -> None:
    assert fmt.scalar("Plain title") == "Plain title"
    assert fmt.scalar("Titans: Learning") == "'Titans: Learning'"
    assert fmt.scalar("It's") == "It's"
    assert fmt.scalar("'quoted'") == "'''quoted'''"
    assert fmt.scalar("2024") == "'2024'"
    assert fmt.scalar("yes") == "'yes'"
    assert fmt.scalar("# not a comment") == "'# not a comment'"
    assert fmt.scalar("tab\there") == '"tab\\there"'


# Characters that YAML treats specially somewhere, plus ordinary and non-ASCII text.
_SPECIAL = [*":#'\"-?[]{},&*!|>%@`~ \t\\=<", "\u00a0", "é", "ß", "中", "\u2028", "...", "---", ": ", " #", "\n"]
_TEXT = st.lists(st.one_of(st.sampled_from(_SPECIAL), st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))), max_size=60).map(
    "".join
)
_TEMPLATE = yaml.safe_load(MESSY_EXPECTED.read_text())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(title=_TEXT, abstract=_TEXT, author=_TEXT, venue=_TEXT, style=st.sampled_from([None, "'", '"', "|", ">"]))
def test_any_text_survives_fmt_unchanged_in_meaning(title: str, abstract: str, author: str, venue: str, style: str | None) -> None:
    data = yaml.safe_load(yaml.safe_dump(_TEMPLATE))
    paper = data["papers"][0]
    paper.update(title=title, abstract=abstract, authors=[author], venue=venue)
    source = yaml.safe_dump(data, allow_unicode=True, default_style=style, sort_keys=True)
    try:
        expected = catalog_of(source)
    except CatalogError:
        assume(False)
    once = fmt.format_text(source, "x.yaml")
    assert catalog_of(once) == expected
    assert fmt.format_text(once, "x.yaml") == once


def test_an_empty_paper_list_stays_a_list() -> None:
    head = MESSY_EXPECTED.read_text().split("\npapers:\n")[0]
    text = head + "\npapers:   [ ]   # none yet\n"
    assert fmt.format_text(text, "x.yaml") == head + "\npapers: []  # none yet\n"


@pytest.mark.parametrize(("name", "status"), [("messy.expected.yaml", 0), ("messy.yaml", 2)])
def test_make_validate_also_checks_the_layout(tmp_path: Path, name: str, status: int) -> None:
    """`make validate` (what contributors run) fails on a valid file that is not canonical."""

    shutil.copy(FIXTURES / "fmt" / name, tmp_path / "papers.yaml")
    if not (ROOT / ".venv" / ".site-installed").exists():
        pytest.skip("make validate needs the project's .venv")
    proc = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "validate", f"PAPERS={tmp_path / 'papers.yaml'}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == status, proc.stdout + proc.stderr
    assert "papers.yaml: OK: " in proc.stdout
    assert ("not in the canonical layout" in proc.stdout) == (status != 0)
