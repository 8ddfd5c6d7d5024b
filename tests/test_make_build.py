"""``make build`` replaces site/ only when the strict MkDocs build succeeds (issue #13, attack 9).

MkDocs empties site/ and writes in place, so a failed ``--strict`` build used to leave site/ half
new. The real Makefile runs here, in a copy of the project, with this interpreter standing in for
the virtualenv's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, copy_project, env

pytestmark = pytest.mark.slow
SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def make_build(project: Path) -> subprocess.CompletedProcess[str]:
    venv = project / "venv-stand-in"
    venv.mkdir(exist_ok=True)
    (venv / ".site-installed").touch()  # newer than requirements/site.txt: make installs nothing
    return subprocess.run(
        ["make", "build", f"VENV={venv}", f"PY={sys.executable}", "ENGINE=mkdocs"],
        cwd=project,
        env=env(),
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_strict_build_leaves_the_previous_site_as_it_was(tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy_project(project, SMALL)
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    shutil.copytree(ROOT / "requirements", project / "requirements")
    os.utime(project / "requirements" / "site.txt", (0, 0))

    first = make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(project / "site")
    assert "about/index.html" in before

    # An edit that shows on the About page, and a link that makes the strict build fail.
    about = project / "docs" / "about.md"
    edited = about.read_text(encoding="utf-8") + "\n\nA SENTENCE OF THE FAILED BUILD.\n\n[broken](no-such-page.md)\n"
    about.write_text(edited, encoding="utf-8")
    failed = make_build(project)
    assert failed.returncode != 0
    assert "no-such-page.md" in failed.stdout + failed.stderr
    assert snapshot(project / "site") == before  # not one byte changed
    assert not (project / ".site-new").exists() and not (project / ".site-old").exists()

    about.write_text(about.read_text(encoding="utf-8").replace("[broken](no-such-page.md)", ""), encoding="utf-8")
    fixed = make_build(project)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "A SENTENCE OF THE FAILED BUILD." in (project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert not (project / ".site-new").exists() and not (project / ".site-old").exists()
