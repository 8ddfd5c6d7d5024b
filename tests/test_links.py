"""Every internal link and anchor of the built site resolves, at a domain root and under a sub-path, with either engine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import linkcheck
from tests.sitebuild import SiteBuild

pytestmark = pytest.mark.slow

BUILDS = ["real_site", "real_site_subpath", "zensical_site", "zensical_site_subpath"]


@pytest.mark.catalog  # the builds come through request.getfixturevalue, which conftest.py cannot see
@pytest.mark.parametrize("build", BUILDS)
def test_every_internal_link_and_anchor_resolves(build: str, request: pytest.FixtureRequest) -> None:
    built: SiteBuild = request.getfixturevalue(build)
    report = linkcheck.check(built.site, built.base, built.site_url)
    pages = len(list(built.site.rglob("*.html")))
    assert report.checked > 10 * pages  # each page has its navigation, and more
    assert not report.broken, f"{len(report.broken)} broken links ({built.engine}, under {built.base}):\n" + "\n".join(report.broken[:40])


def test_the_checker_finds_a_link_that_leaves_a_sub_path(tmp_path: Path) -> None:
    """A link that climbs above the site's root works at a domain root but not under /<repo>/."""
    site = tmp_path
    (site / "papers" / "x").mkdir(parents=True)
    (site / "about").mkdir()
    (site / "about" / "index.html").write_text('<h2 id="who">Who</h2>', encoding="utf-8")
    (site / "index.html").write_text('<a href="about/#who">About</a>', encoding="utf-8")
    (site / "papers" / "x" / "index.html").write_text(
        '<a href="../../../about/">About</a> <a href="../../about/#whom">Who</a> <a href="/about/">Root</a>', encoding="utf-8"
    )
    at_root = linkcheck.check(site, "/")
    assert [b.split(": ", 1)[1] for b in at_root.broken] == ["no anchor #whom on /about/"]
    under = linkcheck.check(site, "/repo/")
    assert sorted(b.split(": ", 1)[1].split(" (")[0] for b in under.broken) == [
        "leaves the site",
        "leaves the site",
        "no anchor #whom on /repo/about/",
    ]


@pytest.mark.catalog
@pytest.mark.parametrize("build", ["real_site", "zensical_site"])
def test_every_external_link_is_well_formed(build: str, request: pytest.FixtureRequest) -> None:
    built: SiteBuild = request.getfixturevalue(build)
    bad = []
    for page_path in linkcheck.html_pages(built.site):
        for _attr, link in linkcheck.parse(page_path).links:
            parts = urlsplit(link)
            # Material's search "share" button is the one javascript: link, from its own template.
            if (not parts.scheme and not parts.netloc) or link == "javascript:void(0)":
                continue
            if parts.scheme not in ("http", "https", "mailto") or (parts.scheme != "mailto" and not parts.netloc) or " " in link:
                bad.append(f"{page_path.relative_to(built.site)}: {link}")
    assert not bad, "\n".join(bad[:40])
