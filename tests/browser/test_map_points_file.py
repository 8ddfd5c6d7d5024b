"""A large catalog's Map in chromium: its points come from map/points.svg, drawn a slice at a time.

Above ``catalog_map.INLINE_MAX`` papers the points leave the page for points.svg, which map.js
fetches once the page is painted and draws in slices. A catalog is rendered here with
``INLINE_MAX`` lowered below its size (a synthetic catalog of several slices), the Map page and the Explore index written as the generator
writes them, and served on 127.0.0.1 with the site's own scripts (no MkDocs build: the page's
scripts run without Material, as they do on Zensical's site).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from functools import cache

import pytest
from playwright.sync_api import Page, expect

from generator import catalog_map, config, explore, mathtext, search_index, site
from generator.loader import load_text
from generator.model import Catalog
from generator.render import Renderer
from generator.validate import validate
from tests import synthetic
from tests.browser.conftest import OpenPage, assert_clean
from tests.sitebuild import ROOT, serve

pytestmark = pytest.mark.browser
POINTS = "svg.map-svg g.map-points a"


# More papers than map.js draws in one slice (SLICE), so that the points arrive in several.
PAPERS = 1000


@cache
def catalog() -> Catalog:
    """The first catalog's papers copied and perturbed (tests/synthetic.py), PAPERS of them."""
    return validate(load_text(synthetic.papers_yaml(PAPERS), "synthetic.yaml"))


def html_of(markdown: str) -> str:
    """The page's HTML: its Markdown is one HTML block after the front matter."""
    return re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("map-points-file")
    patch = pytest.MonkeyPatch()
    patch.setattr(catalog_map, "INLINE_MAX", PAPERS - 1)
    try:
        renderer = Renderer(catalog(), config.read(ROOT / "mkdocs.yml"), site.analyse(catalog()))
        files = catalog_map.files(renderer, renderer.map_layout)
        files |= explore.files(renderer, search_index.packed_shards(catalog()), explore.lunr_js())
    finally:
        patch.undo()
    assert catalog_map.POINTS in files
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "assets").mkdir()
    for asset in ("catalog-search.js", "map.js", "map.css"):
        shutil.copy(ROOT / "docs" / "assets" / asset, root / "assets" / asset)
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Map</title>'
        '<link rel="stylesheet" href="../assets/map.css"></head><body>'
        f"{html_of(files[catalog_map.PAGE])}"
        '<script src="../assets/catalog-search.js"></script><script src="../assets/map.js"></script></body></html>'
    )
    (root / "map" / "index.html").write_text(page, encoding="utf-8")
    with serve(root) as url:
        yield url


def open_map(page: Page, query: str = "") -> Page:
    page.goto("map/" + query)
    page.wait_for_selector("[data-map-state=ready]")
    return page


def test_every_paper_is_a_named_point_from_the_points_file(page: Page) -> None:
    cat = catalog()
    open_map(page)
    expect(page.locator(POINTS)).to_have_count(len(cat.papers))
    # In papers.yaml's order, each link named by its paper's title; no <title> left for the
    # browser's own tooltip to show over ours.
    labels = page.eval_on_selector_all(POINTS, "els => els.map(a => [a.dataset.ref, a.getAttribute('aria-label')])")
    assert [int(ref) for ref, _ in labels] == list(range(len(cat.papers)))
    for (_, label), paper in zip(labels, cat.papers, strict=True):
        assert label.startswith(mathtext.to_plain(paper.title))
    assert page.locator("svg.map-svg title").count() == 0
    # The theme labels of the file's frame are drawn too.
    assert page.locator("svg.map-svg .map-labels text").count() >= 1
    assert_clean(page)


def test_focus_shows_the_title_and_search_highlights_what_the_index_finds(page: Page) -> None:
    cat = catalog()
    open_map(page)
    last = cat.papers[-1]  # drawn in the last slice
    point = page.locator(f'{POINTS}[data-ref="{len(cat.papers) - 1}"]')
    point.focus()
    expect(page.locator(".map-tip strong")).to_have_text(mathtext.to_plain(last.title))
    # The map came without its search index: the search box asks for it.
    assert page.evaluate("() => performance.getEntriesByType('resource').filter(e => e.name.endsWith('search-index.json')).length") == 0
    page.get_by_label("Highlight papers on").focus()
    page.wait_for_selector("[data-map-search=ready]")
    page.get_by_label("Highlight papers on").fill("state space")
    in_title = {p.index for p in cat.papers if {"state", "space"} <= set(search_index.fold(p.title).split())}
    assert in_title
    hits = {int(r) for r in page.eval_on_selector_all(f"{POINTS}.is-hit", "els => els.map(e => e.dataset.ref)")}
    assert in_title <= hits
    expect(page.locator(".map-count")).to_have_text(f"{len(hits)} papers match")
    assert_clean(page)


def test_a_theme_in_the_url_filters_the_points_of_every_slice(open_page: OpenPage) -> None:
    cat = catalog()
    theme = cat.themes[0].id
    page = open_map(open_page(), f"?theme={theme}")
    members = {p.index for p in cat.papers_by_theme[theme]}
    shown = {int(r) for r in page.eval_on_selector_all(f"{POINTS}:not(.is-out)", "els => els.map(e => e.dataset.ref)")}
    assert shown == members
    assert_clean(page)
