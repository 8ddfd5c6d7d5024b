"""The MkDocs hook that keeps paper pages out of Material's search index picks exactly the paper pages."""

from __future__ import annotations

from types import SimpleNamespace

from generator import config, site, urls
from generator.search_hook import is_paper_page, on_page_markdown
from tests.sitebuild import ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def test_the_paper_pages_and_only_they_are_excluded() -> None:
    catalog = site.load_catalog(SMALL, "small.yaml")
    pages = [name for name in site.generate(catalog, config.SiteConfig()) if name.endswith(".md")]
    papers = {urls.paper(paper.slug) for paper in catalog.papers}
    assert {name for name in pages if is_paper_page(name)} == papers
    assert not is_paper_page(urls.HOME) and not is_paper_page("papers/index.md") and not is_paper_page("papers/a/b/index.md")


def test_the_hook_sets_materials_exclusion_and_keeps_other_search_settings() -> None:
    paper = SimpleNamespace(file=SimpleNamespace(src_uri=urls.paper("a-paper")), meta={"title": "A", "search": {"boost": 2}})
    other = SimpleNamespace(file=SimpleNamespace(src_uri=urls.TAGS), meta={"title": "Tags"})
    for page in (paper, other):
        assert on_page_markdown("text", page, None, None) == "text"
    assert paper.meta == {"title": "A", "search": {"boost": 2, "exclude": True}}
    assert other.meta == {"title": "Tags"}
