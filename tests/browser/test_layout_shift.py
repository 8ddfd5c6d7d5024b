"""The Explore and Map pages do not jump while they load: cumulative layout shift, as Chromium reports it.

A PerformanceObserver records every layout-shift entry from the first paint until the page is
ready (the search index, rows and teasers in); their sum is the CLS that Lighthouse and Core Web
Vitals report (under 0.1 is "good").
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, OpenPage, assert_clean

pytestmark = [pytest.mark.slow, pytest.mark.browser]

OBSERVE = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""

READY = {
    "explore/": "document.querySelector('[data-explore]')?.dataset.exploreBody === 'ready'",
    "map/": "document.querySelector('[data-map]')?.dataset.mapState === 'ready'",
    "": "document.readyState === 'complete'",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("url", list(READY))
def test_the_page_does_not_jump_while_it_loads(open_page: OpenPage, url: str, viewport: dict[str, int]) -> None:
    page = open_page(viewport=viewport)
    page.add_init_script(OBSERVE)
    page.goto(url)
    page.wait_for_function(READY[url])
    page.wait_for_timeout(500)  # the frames after the last update
    shifts = page.evaluate("window.__shifts")
    assert sum(shifts) < 0.1, f"{url}: layout shifts {shifts}"
    assert_clean(page)
