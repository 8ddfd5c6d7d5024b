"""The "new" badge marks the papers added within ``new_days`` of the newest one, and none when that is every paper."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

from generator import config, site, urls
from generator.model import Catalog
from tests.sitebuild import ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def badges(catalog: Catalog) -> dict[str, int]:
    """How many badges each generated page shows (Explore's rows data included)."""
    files = site.generate(catalog, config.read(ROOT / "mkdocs.yml"))
    out = {name: text.count('class="catalog-new"') for name, text in files.items() if name.endswith(".md")}
    rows = json.loads(files["explore/rows.json"])["papers"]
    out["explore/rows.json"] = sum(1 for row in rows if row[6])
    return out


def test_only_the_recent_papers_are_new() -> None:
    catalog = site.load_catalog(SMALL)
    newest = catalog.newest_date
    assert newest is not None
    recent = [p for p in catalog.papers if (newest - p.added).days < catalog.info.new_days]
    assert 0 < len(recent) < len(catalog.papers), "the fixture has recent and older papers"
    shown = badges(catalog)
    for paper in catalog.papers:
        assert shown[urls.paper(paper.slug)] == (1 if paper in recent else 0), paper.slug
    assert shown["explore/rows.json"] == len(recent)
    assert shown[urls.HOME] == len(recent)


def test_no_badge_when_every_paper_is_new() -> None:
    catalog = site.load_catalog(SMALL)
    newest = catalog.newest_date
    assert newest is not None
    # Every paper within new_days of the newest: the same day, or spread within the window.
    for offset in (0, catalog.info.new_days - 1):
        papers = tuple(dataclasses.replace(p, added=newest - timedelta(days=offset * (i % 2))) for i, p in enumerate(catalog.papers))
        same = dataclasses.replace(catalog, papers=papers)
        assert all(same.is_new(p) is False for p in same.papers)
        assert sum(badges(same).values()) == 0


def test_one_older_paper_brings_the_badges_back() -> None:
    catalog = site.load_catalog(SMALL)
    newest = catalog.newest_date
    assert newest is not None
    papers = tuple(
        dataclasses.replace(p, added=newest - timedelta(days=catalog.info.new_days if i == 0 else 0)) for i, p in enumerate(catalog.papers)
    )
    mixed = dataclasses.replace(catalog, papers=papers)
    assert [mixed.is_new(p) for p in mixed.papers] == [False] + [True] * (len(papers) - 1)
