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
    assert urls.page_url(urls.paper("x"), directory_urls=False) == "papers/x/index.html"
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


def test_every_page_is_the_index_md_of_its_folder() -> None:
    """Zensical rewrites relative links in raw HTML as if relative to the Markdown file: right only for an index.md."""
    catalog = site.load_catalog(SMALL, "small.yaml")
    pages = [name for name in site.generate(catalog, config.SiteConfig()) if name.endswith(".md")]
    assert len(pages) > len(catalog.papers) + len(catalog.themes)
    assert [name for name in pages if name.rsplit("/", 1)[-1] != "index.md"] == []


def test_the_folder_layout_is_one_change_in_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages as ``papers/<slug>.md`` (the layout before): same URLs, so every page reads the same."""
    catalog = site.load_catalog(SMALL, "small.yaml")
    site_config = config.SiteConfig(site_url="https://example.org/catalog/")
    folders = site.generate(catalog, site_config)
    monkeypatch.setattr(urls, "paper", lambda slug: f"papers/{slug}.md")
    monkeypatch.setattr(urls, "theme", lambda theme_id: f"themes/{theme_id}.md")
    monkeypatch.setattr(urls, "updates_day", lambda day: f"updates/{day.isoformat()}.md")
    monkeypatch.setattr(urls, "TAGS", "tags.md")
    monkeypatch.setattr(urls, "DATA", "data.md")
    flat = site.generate(catalog, site_config)

    def moved(name: str) -> str:
        return (
            name if name == "index.md" or not name.endswith(".md") or name.endswith("/index.md") else name.removesuffix(".md") + "/index.md"
        )

    assert {moved(name) for name in flat} == set(folders)
    differ = [name for name, text in flat.items() if folders[moved(name)] != text]
    assert differ == [".nav.yml"]  # which names the source files
