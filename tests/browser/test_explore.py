"""The Explore page in chromium: search, filters, sorting, the view in the URL, and no JavaScript.

On the first catalog (tests/fixtures/first): the searches and filters here name its words, authors and themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from bench import synthetic
from generator import explore, search_index, site
from generator.model import Catalog, Paper
from tests.browser.conftest import DESKTOP, PHONE, OpenPage, assert_clean
from tests.sitebuild import FIRST, build, serve

pytestmark = pytest.mark.browser


@cache
def catalog() -> Catalog:
    """The frozen first catalog: these tests search its real titles, authors and abstracts."""
    return site.load_catalog(FIRST)


@pytest.fixture(scope="session")
def site_url(first_site_url: str) -> str:
    """The pages open on the first catalog's site (tests/fixtures/first), whatever papers.yaml holds."""
    return first_site_url


def words(paper: Paper) -> set[str]:
    return set(search_index.fold(f"{paper.title} {' '.join(paper.authors)} {paper.abstract}").split())


def open_explore(page: Page, query: str = "") -> Page:
    """The page with both shards of the index loaded (titles, authors and tags answer first; abstracts next)."""
    page.goto("explore/" + query)
    page.wait_for_selector("[data-explore-state=ready][data-explore-body=ready]")
    return page


def shown(page: Page) -> list[Paper]:
    """The papers listed, in order (each row's data-ref is its position in papers.yaml)."""
    refs = page.eval_on_selector_all(".explore-row:not([hidden])", "rows => rows.map(r => r.dataset.ref)")
    return [catalog().papers[int(ref)] for ref in refs]


def field(page: Page, label: str) -> Locator:
    """A control of the Explore form by its label (Material's nav has a "Themes" label too)."""
    name = re.compile(rf"^{re.escape(label)}( \(\d+\))?$")  # "Has code (30)"
    return page.locator("form.explore-controls").get_by_label(name)


def count(page: Page) -> str:
    return page.locator(".explore-count").inner_text()


def slugs(papers: list[Paper] | tuple[Paper, ...]) -> list[str]:
    return [p.slug for p in papers]


def test_state_space_finds_the_ssm_papers_first(page: Page) -> None:
    open_explore(page)
    field(page, "Search titles, authors, abstracts and tags").fill("state space")
    in_title = {p.slug for p in catalog().papers if {"state", "space"} <= set(search_index.fold(p.title).split())}
    assert len(in_title) >= 4
    results = shown(page)
    assert results[0].title.startswith("A Survey on Structured State Space Sequence (S4) Models")
    assert set(slugs(results[: len(in_title)])) == in_title, "papers with both words in the title come first"
    assert count(page) == f"{len(results)} papers match"
    assert "search=state+space" in page.url
    assert_clean(page)


@pytest.mark.parametrize("author", ["Ali Behrouz", "Albert Gu", "Tian Xie"])
def test_an_authors_name_finds_their_papers(page: Page, author: str) -> None:
    theirs = [p for p in catalog().papers if author in p.authors]
    assert theirs
    open_explore(page)
    field(page, "Search titles, authors, abstracts and tags").fill(author)
    results = shown(page)
    assert set(slugs(results[: len(theirs)])) == set(slugs(theirs))


def test_a_tag_name_finds_the_tagged_papers(page: Page) -> None:
    tagged = [p for p in catalog().papers if "mixture-of-experts" in p.tags]
    open_explore(page, "?search=mixture+of+experts")
    results = shown(page)
    assert set(slugs(results[: len(tagged)])) == set(slugs(tagged))


def test_every_word_must_match(page: Page) -> None:
    """Each word matches itself, longer words and words sharing its stem ("diffusion" → "diffus*")."""
    open_explore(page, "?search=diffusion+crystal")
    both = {p.slug for p in catalog().papers if {"diffusion", "crystal"} <= words(p) | _tag_words(p)}
    assert both
    assert set(slugs(shown(page))) >= both
    for paper in shown(page):
        text = words(paper) | _tag_words(paper)
        assert any(w.startswith("diffus") for w in text)
        assert any(w.startswith("crystal") for w in text)


def _tag_words(paper: Paper) -> set[str]:
    return set(search_index.fold(" ".join(catalog().tag_by_id[t].title for t in paper.tags)).split())


def test_filters_show_exactly_the_matching_papers(page: Page) -> None:
    cat = catalog()
    open_explore(page)
    field(page, "Theme").select_option("state-space-models")
    assert slugs(shown(page)) == slugs(cat.papers_by_theme["state-space-models"])
    assert count(page) == f"{len(cat.papers_by_theme['state-space-models'])} papers match"

    field(page, "Theme").select_option("")
    field(page, "Year").select_option("2023")
    assert slugs(shown(page)) == slugs([p for p in cat.newest_first if p.year == 2023])

    field(page, "Has code").check()
    both = [p for p in cat.newest_first if p.year == 2023 and p.code]
    assert slugs(shown(page)) == slugs(both)
    assert page.url.endswith("explore/?year=2023&code=1")

    field(page, "Year").select_option("")
    field(page, "Tag").select_option("ssm")
    assert slugs(shown(page)) == slugs([p for p in cat.newest_first if "ssm" in p.tags and p.code])

    page.locator("form.explore-controls").get_by_role("button", name="Clear").click()
    assert len(shown(page)) == len(cat.papers)
    assert count(page) == f"{len(cat.papers)} papers"
    assert page.url.endswith("/explore/")
    assert_clean(page)


def test_venue_filter_and_sorting(page: Page) -> None:
    cat = catalog()
    open_explore(page)
    field(page, "Venue").select_option("ICLR")
    iclr = [p for p in cat.newest_first if p.venue and explore.venue_name(p.venue) == "ICLR"]
    assert len(iclr) > 2
    assert slugs(shown(page)) == slugs(iclr)

    field(page, "Sort by").select_option("title")
    assert slugs(shown(page)) == slugs(sorted(iclr, key=lambda p: (search_index.fold(p.title), p.index)))
    field(page, "Sort by").select_option("year")
    years = [p.year for p in shown(page)]
    assert years == sorted(years, reverse=True)
    assert "sort=year" in page.url


def test_the_view_is_restored_from_the_url(page: Page) -> None:
    cat = catalog()
    open_explore(page, "?search=learning&theme=continual-learning&code=1&sort=title")
    expect(field(page, "Search titles, authors, abstracts and tags")).to_have_value("learning")
    expect(field(page, "Theme")).to_have_value("continual-learning")
    expect(field(page, "Has code")).to_be_checked()
    expect(field(page, "Sort by")).to_have_value("title")
    expected = [
        p for p in cat.papers_by_theme["continual-learning"] if p.code and any(w.startswith("learn") for w in words(p) | _tag_words(p))
    ]
    assert expected
    assert slugs(shown(page)) == slugs(sorted(expected, key=lambda p: (search_index.fold(p.title), p.index)))
    # Material opens its own search dialog for ?q=; ours must not.
    expect(page.locator("[data-md-toggle=search]")).not_to_be_checked()


def test_unknown_values_in_the_url_are_ignored(page: Page) -> None:
    open_explore(page, "?theme=no-such-theme&year=1066&sort=sideways")
    assert len(shown(page)) == len(catalog().papers)
    expect(field(page, "Theme")).to_have_value("")
    assert_clean(page)


def test_the_list_narrows_as_you_type(page: Page) -> None:
    open_explore(page)
    box = field(page, "Search titles, authors, abstracts and tags")
    box.focus()
    counts = [len(shown(page))]
    for char in "state space":
        page.keyboard.type(char)
        counts.append(len(shown(page)))
    assert counts[0] == len(catalog().papers)
    assert counts == sorted(counts, reverse=True), counts
    assert counts[-1] < counts[3] < counts[0]


def test_links_open_the_paper_page(page: Page) -> None:
    open_explore(page, "?search=titans")
    first = shown(page)[0]
    assert first.title.startswith("Titans")
    page.locator(".explore-row:not([hidden]) .explore-row__title a").first.click()
    page.wait_for_url(f"**/papers/{first.slug}/")
    page.go_back()
    page.wait_for_selector("[data-explore-state=ready][data-explore-body=ready]")
    assert shown(page)[0] == first
    expect(field(page, "Search titles, authors, abstracts and tags")).to_have_value("titans")
    assert_clean(page)


def test_a_typed_query_and_a_click_open_the_paper(page: Page) -> None:
    """Typed, then clicked: the box's "change" on losing focus must not redraw the list under the pointer."""
    open_explore(page)
    field(page, "Search titles, authors, abstracts and tags").press_sequentially("titans")
    first = shown(page)[0]
    assert first.title.startswith("Titans")
    page.locator(".explore-row:not([hidden]) .explore-row__title a").first.click()
    page.wait_for_url(f"**/papers/{first.slug}/")


def test_instant_navigation_sets_the_page_up(page: Page) -> None:
    """Reached by a click under Material's instant navigation, the page still searches."""
    page.goto("")
    page.get_by_role("link", name="Explore", exact=True).first.click()
    page.wait_for_selector("[data-explore-state=ready][data-explore-body=ready]")
    field(page, "Search titles, authors, abstracts and tags").fill("s4")
    assert shown(page)[0].title.startswith("A Survey on Structured State Space")
    assert_clean(page)


def test_without_javascript_every_paper_is_listed(open_page: OpenPage) -> None:
    page = open_page(java_script_enabled=False)
    page.goto("explore/")
    rows = page.locator(".explore-row")
    assert rows.count() == len(catalog().papers)
    assert page.locator(".explore-row:visible").count() == len(catalog().papers)
    expect(page.locator("form.explore-controls")).to_be_hidden()
    first = catalog().newest_first[0]
    expect(rows.first.locator("a").first).to_have_attribute("href", f"../papers/{first.slug}/")


def test_keyboard_only(page: Page) -> None:
    open_explore(page)
    field(page, "Search titles, authors, abstracts and tags").focus()
    page.keyboard.type("diffusion")
    page.keyboard.press("Tab")
    expect(field(page, "Theme")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(field(page, "Has code")).to_be_focused()
    page.keyboard.press("Space")
    assert all(p.code for p in shown(page))
    assert re.fullmatch(r"\d+ papers? match", count(page))


def test_screenshots(open_page: OpenPage, artifacts: Path) -> None:
    for name, viewport in (("1280", {"width": 1280, "height": 1000}), ("390", PHONE)):
        page = open_page(viewport=viewport)
        open_explore(page)
        page.screenshot(path=artifacts / f"explore-{name}.png")
        field(page, "Search titles, authors, abstracts and tags").fill("state space")
        page.screenshot(path=artifacts / f"explore-{name}-search.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_clean(page)


def test_titles_answer_before_the_abstracts_arrive(page: Page) -> None:
    """The head shard answers first; the abstracts' matches join when the body shard arrives."""
    held: list[Route] = []
    page.route("**/explore/search-body.json", lambda route: held.append(route))
    page.goto("explore/?search=memory")
    page.wait_for_selector("[data-explore-state=ready]")
    in_title = [p for p in catalog().papers if any(w.startswith("memor") for w in _head_words(p))]
    anywhere = [p for p in catalog().papers if any(w.startswith("memor") for w in words(p) | _head_words(p))]
    assert in_title and len(anywhere) > len(in_title)
    assert set(slugs(shown(page))) == set(slugs(in_title))
    assert count(page) == f"{len(in_title)} papers match so far (searching the abstracts…)"
    # Only the rows the page came with have a teaser yet (kept as served, so the list does not jump).
    served = {p.slug for p in catalog().newest_first[: explore.SHOWN]}
    assert page.locator(".explore-row__teaser").count() == len([s for s in slugs(shown(page)) if s in served])
    page.wait_for_timeout(200)
    assert held, "the body shard was asked for"
    held[0].continue_()
    page.wait_for_selector("[data-explore-body=ready]")
    results = shown(page)
    assert set(slugs(results)) == set(slugs(anywhere))
    assert set(slugs(results[: len(in_title)])) == set(slugs(in_title)), "title matches stay first"
    assert count(page) == f"{len(anywhere)} papers match"
    assert page.locator(".explore-row__teaser").count() == len(anywhere)
    assert_clean(page)


def _head_words(paper: Paper) -> set[str]:
    return (
        set(search_index.fold(f"{paper.title} {' '.join(paper.authors)}").split())
        | _tag_words(paper)
        | set(search_index.fold(" ".join(paper.tags)).split())
    )


@pytest.fixture(scope="module")
def large_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A synthetic catalog with more papers than one page of rows."""
    folder = tmp_path_factory.mktemp("explore-large")
    built = build(folder / "site", synthetic.write(folder / "papers.yaml", LARGE, real=FIRST))
    with serve(built.site) as url:
        yield url


LARGE = explore.SHOWN + 30


def test_a_large_catalog_shows_a_page_of_rows_then_more(browser: Browser, large_url: str) -> None:
    context = browser.new_context(base_url=large_url, viewport=DESKTOP, service_workers="block")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        open_explore(page)
        rows = page.locator(".explore-row")
        expect(rows).to_have_count(explore.SHOWN)
        assert count(page) == f"{LARGE} papers"
        more = page.get_by_role("button", name="Show 30 more of 30")
        more.click()
        expect(rows).to_have_count(LARGE)
        expect(rows.nth(explore.SHOWN).locator("a").first).to_be_focused()
        expect(more).to_be_hidden()
        field(page, "Search titles, authors, abstracts and tags").fill("memory")
        n = int(count(page).split()[0])
        assert n > 0
        expect(rows).to_have_count(min(n, explore.SHOWN))
        expect(page.locator(".explore-row__teaser")).to_have_count(min(n, explore.SHOWN))
    finally:
        context.close()


def test_a_large_catalog_without_javascript(browser: Browser, large_url: str) -> None:
    context = browser.new_context(base_url=large_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("explore/")
        expect(page.locator(".explore-row:visible")).to_have_count(explore.SHOWN)
        note = page.locator(".explore-note")
        expect(note).to_contain_text(f"The {explore.SHOWN} newest of the {LARGE} papers")
        note.get_by_role("link").first.click()
        page.wait_for_url("**/themes/*/")
    finally:
        context.close()


def test_the_rows_and_index_load_after_the_first_paint_unless_the_url_holds_a_view(page: Page) -> None:
    """The page comes with the newest rows: the megabytes of rows and index (on a large catalog)
    must not hold back its first paint. A view in the URL is answered from them: fetched at once."""
    started = """name => {
        const entry = performance.getEntriesByType('resource').find(e => e.name.endsWith(name));
        return entry ? entry.startTime : null;
    }"""
    page.goto("explore/")
    page.wait_for_selector("[data-explore-state=ready]")
    painted = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    for name in ("/rows.json", "/search-index.json"):
        assert page.evaluate(started, name) >= painted, f"{name} was fetched before the first paint"
    assert not page.locator('link[rel="preload"][as="fetch"]').count()

    page.goto("explore/?search=state+space")
    page.wait_for_selector("[data-explore-state=ready]")
    preloaded = page.eval_on_selector_all('link[rel="preload"][as="fetch"]', "links => links.map(l => l.href.split('/').pop())")
    assert sorted(preloaded) == ["rows.json", "search-index.json"]
    assert page.locator(".explore-row").count() > 0
    assert_clean(page)
