"""Addresses: every page's source path and URL come from generator/urls.py, and links between pages follow them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator import config, site, urls
from tests.sitebuild import ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
TEMPLATES = ROOT / "generator" / "templates"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("index.md", "themes/a.md", "themes/a/"),
        ("papers/x.md", "themes/a.md", "../../themes/a/"),
        ("papers/x.md", "papers/y.md", "../y/"),
        ("themes/a.md", "index.md", "../../"),
        ("tags.md", "tags.md", "./"),
        ("papers/x/index.md", "papers/y/index.md", "../y/"),
    ],
)
def test_relative_links(source: str, target: str, expected: str) -> None:
    assert urls.relative(source, target, directory_urls=True) == expected


def test_relative_links_without_directory_urls() -> None:
    assert urls.relative("papers/x.md", "themes/a.md", directory_urls=False) == "../themes/a.html"


def test_page_urls_and_absolute_addresses() -> None:
    assert urls.page_url(urls.HOME, directory_urls=True) == ""
    assert urls.page_url(urls.paper("x"), directory_urls=True) == "papers/x/"
    assert urls.page_url(urls.paper("x"), directory_urls=False) == "papers/x.html"
    assert urls.page_url(urls.updates_day(date(2025, 5, 1)), directory_urls=True) == "updates/2025-05-01/"
    site_config = config.SiteConfig(site_url="https://example.org/catalog/")
    assert urls.page_address(site_config, urls.theme("a")) == "https://example.org/catalog/themes/a/"
    assert urls.absolute(config.SiteConfig(), urls.theme_feed("a")) == "/feeds/a.xml"


def test_no_template_spells_an_address() -> None:
    """Templates ask the ``urls`` global; a hand-written path would not follow a change of layout."""
    spelled = re.compile(r"""['"](?:papers|themes|feeds|bib|updates|explore|map)/|['"][\w/-]*\.(?:md|xml|bib)['"]""")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TEMPLATES.glob("*.j2"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if spelled.search(line)
    ]
    assert found == []


def test_moving_paper_pages_is_one_change_in_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paper pages as ``papers/<slug>/index.md`` (the layout Zensical wants): same URLs, so every page reads the same."""
    catalog = site.load_catalog(SMALL, "small.yaml")
    site_config = config.SiteConfig(site_url="https://example.org/catalog/")
    flat = site.generate(catalog, site_config)
    monkeypatch.setattr(urls, "paper", lambda slug: f"papers/{slug}/index.md")
    folders = site.generate(catalog, site_config)
    moved = {name.removesuffix(".md") + "/index.md" if name.startswith("papers/") else name: text for name, text in flat.items()}
    assert folders == moved
    assert {f"papers/{paper.slug}/index.md" for paper in catalog.papers} <= set(folders)
