"""The build command: writes only what changed, prunes what is stale, and writes nothing on error."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import config, site, urls
from generator.cli import cli
from tests.sitebuild import ROOT, copy_project, run

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file as MkDocs sees it: through the links into docs/.gen, not the generations themselves."""
    out = {}
    for top, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if d != ".gen"]
        for name in names:
            path = Path(top) / name
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def build(project: Path) -> Result:
    """``python -m generator build`` in ``project``, in this process: a subprocess would prove no more."""
    with contextlib.chdir(project):
        return CliRunner().invoke(cli, ["build"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project(tmp_path, SMALL)
    result = build(tmp_path)
    assert result.exit_code == 0, result.output
    return tmp_path


def test_second_build_writes_nothing(project: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*.md")}
    result = build(project)
    assert re.fullmatch(r"Generated pages: 0 written, [1-9]\d* unchanged, 0 removed\.", result.stdout.strip())
    assert {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*.md")} == before


def test_editing_one_abstract_rewrites_only_what_shows_it(project: Path) -> None:
    papers = project / "papers.yaml"
    before_catalog = site.generate(site.load_catalog(papers), config.read(project / "mkdocs.yml"))
    papers.write_text(
        papers.read_text(encoding="utf-8").replace("music generation all require", "music generation all need"), encoding="utf-8"
    )
    after_catalog = site.generate(site.load_catalog(papers), config.read(project / "mkdocs.yml"))
    must_change = {name for name in after_catalog if before_catalog.get(name) != after_catalog[name]}
    before = tree_digest(project / "docs")
    result = build(project)
    assert result.exit_code == 0
    after = tree_digest(project / "docs")
    changed = {name for name in after if before.get(name) != after[name]}
    page = "papers/a-critical-review-of-recurrent-neural-networks-for-sequence-learning/index.md"
    # Its page, and only the files that carry the abstract (feeds, exports, search data).
    assert changed == must_change
    assert page in changed and "index.md" not in changed
    # No other paper's page (theme pages and the map may move a point: the layout reads the abstracts).
    assert not {name for name in changed if name.startswith("papers/") and name != page}
    assert result.stdout.startswith(f"Generated pages: {len(changed)} written,")
    assert "music generation all need" in (project / "docs" / page).read_text(encoding="utf-8")


def test_removed_paper_loses_its_page(project: Path) -> None:
    papers = project / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    start = text.index("  - title: Scalable Diffusion")
    papers.write_text(text[:start], encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "1 removed" in result.stdout  # its page (its BibTeX entry is on the page and in papers.bib)
    assert not (project / "docs" / urls.paper("scalable-diffusion-for-materials-generation")).exists()
    assert (project / "docs" / urls.paper("a-critical-review-of-recurrent-neural-networks-for-sequence-learning")).exists()


def test_failed_build_leaves_every_file_as_it_was(project: Path) -> None:
    before = tree_digest(project)
    papers = project / "papers.yaml"
    broken = (
        papers.read_text(encoding="utf-8")
        .replace("year: 2015", "year: TBD")
        .replace("themes: [generative-science]", "themes: [generativ-science]")
    )
    papers.write_text(broken, encoding="utf-8")
    before["papers.yaml"] = hashlib.sha256(broken.encode()).hexdigest()
    result = build(project)
    assert result.exit_code == 1
    assert "papers.yaml:30:11: papers[0].year: expected a whole number, got 'TBD'" in result.stdout
    assert "unknown theme 'generativ-science'; did you mean 'generative-science'?" in result.stdout
    assert "Nothing was written." in result.stderr
    assert tree_digest(project) == before


def test_help_lists_the_commands() -> None:
    result = run(["-m", "generator", "--help"], ROOT)
    assert result.returncode == 0
    for command in ("build", "validate"):
        assert command in result.stdout
