"""axe-core on every page type, in the light and the dark scheme: no violation from the project's own markup or CSS.

axe-core's axe.min.js comes from the axe-playwright-python wheel (pinned and hashed in
requirements/dev.txt); only its script is used. A violation's node belongs to Material when it
sits in Material's own chrome (header, tabs, sidebars, search dialog, footer, progress bar, its tag
list): those are not counted, but listed in test-artifacts/axe-material.txt for whoever works on
the theme; every other node (the generated pages, their CSS and scripts) must be clean.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from generator import site
from tests.browser.conftest import OpenPage
from tests.sitebuild import CATALOG

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MATERIAL_CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-progress, .md-tags, .md-top, .md-dialog, .md-skip"


@cache
def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def page_types() -> dict[str, str]:
    catalog = site.load_catalog(CATALOG)
    return {
        "home": "./",
        "theme": f"themes/{catalog.themes[0].id}/",
        "paper": f"papers/{catalog.papers[0].slug}/",
        "tags": "tags/",
        "explore": "explore/",
        "map": "map/",
        "updates": "updates/",
        "update": f"updates/{catalog.newest_first[0].added.isoformat()}/",
        "email": f"updates/{catalog.newest_first[0].added.isoformat()}/email/",  # an update's email digest
        "data": "data/",
    }


READY = {
    "explore": "document.querySelector('[data-explore]')?.dataset.exploreBody === 'ready'",
    "map": "document.querySelector('[data-map]')?.dataset.mapState === 'ready'",
}

CLASSIFY = """
([results, chrome]) => results.violations.flatMap(v => v.nodes.map(n => {
  const el = document.querySelector(n.target[0]);
  const material = !el || el === document.documentElement || !!el.closest(chrome);
  return { rule: v.id, target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary, material };
}))
"""


def violations(open_page: OpenPage, scheme: str, url: str, kind: str) -> list[dict[str, Any]]:
    page = open_page(color_scheme=scheme)
    page.goto(url)
    if kind in READY:
        page.wait_for_function(READY[kind])
    page.evaluate(axe_source())
    results = page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
    nodes: list[dict[str, Any]] = page.evaluate(CLASSIFY, [results, MATERIAL_CHROME])
    return nodes


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(page_types()))
def test_no_axe_violation_of_our_own(open_page: OpenPage, artifacts: Path, scheme: str, kind: str) -> None:
    nodes = violations(open_page, scheme, page_types()[kind], kind)
    with (artifacts / "axe-material.txt").open("a", encoding="utf-8") as listing:
        listing.writelines(f"{kind} {scheme} {n['rule']}: {n['target']}\n" for n in nodes if n["material"])
    ours = [n for n in nodes if not n["material"]]
    assert not ours, "\n".join(f"{n['rule']}: {n['target']}: {n['html']}\n    {n['summary']}" for n in ours[:15])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_search_results_pass_axe(open_page: OpenPage, scheme: str) -> None:
    page = open_page(color_scheme=scheme)
    page.goto("./")
    page.keyboard.press("/")
    query = site.load_catalog(CATALOG).papers[0].title.split()[0]
    page.fill('input[data-md-component="search-query"]', query)
    page.wait_for_function("document.querySelector('.catalog-hsearch')?.dataset.complete === '1'")
    # The search dialog fades in: the colours a reader reads are those after the transition.
    page.wait_for_function("document.getAnimations().every(a => a.effect?.getTiming().iterations === Infinity)")
    page.evaluate(axe_source())
    results = page.evaluate("axe.run('.catalog-hsearch', { resultTypes: ['violations'] })")
    nodes = [node for violation in results["violations"] for node in violation["nodes"]]
    assert not nodes, [(node["target"], node["failureSummary"]) for node in nodes]


def test_skip_links_take_the_keyboard_to_explores_search_and_results(open_page: OpenPage) -> None:
    page = open_page()
    page.goto("explore/")
    page.wait_for_function(READY["explore"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to search"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "explore-search"
    page.goto("about:blank")
    page.goto("explore/")
    page.wait_for_function(READY["explore"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to results"
    page.keyboard.press("Enter")
    first = site.load_catalog(CATALOG).newest_first[0]
    assert page.evaluate("document.activeElement.closest('.explore-row')?.dataset.ref") is not None
    assert (page.evaluate("document.activeElement.getAttribute('href')") or "").endswith(f"papers/{first.slug}/")
