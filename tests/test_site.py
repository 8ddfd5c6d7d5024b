"""The real catalog through a real `mkdocs build --strict`, checked on the built HTML."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache

import pytest
from bs4 import BeautifulSoup
from lunr import lunr

from generator import mathtext
from generator.model import Paper
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
    page = soup(real_site, f"papers/{catalog().papers[0].slug}")
    nav = page.select_one("nav.md-nav--primary")
    hrefs = [a.get("href", "") for a in nav.select("a")]
    assert sum("themes/" in h for h in hrefs) >= len(catalog().themes)
    assert not [h for h in hrefs if "papers/" in h]
    # Each theme is an entry of the Themes section under its own title; none stands in for the
    # section (Material's navigation.indexes would make the first theme's index.md do that).
    entries = {a.get_text(" ", strip=True): a.get("href", "") for a in nav.select("li.md-nav__item > a.md-nav__link")}
    for theme in catalog().themes:
        assert entries.get(theme.title, "").endswith(f"themes/{theme.id}/"), theme.title
    assert not nav.select(".md-nav__container")


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


def test_search_index_holds_every_paper(real_site: SiteBuild) -> None:
    _, docs = search_index(str(real_site.site))
    locations = {d["location"] for d in docs}
    for paper in catalog().papers:
        assert f"papers/{paper.slug}/" in locations


def search_cases() -> list[tuple[str, Paper]]:
    """Queries a reader types, each with the paper it must rank first: the full titles of papers spread
    over the catalog, and the author names of papers whose names are rare in it."""
    papers = catalog().papers
    spread = sorted({round(k * (len(papers) - 1) / 6) for k in range(7)})
    # Words only: lunr reads "UniGenX: ..." as a search in a field named UniGenX.
    cases = [(" ".join(re.findall(r"\w+", mathtext.to_plain(papers[i].title))), papers[i]) for i in spread]

    # The full author names of a paper whose every name word is in at most two papers' author lists
    # (with names shared by many papers, their theme and related-paper listings compete).
    def name_words(paper: Paper) -> set[str]:
        return {w.casefold() for a in paper.authors for w in re.findall(r"\w+", a)}

    counts = Counter(w for p in papers for w in name_words(p))
    rare = [p for p in papers if len(p.authors) >= 2 and all(counts[w] <= 2 for w in name_words(p))]
    cases += [(" ".join(re.findall(r"\w+", " ".join(p.authors))), p) for p in rare[:2]]
    return cases


def test_search_ranks_the_expected_paper_first(real_site: SiteBuild) -> None:
    """A lunr.py index of Material's search_index.json, with Material's own fields and boosts."""
    config, docs = search_index(str(real_site.site))
    fields = config["fields"]
    assert isinstance(fields, dict)
    index = lunr(
        ref="location",
        fields=[{"field_name": name, "boost": spec["boost"]} for name, spec in fields.items()],
        documents=[{"location": d["location"], "title": d["title"], "text": d["text"], "tags": " ".join(d.get("tags", []))} for d in docs],
    )
    misses = []
    for query, paper in search_cases():
        results = index.search(query)
        if not results or results[0]["ref"] != f"papers/{paper.slug}/":
            misses.append((query, [r["ref"] for r in results[:3]]))
    assert not misses


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
