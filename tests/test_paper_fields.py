"""Optional facts and the newer paper fields, as a reader sees them: pages, listings, feeds, exports, search."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import yaml

from generator import config, site, urls
from generator.model import Catalog
from tests.downloads import gunzip
from tests.sitebuild import ROOT

VALID = ROOT / "tests" / "fixtures" / "valid"
SITE = config.SiteConfig(site_url="https://example.org/catalog/")


@cache
def bare() -> tuple[Catalog, dict[str, str | bytes]]:
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
    page = files[urls.paper(lstm.slug)]
    assert "Abstract" not in page and "None" not in page
    # The page's description (search results, share cards) is made of the facts the catalog has.
    assert (
        front_matter(page)["description"]
        == "Long Short-Term Memory: a paper by Sepp Hochreiter, Jürgen Schmidhuber, Neural Computation (1997)."
    )
    bare_paper = next(p for p in catalog.papers if not p.authors)
    assert front_matter(files[urls.paper(bare_paper.slug)])["description"] == f"{bare_paper.title}: a paper."


def test_listings_leave_out_the_teaser_not_the_paper() -> None:
    catalog, files = bare()
    theme = files[urls.theme("sequence-models")]
    for paper in catalog.papers_by_theme["sequence-models"]:
        assert paper.title in theme
    assert "catalog-card__teaser" not in theme and "None" not in theme
    assert "explore-row__teaser" not in files[urls.EXPLORE]
    assert json.loads(files[urls.EXPLORE_TEASERS]) == ["", "", ""]


def test_themes_without_description_and_a_catalog_without_tags() -> None:
    catalog, files = bare()
    assert "catalog-theme__description" not in files[urls.HOME]
    theme = files[urls.theme("attention")]
    assert "catalog-lede" not in theme
    assert front_matter(theme)["description"] == "1 paper on Attention in Bare Catalog."
    assert "This catalog has no tags" in files[urls.TAGS]
    assert catalog.tags == ()


def test_feeds_summarise_papers_without_abstracts() -> None:
    _, files = bare()
    feed = feedparser.parse(files[urls.ALL_FEED])
    assert not feed.bozo, feed.bozo_exception
    summaries = {entry.title: entry.summary for entry in feed.entries}
    assert summaries["Attention Is All You Need"] == (
        "Attention Is All You Need: a paper by Ashish Vaswani, Noam Shazeer, Niki Parmar et al., NeurIPS 2017 (2017)."
    )
    theme_feed = feedparser.parse(files[urls.theme_feed("attention")])
    assert theme_feed.feed.subtitle == "Papers on Attention."


def test_json_export_says_null_and_follows_its_schema() -> None:
    _, files = bare()
    data = json.loads(gunzip(files[urls.JSON_ALL]))
    schema = json.loads((ROOT / "docs" / "papers.export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    assert [p["abstract"] for p in data["papers"]] == [None, None, None]
    assert [t["description"] for t in data["themes"]] == [None, None]
    assert data["tags"] == []


@cache
def rich() -> tuple[Catalog, dict[str, str | bytes]]:
    catalog = site.load_catalog(VALID / "rich.yaml", "rich.yaml")
    return catalog, site.generate(catalog, SITE)


def page_of(title: str) -> str:
    catalog, files = rich()
    paper = next(p for p in catalog.papers if p.title == title)
    return files[urls.paper(paper.slug)]


def test_doi_openreview_pdf_and_more_links_on_the_page() -> None:
    lstm = page_of("Long Short-Term Memory")
    assert '<a class="catalog-link" href="https://doi.org/10.1162/neco.1997.9.8.1735">DOI</a>' in lstm
    assert "arxiv.org" not in lstm  # no arXiv id, so no arXiv link
    s4 = page_of("Efficiently Modeling Long Sequences with Structured State Spaces")
    assert '<a class="catalog-link" href="https://openreview.net/forum?id=uYLFoz1vlAC">OpenReview</a>' in s4
    assert '<a class="catalog-link" href="https://hazyresearch.stanford.edu/blog/2022-01-14-s4-1">Blog post</a>' in s4
    assert '<p class="catalog-paper__note">Outstanding paper honorable mention</p>' in s4
    gpt3 = page_of("Language Models are Few-Shot Learners")
    # The proceedings PDF is the paper's PDF; arXiv still gets its abstract link.
    assert 'href="https://proceedings.neurips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf">PDF</a>' in gpt3
    assert "https://arxiv.org/pdf/2005.14165" not in gpt3 and 'href="https://arxiv.org/abs/2005.14165">arXiv</a>' in gpt3


def test_an_incomplete_author_list_reads_et_al() -> None:
    _, files = rich()
    gpt3 = page_of("Language Models are Few-Shot Learners")
    assert '<p class="catalog-paper__authors">Tom B. Brown, Benjamin Mann, Nick Ryder, Melanie Subbiah et al.</p>' in gpt3
    theme = files[urls.theme("sequence-models")]
    assert "Ashish Vaswani, Noam Shazeer et al." in theme
    feed = feedparser.parse(files[urls.ALL_FEED])
    authors = {e.title: [a.name for a in e.authors] for e in feed.entries}
    assert authors["Attention Is All You Need"] == ["Ashish Vaswani", "Noam Shazeer"]  # only the names, never "et al."


def test_json_export_carries_the_new_fields() -> None:
    _, files = rich()
    data = json.loads(gunzip(files[urls.JSON_ALL]))
    schema = json.loads((ROOT / "docs" / "papers.export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    by_title = {p["title"]: p for p in data["papers"]}
    lstm = by_title["Long Short-Term Memory"]
    assert (lstm["doi"], lstm["doi_url"], lstm["venue_type"]) == (
        "10.1162/neco.1997.9.8.1735",
        "https://doi.org/10.1162/neco.1997.9.8.1735",
        "journal",
    )
    s4 = by_title["Efficiently Modeling Long Sequences with Structured State Spaces"]
    assert s4["links"] == [{"label": "Blog post", "url": "https://hazyresearch.stanford.edu/blog/2022-01-14-s4-1"}]
    assert (s4["openreview_url"], s4["note"]) == ("https://openreview.net/forum?id=uYLFoz1vlAC", "Outstanding paper honorable mention")
    gpt3 = by_title["Language Models are Few-Shot Learners"]
    assert gpt3["authors_incomplete"] is True and gpt3["pdf_url"] == gpt3["pdf"]


def test_bibtex_entry_type_and_fields_follow_the_venue_type() -> None:
    """Read back by two independent parsers, as a reference manager would."""
    import bibtexparser
    from bibtexparser import middlewares
    from pybtex.database import parse_string

    catalog, files = rich()
    text = files[urls.BIB_ALL]
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks
    by_title = {e.fields_dict["title"].value.strip("{}"): e for e in library.entries}
    pybtex_entries = {e.fields["title"].strip("{}"): e for e in parse_string(text, "bibtex").entries.values()}
    for paper in catalog.papers:
        got = by_title[paper.title]
        expected_type = {"conference": "inproceedings", "workshop": "inproceedings", "journal": "article"}.get(
            paper.venue_type or "", "misc"
        )
        assert got.entry_type == expected_type == pybtex_entries[paper.title].type
        fields = {name: field.value for name, field in got.fields_dict.items()}
        venue_field = {"inproceedings": "booktitle", "article": "journal"}.get(
            expected_type, "howpublished" if paper.venue_type else "note"
        )
        assert fields.get(venue_field) == paper.venue
        assert fields.get("doi") == paper.doi
        assert fields.get("eprint") == paper.arxiv
        assert (fields.get("archiveprefix") == "arXiv") == bool(paper.arxiv)
        assert fields.get("primaryclass") == paper.arxiv_category
        names = list(paper.authors) + (["others"] if paper.authors_incomplete else [])
        assert fields.get("author", []) == names
        persons = pybtex_entries[paper.title].persons.get("author", [])
        assert len(persons) == len(names)
    # Without a stated venue type, the venue stays a note of a @misc: never guessed from its name.
    _, bare_files = bare()
    lstm = next(e for e in bibtexparser.parse_string(bare_files[urls.BIB_ALL]).entries if "Long Short-Term" in e.fields_dict["title"].value)
    assert lstm.entry_type == "misc" and lstm.fields_dict["note"].value == "Neural Computation"


@pytest.mark.slow
def test_a_catalog_with_every_new_field_builds_strict_and_shares_well(tmp_path: Path) -> None:
    """A real strict MkDocs build; the share tags of a paper without abstract are its facts."""
    from bs4 import BeautifulSoup

    from tests.sitebuild import build

    built = build(tmp_path / "rich", VALID / "rich.yaml")
    catalog = site.load_catalog(VALID / "rich.yaml", "rich.yaml")
    gpt3 = next(p for p in catalog.papers if p.title == "Language Models are Few-Shot Learners")
    html = (built.site / "papers" / gpt3.slug / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    description = page.find("meta", attrs={"name": "description"})
    assert description is not None
    assert description["content"] == (
        "Language Models are Few-Shot Learners: a paper by Tom B. Brown, Benjamin Mann, Nick Ryder, "
        "Melanie Subbiah et al., "
        "NeurIPS 2020 (2020)."
    )
    assert page.find("a", string="PDF")["href"] == gpt3.pdf
    lstm = next(p for p in catalog.papers if p.doi)
    lstm_page = BeautifulSoup((built.site / "papers" / lstm.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert lstm_page.find("a", string="DOI")["href"] == "https://doi.org/10.1162/neco.1997.9.8.1735"
    assert [m["content"] for m in lstm_page.find_all("meta", attrs={"name": "citation_doi"})] == ["10.1162/neco.1997.9.8.1735"]
