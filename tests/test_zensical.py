"""The site built by Zensical is the site MkDocs builds: the same pages, titles, share tags and no-JavaScript text.

Both engines build the real catalog (session fixtures); tests/test_links.py checks every link of
both, tests/browser/test_zensical_browser.py drives the Zensical build in chromium.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from generator import site
from tests.downloads import GZIPPED
from tests.sitebuild import ROOT, SiteBuild

# The builds come through request.getfixturevalue, which conftest.py cannot see: marked by hand.
pytestmark = [pytest.mark.slow, pytest.mark.catalog]

ENGINES = ["real_site", "zensical_site"]


def soup(built: SiteBuild, page: str) -> BeautifulSoup:
    return BeautifulSoup((built.site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, name: str) -> str:
    tag = page.find("meta", attrs={"property": name})
    return str(tag["content"]) if tag else ""


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_both_engines_make_the_same_pages(real_site: SiteBuild, zensical_site: SiteBuild) -> None:
    assert pages(zensical_site.site) == pages(real_site.site)
    downloads = {
        p.relative_to(real_site.site).as_posix() for p in real_site.site.rglob("*") if p.suffix in (".xml", ".bib", ".json", ".gz")
    }
    downloads -= {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}  # MkDocs' own files
    assert set(GZIPPED) <= downloads
    for name in GZIPPED:  # copied as the generator wrote them, never decompressed or compressed again
        assert (zensical_site.site / name).read_bytes() == (zensical_site.docs / name).read_bytes(), name
    for name in downloads:
        assert (zensical_site.site / name).read_bytes() == (real_site.site / name).read_bytes(), name


@pytest.mark.parametrize("build", ENGINES)
def test_the_home_page_is_titled_with_the_site_name_alone(build: str, request: pytest.FixtureRequest) -> None:
    """Zensical has no page.is_homepage: overrides/main.html tells the home page by its address."""
    built: SiteBuild = request.getfixturevalue(build)
    name = site.load_catalog(built.papers).info.title  # the site's name (docs/.nav.yml, from papers.yaml)
    home = soup(built, "")
    assert home.title is not None and home.title.get_text() == name
    assert meta(home, "og:title") == name
    about = soup(built, "about")
    assert about.title is not None and about.title.get_text() == f"About - {name}"
    assert meta(about, "og:title") == "About"


def test_zensical_uses_materials_look_and_minifies(zensical_site: SiteBuild) -> None:
    home = soup(zensical_site, "")
    sheets = [link["href"] for link in home.select("link[rel=stylesheet]")]
    assert any("stylesheets/classic/main." in str(href) for href in sheets), sheets  # theme.variant: classic
    html = (zensical_site.site / "index.html").read_text(encoding="utf-8")
    assert html.count("\n") < 100  # the minify plugin's pass, in Zensical's own code
    assert zensical_site.search_index.is_file()
    assert not (zensical_site.site / ".cache").exists()


@pytest.mark.parametrize("build", ENGINES)
def test_without_javascript_the_explore_note_is_text(build: str, request: pytest.FixtureRequest) -> None:
    """A <noscript> keeps its markup (Zensical's minifier would escape it but for htmlmin_opts.pre_tags)."""
    built: SiteBuild = request.getfixturevalue(build)
    noscript = soup(built, "explore").select_one(".explore noscript")
    assert noscript is not None
    note = noscript.select_one("p.explore-note")
    assert note is not None and "need JavaScript" in note.get_text()
    assert "<p" not in noscript.get_text()


def test_mkdocs_yml_names_no_plugin_zensical_lacks() -> None:
    """Every plugin mkdocs.yml lists is one Zensical implements (it ignores the others silently)."""
    import yaml

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace("!ENV", ""))
    names = [next(iter(p)) if isinstance(p, dict) else p for p in data["plugins"]]
    assert names and set(names) <= {"search", "minify"}


@pytest.mark.parametrize("build", ENGINES)
def test_the_sitemap_lists_every_page_once_a_line_with_no_build_date(build: str, request: pytest.FixtureRequest) -> None:
    """overrides/sitemap.xml, in both engines: no <lastmod> (it was the day of the build, on every page)."""
    built: SiteBuild = request.getfixturevalue(build)
    text = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    root = ElementTree.fromstring(text.encode("utf-8"))
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [url.findtext(f"{namespace}loc") or "" for url in root]
    assert all(url.tag == f"{namespace}url" and [child.tag for child in url] == [f"{namespace}loc"] for url in root)
    assert "lastmod" not in text and len(text.splitlines()) == len(locations) + 3
    # Every page of the theme, by its address (the emails' web versions are files, not pages).
    expected = {
        built.site_url + p.relative_to(built.site).as_posix().removesuffix("index.html")
        for p in built.site.rglob("index.html")
        if p.parent.name != "email"
    }
    assert len(locations) == len(set(locations))
    assert set(locations) == expected
    assert {f"{built.site_url}papers/{paper.slug}/" for paper in site.load_catalog(built.papers).papers} <= set(locations)
