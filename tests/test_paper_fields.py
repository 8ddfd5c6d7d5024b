"""Optional facts and the newer paper fields, as a reader sees them: pages, listings, feeds, exports, search."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import feedparser
import jsonschema
import yaml

from generator import config, site
from generator.model import Catalog
from tests.sitebuild import ROOT

VALID = ROOT / "tests" / "fixtures" / "valid"
SITE = config.SiteConfig(site_url="https://example.org/catalog/")


@cache
def bare() -> tuple[Catalog, dict[str, str]]:
    catalog = site.load_catalog(VALID / "bare.yaml", "bare.yaml")
    return catalog, site.generate(catalog, SITE)


def front_matter(page: str) -> dict[str, Any]:
    _, head, _ = page.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def test_a_paper_without_abstract_reads_well_on_its_page() -> None:
    catalog, files = bare()
    lstm = next(p for p in catalog.papers if p.title == "Long Short-Term Memory")
    page = files[f"papers/{lstm.slug}.md"]
    assert "Abstract" not in page and "None" not in page
    # The page's description (search results, share cards) is made of the facts the catalog has.
    assert (
        front_matter(page)["description"]
        == "Long Short-Term Memory: a paper by Sepp Hochreiter, Jürgen Schmidhuber, Neural Computation (1997)."
    )
    bare_paper = next(p for p in catalog.papers if not p.authors)
    assert front_matter(files[f"papers/{bare_paper.slug}.md"])["description"] == f"{bare_paper.title}: a paper."


def test_listings_leave_out_the_teaser_not_the_paper() -> None:
    catalog, files = bare()
    theme = files["themes/sequence-models.md"]
    for paper in catalog.papers_by_theme["sequence-models"]:
        assert paper.title in theme
    assert "catalog-card__teaser" not in theme and "None" not in theme
    assert "explore-row__teaser" not in files["explore/index.md"]
    assert json.loads(files["explore/teasers.json"]) == ["", "", ""]


def test_themes_without_description_and_a_catalog_without_tags() -> None:
    catalog, files = bare()
    assert "catalog-theme__description" not in files["index.md"]
    theme = files["themes/attention.md"]
    assert "catalog-lede" not in theme
    assert front_matter(theme)["description"] == "1 paper on Attention in Bare Catalog."
    assert "This catalog has no tags" in files["tags.md"]
    assert catalog.tags == ()


def test_feeds_summarise_papers_without_abstracts() -> None:
    _, files = bare()
    feed = feedparser.parse(files["feeds/all.xml"])
    assert not feed.bozo, feed.bozo_exception
    summaries = {entry.title: entry.summary for entry in feed.entries}
    assert summaries["Attention Is All You Need"] == (
        "Attention Is All You Need: a paper by Ashish Vaswani, Noam Shazeer, Niki Parmar et al., NeurIPS 2017 (2017)."
    )
    theme_feed = feedparser.parse(files["feeds/attention.xml"])
    assert theme_feed.feed.subtitle == "Papers on Attention."


def test_json_export_says_null_and_follows_its_schema() -> None:
    _, files = bare()
    data = json.loads(files["papers.json"])
    schema = json.loads((ROOT / "docs" / "papers.export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    assert [p["abstract"] for p in data["papers"]] == [None, None, None]
    assert [t["description"] for t in data["themes"]] == [None, None]
    assert data["tags"] == []
