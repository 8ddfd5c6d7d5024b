"""The Zensical build in chromium: Explore, the Map and a paper page work as they do in the MkDocs build.

A smoke test of the same site built by Material's successor (tests/test_links.py checks its links);
the MkDocs build has the full browser suite. Expectations come from the catalog under test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import Page, expect

from generator import mathtext, site
from generator.model import Catalog
from tests.browser.conftest import OpenPage, assert_clean
from tests.sitebuild import CATALOG

pytestmark = pytest.mark.browser


@cache
def catalog() -> Catalog:
    return site.load_catalog(CATALOG)


@pytest.fixture(scope="session")
def site_url(zensical_site_url: str) -> str:
    """Every page here opens on the Zensical build."""
    return zensical_site_url


def test_explore_searches_and_lists(page: Page) -> None:
    paper = catalog().newest_first[-1]
    title = mathtext.to_plain(paper.title)
    page.goto("explore/?search=" + quote_plus(title))
    page.wait_for_selector("[data-explore-state=ready][data-explore-body=ready]")
    first = page.locator(".explore-row:not([hidden])").first
    expect(first).to_have_attribute("data-ref", str(paper.index))
    expect(page.locator("#explore-search")).to_have_value(title)
    first.locator(".explore-row__title a").click()
    page.wait_for_url(f"**/papers/{paper.slug}/")
    assert_clean(page)


def test_the_map_shows_every_paper_and_a_point_opens_its_page(page: Page, artifacts: Path) -> None:
    page.goto("map/")
    page.wait_for_selector("[data-map-state=ready]")
    points = page.locator("svg.map-svg g.map-points > a")
    expect(points).to_have_count(len(catalog().papers))
    page.screenshot(path=artifacts / "zensical-map-1280.png", full_page=True)
    first = points.first
    first.focus()
    expect(page.locator(".map-tip")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/papers/{catalog().papers[0].slug}/")
    assert_clean(page)


def test_a_paper_page_has_its_facts_tags_math_and_bibtex_copy(open_page: OpenPage, artifacts: Path) -> None:
    paper = next((p for p in catalog().papers if "$" in (p.abstract or "") and p.tags), catalog().papers[0])
    for scheme in ("light", "dark"):
        page = open_page(color_scheme=scheme)
        page.goto(f"papers/{paper.slug}/")
        expect(page.locator("article.catalog-paper h1")).to_contain_text(mathtext.to_plain(paper.title)[:40])
        expect(page.locator("nav.md-tags a.md-tag")).to_have_count(len(paper.tags))
        if "$" in (paper.abstract or ""):
            expect(page.locator(".catalog-paper__abstract math").first).to_be_attached()
        expect(page.locator(".catalog-paper__cite pre code")).to_contain_text("@")
        expect(page.locator(".catalog-paper__cite [data-md-type=copy]")).to_have_count(1)  # the theme's copy button
        page.screenshot(path=artifacts / f"zensical-paper-1280-{scheme}.png", full_page=True)
        assert_clean(page)
    if not paper.tags:
        return  # a catalog without tags (a fork's): no chip to follow
    tag = page.locator("nav.md-tags a.md-tag").first
    tag.click()
    page.wait_for_url("**/tags/#tag:*")
    expect(page.locator(f"[id='{page.url.split('#', 1)[1]}']")).to_be_attached()
