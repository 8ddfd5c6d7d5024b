"""Symbolic links committed to a repository cannot make the generator delete, or MkDocs publish, files outside it.

Each attack is committed to a git repository (``git add -f`` passes .gitignore) and cloned, the way
a contributor's pull request reaches a checkout; then the real commands run in the clone.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator import writer
from tests.sitebuild import ROOT, copy_project, run

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def clone_with_links(outer: Path, links: dict[str, str]) -> Path:
    """A repository in ``outer/origin`` with ``links`` (path → target) committed, cloned to ``outer/checkout``."""
    origin = outer / "origin"
    copy_project(origin, SMALL)
    for path, target in links.items():
        (origin / path).symlink_to(target)
    git("init", "-q", cwd=origin)
    git("add", "-A", cwd=origin)
    git("add", "-f", *links, cwd=origin)
    git("commit", "-q", "-m", "a pull request", cwd=origin)
    git("clone", "-q", str(origin), str(outer / "checkout"), cwd=outer)
    checkout = outer / "checkout"
    for path in links:
        assert (checkout / path).is_symlink(), path  # git really keeps the link
    return checkout


def test_a_committed_docs_gen_link_out_of_the_checkout_deletes_nothing(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    keep = outer / "keep"
    keep.mkdir(parents=True)
    (keep / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    checkout = clone_with_links(outer, {"docs/.gen": "../.."})  # docs/.gen is outer/
    before = sorted(p.relative_to(outer).as_posix() for p in outer.rglob("*") if ".git" not in p.parts)

    result = run(["-m", "generator", "build"], checkout)

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: docs/.gen is a symbolic link (to ../..); the generator writes only into a real folder; remove it. Nothing was written."
    ]
    assert (keep / "thesis.tex").read_text(encoding="utf-8") == "years of work\n"
    assert sorted(p.relative_to(outer).as_posix() for p in outer.rglob("*") if ".git" not in p.parts) == before


def test_a_committed_link_to_a_file_outside_docs_is_refused_by_validate_and_build(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "secret.txt").write_text("a key of the build machine\n", encoding="utf-8")
    checkout = clone_with_links(outer, {"docs/notes.md": "../../secret.txt", "docs/etc": "/etc", "docs/alias.md": "about.md"})

    validated = run(["-m", "generator", "validate"], checkout)
    assert validated.returncode == 1
    assert validated.stdout.splitlines() == [
        "docs/etc:1:1: a symbolic link to /etc, outside the docs folder; MkDocs would publish that file",
        "docs/notes.md:1:1: a symbolic link to ../../secret.txt, outside the docs folder; MkDocs would publish that file",
    ]

    built = run(["-m", "generator", "build"], checkout)
    assert built.returncode == 1
    assert "docs/notes.md is a symbolic link to ../../secret.txt, outside docs/" in built.stderr
    assert "Nothing was written." in built.stderr
    assert not (checkout / "docs" / ".gen").exists()


def test_a_link_that_stays_inside_docs_is_fine(tmp_path: Path) -> None:
    checkout = clone_with_links(tmp_path / "outer", {"docs/alias.md": "about.md"})
    validated = run(["-m", "generator", "validate"], checkout)
    assert validated.returncode == 0, validated.stdout
    assert run(["-m", "generator", "build"], checkout).returncode == 0
    assert run(["-m", "generator", "build"], checkout).returncode == 0  # and again, over its own links


@pytest.mark.parametrize("target", ["../../..", "/tmp", "../.gen"])
def test_writer_refuses_a_current_link_out_of_its_folder(tmp_path: Path, target: str) -> None:
    docs = tmp_path / "docs"
    (docs / ".gen").mkdir(parents=True)
    (docs / ".gen" / "current").symlink_to(target)
    with pytest.raises(writer.UnsafeLink, match=r"docs/\.gen/current links to"):
        writer.write_tree(docs, {"index.md": "# Home\n"})
    assert sorted(p.name for p in (docs / ".gen").iterdir()) == ["current"]


def test_the_repository_docs_have_no_link_out() -> None:
    """CI: no file under docs/ of this repository is a link to somewhere outside docs/."""
    assert writer.links_out(ROOT / "docs") == []
