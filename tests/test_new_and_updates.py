"""What's new: a page listing every addition date, newest first, and a page per date with its papers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import config, site
from tests.sitebuild import CATALOG, ROOT, SiteBuild, build

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


@cache
def small_files() -> Mapping[str, str | bytes]:
    """The small catalog's files for this project's mkdocs.yml, generated once (read-only)."""
    return MappingProxyType(site.generate(site.load_catalog(SMALL), config.read(ROOT / "mkdocs.yml")))


def test_index_lists_each_date_newest_first_with_counts() -> None:
    page = small_files()["updates/index.md"]
    dates = re.findall(r'href="([0-9-]+)/">(.*?)</a> <span class="catalog-count">(\d+) papers?</span>', page)
    assert dates == [("2025-05-22", "22 May 2025", "2"), ("2025-05-01", "1 May 2025", "1")]
    assert 'href="../feeds/all.xml"' in page


def test_each_date_page_has_that_days_papers_and_links_to_its_neighbours() -> None:
    files = small_files()
    pages = sorted(n for n in files if n.startswith("updates/") and "/email/" not in n)
    assert pages == ["updates/2025-05-01/index.md", "updates/2025-05-22/index.md", "updates/index.md"]
    # each date's email digest is a file of its own (the email itself), below its date, linked from the date's page
    emails = sorted(n for n in files if "/email/" in n)
    assert emails == ["updates/2025-05-01/email/index.html", "updates/2025-05-22/email/index.html"]
    newest = files["updates/2025-05-22/index.md"]
    assert newest.count('class="catalog-card"') == 2
    assert "Scalable Diffusion for Materials Generation" in newest and "PFGM++" in newest
    assert 'href="../2025-05-01/" rel="next"' in newest
    assert 'rel="prev"' not in newest
    assert 'href="email/">Read this update as an email</a>' in newest
    oldest = files["updates/2025-05-01/index.md"]
    assert oldest.count('class="catalog-card"') == 1
    assert "A Critical Review of Recurrent Neural Networks" in oldest
    assert 'href="../2025-05-22/" rel="prev"' in oldest
    assert 'rel="next"' not in oldest


def test_whats_new_is_in_the_nav_and_date_pages_are_not() -> None:
    nav = small_files()[".nav.yml"]
    assert '"What\'s new": "updates/index.md"' in nav
    assert "2025-05" not in nav
    assert '"Data and feeds": "data/index.md"' in nav
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "/updates/" in yaml.safe_load(mkdocs.replace("!ENV", ""))["not_in_nav"].split()


def test_home_page_links_whats_new_and_the_feed() -> None:
    home = small_files()["index.md"]
    assert 'href="updates/"' in home
    assert 'href="feeds/all.xml"' in home
    assert "Subscribe (Atom feed)" in home
    assert "email" in home


@pytest.mark.slow
def test_built_site_has_the_date_pages(real_site: SiteBuild) -> None:
    catalog = site.load_catalog(CATALOG)
    index = BeautifulSoup((real_site.site / "updates" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = index.select(".catalog-updates a")
    dates = sorted({p.added for p in catalog.papers}, reverse=True)
    assert [a["href"] for a in links] == [f"{d.isoformat()}/" for d in dates]
    for day in dates:
        page = BeautifulSoup((real_site.site / "updates" / day.isoformat() / "index.html").read_text(encoding="utf-8"), "html.parser")
        cards = page.select(".catalog-list .catalog-card__title a")
        assert len(cards) == sum(1 for p in catalog.papers if p.added == day)
    nav_links = {a.get("href") for a in index.select("nav.md-nav a")}
    assert not any(h and re.search(r"updates/\d{4}-", h) for h in nav_links)


@pytest.mark.slow
def test_several_dates_build_strictly(tmp_path: Path) -> None:
    built = build(tmp_path, SMALL)
    assert "WARNING" not in built.mkdocs_output
    page = BeautifulSoup((built.site / "updates" / "2025-05-01" / "index.html").read_text(encoding="utf-8"), "html.parser")
    newer = page.select_one("a.catalog-pager__newer")
    assert newer is not None and newer["href"] == "../2025-05-22/"
