"""The real catalog through a real `mkdocs build --strict`, checked on the built HTML."""

from __future__ import annotations

import json
import re
from functools import cache
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator import mathtext
from tests.catalogs import under_test as catalog
from tests.sitebuild import ROOT, SiteBuild

pytestmark = pytest.mark.slow


def soup(build: SiteBuild, url: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_build_is_strict_and_clean(real_site: SiteBuild) -> None:
    assert "WARNING" not in real_site.mkdocs_output
    assert "Generated pages:" in real_site.generator_output


def test_every_paper_has_its_page(real_site: SiteBuild) -> None:
    for paper in catalog().papers:
        page = soup(real_site, f"papers/{paper.slug}")
        article = page.select_one("article.catalog-paper")
        assert article is not None, paper.slug
        assert article.h1 is not None
        assert article.h1.get_text(" ", strip=True).startswith(paper.title.split("$")[0].strip()[:40])
        assert page.title is not None and page.title.string is not None
        assert page.title.string.startswith(paper.title[:40])
        authors = article.select_one(".catalog-paper__authors")
        if paper.authors:
            listed = ", ".join(paper.authors) + (" et al." if paper.authors_incomplete else "")
            assert authors is not None and authors.get_text() == listed
        else:
            assert authors is None
        abstract = article.select_one(".catalog-paper__abstract")
        if paper.abstract:
            first_words = " ".join(paper.abstract.split("$")[0].split()[:8])
            assert abstract is not None and first_words in abstract.get_text(" ", strip=True)
        links = {a.get_text(): a["href"] for a in article.select(".catalog-paper__links a")}
        if paper.arxiv:
            assert links["arXiv"] == f"https://arxiv.org/abs/{paper.arxiv}"
            assert links["PDF"] == f"https://arxiv.org/pdf/{paper.arxiv}"
        else:
            assert "arXiv" not in links
        if paper.code:
            assert links["Code"] == paper.code
        bib = article.select_one(".catalog-paper__cite code")
        assert bib is not None and re.match(r"@(misc|article|inproceedings)\{", bib.get_text()), paper.slug


def test_math_is_rendered_as_mathml(real_site: SiteBuild) -> None:
    with_math = [(sum(is_math for is_math, _ in mathtext.spans(p.abstract or "")), p) for p in catalog().papers]
    with_math = [(n, p) for n, p in with_math if n]
    if not with_math:
        pytest.skip("no abstract of this catalog has math")
    for n, paper in with_math:
        page = soup(real_site, f"papers/{paper.slug}")
        abstract = page.select_one(".catalog-paper__abstract")
        assert len(abstract.select("math")) == n, paper.slug
        if "\\$" not in (paper.abstract or ""):  # an escaped dollar stays a dollar sign
            assert "$" not in abstract.get_text(), paper.slug


def test_each_theme_page_lists_exactly_its_papers(real_site: SiteBuild) -> None:
    cat = catalog()
    for theme in cat.themes:
        page = soup(real_site, f"themes/{theme.id}")
        listed = [a["href"] for a in page.select(".catalog-list .catalog-card__title a")]
        expected = [f"../../papers/{p.slug}/" for p in cat.papers_by_theme[theme.id]]
        assert listed == expected, theme.id
        if theme.description:
            assert theme.description[:60] in page.get_text(" ")


def test_home_shows_counts_themes_and_newest(real_site: SiteBuild) -> None:
    cat = catalog()
    page = soup(real_site, "")
    text = page.get_text(" ", strip=True)
    assert f"{len(cat.papers)} papers in {len(cat.themes)} themes" in text
    assert f"Curated by {cat.info.curator}" in text
    theme_links = [a["href"] for a in page.select(".catalog-theme__title a")]
    assert theme_links == [f"themes/{t.id}/" for t in cat.themes]
    newest = cat.newest_first[:10]
    assert len(page.select(".catalog-list .catalog-new")) == sum(1 for p in newest if cat.is_new(p))


def test_navigation_lists_themes_but_no_paper(real_site: SiteBuild) -> None:
    cat = catalog()
    # On a theme page the Themes section is open: each theme is an entry under its own title; none
    # stands in for the section (Material's navigation.indexes would make the first theme's
    # index.md do that).
    here = f"themes/{cat.themes[0].id}/"
    nav = soup(real_site, here).select_one("nav.md-nav--primary")
    entries = {a.get_text(" ", strip=True): urljoin(f"/{here}", a.get("href", "")) for a in nav.select("li.md-nav__item > a.md-nav__link")}
    for theme in cat.themes:
        assert entries.get(theme.title) == f"/themes/{theme.id}/", theme.title
    assert not nav.select(".md-nav__container")
    assert not [a for a in nav.select("a") if "papers/" in a.get("href", "")]
    # A paper page is outside the navigation, so every section is closed (navigation.prune): the
    # drawer lists the sections, Themes leading to the first theme's page, and no theme or paper.
    nav = soup(real_site, f"papers/{cat.papers[0].slug}").select_one("nav.md-nav--primary")
    hrefs = [a.get("href", "") for a in nav.select("a")]
    assert not [h for h in hrefs if "papers/" in h]
    sections = {a.get_text(" ", strip=True): a.get("href", "") for a in nav.select("li.md-nav__item > a.md-nav__link")}
    assert sections["Themes"].endswith(f"themes/{cat.themes[0].id}/")
    assert sum("themes/" in h for h in hrefs) == 1


def test_paper_pages_stay_small(real_site: SiteBuild) -> None:
    """A bound that fails if paper pages entered the nav (one more nav entry per paper on every page)."""
    sizes = {p.parent.name: p.stat().st_size for p in (real_site.site / "papers").glob("*/index.html")}
    assert len(sizes) == len(catalog().papers)
    assert max(sizes.values()) < 30_000, max(sizes.items(), key=lambda kv: kv[1])


def test_no_third_party_requests_in_pages(real_site: SiteBuild) -> None:
    """Nothing loads from another host: no fonts, scripts, styles or images with an absolute URL."""
    for html in real_site.site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in page.find_all(tag):
                value = el.get(attr) or ""
                if tag == "link" and "stylesheet" not in (el.get("rel") or []) and "preconnect" not in (el.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{html}: {tag} {value}"
    assert "fonts.googleapis.com" not in (real_site.site / "index.html").read_text(encoding="utf-8")


@cache
def search_index(site_dir: str) -> tuple[dict[str, object], list[dict[str, str]]]:
    data = json.loads((ROOT / site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data["config"], data["docs"]


def test_materials_index_leaves_paper_pages_to_explores(real_site: SiteBuild) -> None:
    """Material's index (which every reader downloads) has no paper page, but every other page;
    Explore's index, which the header's search box lists papers from, has every paper."""
    _, docs = search_index(str(real_site.site))
    locations = {d["location"].split("#", 1)[0] for d in docs}
    assert not [loc for loc in locations if loc.startswith("papers/")]
    for theme in catalog().themes:
        assert f"themes/{theme.id}/" in locations
    assert {"", "tags/", "explore/", "about/"} <= locations
    # Nor do the Tags page's listings repeat the papers' titles there: a tag's section is found by its name.
    titles = {p.title for p in catalog().papers if len(p.title) > 20}
    tag_sections = [d for d in docs if d["location"].startswith("tags/")]
    assert tag_sections and not [d["location"] for d in tag_sections if any(title in d["text"] for title in titles)]
    rows = json.loads((real_site.site / "explore" / "rows.json").read_text(encoding="utf-8"))
    assert sorted(row[0].rstrip("/").rsplit("/", 1)[-1] for row in rows["papers"]) == sorted(p.slug for p in catalog().papers)


def test_paper_titles_in_listings_are_headings(real_site: SiteBuild) -> None:
    """Screen-reader users jump from paper to paper by heading: cards, theme cards and Explore rows."""
    cat = catalog()
    home = soup(real_site, "")
    assert [h.name for h in home.select(".catalog-card__title")] == ["h3"] * min(10, len(cat.papers))
    assert [h.name for h in home.select(".catalog-theme__title")] == ["h3"] * len(cat.themes)
    theme = cat.themes[0]
    assert {h.name for h in soup(real_site, f"themes/{theme.id}").select(".catalog-card__title")} == {"h2"}
    rows = soup(real_site, "explore").select(".explore-row__title")
    assert rows and {h.name for h in rows} == {"h2"}
