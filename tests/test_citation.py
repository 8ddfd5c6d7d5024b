"""Citation metadata as reference managers read it: Highwire tags and JSON-LD (through extruct), RIS and CSL-JSON.

The real-site tests read their expectations from papers.yaml, paper by paper; the exports are
parsed back with the libraries reference managers' users have (rispy, citeproc-py).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import extruct
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc.source.json import CiteProcJSON
from hypothesis import given
from hypothesis import strategies as st

from generator import citation, exports, mathtext, urls
from generator.config import SiteConfig
from generator.explore import venue_name
from generator.model import Paper
from tests.catalogs import under_test as real
from tests.downloads import GZIPPED, gunzip
from tests.sitebuild import SiteBuild


def expected_venue(paper: Paper) -> tuple[str, str] | None:
    kind = citation.venue_of(paper)
    return (f"citation_{kind[0]}_title", kind[1]) if kind else None


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("ICLR 2024 (spotlight)", ("conference", "ICLR")),
        ("NeurIPS 2024 (Advances in NeurIPS 37:134534-134566)", ("conference", "NeurIPS")),
        ("Learning on Graphs Conference (LoG) 2022, PMLR", ("conference", "Learning on Graphs Conference")),
        ("Journal of the Mechanics and Physics of Solids 181 (2023) 105454", ("journal", "Journal of the Mechanics and Physics of Solids")),
        ("Physical Review E 108, 014309 (2023)", ("journal", "Physical Review E")),
        ("TMLR 2024 (Transactions on Machine Learning Research)", ("journal", "TMLR")),
        ("Journal article, DOI 10.1007/s10955-022-02966-8", None),
        ("PNAS 115(48):E11221-E11230 (2018)", None),
        (None, None),
    ],
)
def test_a_venue_is_a_conference_or_journal_only_when_its_text_says_so(venue: str | None, kind: object) -> None:
    assert citation.venue_kind(venue) == kind


@given(st.text())
def test_json_ld_text_is_safe_in_a_script_and_reads_back(text: str) -> None:
    out = citation.script_json({"name": text})
    assert out.isascii()
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"name": text}


def _paper(**fields: Any) -> Paper:
    base: dict[str, Any] = {"title": "T", "slug": "t", "abstract": "A.", "added": real().papers[0].added, "themes": ("x",)}
    return Paper(**(base | fields))


def test_unknown_facts_make_no_tags() -> None:
    bare = _paper(title="Only a title")
    assert citation.highwire(bare) == [("citation_title", "Only a title")]
    article = citation.scholarly_article(bare, "https://example.org/papers/t/")
    assert set(article) == {"@context", "@type", "headline", "url"}


def test_highwire_math_titles_keep_the_latex_source() -> None:
    paper = _paper(title="Sorting in $O(n \\log n)$ time")
    assert citation.highwire(paper)[0] == ("citation_title", mathtext.to_plain(paper.title))


# --- The real site, paper by paper --------------------------------------------------------------


def extracted(built: SiteBuild, paper: Paper) -> dict[str, Any]:
    html = (built.site / "papers" / paper.slug / "index.html").read_text(encoding="utf-8")
    data: dict[str, Any] = extruct.extract(html, base_url=f"http://127.0.0.1/papers/{paper.slug}/", syntaxes=["json-ld"], uniform=True)
    metas: list[tuple[str, str]] = []
    for tag in BeautifulSoup(html, "html.parser").head.find_all("meta"):
        name = tag.get("name")
        if isinstance(name, str) and name.startswith("citation_"):
            metas.append((name, str(tag["content"])))
    data["highwire"] = metas
    return data


@pytest.mark.slow
def test_every_paper_page_carries_its_citation_metadata(real_site: SiteBuild) -> None:
    for paper in real().papers:
        found = extracted(real_site, paper)
        tags = found["highwire"]
        names = [name for name, _ in tags]
        values = dict(tags)
        assert values["citation_title"] == mathtext.to_plain(paper.title), paper.slug
        assert [v for n, v in tags if n == "citation_author"] == list(paper.authors), paper.slug
        assert values.get("citation_publication_date") == (str(paper.year) if paper.year else None)
        assert values.get("citation_arxiv_id") == paper.arxiv
        assert values.get("citation_pdf_url") == paper.pdf_url  # its own PDF, else arXiv's
        venue = expected_venue(paper)
        for kind in ("citation_conference_title", "citation_journal_title"):
            assert values.get(kind) == (venue[1] if venue and venue[0] == kind else None), paper.slug
        if venue:
            assert venue[1] == venue_name(paper.venue or "")
        assert names.count("citation_title") == 1
        articles = [item for item in found["json-ld"] if item.get("@type") == "ScholarlyArticle"]
        assert len(articles) == 1, paper.slug
        article = articles[0]
        assert article["headline"] == mathtext.to_plain(paper.title)
        assert "name" not in article  # the title once, as the headline
        assert [a["name"] for a in article.get("author", [])] == list(paper.authors)
        assert article.get("datePublished") == (str(paper.year) if paper.year else None)
        assert article["url"].endswith(f"/papers/{paper.slug}/")
        ids = {i["propertyID"]: i["value"] for i in article.get("identifier", [])}
        assert ids.get("arXiv") == paper.arxiv


@pytest.mark.slow
def test_other_pages_carry_no_citation_metadata(real_site: SiteBuild) -> None:
    for page in ("index.html", "explore/index.html", "data/index.html", f"themes/{real().themes[0].id}/index.html"):
        html = (real_site.site / page).read_text(encoding="utf-8")
        found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)
        assert 'name="citation_' not in html and not found["json-ld"], page


# --- Exports, parsed back --------------------------------------------------------------------


@cache
def real_exports() -> dict[str, str]:
    """The whole-catalog downloads as text: papers.bib as it is, the gzipped ones read through gzip.open."""
    files = exports.exports(real(), SiteConfig(site_url="https://example.org/catalog/"))
    return {name: gunzip(data) if name in GZIPPED else str(data) for name, data in files.items()}


def test_papers_ris_reads_back_field_by_field() -> None:
    records = rispy.loads(real_exports()[urls.RIS_ALL])
    papers = real().papers
    assert len(records) == len(papers)
    for record, paper in zip(records, papers, strict=True):
        kind = citation.venue_of(paper)
        assert record["type_of_reference"] == ("CONF" if kind and kind[0] == "conference" else "JOUR" if kind else "GEN")
        assert record["title"] == " ".join(mathtext.to_plain(paper.title).split())
        assert record.get("authors", []) == list(paper.authors)
        assert record.get("year") == (str(paper.year) if paper.year else None)
        assert record.get("secondary_title") == (kind[1] if kind else None)
        assert record.get("abstract") == (" ".join(mathtext.to_plain(paper.abstract).split()) if paper.abstract else None)
        if paper.arxiv:
            assert record["urls"] == [f"https://arxiv.org/abs/{paper.arxiv}"]
            assert record["file_attachments1"] == f"https://arxiv.org/pdf/{paper.arxiv}"
        else:
            assert record["urls"] == [paper.url or f"https://example.org/catalog/papers/{paper.slug}/"]


def test_papers_csl_json_reads_back_field_by_field() -> None:
    items = json.loads(real_exports()[urls.CSL_JSON_ALL])
    source = CiteProcJSON(items)
    papers = real().papers
    assert len(source) == len(papers)
    keys = {paper.slug: key for paper, key in zip(papers, [item["id"] for item in items], strict=True)}
    for paper in papers:
        reference = source[keys[paper.slug].lower()]
        kind = citation.venue_of(paper)
        assert str(reference.title) == mathtext.to_plain(paper.title)
        authors = [str(name.get("literal")) for name in reference.get("author", [])]
        assert authors == list(paper.authors)
        if paper.year:
            assert reference.issued.year == paper.year
        else:
            assert "issued" not in reference
        assert str(reference.get("container_title", "")) == (kind[1] if kind else "")
        assert str(reference.type) == ("paper-conference" if kind and kind[0] == "conference" else "article-journal" if kind else "article")


def test_exports_are_linked_from_the_data_page_and_the_same_keys_as_bibtex() -> None:
    out = real_exports()
    bib_keys = [line.split("{", 1)[1].rstrip(",") for line in out["papers.bib"].splitlines() if line.startswith("@")]
    assert [item["id"] for item in json.loads(out[urls.CSL_JSON_ALL])] == bib_keys
    assert [record["id"] for record in rispy.loads(out[urls.RIS_ALL])] == bib_keys


@pytest.mark.slow
def test_data_page_links_the_exports(real_site: SiteBuild) -> None:
    html = (real_site.site / "data" / "index.html").read_text(encoding="utf-8")
    for name in (urls.RIS_ALL, urls.CSL_JSON_ALL):
        assert f'href="../{name}"' in html
        assert (real_site.site / name).is_file()
    page = BeautifulSoup(html, "html.parser")
    downloads = {str(a["href"]): a.get_text() for a in page.select("a[download]")}
    assert downloads == {
        "../papers.bib": "Whole catalog (.bib)",
        "../papers.json.gz": "Whole catalog (JSON, gzipped)",
        "../papers.ris.gz": "Whole catalog (RIS, gzipped)",
        "../papers.csl.json.gz": "Whole catalog (CSL-JSON, gzipped)",
    }
    for href in downloads:
        assert (real_site.site / "data" / href).resolve().is_file(), href


@pytest.mark.slow
def test_the_data_pages_python_example_reads_the_json_export(real_site: SiteBuild, tmp_path: Path) -> None:
    """The example the Data page gives, run as it is beside the downloaded file, yields every paper."""
    page = BeautifulSoup((real_site.site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    (example,) = [code.get_text() for code in page.select("pre code") if "gzip.open" in code.get_text()]
    shutil.copy(real_site.site / urls.JSON_ALL, tmp_path / urls.JSON_ALL)
    done = subprocess.run(
        [sys.executable, "-c", example + "\nprint(json.dumps([paper['slug'] for paper in papers]))"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [paper.slug for paper in real().papers]


def test_a_stated_venue_type_wins_over_the_venues_text() -> None:
    """PNAS says nothing the text reader knows; venue_type: journal says it is a journal, and a preprint has no venue kind."""
    base = Paper(title="T", slug="t", added=date(2025, 5, 22), themes=("x",), venue="PNAS 115(48):E11221-E11230 (2018)")
    assert citation.venue_of(base) is None
    assert citation.venue_of(dataclasses.replace(base, venue_type="journal")) == ("journal", "PNAS")
    assert citation.venue_of(dataclasses.replace(base, venue="FE@NIPS 2015 workshop", venue_type="workshop")) == (
        "conference",
        "FE@NIPS",
    )
    assert citation.venue_of(dataclasses.replace(base, venue="ICLR 2024", venue_type="preprint")) is None
    ris = citation.ris_entry(dataclasses.replace(base, venue_type="journal"), "https://example.org/p/", "k")
    assert ris.startswith("TY  - JOUR\n") and "T2  - PNAS\n" in ris


@pytest.mark.slow
def test_the_zensical_build_carries_the_same_citation_metadata(real_site: SiteBuild, zensical_site: SiteBuild) -> None:
    for paper in real().papers:
        assert extracted(zensical_site, paper) == extracted(real_site, paper), paper.slug
