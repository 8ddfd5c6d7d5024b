"""A catalog full of attacks, built and opened in a real browser: nothing from the data runs.

Every payload in tests/fixtures/hostile/hostile.yaml that could run would open a dialog, log a
console message containing PLANTED, or request a resource from evil.example. None may happen, on
any page, through Material's search or through the Explore page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator import site
from tests.browser.conftest import DESKTOP, _problems, _watch, assert_clean
from tests.sitebuild import ROOT, build, serve

pytestmark = pytest.mark.browser
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile.yaml"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    built = build(tmp_path_factory.mktemp("hostile"), HOSTILE)
    with serve(built.site) as url:
        yield url


@pytest.fixture
def hostile_page(browser: Browser, hostile_url: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(base_url=hostile_url, viewport=DESKTOP, service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    _watch(page)
    dialogs: list[str] = []

    def on_dialog(dialog: object) -> None:
        dialogs.append(getattr(dialog, "message", "?"))
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    yield page, dialogs
    _problems.pop(page, None)
    context.close()


def pages() -> list[str]:
    catalog = site.load_catalog(HOSTILE)
    return [
        "",
        "tags/",
        "explore/",
        "updates/",
        *(f"themes/{t.id}/" for t in catalog.themes),
        *(f"papers/{p.slug}/" for p in catalog.papers),
    ]


def test_no_payload_runs_on_any_page(hostile_page: tuple[Page, list[str]]) -> None:
    page, dialogs = hostile_page
    for url in pages():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        # Hovering and focusing everything triggers any planted event handler.
        for element in page.locator("article a, article span, .md-typeset a").all()[:40]:
            if element.is_visible():
                element.hover()
        assert not dialogs, f"{url}: a dialog opened: {dialogs}"
        assert_clean(page)
        inline = page.evaluate(
            "[...document.querySelectorAll('script:not([src]):not([type=\"application/ld+json\"])')].map(s => s.textContent).join()"
        )
        assert "PLANTED" not in inline and "alert(" not in inline, url
        # The paper's JSON-LD carries the title as data: JSON that parses, with no '<' that could end the script.
        for data in page.evaluate("[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => s.textContent)"):
            assert "<" not in data, url
            json.loads(data)


def test_hostile_text_is_shown_as_text(hostile_page: tuple[Page, list[str]]) -> None:
    page, _ = hostile_page
    catalog = site.load_catalog(HOSTILE)
    paper = catalog.papers[0]
    page.goto(f"papers/{paper.slug}/")
    assert page.locator("article h1").inner_text().startswith('<script>alert("PLANTED paper title")</script>')
    assert page.title().startswith("<script>alert(")
    assert '<img src="https://evil.example/author.png">' in page.locator(".catalog-paper__authors").inner_text()
    abstract = page.locator(".catalog-paper__abstract")
    assert '<script>console.error("PLANTED abstract")</script>' in abstract.inner_text()
    assert abstract.locator("math").count() == 2
    assert page.locator("article script, article img, article iframe, article svg:not(.md-icon svg)").count() == 0
    assert_clean(page)


def test_search_results_show_hostile_titles_as_text(hostile_page: tuple[Page, list[str]]) -> None:
    page, dialogs = hostile_page
    page.goto("")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material searches on keyup (and again once its worker is ready), so type rather than fill.
    page.locator("input.md-search__input").press_sequentially("paper title")
    # The header box lists matching papers first (docs/assets/header-search.js), then Material's other pages.
    page.locator(".catalog-hsearch__link").first.wait_for(timeout=20_000)
    results = page.locator(".md-search-result")
    assert "PLANTED paper title" in results.inner_text()
    assert results.locator("script, img, iframe, svg[onload]").count() == 0
    page.goto("explore/?search=planted")
    page.wait_for_load_state("networkidle")
    assert not dialogs
    assert_clean(page)


def test_fixture_really_is_hostile() -> None:
    """The payloads are in the data as written (a fixture the validator cleaned would prove nothing)."""
    text = Path(HOSTILE).read_text(encoding="utf-8")
    for payload in ("<script>", "onerror=", "javascript:", "evil.example", "{{ config", "</title>"):
        assert payload in text
