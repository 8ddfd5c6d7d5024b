"""The Explore page's data: the packed lunr index, the rows and filters, and the files the build writes."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter

from bench import synthetic
from generator import config, explore, render, search_index, site
from generator.errors import CatalogError
from generator.loader import load_text
from generator.model import Catalog
from generator.validate import validate
from tests import test_hostile
from tests.catalogs import first, small
from tests.catalogs import under_test as catalog
from tests.sitebuild import CATALOG, ROOT, SiteBuild
from tests.test_hostile import TEXT


def renderer(cat: Catalog, site_config: config.SiteConfig | None = None) -> render.Renderer:
    """The pages' renderer for ``cat``, with its analysis made as the build makes it."""
    return render.Renderer(cat, site_config or config.read(ROOT / "mkdocs.yml"), site.analyse(cat))


def explore_files(cat: Catalog, site_config: config.SiteConfig) -> dict[str, str]:
    return explore.files(renderer(cat, site_config), search_index.packed_shards(cat), "lunr")


def unpack(packed: dict[str, Any]) -> tuple[dict[str, dict[str, set[str]]], dict[str, list[tuple[str, float]]]]:
    """What catalog-search.js rebuilds: term → field → refs, and field/ref → [(term, score)]."""
    terms: list[str] = packed["terms"]
    fields: list[str] = packed["fields"]
    n = len(packed["vectors"][0])
    inverted: dict[str, dict[str, set[str]]] = {term: {field: set() for field in fields} for term in terms}
    frequencies: dict[str, list[tuple[int, int]]] = {}
    for f, field in enumerate(fields):
        for doc, elements in enumerate(packed["vectors"][f]):
            term, i, pairs = -1, 0, []
            while i < len(elements):
                gap, tf = (elements[i], 1) if elements[i] > 0 else (-elements[i], elements[i + 1])
                i += 1 if elements[i] > 0 else 2
                term += gap
                pairs.append((term, tf))
                inverted[terms[term]][field].add(str(doc))
            frequencies[f"{field}/{doc}"] = pairs
    df = {term: sum(len(refs) for refs in posting.values()) for term, posting in inverted.items()}
    lengths = {ref: sum(tf for _, tf in pairs) for ref, pairs in frequencies.items()}
    average = {field: sum(length for ref, length in lengths.items() if ref.startswith(field + "/")) / n for field in fields}
    k1, b = packed["k1"], packed["b"]
    vectors = {}
    for ref, pairs in frequencies.items():
        field = ref.split("/")[0]
        # A field no paper fills (tags, in a catalog without any) has no terms to score.
        norm = k1 * (1 - b + b * (lengths[ref] / average[field])) if average[field] else k1 * (1 - b)
        boost = packed["boosts"][fields.index(field)]
        vectors[ref] = [
            (
                terms[term],
                round(math.log(1 + abs((n - df[terms[term]] + 0.5) / (df[terms[term]] + 0.5))) * ((k1 + 1) * tf) / (norm + tf) * boost, 3),
            )
            for term, tf in pairs
        ]
    return inverted, vectors


def test_fold_makes_queries_and_text_alike() -> None:
    assert search_index.fold("State-Space  models, (S4)!") == "state space models s4"
    assert search_index.fold("Günnemann, Ł. Kaiser") == "gunnemann ł kaiser"
    assert search_index.fold("snake_case x²") == "snake case x2"


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


def assert_shards_are_lunr_indexes(catalog: Catalog) -> None:
    """Unpacking each shard gives back lunr.py's own postings and field vectors, term for term, score for score."""
    for shard, packed in enumerate(search_index.shards(catalog)):
        fields = (search_index.HEAD_FIELDS, search_index.BODY_FIELDS)[shard]
        builder = Builder()
        builder.pipeline.add(stop_word_filter)
        builder.ref("ref")
        for name, boost in fields:
            builder.field(name, boost=boost)
        for ref, paper in enumerate(catalog.papers):
            document = search_index.document(paper, ref, catalog)
            builder.add({"ref": document["ref"]} | {name: document[name] for name, _ in fields})
        original = builder.build().serialize()
        by_index = {posting["_index"]: term for term, posting in original["invertedIndex"]}

        inverted, vectors = unpack(packed)
        assert inverted == {term: {f: set(posting[f]) for f in packed["fields"]} for term, posting in original["invertedIndex"]}
        expected_vectors = {
            ref: sorted((by_index[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
            for ref, elements in original["fieldVectors"]
        }
        assert {ref: sorted(pairs) for ref, pairs in vectors.items()} == expected_vectors
        assert packed["lunr"] == "2.3.9"
        assert packed["pipeline"] == original["pipeline"]
        assert packed["fields"] == [["t", "a", "k", "i"], ["b"]][shard]
        assert ("body" in packed) == (shard == 0)


def test_each_shard_holds_what_lunr_built() -> None:
    assert_shards_are_lunr_indexes(catalog())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, author=TEXT, tag_title=TEXT, abstract=TEXT)
def test_shards_match_lunr_for_any_text(title: str, author: str, tag_title: str, abstract: str) -> None:
    """Our tokenizer shortcut agrees with lunr.py's whatever the text: accents, ligatures, scripts, stop words."""
    values = dict.fromkeys(test_hostile.FIELDS, "x") | {"title": title, "author": author, "tag_title": tag_title, "abstract": abstract}
    try:
        built = validate(load_text(test_hostile.catalog_yaml(values), "any.yaml"))
    except CatalogError:
        assume(False)
        raise
    assert_shards_are_lunr_indexes(built)


def test_the_head_names_the_body_next_to_it() -> None:
    head, _ = search_index.shards(small())
    assert "explore/" + head["body"] == explore.BODY


def test_terms_are_in_the_order_lunr_js_loads_them() -> None:
    for shard in search_index.shards(catalog()):
        terms = shard["terms"]
        assert terms == sorted(set(terms), key=lambda t: t.encode("utf-16-be"))


def test_index_has_words_not_stems_and_no_stop_words() -> None:
    """lunr.py and lunr.js stem differently ("survey"), so the index keeps whole words."""
    head, body = search_index.shards(first())
    terms = set(head["terms"]) | set(body["terms"])
    assert {"survey", "state", "space", "models", "gu", "s4"} <= terms
    assert not {"the", "of", "and"} & terms


def test_every_field_is_indexed() -> None:
    head, body = (unpack(shard)[0] for shard in search_index.shards(small()))
    inverted = {term: head.get(term, {}) | body.get(term, {}) for term in head.keys() | body.keys()}
    (pfgm,) = [str(i) for i, p in enumerate(small().papers) if p.title.startswith("PFGM")]
    assert pfgm in inverted["pfgm"]["t"]
    assert pfgm in inverted["tegmark"]["a"]
    assert pfgm in inverted["diffusion"]["k"]
    assert pfgm in inverted["physics"]["b"]


def test_abstracts_are_only_in_the_body() -> None:
    head, body = search_index.shards(first())
    assert head["fields"] == ["t", "a", "k", "i"]
    assert body["fields"] == ["b"]
    assert len(json.dumps(head)) < len(json.dumps(body)) / 2, "the head is the small shard"


def test_output_is_deterministic() -> None:
    site_config = config.read(ROOT / "mkdocs.yml")
    first = explore_files(catalog(), site_config)
    second = explore_files(site.load_catalog(CATALOG), site_config)
    assert first == second
    assert set(first) == {
        "explore/index.md",
        "explore/search-index.json",
        "explore/search-body.json",
        "explore/rows.json",
        "explore/teasers.json",
        "explore/lunr.js",
    }


def test_the_files_written_hold_the_shards() -> None:
    """The build writes the shards through another path (numpy arrays serialised as they go) than shards()."""
    written = explore_files(catalog(), config.read(ROOT / "mkdocs.yml"))
    head, body = search_index.shards(catalog())
    assert json.loads(written[explore.INDEX]) == head
    assert json.loads(written[explore.BODY]) == body


def test_lunr_js_is_the_version_the_index_is_for() -> None:
    source = explore.lunr_js()
    assert 'lunr.version="2.3.9"' in source
    assert len(source) < 0.5 * len(resources.files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_bytes())
    assert source.startswith("/*! lunr.js 2.3.9") and "MIT license" in source.splitlines()[0]
    assert site.generate(small(), config.read(ROOT / "mkdocs.yml"))["explore/lunr.js"] == source


def test_explore_follows_home_in_the_nav() -> None:
    nav = renderer(small()).nav()
    lines = [line.strip() for line in nav.splitlines() if line.startswith("  - ")]
    assert lines[:2] == ['- "Home": "index.md"', '- "Explore": "explore/index.md"']


def rows(page: str) -> list[dict[str, str]]:
    html = page.split("---\n", 2)[2]
    return [dict(li.attrs, href=li.a["href"]) for li in BeautifulSoup(html, "html.parser").select("li.explore-row")]


def test_page_lists_the_newest_papers_first_with_their_facets() -> None:
    cat = catalog()
    page = explore.page(renderer(cat))
    listed = rows(page)
    assert [row["href"] for row in listed] == [f"../papers/{p.slug}/" for p in cat.newest_first[: explore.SHOWN]]
    for row in listed:
        paper = cat.papers[int(row["data-ref"])]
        assert row["href"] == f"../papers/{paper.slug}/"
        assert row["data-themes"].split() == list(paper.themes)
        assert row["data-tags"].split() == list(paper.tags)
        assert row["data-year"] == str(paper.year or "")
        assert row["data-code"] == ("1" if paper.code else "0")
        assert row["data-venue"] == (explore.venue_name(paper.venue) if paper.venue else "")
    by_title = sorted(listed, key=lambda row: int(row["data-title"]))
    titles = [search_index.fold(cat.papers[int(row["data-ref"])].title) for row in by_title]
    assert titles == sorted(titles)


def test_filters_offer_every_value_a_paper_has() -> None:
    cat = catalog()
    html = explore.page(renderer(cat))
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


def test_row_data_shows_what_the_page_rows_show() -> None:
    """explore.js builds rows from rows.json and teasers.json: the same links, text and facets as the page's rows."""
    cat = catalog()
    pages = renderer(cat)
    data = explore.row_data(pages)
    teasers = explore.teasers(cat)
    soup = BeautifulSoup(explore.page(pages).split("---\n", 2)[2], "html.parser")
    assert len(data["papers"]) == len(teasers) == len(cat.papers)
    for li in soup.select("li.explore-row"):
        ref = int(li["data-ref"])
        href, title, authors, year, venue, code, new, tags, themes, added, title_rank = data["papers"][ref]
        assert href == li.a["href"]
        assert BeautifulSoup(title, "html.parser").get_text() == li.a.get_text()
        assert " · ".join(bit for bit in (authors, str(year or ""), venue) if bit) in li.select_one(".explore-row__meta").get_text()
        assert (year, venue, added, title_rank) == (
            int(li["data-year"] or 0),
            li["data-venue"],
            int(li["data-added"]),
            int(li["data-title"]),
        )
        code_link = li.select_one(".explore-row__meta .catalog-link")
        assert code == (code_link["href"] if code_link else "")
        assert bool(new) == (li.select_one(".catalog-new") is not None)
        assert [data["tags"][t][0] for t in tags] == li["data-tags"].split()
        assert [[data["tags"][t][1], data["tags"][t][2]] for t in tags] == [[a.get_text(), a["href"]] for a in li.select(".catalog-tag")]
        assert [data["themes"][t] for t in themes] == li["data-themes"].split()
        teaser = li.select_one(".explore-row__teaser")
        assert BeautifulSoup(teasers[ref], "html.parser").get_text() == (teaser.get_text() if teaser else "")


def test_a_large_catalog_puts_only_the_newest_rows_in_the_page(tmp_path: Path) -> None:
    """The page stays small: the newest SHOWN rows, and (without JS) a pointer to the theme pages, which list all."""
    cat = site.load_catalog(synthetic.write(tmp_path / "papers.yaml", explore.SHOWN + 30))
    pages = renderer(cat)
    page = explore.page(pages)
    listed = rows(page)
    assert [row["href"] for row in listed] == [f"../papers/{p.slug}/" for p in cat.newest_first[: explore.SHOWN]]
    soup = BeautifulSoup(page.split("---\n", 2)[2], "html.parser")
    assert soup.select_one("[aria-live=polite]").get_text() == f"{explore.SHOWN + 30} papers"
    note = soup.select_one("noscript")
    assert note is not None
    assert f"The {explore.SHOWN} newest of the {explore.SHOWN + 30} papers" in note.decode_contents()
    assert [a["href"] for a in BeautifulSoup(note.decode_contents(), "html.parser").select("a")] == [
        f"../themes/{t.id}/" for t in cat.themes
    ]
    assert len(explore.row_data(pages)["papers"]) == explore.SHOWN + 30


@pytest.mark.slow
def test_explores_index_files_and_materials_index(real_site: SiteBuild) -> None:
    """Both shards, the rows and the teasers: everything the Explore page fetches but lunr.js.

    Material's index leaves the paper pages out (generator/search_hook.py): the header's search box
    lists papers from these files, so that index no longer grows with the catalog.
    """
    ours = [(real_site.site / path).read_bytes() for path in (explore.INDEX, explore.BODY, explore.ROWS, explore.TEASERS)]
    materials = (real_site.site / "search/search_index.json").read_bytes()
    assert json.loads(ours[0])["terms"]
    assert bool(json.loads(ours[1])["terms"]) == any(p.abstract for p in catalog().papers)  # the body shard: abstracts
    assert (real_site.site / "explore/lunr.js").read_text(encoding="utf-8") == explore.lunr_js()
    material_index = json.loads(materials)
    explore_entries = [d for d in material_index["docs"] if d["location"].startswith("explore/")]
    assert explore_entries, "the Explore page itself is in Material's search"
    assert all(len(d["text"]) < 2000 for d in explore_entries), "the paper list is excluded from Material's search"


def test_packing_in_chunks_gives_the_same_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large catalogs are packed VECTOR_CHUNK documents at a time; the shards do not depend on it."""
    whole = search_index.shards(catalog())
    monkeypatch.setattr(search_index, "VECTOR_CHUNK", 7)
    assert search_index.shards(catalog()) == whole


@pytest.mark.parametrize("which", ["small", "catalog"])
def test_the_search_boxes_suggest_words_of_this_catalog_that_find_papers(which: str) -> None:
    cat = small() if which == "small" else catalog()
    examples = explore.search_examples(cat)
    assert len(examples) == 3
    for example in examples:
        found = [p for p in cat.papers if search_index.fold(example) in search_index.fold(f"{p.title} {' '.join(p.authors)}")]
        assert found, example
    box = BeautifulSoup(explore.page(renderer(cat)).split("---\n", 2)[2], "html.parser").select_one("#explore-search")
    assert box is not None and box["placeholder"] == "e.g. " + ", ".join(examples)
    map_page = site.generate(cat, config.read(ROOT / "mkdocs.yml"))["map/index.md"]
    assert f'placeholder="e.g. {examples[0]}"' in map_page


def test_the_suggestions_are_the_most_shared_phrase_surname_and_word() -> None:
    assert explore.search_examples(small()) == ("critical review", "Berkowitz", "diffusion")
