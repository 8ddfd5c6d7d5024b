"""Share previews and feed discovery in every page's <head>, escaped exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import describe
from tests.catalogs import under_test as real
from tests.sitebuild import ROOT, SiteBuild, build

pytestmark = pytest.mark.slow

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
TRICKY_TITLE = "Quotes \"double\" & 'single' <b>not bold</b>"


def head(built: SiteBuild, url: str) -> BeautifulSoup:
    return BeautifulSoup((built.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, key
    return str(tag["content"])


def feeds(page: BeautifulSoup) -> list[str]:
    return [str(link["href"]) for link in page.find_all("link", attrs={"rel": "alternate", "type": "application/atom+xml"})]


def test_every_paper_page_has_share_meta_and_the_feed(real_site: SiteBuild) -> None:
    for paper in real().papers:
        page = head(real_site, f"papers/{paper.slug}")
        assert meta(page, "og:type") == "article"
        assert page.find("meta", attrs={"name": "twitter:title"}) is None  # X reads og:title in its place
        assert meta(page, "og:title").startswith(paper.title.split("$")[0][:30])
        assert meta(page, "og:url").startswith(("http://", "https://"))
        assert meta(page, "og:url").endswith(f"/papers/{paper.slug}/")
        assert meta(page, "og:site_name") == real().info.title
        assert meta(page, "twitter:card") == "summary"
        description = meta(page, "description")
        summary = describe.summary(paper)  # the abstract, or the paper's facts without one
        # About what a search result shows of it (Google cuts near 160 characters), not 300 bytes more per page.
        assert min(100, len(summary)) <= len(description) <= 160
        assert description == meta(page, "og:description")
        assert page.find("meta", attrs={"name": "twitter:description"}) is None  # X reads og:description
        assert description.startswith(" ".join((paper.abstract or summary).split("$")[0].split()[:6]))
        assert "&amp;" not in description and "&#" not in description
        assert any(href.endswith("/feeds/all.xml") for href in feeds(page))


def test_theme_pages_also_announce_their_own_feed(real_site: SiteBuild) -> None:
    for theme in real().themes:
        page = head(real_site, f"themes/{theme.id}")
        hrefs = feeds(page)
        assert any(h.endswith("/feeds/all.xml") for h in hrefs)
        assert any(h.endswith(f"/feeds/{theme.id}.xml") for h in hrefs)
        assert (real_site.site / "feeds" / f"{theme.id}.xml").is_file()
        subscribe = page.select_one(".catalog-subscribe a")
        assert subscribe is not None and subscribe.get_text() == "Subscribe (Atom feed)"
        assert subscribe["href"] == f"../../feeds/{theme.id}.xml"
        assert meta(page, "og:type") == "website"


def test_hand_written_pages_and_home_have_share_meta(real_site: SiteBuild) -> None:
    home = BeautifulSoup((real_site.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert meta(home, "og:title") == real().info.title
    assert feeds(home)
    about = head(real_site, "about")
    assert meta(about, "og:title")
    assert meta(about, "og:description")


def test_paper_page_links_its_bibtex_and_the_data_page(real_site: SiteBuild) -> None:
    paper = real().papers[0]
    page = head(real_site, f"papers/{paper.slug}")
    links = {a.get_text(): str(a["href"]) for a in page.select(".catalog-paper__downloads a")}
    assert links["Whole catalog (JSON, gzipped)"] == "../../papers.json.gz"
    assert links["Whole catalog (RIS, gzipped)"] == "../../papers.ris.gz"
    for text, href in links.items():  # every download names a file of the site, and the data page a page
        assert (real_site.site / "papers" / paper.slug / href).resolve().exists(), (text, href)
    downloads = page.select(".catalog-paper__downloads a[download]")
    assert {a.get_text() for a in downloads} == {"Whole catalog (.bib)", "Whole catalog (JSON, gzipped)", "Whole catalog (RIS, gzipped)"}
    target = (real_site.site / "papers" / paper.slug / links["Whole catalog (.bib)"]).resolve()
    # The page's own entry, which it shows with a copy button, is in the whole catalog's file.
    shown = page.select_one(".catalog-paper__cite pre code")
    assert shown is not None
    assert shown.get_text().strip() in target.read_text(encoding="utf-8")
    data = head(real_site, "data")
    json_link = data.select_one('a[href="../papers.json.gz"]')
    assert json_link is not None and json_link.has_attr("download") and json_link.get_text() == "Whole catalog (JSON, gzipped)"


def test_quotes_and_markup_in_a_title_are_escaped_once(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace(
        "  - title: Scalable Diffusion for Materials Generation\n",
        "  - title: '" + TRICKY_TITLE.replace("'", "''") + "'\n    slug: tricky\n",
    )
    catalog = tmp_path / "tricky.yaml"
    catalog.write_text(text, encoding="utf-8")
    built = build(tmp_path / "site", catalog)
    page = head(built, "papers/tricky")
    assert meta(page, "og:title") == TRICKY_TITLE
    assert page.find("b") is None or page.find("b").get_text() != "not bold"
    raw = (built.site / "papers" / "tricky" / "index.html").read_text(encoding="utf-8")
    assert "&amp;amp;" not in raw and "&amp;#34;" not in raw
