"""Build a real site from a catalog file in a scratch folder: generator, then `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generated(folder: str, names: list[str]) -> list[str]:
    """What `python -m generator build` made in docs/ (links into docs/.gen): never copied."""
    if Path(folder) != ROOT / "docs":
        return []
    return [n for n in names if n == ".gen" or (Path(folder) / n).is_symlink()]


@dataclass(frozen=True)
class SiteBuild:
    root: Path  # a copy of the project: mkdocs.yml, docs/, overrides/, generator/
    papers: Path
    site: Path
    generator_output: str
    mkdocs_output: str

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["NO_MKDOCS_2_WARNING"] = "1"
    out["PYTHONPATH"] = str(ROOT)
    return out


def copy_project(dest: Path, papers: Path) -> Path:
    """A scratch copy of the project around ``papers``; returns the copied catalog's path."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "docs",
        dest / "docs",
        ignore=_generated,
    )
    target = dest / "papers.yaml"
    shutil.copy2(papers, target)
    return target


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env(), capture_output=True, text=True, check=False)


def build(dest: Path, papers: Path) -> SiteBuild:
    """Copy the project, generate the pages and build the site; fail loudly on any error."""
    catalog = copy_project(dest, papers)
    gen = run(["-m", "generator", "build"], dest)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    mk = run(["-m", "mkdocs", "build", "--strict"], dest)
    assert mk.returncode == 0, mk.stdout + mk.stderr
    return SiteBuild(root=dest, papers=catalog, site=dest / "site", generator_output=gen.stdout, mkdocs_output=mk.stderr)
