"""The header's search box finds papers (docs/assets/header-search.js), on the real catalog in Chromium.

Queries are made from papers.yaml: each paper's title words, its arXiv id, a surname few papers
share, and a title word with one letter dropped; the paper must be in the top 3.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest
from playwright.sync_api import Page

from generator import mathtext, search_index, site
from generator.model import Catalog, Paper
from tests.browser.conftest import OpenPage, assert_clean
from tests.sitebuild import CATALOG

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STOP = search_index.STOP_WORDS
BOX = 'input[data-md-component="search-query"]'


@cache
def real() -> Catalog:
    return site.load_catalog(CATALOG)


def words(text: str) -> list[str]:
    return [w for w in search_index.fold(mathtext.to_plain(text)).split() if w not in STOP]


def open_search(page: Page) -> None:
    page.goto("./")
    page.keyboard.press("/")
    page.locator(BOX).focus()


def top(page: Page, query: str, count: int = 3) -> list[str]:
    """The slugs of the first ``count`` papers the header box lists for ``query``, once every shard is in."""
    page.fill(BOX, query)
    page.wait_for_function(
        "q => { const box = document.querySelector('.catalog-hsearch');"
        " return box && box.dataset.query === q && box.dataset.complete === '1'; }",
        arg=query,
    )
    hrefs = page.eval_on_selector_all(".catalog-hsearch__link", "links => links.map(a => a.getAttribute('href'))")
    return [re.sub(r".*/papers/([^/]+)/?$", r"\1", href) for href in hrefs[:count]]


def test_title_words_find_each_paper(open_page: OpenPage) -> None:
    page = open_page()
    open_search(page)
    misses = []
    for paper in real().papers:
        query = " ".join(words(paper.title)[:4])
        if query and paper.slug not in top(page, query):
            misses.append((query, paper.slug))
    assert not misses
    assert_clean(page)


def test_arxiv_ids_find_their_paper_first(open_page: OpenPage) -> None:
    page = open_page()
    open_search(page)
    for paper in real().papers:
        if paper.arxiv:
            assert top(page, paper.arxiv, 1) == [paper.slug], paper.arxiv


def test_dois_find_their_paper_first(open_page: OpenPage) -> None:
    with_doi = [paper for paper in real().papers if paper.doi]
    if not with_doi:
        pytest.skip("no paper in this catalog has a DOI")
    page = open_page()
    open_search(page)
    for paper in with_doi:
        assert top(page, paper.doi or "", 1) == [paper.slug], paper.doi


def rare_surnames() -> list[tuple[str, Paper]]:
    """First authors' surnames that at most three papers' author lists contain."""
    counts: Counter[str] = Counter()
    for paper in real().papers:
        counts.update({w for name in paper.authors for w in search_index.fold(name).split()})
    out = []
    for paper in real().papers:
        if paper.authors:
            surname = search_index.fold(paper.authors[0]).split()[-1]
            if counts[surname] <= 3 and surname not in STOP and len(surname) >= 2:
                out.append((surname, paper))
    return out


def test_a_surname_finds_the_authors_paper(open_page: OpenPage) -> None:
    page = open_page()
    open_search(page)
    cases = rare_surnames()
    assert len(cases) >= 5
    misses = [(surname, paper.slug) for surname, paper in cases if paper.slug not in top(page, surname)]
    assert not misses


def typo_cases() -> list[tuple[str, str, Paper]]:
    """A distinctive title word (in no other title) with one inner letter dropped, if the result is no word's prefix."""
    vocabulary = {w for p in real().papers for w in words(p.title) + words(p.abstract) + words(" ".join(p.authors))}
    titles: Counter[str] = Counter(w for p in real().papers for w in set(words(p.title)))
    out = []
    for paper in real().papers:
        for word in words(paper.title):
            if len(word) >= 7 and word.isalpha() and titles[word] == 1:
                typo = word[:3] + word[4:]
                if not any(v.startswith(typo) for v in vocabulary):
                    out.append((typo, word, paper))
                    break
    return out


def test_a_one_letter_typo_still_finds_the_paper_and_says_did_you_mean(open_page: OpenPage) -> None:
    page = open_page()
    open_search(page)
    cases = typo_cases()
    assert len(cases) >= 5
    for typo, word, paper in cases[:15]:
        assert paper.slug in top(page, typo), (typo, paper.slug)
        assert page.locator(".catalog-hsearch__fix").text_content() == word


def test_papers_come_before_every_other_page_and_results_are_short(open_page: OpenPage) -> None:
    page = open_page()
    open_search(page)
    # A word in many titles and in the theme and tag pages: the listing pages must come after the papers.
    common = Counter(w for p in real().papers for w in set(words(p.title)) if len(w) > 3).most_common(1)[0][0]
    top(page, common)
    links = page.eval_on_selector_all(
        '[data-md-component="search-result"] a[href]', "links => links.filter(a => a.offsetParent !== null).map(a => a.href)"
    )
    papers = [i for i, href in enumerate(links) if "/papers/" in href]
    others = [i for i, href in enumerate(links) if "/papers/" not in href and not href.endswith("#") and "?search=" not in href]
    assert papers and (not others or max(papers) < min(others))
    for text in page.eval_on_selector_all(".catalog-hsearch__link", "links => links.map(a => a.innerText)"):
        title = text.split("\n")[0]
        assert not title.endswith(" new") and not title.endswith("NEW")
        assert len(text) < 600
    marks = page.eval_on_selector_all(".catalog-hsearch mark", "marks => marks.map(m => m.textContent.toLowerCase())")
    assert marks and all(m.startswith(common[:3]) for m in marks)


def test_all_words_before_some_words(open_page: OpenPage) -> None:
    page = open_page()
    open_search(page)
    paper = next(p for p in real().papers if len(words(p.title)) >= 3)
    first, second = words(paper.title)[:2]
    alone = Counter(w for p in real().papers for w in set(words(p.title) + words(p.abstract)))
    assert alone[first] >= 1
    found = top(page, f"{first} {second}", 50)
    all_words = [p.slug for p in real().papers if {first, second} <= set(words(p.title) + words(p.abstract) + words(" ".join(p.authors)))]
    assert found[0] in all_words
    assert paper.slug in found[: len(all_words) + 2]


def test_explore_and_the_header_agree_on_the_top_result(open_page: OpenPage) -> None:
    page = open_page()
    queries = [" ".join(words(p.title)[:2]) for p in real().papers[::7]]
    queries += [p.authors[0].split()[-1] for p in real().papers[::11] if p.authors]
    open_search(page)
    header = {q: top(page, q, 1) for q in queries}
    for query in queries:
        page.goto("explore/?search=" + query.replace(" ", "+"))
        page.wait_for_function("document.querySelector('[data-explore]').dataset.exploreBody === 'ready'")
        href = page.locator(".explore-list a").first.get_attribute("href") or ""
        assert [href.rstrip("/").rsplit("/", 1)[-1]] == header[query], query


def test_materials_suggestion_is_a_word_not_a_word_with_punctuation(open_page: OpenPage) -> None:
    """Material's search splits words at punctuation too (mkdocs.yml's separator): no "mamba)" suggestion."""
    page = open_page()
    open_search(page)
    words_with_punctuation = {w for t in real().themes for w in (t.description or "").split() if not w.isalnum() and w[:-1].isalnum()}
    assert words_with_punctuation, "the themes' descriptions have words before a comma or bracket"
    for word in sorted(words_with_punctuation)[:5]:
        stem = word[:-1][:4]
        page.locator(BOX).fill("")
        page.locator(BOX).press_sequentially(stem)
        page.wait_for_timeout(400)
        suggestion = page.locator(".md-search__suggest").text_content() or ""
        assert not any(c in suggestion for c in ",;:()[]"), suggestion


def test_explore_offers_the_same_correction_for_a_typo(open_page: OpenPage) -> None:
    page = open_page()
    typo, word, paper = typo_cases()[0]
    page.goto(f"explore/?search={typo}")
    page.wait_for_function("document.querySelector('[data-explore]').dataset.exploreBody === 'ready'")
    fix = page.locator(".explore-suggest__fix")
    assert fix.text_content() == word
    assert page.locator(".explore-count").text_content() == "No papers match"
    fix.click()
    assert page.input_value("#explore-search") == word
    hrefs = page.eval_on_selector_all(".explore-list .explore-row__title a", "links => links.map(a => a.getAttribute('href'))")
    assert any(href.rstrip("/").endswith(paper.slug) for href in hrefs)
    assert page.locator(".explore-suggest").is_hidden()
    assert_clean(page)
