"""BibTeX and JSON exports: they parse back with standard tools and say what papers.yaml says.

The JSON, RIS and CSL-JSON downloads are gzipped: they are read back through ``gzip.open``
(tests/downloads.py), on the site as built and as a web server sends them.
"""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import urllib.request
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from bibtexparser import middlewares

from generator import bibtex, config, exports, site, urls
from generator.model import Catalog, CatalogInfo, Paper, Theme
from tests.catalogs import under_test as real
from tests.downloads import GZIPPED, gunzip
from tests.sitebuild import CATALOG, ROOT, SiteBuild, copy_project, mkdocs_serve, run

SITE = config.SiteConfig(site_url="https://example.org/catalog/")
SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
SCHEMA = json.loads((ROOT / "docs" / "papers.export.schema.json").read_text(encoding="utf-8"))


@cache
def real_files() -> dict[str, str | bytes]:
    return exports.exports(real(), SITE)


def bib_text() -> str:
    text = real_files()[urls.BIB_ALL]
    assert isinstance(text, str)  # papers.bib is plain text
    return text


def decode(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def test_whole_catalog_bib_has_one_entry_per_paper_with_unique_keys() -> None:
    library = decode(bib_text())
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
    keys = [entry.key for entry in decode(bib_text()).entries]
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
    data = json.loads(gunzip(real_files()[urls.JSON_ALL]))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["format"] == "paper-catalog"
    assert data["version"] == exports.VERSION == 1


def test_json_export_matches_papers_yaml() -> None:
    raw = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    data = json.loads(gunzip(real_files()[urls.JSON_ALL]))
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
    text = gunzip(real_files()[urls.JSON_ALL])
    assert text.endswith("}\n")
    assert "\\u00" not in text  # ensure_ascii=False: names stay readable
    assert list(json.loads(text)) == ["$schema", "format", "version", "catalog", "themes", "tags", "papers"]
    # One paper a line, so that `zcat papers.json.gz | grep` shows whole records.
    assert len([line for line in text.splitlines() if line.startswith('{"slug":')]) == len(real().papers)


def test_the_downloads_with_abstracts_are_gzipped_and_the_bib_is_not() -> None:
    files = real_files()
    assert {name for name in files if name.startswith("papers.")} == {urls.BIB_ALL, *GZIPPED}
    assert not {"papers.json", "papers.ris", "papers.csl.json"} & set(files)  # no plain copy beside them
    for name in GZIPPED:
        assert gzip.decompress(files[name]).decode("utf-8")  # type: ignore[arg-type]
    assert not bib_text().startswith("\x1f\x8b")


@pytest.mark.parametrize("name", GZIPPED)
def test_a_gzipped_download_is_the_same_bytes_at_every_build(name: str) -> None:
    """gzip's header would carry the time of the build and a file name: it carries neither, at a fixed level."""
    data = real_files()[name]
    assert isinstance(data, bytes)
    magic, method, flags, mtime, extra, system = struct.unpack("<HBBIBB", data[:10])
    assert (magic, method) == (0x8B1F, 8)  # gzip, deflate
    assert flags == 0  # no file name, comment or extra field
    assert mtime == 0  # no date: gzip's "no time stamp"
    assert extra == {6: 0, 9: 2, 1: 4}.get(exports.GZIP_LEVEL, 0)  # the level it says it was made at
    assert system == 255  # "unknown", where zlib would write the system it was built for
    again = exports.exports(real(), SITE)[name]
    assert again == data


@pytest.mark.parametrize("name", GZIPPED)
def test_gnu_gzip_reads_a_download_back(name: str, tmp_path: Path) -> None:
    """`gunzip`, as the Data page tells readers to run it, checks the header, the CRC and the length and gives the text."""
    (tmp_path / name).write_bytes(real_files()[name])  # type: ignore[arg-type]
    done = subprocess.run(["gunzip", "--test", "--verbose", name], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "OK" in done.stderr + done.stdout, done.stderr
    done = subprocess.run(["gunzip", name], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name.removesuffix(".gz")).read_text(encoding="utf-8") == gunzip(real_files()[name])


def test_empty_catalog_still_exports_valid_data() -> None:
    empty = Catalog(
        info=CatalogInfo(title="E", description="D", curator="C"), themes=(Theme(id="t", title="T", description="D"),), tags=(), papers=()
    )
    files = exports.exports(empty, SITE)
    assert files["papers.bib"] == ""
    assert gunzip(files[urls.RIS_ALL]) == "" and json.loads(gunzip(files[urls.CSL_JSON_ALL])) == []
    data = json.loads(gunzip(files[urls.JSON_ALL]))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["catalog"]["newest_added"] is None


def test_exports_are_on_the_built_site(real_site: SiteBuild) -> None:
    site_dir = real_site.site
    assert (site_dir / "papers.bib").read_text(encoding="utf-8") == (real_site.docs / "papers.bib").read_text(encoding="utf-8")
    for name in GZIPPED:  # MkDocs copies them as they are: neither decompressed nor compressed again
        assert (site_dir / name).read_bytes() == (real_site.docs / name).read_bytes(), name
    assert not [name for name in ("papers.json", "papers.ris", "papers.csl.json") if (site_dir / name).exists()]
    data = json.loads(gunzip(site_dir / urls.JSON_ALL))
    count = len(yaml.safe_load(real_site.papers.read_text(encoding="utf-8"))["papers"])
    assert len(data["papers"]) == count
    assert (site_dir / "papers.export.schema.json").is_file()
    keys = [entry.key for entry in decode((site_dir / "papers.bib").read_text(encoding="utf-8")).entries]
    for paper in data["papers"]:
        assert paper["bibtex_url"].endswith("/papers.bib")
        assert paper["bibtex_key"] in keys
    assert [record["id"] for record in rispy.loads(gunzip(site_dir / urls.RIS_ALL))] == keys
    assert [item["id"] for item in json.loads(gunzip(site_dir / urls.CSL_JSON_ALL))] == keys
    assert not (site_dir / "bib").exists()


def fetch(url: str) -> tuple[bytes, str, str | None]:
    """The body of ``url``, its Content-Type and its Content-Encoding (None: the bytes are the file's)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), response.headers["Content-Type"], response.headers["Content-Encoding"]


def test_a_web_server_sends_the_gzipped_downloads_as_files(real_site: SiteBuild, real_site_url: str) -> None:
    """What a reader's browser or ``curl -O`` gets from the built site over HTTP: the gzip file itself."""
    for name in GZIPPED:
        body, kind, encoding = fetch(real_site_url + name)
        assert encoding is None, name  # a browser saves the .gz as it is, and does not decompress it on the way
        assert kind == "application/gzip", (name, kind)
        assert body == (real_site.docs / name).read_bytes()
        assert gunzip(body) == gunzip(real_site.docs / name)
    assert json.loads(gunzip(fetch(real_site_url + urls.JSON_ALL)[0]))["format"] == "paper-catalog"


@pytest.mark.slow
def test_mkdocs_serve_serves_the_gzipped_downloads(tmp_path: Path) -> None:
    copy_project(tmp_path, SMALL)
    gen = run(["-m", "generator", "build"], tmp_path)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    with mkdocs_serve(tmp_path) as served:
        for name in GZIPPED:
            body, kind, encoding = fetch(served.base + name)
            assert (kind, encoding) == ("application/gzip", None), name
            assert gunzip(body) == gunzip(tmp_path / "docs" / name)
    papers = json.loads(gunzip(tmp_path / "docs" / urls.JSON_ALL))["papers"]
    assert [p["title"] for p in papers] == [p.title for p in site.load_catalog(tmp_path / "papers.yaml").papers]
