"""The Explore page's data: the packed lunr index, the rows and filters, and the files the build writes."""

from __future__ import annotations

import gzip
import json
from functools import cache

import pytest
from bs4 import BeautifulSoup
from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter

from generator import config, explore, render, site
from generator.model import Catalog
from tests.sitebuild import ROOT, SiteBuild


@cache
def catalog() -> Catalog:
    return site.load_catalog(ROOT / "papers.yaml")


@cache
def small() -> Catalog:
    return site.load_catalog(ROOT / "tests/fixtures/valid/small.yaml")


def unpack(packed: dict[str, object]) -> tuple[dict[str, dict[str, set[str]]], dict[str, list[tuple[str, float]]]]:
    """What explore.js rebuilds: term → field → refs, and field/ref → [(term, score)]."""
    terms: list[str] = packed["terms"]  # type: ignore[assignment]
    fields: list[str] = packed["fields"]  # type: ignore[assignment]
    inverted: dict[str, dict[str, set[str]]] = {term: {field: set() for field in fields} for term in terms}
    vectors = {}
    for f, field in enumerate(fields):
        for doc, elements in enumerate(packed["vectors"][f]):  # type: ignore[index]
            term = 0
            pairs = []
            for i in range(0, len(elements), 2):
                term += elements[i]
                pairs.append((terms[term], elements[i + 1]))
                inverted[terms[term]][field].add(str(doc))
            vectors[f"{field}/{doc}"] = pairs
    return inverted, vectors


def test_fold_makes_queries_and_text_alike() -> None:
    assert explore.fold("State-Space  models, (S4)!") == "state space models s4"
    assert explore.fold("Günnemann, Ł. Kaiser") == "gunnemann ł kaiser"
    assert explore.fold("snake_case x²") == "snake case x2"


@pytest.mark.parametrize(
    ("venue", "name"),
    [
        ("ICLR 2024 (spotlight)", "ICLR"),
        ("NeurIPS 2021 (Advances in NeurIPS 34:572-585)", "NeurIPS"),
        ("Journal of the Mechanics and Physics of Solids 181 (2023) 105454", "Journal of the Mechanics and Physics of Solids"),
        ("Learning on Graphs Conference (LoG) 2022, PMLR", "Learning on Graphs Conference"),
        ("Journal article, DOI 10.1007/s10955-022-02966-8", "Journal article"),
        ("Physics in Medicine & Biology 67(12):124001 (2022)", "Physics in Medicine & Biology"),
        ("2023 workshop", "2023 workshop"),
    ],
)
def test_venue_name_drops_year_and_pages(venue: str, name: str) -> None:
    assert explore.venue_name(venue) == name


def test_packed_index_holds_exactly_what_lunr_built() -> None:
    """Unpacking gives back lunr.py's own postings and field vectors, term for term."""
    packed = explore.search_index(catalog())
    builder = Builder()
    builder.pipeline.add(stop_word_filter)
    builder.ref("ref")
    for name, boost in explore.FIELDS:
        builder.field(name, boost=boost)
    for ref, paper in enumerate(catalog().papers):
        builder.add(explore._document(paper, ref, catalog()))
    original = builder.build().serialize()
    by_index = {posting["_index"]: term for term, posting in original["invertedIndex"]}

    inverted, vectors = unpack(packed)
    assert inverted == {term: {f: set(posting[f]) for f in packed["fields"]} for term, posting in original["invertedIndex"]}
    expected_vectors = {
        ref: sorted((by_index[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        for ref, elements in original["fieldVectors"]
    }
    assert {ref: sorted(pairs) for ref, pairs in vectors.items() if pairs or ref in expected_vectors} == expected_vectors
    assert packed["lunr"] == "2.3.9"
    assert packed["fields"] == ["t", "a", "k", "b"]


def test_terms_are_in_the_order_lunr_js_loads_them() -> None:
    terms = explore.search_index(catalog())["terms"]
    assert terms == sorted(set(terms), key=lambda t: t.encode("utf-16-be"))


def test_index_has_words_not_stems_and_no_stop_words() -> None:
    """lunr.py and lunr.js stem differently ("survey"), so the index keeps whole words."""
    terms = set(explore.search_index(catalog())["terms"])
    assert {"survey", "state", "space", "models", "gu", "s4"} <= terms
    assert not {"the", "of", "and"} & terms


def test_every_field_is_indexed() -> None:
    packed = explore.search_index(small())
    inverted, _ = unpack(packed)
    (pfgm,) = [str(i) for i, p in enumerate(small().papers) if p.title.startswith("PFGM")]
    assert pfgm in inverted["pfgm"]["t"]
    assert pfgm in inverted["tegmark"]["a"]
    assert pfgm in inverted["diffusion"]["k"]
    assert pfgm in inverted["physics"]["b"]


def test_output_is_deterministic() -> None:
    site_config = config.read(ROOT / "mkdocs.yml")
    first = explore.files(render.Renderer(catalog(), site_config), "lunr")
    second = explore.files(render.Renderer(site.load_catalog(ROOT / "papers.yaml"), site_config), "lunr")
    assert first == second
    assert set(first) == {"explore/index.md", "explore/search-index.json", "explore/lunr.js"}


def test_lunr_js_is_the_version_the_index_is_for() -> None:
    source = explore.lunr_js()
    assert 'lunr.version = "2.3.9"' in source
    assert site.generate(small(), config.read(ROOT / "mkdocs.yml"))["explore/lunr.js"] == source


def test_explore_follows_home_in_the_nav() -> None:
    nav = render.Renderer(small(), config.read(ROOT / "mkdocs.yml")).nav()
    lines = [line.strip() for line in nav.splitlines() if line.startswith("  - ")]
    assert lines[:2] == ['- "Home": "index.md"', '- "Explore": "explore/index.md"']


def rows(page: str) -> list[dict[str, str]]:
    html = page.split("---\n", 2)[2]
    return [dict(li.attrs, href=li.a["href"]) for li in BeautifulSoup(html, "html.parser").select("li.explore-row")]


def test_page_lists_every_paper_newest_first_with_its_facets() -> None:
    cat = catalog()
    page = explore.page(render.Renderer(cat, config.read(ROOT / "mkdocs.yml")))
    listed = rows(page)
    assert [row["href"] for row in listed] == [f"../papers/{p.slug}/" for p in cat.newest_first]
    for row in listed:
        paper = cat.papers[int(row["data-ref"])]
        assert row["href"] == f"../papers/{paper.slug}/"
        assert row["data-themes"].split() == list(paper.themes)
        assert row["data-tags"].split() == list(paper.tags)
        assert row["data-year"] == str(paper.year or "")
        assert row["data-code"] == ("1" if paper.code else "0")
        assert row["data-venue"] == (explore.venue_name(paper.venue) if paper.venue else "")
    by_title = sorted(listed, key=lambda row: int(row["data-title"]))
    titles = [explore.fold(cat.papers[int(row["data-ref"])].title) for row in by_title]
    assert titles == sorted(titles)


def test_filters_offer_every_value_a_paper_has() -> None:
    cat = catalog()
    html = explore.page(render.Renderer(cat, config.read(ROOT / "mkdocs.yml")))
    soup = BeautifulSoup(html.split("---\n", 2)[2], "html.parser")

    def values(name: str) -> list[str]:
        return [o["value"] for o in soup.select(f"select[name={name}] option") if o["value"]]

    assert values("theme") == [t.id for t in cat.themes]
    assert set(values("tag")) == {t for p in cat.papers for t in p.tags}
    assert values("year") == sorted({str(p.year) for p in cat.papers if p.year}, reverse=True)
    assert set(values("venue")) == {explore.venue_name(p.venue) for p in cat.papers if p.venue}
    for label in soup.select("label[for]"):
        assert soup.find(id=label["for"]) is not None, label
    assert soup.select_one("[aria-live=polite]").get_text() == f"{len(cat.papers)} papers"
    assert soup.select_one("ol.explore-list").has_attr("data-search-exclude")


@pytest.mark.slow
def test_index_downloads_less_than_materials_search_index(real_site: SiteBuild) -> None:
    ours = (real_site.site / "explore/search-index.json").read_bytes()
    materials = (real_site.site / "search/search_index.json").read_bytes()
    assert len(gzip.compress(ours, 9)) <= len(gzip.compress(materials, 9))
    assert json.loads(ours)["terms"]
    assert (real_site.site / "explore/lunr.js").read_text(encoding="utf-8") == explore.lunr_js()
    material_index = json.loads(materials)
    explore_entries = [d for d in material_index["docs"] if d["location"].startswith("explore/")]
    assert explore_entries, "the Explore page itself is in Material's search"
    assert all(len(d["text"]) < 2000 for d in explore_entries), "the paper list is excluded from Material's search"
