"""Related papers: by content, sensible on the real catalog, deterministic, and linear in memory."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from functools import cache

import numpy as np
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import related
from generator.model import Catalog, CatalogInfo, Paper, Tag, Theme
from tests.catalogs import first
from tests.catalogs import under_test as real
from tests.sitebuild import ROOT, SiteBuild


@cache
def first_related() -> dict[str, tuple[Paper, ...]]:
    return related.related(first())


@cache
def real_related() -> dict[str, tuple[Paper, ...]]:
    return related.related(real())


def by_title(fragment: str) -> Paper:
    (paper,) = [p for p in first().papers if fragment in p.title]
    return paper


def test_every_paper_gets_five_others_never_itself() -> None:
    lists = real_related()
    assert set(lists) == {p.slug for p in real().papers}
    for slug, others in lists.items():
        assert len(others) == related.COUNT
        assert slug not in {o.slug for o in others}
        assert len({o.slug for o in others}) == len(others)


def test_the_s4_survey_is_related_to_state_space_model_papers() -> None:
    survey = by_title("Survey on Structured State Space")
    others = first_related()[survey.slug]
    ssm = [o for o in others if "ssm" in o.tags or "state-space-models" in o.themes]
    assert len(ssm) >= 3, [o.title for o in others]
    assert "ssm" in others[0].tags


def test_related_papers_mostly_share_a_theme_or_tag() -> None:
    shares = [
        bool(set(paper.themes) & set(other.themes) or set(paper.tags) & set(other.tags))
        for paper in first().papers
        for other in first_related()[paper.slug]
    ]
    assert sum(shares) / len(shares) > 0.6


def test_related_is_content_based_not_just_the_same_theme() -> None:
    """Some related papers come from another theme: the list is not the theme listing again."""
    catalog = real()
    crossing = sum(1 for p in catalog.papers for o in real_related()[p.slug] if p.primary_theme not in o.themes)
    assert crossing > 0


def test_deterministic() -> None:
    again = related.related(real())
    assert {k: [p.slug for p in v] for k, v in again.items()} == {k: [p.slug for p in v] for k, v in real_related().items()}


def _catalog(*texts: tuple[str, str, tuple[str, ...]]) -> Catalog:
    papers = tuple(
        Paper(title=title, slug=f"p{i}", abstract=abstract, added=date(2025, 1, 1), themes=("t",), tags=tags, index=i)
        for i, (title, abstract, tags) in enumerate(texts)
    )
    tags = sorted({t for _, _, ts in texts for t in ts})
    return Catalog(
        info=CatalogInfo(title="C", description="D", curator="X"),
        themes=(Theme(id="t", title="T", description="D"),),
        tags=tuple(Tag(id=t, title=t) for t in tags),
        papers=papers,
    )


def test_ties_go_to_the_paper_listed_first_and_unrelated_papers_are_left_out() -> None:
    catalog = _catalog(
        ("Graph networks", "Message passing on graphs.", ()),
        ("Protein folding", "Amino acid chains fold.", ()),
        ("Graph networks", "Message passing on graphs.", ()),
        ("Graph networks", "Message passing on graphs.", ()),
        ("Weather", "Rain tomorrow.", ()),
    )
    lists = {k: [p.slug for p in v] for k, v in related.related(catalog, count=5).items()}
    assert lists["p0"] == ["p2", "p3"]
    assert lists["p3"] == ["p0", "p2"]
    assert lists["p1"] == []
    assert lists["p4"] == []


def test_shared_tags_count() -> None:
    catalog = _catalog(
        ("Alpha", "Completely different words here.", ("x",)),
        ("Beta", "Nothing in common at all.", ("y",)),
        ("Gamma", "Unrelated vocabulary entirely.", ("x",)),
    )
    assert [p.slug for p in related.related(catalog, count=1)["p0"]] == ["p2"]


def _reference(catalog: Catalog, count: int) -> dict[str, list[str]]:
    """The definition, computed the slow way: every pair's rounded score, best first, ties to the paper listed first."""
    matrix = related.vectors(catalog.papers)
    scores = np.round((matrix @ matrix.T).toarray(), 9)
    out = {}
    for i, paper in enumerate(catalog.papers):
        ranked = sorted((j for j in range(len(catalog.papers)) if j != i and scores[i, j] > 0), key=lambda j: (-scores[i, j], j))
        out[paper.slug] = [catalog.papers[j].slug for j in ranked[:count]]
    return out


def test_ties_past_the_kept_candidates_still_go_to_the_papers_listed_first() -> None:
    """Fifteen copies of one paper: every copy ties with 14 others, more than the candidates kept per paper."""
    copies = [("Graph networks", "Message passing on graphs.", ("gnn",))] * 15
    catalog = _catalog(*copies, ("Weather", "Rain on graphs.", ()))
    lists = {k: [p.slug for p in v] for k, v in related.related(catalog).items()}
    assert lists["p0"] == ["p1", "p2", "p3", "p4", "p5"]
    assert lists["p3"] == ["p0", "p1", "p2", "p4", "p5"]
    assert lists["p14"] == ["p0", "p1", "p2", "p3", "p4"]
    assert lists == _reference(catalog, related.COUNT)


WORDS = ["graph", "neural", "memory", "protein", "weather", "sequence", "diffusion", "kernel"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
            st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join),
            st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True).map(tuple),
        ),
        min_size=2,
        max_size=30,
    ),
    count=st.integers(min_value=1, max_value=6),
    margin=st.integers(min_value=0, max_value=4),
)
def test_related_lists_are_the_definition_whatever_the_ties(
    texts: list[tuple[str, str, tuple[str, ...]]], count: int, margin: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few words, many repeats: ties everywhere, at the edge of the candidates kept and past it."""
    monkeypatch.setattr(related, "MARGIN", margin)
    catalog = _catalog(*texts)
    lists = {k: [p.slug for p in v] for k, v in related.related(catalog, count=count).items()}
    assert lists == _reference(catalog, count)


def test_single_paper_has_no_related() -> None:
    assert related.related(_catalog(("Only", "One paper.", ()))) == {"p0": ()}


_MEASURE = """
import json, random, sys, time
from datetime import date
from generator.model import Catalog, CatalogInfo, Paper, Tag, Theme
from generator import related
n = int(sys.argv[1])
rng = random.Random(1)
vocab = [f"w{i}x" for i in range(20000)]
tags = [Tag(id=f"t{i}", title=f"T{i}") for i in range(60)]
papers = tuple(
    Paper(title=" ".join(rng.choices(vocab, k=10)), slug=f"p{i}", abstract=" ".join(rng.choices(vocab, k=180)),
          added=date(2025, 1, 1), themes=("a",), tags=tuple(t.id for t in rng.sample(tags, 3)), index=i)
    for i in range(n)
)
catalog = Catalog(info=CatalogInfo(title="x", description="x", curator="x"), themes=(Theme(id="a", title="A", description="d"),),
                  tags=tuple(tags), papers=papers)
def high_water_kib():
    # VmHWM, not ru_maxrss: Linux carries the parent's peak into ru_maxrss across fork and exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = high_water_kib()
start = time.perf_counter()
lists = related.related(catalog)
seconds = time.perf_counter() - start
peak = high_water_kib()
sizes = sorted({len(v) for v in lists.values()})
print(json.dumps({"before_mb": before / 1024, "peak_mb": peak / 1024, "seconds": seconds, "sizes": sizes}))
"""


@pytest.mark.slow
def test_ten_thousand_papers_stay_within_memory() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, "10000"], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""}
    )
    result = json.loads(out.stdout)
    # A dense 10,000 × 10,000 similarity matrix alone would be 800 MB.
    assert result["peak_mb"] < 300, result
    assert result["peak_mb"] - result["before_mb"] < 150, result
    assert result["sizes"] == [related.COUNT]


@pytest.mark.slow
def test_paper_pages_list_related_papers(real_site: SiteBuild) -> None:
    papers = real().papers
    survey = papers[len(papers) // 2]
    page = BeautifulSoup((real_site.site / "papers" / survey.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    block = page.select_one(".catalog-paper__related")
    assert block is not None and block.has_attr("data-search-exclude")
    hrefs = [a["href"] for a in block.select("li a")]
    assert hrefs == [f"../{p.slug}/" for p in real_related()[survey.slug]]
