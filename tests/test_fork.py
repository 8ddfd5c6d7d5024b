"""The README's fork checklist, followed step by step with the second catalog in a scratch copy.

The result must validate, pass the tests that check the repository's files against papers.yaml,
build strictly with MkDocs, and give a site in which nothing names the first catalog: not its
title, its curator, its themes or any of its papers.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import fmt, site
from tests import forkcatalog
from tests.sitebuild import ROOT

pytestmark = pytest.mark.slow

FIRST_CATALOG = ROOT / "papers.yaml"  # the project's own catalog, whatever it holds today
_SKIP = {".git", ".venv", "site", "node_modules", ".gen", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "test-artifacts"}


def _ignore(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n in _SKIP or (Path(folder) / n).is_symlink()]


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CATALOG", None)
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, check=False)


def _section(text: str, heading: str) -> tuple[int, int]:
    """Where the body of a Markdown section starts and ends (up to the next heading of any level)."""
    start = text.index(heading) + len(heading)
    following = re.search(r"^#{1,6} ", text[start:], re.MULTILINE)
    return start, start + following.start() if following else len(text)


def _entry_yaml(paper: dict[str, object]) -> str:
    """One paper in the canonical layout, indented as in the papers list."""
    one = fmt.format_text(yaml.safe_dump({**yaml.safe_load(forkcatalog.dump(forkcatalog.catalog(1))), "papers": [paper]}), "x.yaml")
    return "  - title:" + one.split("\n  - title:", 1)[1]


def follow_the_checklist(project: Path) -> None:
    """The README's steps, done as a curator would with the fork catalog (numbers as in the README)."""
    fork = yaml.safe_load(forkcatalog.PATH.read_text(encoding="utf-8"))
    theme = fork["themes"][0]["id"]
    example = _entry_yaml(fork["papers"][0])
    first = site.load_catalog(FIRST_CATALOG)

    # 1. Your papers (the fixture keeps the schema line; the catalog header names the site).
    shutil.copy2(forkcatalog.PATH, project / "papers.yaml")
    # 2. Addresses.
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    text = re.sub(r'(repo_url: !ENV \[REPO_URL, )"[^"]*"', r'\1"https://github.com/example/water-papers"', text)
    # 7. Benchmarks: dropped from the navigation, the page kept.
    text = re.sub(r"^\s*# Optional: a fork may drop this line.*\n\s*- Benchmarks: benchmarks.md\n", "", text, flags=re.MULTILINE)
    assert "Benchmarks: benchmarks.md" not in text
    mkdocs_yml.write_text(text, encoding="utf-8")
    # 3. About page: the curator's section.
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    start, end = _section(text, "## Where the data comes from\n")
    mine = "\nThe papers are made up for the tests of this project; none of them exists.\n\n"
    about.write_text(text[:start] + mine + text[end:], encoding="utf-8")
    # 4. Contributing guide: the example entry and the ids after it.
    guide = project / "docs" / "contributing.md"
    text = guide.read_text(encoding="utf-8")
    marker = text.index("<!-- The curator's to edit")
    block = re.compile(r"```yaml\n.*?```", re.DOTALL).search(text, marker)
    assert block is not None
    text = text[: block.start()] + f"```yaml\n{example}```" + text[block.end() :]
    text = re.sub(r" --tag [a-z0-9-]+", "", text)
    for old in sorted((t.id for t in first.themes), key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", theme, text)
    text = re.sub(r"unknown theme '[a-z0-9-]+'", f"unknown theme '{theme[:-1]}'", text)
    guide.write_text(text, encoding="utf-8")
    # 5. Issue form: the themes dropdown.
    form = project / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
    text = form.read_text(encoding="utf-8")
    options = "".join(f"        - {t['title']} ({t['id']})\n" for t in fork["themes"])
    text = re.sub(r"(      options:\n)(?:        - .*\n)+", lambda m: m[1] + options, text, count=1)
    form.write_text(text, encoding="utf-8")
    # 6. README: the first catalog's paragraph and the example entry.
    readme = project / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = re.sub(
        r"The first catalog is \*\*.*?\n\n", f"This catalog is **{fork['catalog']['title']}**.\n\n", text, count=1, flags=re.DOTALL
    )
    start, end = _section(text, "## Adding a paper\n")
    body = re.sub(r"```yaml\n.*?```", lambda _: f"```yaml\n{example}```", text[start:end], count=1, flags=re.DOTALL)
    readme.write_text(text[:start] + body + text[end:], encoding="utf-8")


def test_the_fork_checklist_gives_a_green_strict_build_naming_nothing_of_the_first_catalog(tmp_path: Path) -> None:
    project = tmp_path / "fork"
    shutil.copytree(ROOT, project, ignore=_ignore)
    follow_the_checklist(project)

    # 8. Check: the catalog, the tests of the repository's files against it, and a strict build.
    for args in (["-m", "generator", "validate"], ["-m", "generator", "fmt", "--check", "papers.yaml"]):
        done = _run(project, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    checks = _run(
        project,
        *("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_docs_examples.py", "tests/test_schema.py"),
        *(
            "tests/test_workflows.py::test_issue_form_lists_exactly_the_themes_of_papers_yaml",
            "tests/test_validate.py::test_real_catalog_is_valid",
        ),
    )
    assert checks.returncode == 0, checks.stdout[-3000:] + checks.stderr[-2000:]
    for args in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        done = _run(project, *args)
        assert done.returncode == 0, done.stdout + done.stderr

    built = project / "site"
    fork = site.load_catalog(project / "papers.yaml")
    home = (built / "index.html").read_text(encoding="utf-8")
    assert f"<title>{html.escape(fork.info.title, quote=False)}</title>" in home
    assert not (built / "benchmarks" / "index.html").is_file() or "benchmarks/" not in home, "Benchmarks left the navigation"

    first = site.load_catalog(FIRST_CATALOG)
    names = {first.info.title, first.info.curator, *(t.title for t in first.themes), *(p.title for p in first.papers)} - {fork.info.title}
    wanted = {name.casefold() for name in names} | {html.escape(name).casefold() for name in names}
    found = []
    for path in sorted(built.rglob("*")):
        if path.suffix in {".html", ".xml", ".json", ".bib", ".ris", ".txt", ".js", ".svg"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").casefold()
            found += [(str(path.relative_to(built)), name) for name in wanted if name in text]
    assert not found, found[:20]
