"""The Map page in chromium: points, tooltips, links, highlight and filter in step with Explore, zoom."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator import mathtext, search_index, site
from generator.model import Catalog, Paper
from tests.browser.conftest import DESKTOP, PHONE, OpenPage, assert_clean
from tests.sitebuild import FIRST

pytestmark = pytest.mark.browser
POINTS = "svg.map-svg g.map-points > a"


@cache
def catalog() -> Catalog:
    """The frozen first catalog: these tests search its real titles, authors and abstracts."""
    return site.load_catalog(FIRST)


@pytest.fixture(scope="session")
def site_url(first_site_url: str) -> str:
    """The pages open on the first catalog's site (tests/fixtures/first), whatever papers.yaml holds."""
    return first_site_url


def open_map(page: Page, query: str = "", search_ready: bool = False) -> Page:
    page.goto("map/" + query)
    page.wait_for_selector("[data-map-state=ready]")
    if search_ready:
        # The index loads when the reader goes to the search box (or for a search in the URL).
        page.get_by_label("Highlight papers on").focus()
        page.wait_for_selector("[data-map-search=ready]")
    return page


def explore_answered_in_full(page: Page) -> None:
    """Explore's list once the abstracts are searched too: its first answer searches titles, authors and tags only."""
    page.wait_for_selector("[data-explore-body=ready]")
    expect(page.locator(".explore-count")).not_to_contain_text("so far")


def refs(page: Page, selector: str) -> set[int]:
    return {int(r) for r in page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.ref)")}


def uncovered(page: Page) -> Paper:
    """A paper whose point no other point covers, so the mouse reaches it."""
    ref = page.evaluate(
        """() => [...document.querySelectorAll('svg.map-svg g.map-points > a')].find(a => {
            const r = a.firstElementChild.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return hit && hit.closest('a') === a;
        }).dataset.ref"""
    )
    return catalog().papers[int(ref)]


def test_every_paper_is_a_point_and_screenshots(open_page: OpenPage, artifacts: Path) -> None:
    for scheme in ("light", "dark"):
        for name, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page = open_map(open_page(viewport=viewport, color_scheme=scheme))
            expect(page.locator(POINTS)).to_have_count(len(catalog().papers))
            expect(page.locator(".map-legend li")).to_have_count(len(catalog().themes))
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=artifacts / f"map-{name}-{scheme}.png", full_page=True)
            assert_clean(page)


def test_hovering_a_point_shows_its_paper_and_clicking_opens_it(page: Page) -> None:
    open_map(page)
    paper = uncovered(page)
    point = page.locator(f'{POINTS}[data-ref="{paper.index}"] circle')
    point.hover()
    tip = page.locator(".map-tip")
    expect(tip).to_be_visible()
    expect(tip.locator("strong")).to_have_text(mathtext.to_plain(paper.title))
    if paper.year:
        expect(tip).to_contain_text(str(paper.year))
    point.click()
    page.wait_for_url(f"**/papers/{paper.slug}/")
    assert_clean(page)


def test_points_are_links_reachable_by_keyboard(page: Page) -> None:
    open_map(page)
    first = page.locator(POINTS).first
    first.focus()
    expect(page.locator(".map-tip")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/papers/{catalog().papers[0].slug}/")


def test_a_query_highlights_what_explore_lists(open_page: OpenPage) -> None:
    page = open_map(open_page(), search_ready=True)
    page.get_by_label("Highlight papers on").fill("state space")
    in_title = {p.index for p in catalog().papers if {"state", "space"} <= set(search_index.fold(p.title).split())}
    assert len(in_title) >= 4
    hits = refs(page, f"{POINTS}.is-hit")
    assert in_title <= hits
    expect(page.locator(".map-count")).to_have_text(f"{len(hits)} papers match")
    assert page.url.endswith("map/?search=state+space")

    listing = open_page()
    listing.goto("explore/?search=state+space")
    explore_answered_in_full(listing)
    assert refs(listing, ".explore-row:not([hidden])") == hits
    assert_clean(page)
    assert_clean(listing)


def test_theme_filter_and_view_as_list_keep_the_state(page: Page) -> None:
    cat = catalog()
    open_map(page, search_ready=True)
    page.locator("form.map-controls").get_by_label("Theme").select_option("state-space-models")
    members = {p.index for p in cat.papers_by_theme["state-space-models"]}
    assert refs(page, f"{POINTS}:not(.is-out)") == members
    expect(page.locator(".map-count")).to_have_text(f"{len(members)} papers match")
    assert page.url.endswith("map/?theme=state-space-models")
    assert page.locator(f"{POINTS}.is-out").first.get_attribute("tabindex") == "-1"

    page.get_by_label("Highlight papers on").fill("mamba")
    hits = refs(page, f"{POINTS}.is-hit")
    assert hits and hits <= members
    page.get_by_role("link", name="View as list").click()
    page.wait_for_url("**/explore/?search=mamba&theme=state-space-models")
    explore_answered_in_full(page)
    assert refs(page, ".explore-row:not([hidden])") == hits
    assert_clean(page)


def test_the_url_restores_the_view(page: Page) -> None:
    open_map(page, "?search=diffusion&theme=generative-science", search_ready=True)
    expect(page.get_by_label("Highlight papers on")).to_have_value("diffusion")
    members = {p.index for p in catalog().papers_by_theme["generative-science"]}
    assert refs(page, f"{POINTS}:not(.is-out)") == members
    assert refs(page, f"{POINTS}.is-hit") <= members
    assert page.get_by_role("link", name="View as list").get_attribute("href") == "../explore/?search=diffusion&theme=generative-science"


def test_zoom_buttons_and_wheel(page: Page) -> None:
    open_map(page)
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-map-zoom", "1")
    page.get_by_role("button", name="Zoom in").click()
    expect(root).to_have_attribute("data-map-zoom", "1.6")
    page.get_by_role("button", name="Reset").click()
    expect(root).to_have_attribute("data-map-zoom", "1")
    box = page.locator("svg.map-svg").bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function("Number(document.querySelector('[data-map]').dataset.mapZoom) > 1")
    assert_clean(page)


def test_without_javascript_the_map_is_a_picture_with_links(open_page: OpenPage) -> None:
    page = open_page(java_script_enabled=False)
    page.goto("map/")
    expect(page.locator(POINTS)).to_have_count(len(catalog().papers))
    expect(page.locator("form.map-controls")).to_be_hidden()
    expect(page.locator(f"{POINTS} title").first).to_have_text(mathtext.to_plain(catalog().papers[0].title))


def test_on_touch_the_first_tap_shows_the_paper_and_the_second_opens_it(open_page: OpenPage) -> None:
    page = open_map(open_page(viewport=PHONE, has_touch=True, is_mobile=True))
    paper = uncovered(page)
    point = page.locator(f'{POINTS}[data-ref="{paper.index}"] circle')
    point.tap()
    tip = page.locator(".map-tip")
    expect(tip).to_be_visible()
    expect(tip.locator("strong")).to_have_text(mathtext.to_plain(paper.title))
    assert page.url.endswith("/map/")
    point.tap()
    page.wait_for_url(f"**/papers/{paper.slug}/")
    assert_clean(page)


def test_theme_labels_are_drawn_apart_without_hovering(open_page: OpenPage) -> None:
    for viewport in (DESKTOP, PHONE):
        page = open_map(open_page(viewport=viewport))
        boxes = page.eval_on_selector_all(
            "svg.map-svg .map-labels text",
            """texts => texts.map(t => { const b = t.getBBox(); const r = t.getBoundingClientRect();
                return { text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height, room: Number(t.dataset.w),
                         shown: r.width > 0 && getComputedStyle(t).visibility === 'visible' }; })""",
        )
        assert len(boxes) >= min(3, len(catalog().themes))
        titles = {t.title for t in catalog().themes}
        for box in boxes:
            assert box["shown"], box
            assert box["w"] <= box["room"], f"{box['text']!r} is wider than the room map_layout gave it"
            assert any(title.startswith(box["text"].rstrip("…")) for title in titles)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
                assert apart, (a["text"], b["text"])
