"""``make serve`` while papers.yaml has a problem: the last good site stays up, and shows the problem.

The hook used to raise, so MkDocs' rebuild failed and its server held back every request until
papers.yaml was fixed (issue #13, attack 6). A real ``mkdocs serve --strict`` runs here.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import site
from tests.sitebuild import ROOT, copy_project, http_get, mkdocs_serve, run

pytestmark = pytest.mark.slow
SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
BANNER = "papers.yaml has problems: the site shows the last good pages until they are fixed"


def test_a_broken_catalog_keeps_the_last_good_site_and_shows_the_problem(tmp_path: Path) -> None:
    papers = copy_project(tmp_path, SMALL)
    assert run(["-m", "generator", "build"], tmp_path).returncode == 0
    catalog = site.load_catalog(papers)
    paper = catalog.papers[0]
    good = papers.read_text(encoding="utf-8")
    year_line = f"    year: {paper.year}\n"
    assert year_line in good
    broken = good.replace(year_line, "    year: TBD\n", 1)
    line = good[: good.index(year_line)].count("\n") + 1

    with mkdocs_serve(tmp_path) as served:
        paper_url = served.base + f"papers/{paper.slug}/"
        assert paper.title.split(":")[0] in (http_get(paper_url) or "")

        papers.write_text(broken, encoding="utf-8")
        served.wait_for(served.base, BANNER)
        home = http_get(served.base) or ""
        assert f"papers.yaml:{line}:11: papers[0].year: expected a whole number, got &#x27;TBD&#x27;" in home
        # Every page still answers at once, with the last good content.
        started = time.monotonic()
        page = http_get(paper_url) or ""
        assert time.monotonic() - started < 5
        assert paper.title.split(":")[0] in page
        assert "papers.yaml has problems; the site shows the last good pages" in served.log.read_text(encoding="utf-8")

        papers.write_text(good.replace(paper.abstract.split()[0], "Fixedword", 1), encoding="utf-8")
        served.wait_for(paper_url, "Fixedword")
        served.wait_for(served.base, "</html>")
        assert BANNER not in (http_get(served.base) or "")
        assert served.process.poll() is None
