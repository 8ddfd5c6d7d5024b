"""BibTeX and JSON exports: they parse back with standard tools and say what papers.yaml says."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import bibtexparser
import jsonschema
import pytest
import yaml
from bibtexparser import middlewares

from generator import bibtex, config, exports
from generator.model import Catalog, CatalogInfo, Paper, Theme
from tests.catalogs import under_test as real
from tests.sitebuild import CATALOG, ROOT

SITE = config.SiteConfig(site_url="https://example.org/catalog/")
SCHEMA = json.loads((ROOT / "docs" / "papers.export.schema.json").read_text(encoding="utf-8"))


@cache
def real_files() -> dict[str, str]:
    return exports.exports(real(), SITE)


def decode(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def test_whole_catalog_bib_has_one_entry_per_paper_with_unique_keys() -> None:
    library = decode(real_files()["papers.bib"])
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(real().papers) == len(yaml.safe_load(CATALOG.read_text(encoding="utf-8"))["papers"])
    assert len(set(keys)) == len(keys)
    for paper, entry in zip(real().papers, library.entries, strict=True):
        fields = entry.fields_dict
        assert fields["title"].value.strip("{}") == paper.title.replace("\\$", "$")
        others = ["others"] if paper.authors_incomplete else []  # BibTeX's "and others"
        assert fields.get("author") is None or fields["author"].value == [*paper.authors, *others]
        if paper.arxiv:
            assert fields["eprint"].value == paper.arxiv


def test_the_whole_bib_file_has_one_entry_per_paper_and_no_file_per_paper() -> None:
    files = real_files()
    keys = [entry.key for entry in decode(files["papers.bib"]).entries]
    assert len(keys) == len(set(keys)) == len(real().papers)
    assert not [name for name in files if name.endswith(".bib") and name != "papers.bib"]


def _paper(title: str, authors: tuple[str, ...] = ("Ada Lovelace",), venue: str | None = None) -> Paper:
    return Paper(title=title, slug="x", abstract="A.", added=date(2025, 5, 22), themes=("t",), authors=authors, year=2024, venue=venue)


@pytest.mark.parametrize(
    "title",
    [
        "R&D at 100% of the {braces} with under_score and #hash",
        "Costs \\$5 and uses $x_1^{2}$ math",
        "Tilde~and back\\slash",
        "Ünïcode títle — with dashes",
    ],
)
def test_special_characters_round_trip_through_bibtexparser(title: str) -> None:
    (entry,) = decode(bibtex.entry(_paper(title, venue="ICML 50% _x_"), "key")).entries
    assert entry.fields_dict["title"].value.strip("{}") == title.replace("\\$", "$")
    assert entry.fields_dict["note"].value == "ICML 50% _x_"


def test_an_author_named_with_and_stays_one_author() -> None:
    (entry,) = decode(bibtex.entry(_paper("T", authors=("Smith and Sons Lab", "Jane Doe")), "key")).entries
    assert [name.strip("{}") for name in entry.fields_dict["author"].value] == ["Smith and Sons Lab", "Jane Doe"]


def test_json_export_validates_against_its_published_schema() -> None:
    data = json.loads(real_files()["papers.json"])
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["format"] == "paper-catalog"
    assert data["version"] == exports.VERSION == 1


def test_json_export_matches_papers_yaml() -> None:
    raw = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    data = json.loads(real_files()["papers.json"])
    assert [t["id"] for t in data["themes"]] == [t["id"] for t in raw["themes"]]
    assert [t["id"] for t in data["tags"]] == [t["id"] for t in raw["tags"]]
    assert data["catalog"]["title"] == raw["catalog"]["title"]
    assert len(data["papers"]) == len(raw["papers"])
    for exported, source in zip(data["papers"], raw["papers"], strict=True):
        expect: dict[str, Any] = {
            "title": source["title"],
            "authors": source.get("authors", []),
            "year": source.get("year"),
            "venue": source.get("venue"),
            "added": source["added"].isoformat(),
            "themes": source["themes"],
            "tags": source.get("tags", []),
            "abstract": source.get("abstract"),
            "arxiv": source.get("arxiv"),
            "code_url": source.get("code"),
            "project_url": source.get("url"),
        }
        assert {k: exported[k] for k in expect} == expect
        assert exported["url"] == f"https://example.org/catalog/papers/{exported['slug']}/"
        assert exported["bibtex_url"] == "https://example.org/catalog/papers.bib"
        if source.get("arxiv"):
            assert exported["arxiv_url"] == f"https://arxiv.org/abs/{source['arxiv']}"
            assert exported["pdf_url"] == f"https://arxiv.org/pdf/{source['arxiv']}"


def test_json_export_is_stable_text() -> None:
    text = real_files()["papers.json"]
    assert text.endswith("}\n")
    assert "\\u00" not in text  # ensure_ascii=False: names stay readable
    assert text == exports.exports(real(), SITE)["papers.json"]
    assert list(json.loads(text)) == ["$schema", "format", "version", "catalog", "themes", "tags", "papers"]


def test_empty_catalog_still_exports_valid_data() -> None:
    empty = Catalog(
        info=CatalogInfo(title="E", description="D", curator="C"), themes=(Theme(id="t", title="T", description="D"),), tags=(), papers=()
    )
    files = exports.exports(empty, SITE)
    assert files["papers.bib"] == ""
    data = json.loads(files["papers.json"])
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["catalog"]["newest_added"] is None


def test_exports_are_on_the_built_site(real_site: Any) -> None:
    site_dir = real_site.site
    assert (site_dir / "papers.bib").read_text(encoding="utf-8") == (real_site.docs / "papers.bib").read_text(encoding="utf-8")
    data = json.loads((site_dir / "papers.json").read_text(encoding="utf-8"))
    assert len(data["papers"]) == len(yaml.safe_load(real_site.papers.read_text(encoding="utf-8"))["papers"])
    assert (site_dir / "papers.export.schema.json").is_file()
    keys = {entry.key for entry in decode((site_dir / "papers.bib").read_text(encoding="utf-8")).entries}
    for paper in data["papers"]:
        assert paper["bibtex_url"].endswith("/papers.bib")
        assert paper["bibtex_key"] in keys
    assert not (site_dir / "bib").exists()
