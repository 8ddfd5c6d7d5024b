"""The home page's first screen shows papers; text reads evenly on a phone."""

from __future__ import annotations

import pytest

from generator import site
from tests.browser.conftest import OpenPage, assert_clean
from tests.sitebuild import CATALOG

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCREENS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_newest_paper_is_on_the_first_screen(open_page: OpenPage, screen: str) -> None:
    viewport = SCREENS[screen]
    page = open_page(viewport=viewport, is_mobile=screen == "phone", has_touch=screen == "phone")
    page.goto("./")
    card = page.locator(".catalog-card").first
    box = card.bounding_box()
    assert box is not None
    assert box["y"] + 40 < viewport["height"], f"the first card starts at {box['y']:.0f}px"
    newest = site.load_catalog(CATALOG).newest_first[0]
    assert (card.locator(".catalog-card__title a").get_attribute("href") or "").endswith(f"papers/{newest.slug}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_clean(page)


def test_abstracts_are_not_justified_on_a_phone(open_page: OpenPage) -> None:
    paper = site.load_catalog(CATALOG).papers[0]
    align = {}
    for screen in SCREENS:
        page = open_page(viewport=SCREENS[screen])
        page.goto(f"papers/{paper.slug}/")
        align[screen] = page.locator(".catalog-paper__abstract p").last.evaluate("p => getComputedStyle(p).textAlign")
    assert align["phone"] in ("start", "left")
    assert align["laptop"] == "justify"
