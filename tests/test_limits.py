"""Limits that bound the work a hostile papers.yaml can cause: every run ends, with a short report.

The figures for the full-size attacks (20 MB of `{}` entries, 100,000 tags) are in SECURITY.md;
these tests use inputs of a few MB and assert what a user sees: a capped report that says how
many more problems there are, and a one-line error for what is not a regular file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import errors, loader, validate
from generator.errors import CatalogError
from generator.loader import load_text
from tests.sitebuild import env

HEAD = """catalog:
  title: T
  description: D
  curator: C
themes:
  - id: one
    title: One
    description: D
"""


def run_validate(path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", path.name],
        cwd=path.parent,
        env=env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,  # the run ends: a hang fails the test instead of the suite
    )


def empty_papers(count: int) -> str:
    return HEAD + "tags:\n  - id: tag\n    title: Tag\npapers: [" + "{}," * (count - 1) + "{}]\n"


def test_a_file_of_empty_papers_gives_a_capped_report_with_the_count_of_the_rest(tmp_path: Path) -> None:
    count = 200_000  # 600 kB of `{},`
    path = tmp_path / "papers.yaml"
    path.write_text(empty_papers(count), encoding="utf-8")
    missing = {name for name, required in validate.PAPER_KEYS.items() if required}
    result = run_validate(path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == errors.MAX_PROBLEMS + 1
    assert all(": missing required field '" in line for line in lines[:-1])
    total = count * len(missing)
    assert lines[-1] == f"… and {total - errors.MAX_PROBLEMS:,} more problems (only the first {errors.MAX_PROBLEMS} are shown)"
    assert result.stderr.strip() == f"{total} problems found."


def test_too_many_values_stop_the_loader_at_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_VALUES", 1000)
    text = HEAD + "tags:\n  - id: tag\n    title: Tag\npapers:\n" + "  - {}\n" * 2000
    with pytest.raises(CatalogError) as raised:
        load_text(text, "p.yaml")
    # The header holds 27 keys and values (the top mapping included), so the 1,001st is the 974th paper.
    assert [str(p) for p in raised.value.problems] == [
        "p.yaml:986:5: papers[973]: more than 1,000 keys and values, the limit (a catalog of 10,000 papers has about 250,000)"
    ]


def test_the_real_limits_leave_room_for_a_catalog_of_100000_papers(tmp_path: Path) -> None:
    """A catalog a hundred times the benchmark's 1,000 synthetic papers (abstracts and all) is under both limits."""
    from bench import synthetic

    text = synthetic.write(tmp_path / "papers.yaml", 1_000).read_text(encoding="utf-8")

    def nodes(node: yaml.Node) -> int:
        if isinstance(node, yaml.MappingNode):
            return 1 + sum(nodes(k) + nodes(v) for k, v in node.value)
        if isinstance(node, yaml.SequenceNode):
            return 1 + sum(nodes(v) for v in node.value)
        return 1

    assert 100 * len(text.encode("utf-8")) < loader.MAX_BYTES
    assert 100 * nodes(yaml.compose(text, Loader=yaml.SafeLoader)) < loader.MAX_VALUES


def test_many_tags_and_unknown_references_are_checked_against_a_bounded_few(monkeypatch: pytest.MonkeyPatch) -> None:
    tags = 20_000
    unknown = 300
    text = HEAD + "tags:\n" + "".join(f"  - id: tag-{i:05d}-word\n    title: Tag {i}\n" for i in range(tags)) + "papers:\n"
    text += "".join(
        f"  - title: Paper {i}\n    added: 2025-05-22\n    themes: [one]\n    tags: [tagg-{i:05d}-word]\n    abstract: Text.\n"
        for i in range(unknown)
    )
    compared: list[int] = []
    real = validate.did_you_mean

    def counting(word: str, choices: list[str]) -> str:
        compared.append(len(choices))
        return real(word, choices)

    monkeypatch.setattr(validate, "did_you_mean", counting)
    with pytest.raises(CatalogError) as raised:
        validate.validate(load_text(text, "p.yaml"))
    error = raised.value
    assert error.total == unknown
    assert len(error.problems) == errors.MAX_PROBLEMS
    # Each shown problem still names the tag meant, found among at most MAX_CANDIDATES.
    for problem in error.problems:
        number = problem.field.split("[")[1].split("]")[0]
        assert problem.message == f"unknown tag 'tagg-{int(number):05d}-word'; did you mean 'tag-{int(number):05d}-word'?"
    assert compared and max(compared) <= validate.MAX_CANDIDATES
    assert len(compared) == errors.MAX_PROBLEMS  # no suggestion is worked out for a problem that is not shown


def test_a_fifo_is_a_one_line_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "papers.yaml"
    os.mkfifo(fifo)
    result = run_validate(fifo, timeout=30)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["papers.yaml:1:1: not a regular file (a folder, device or pipe); give the path of a YAML file"]


def test_dev_zero_is_a_one_line_error_not_a_memory_error() -> None:
    result = run_validate(Path("/dev/zero"), timeout=30)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["zero:1:1: not a regular file (a folder, device or pipe); give the path of a YAML file"]
    assert "Traceback" not in result.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    with path.open("wb") as file:
        file.truncate(loader.MAX_BYTES + 1)  # sparse: nothing to read, the size alone refuses it
    result = run_validate(path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"papers.yaml:1:1: the file is {loader.MAX_BYTES + 1:,} bytes; the limit is {loader.MAX_BYTES:,}"]
