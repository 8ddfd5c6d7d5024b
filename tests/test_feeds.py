"""Atom feeds: what a feed reader sees, and the same bytes whatever the clock, time zone or locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import feedparser
import pytest

from generator import config, describe, feeds, urls
from generator.mathtext import to_plain
from tests.catalogs import small
from tests.catalogs import under_test as real
from tests.sitebuild import CATALOG, ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
SITE = config.SiteConfig(site_url="https://example.org/catalog/")


def parse(text: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def day(struct: time.struct_time) -> date:
    return datetime(*struct[:6], tzinfo=UTC).date()


def test_whole_catalog_feed_has_the_newest_papers_first_capped() -> None:
    catalog = real()
    parsed = parse(feeds.feeds(catalog, SITE)["feeds/all.xml"])
    expected = catalog.newest_first[: feeds.MAX_ENTRIES]
    assert len(parsed.entries) == min(len(catalog.papers), feeds.MAX_ENTRIES) and feeds.MAX_ENTRIES == 50
    for paper, entry in zip(expected, parsed.entries, strict=True):
        url = f"https://example.org/catalog/papers/{paper.slug}/"
        assert entry.title == " ".join(to_plain(paper.title).split())
        assert entry.link == url
        assert entry.id == url
        assert [a.name for a in entry.get("authors", [])] == list(paper.authors)
        assert entry.summary == describe.summary(paper)  # the abstract, or the paper's facts without one
        if paper.abstract:
            assert entry.summary == " ".join(to_plain(paper.abstract).split())
        assert day(entry.published_parsed) == day(entry.updated_parsed) == paper.added
        assert entry.published.endswith("T00:00:00+00:00")
        assert {t.term for t in entry.tags} == set(paper.themes) | set(paper.tags)
    assert parsed.feed.title == catalog.info.title
    assert day(parsed.feed.updated_parsed) == catalog.newest_date
    assert parsed.feed.link == "https://example.org/catalog/"
    assert any(link.rel == "self" and link.href == "https://example.org/catalog/feeds/all.xml" for link in parsed.feed.links)


def test_each_theme_has_a_feed_of_exactly_its_papers() -> None:
    catalog = real()
    files = feeds.feeds(catalog, SITE)
    assert sorted(files) == sorted(["feeds/all.xml", *(f"feeds/{t.id}.xml" for t in catalog.themes)])
    for theme in catalog.themes:
        parsed = parse(files[f"feeds/{theme.id}.xml"])
        papers = catalog.papers_by_theme[theme.id][: feeds.MAX_ENTRIES]
        assert [e.id for e in parsed.entries] == [f"https://example.org/catalog/papers/{p.slug}/" for p in papers]
        assert parsed.feed.link == f"https://example.org/catalog/themes/{theme.id}/"
        assert theme.title in parsed.feed.title
        assert day(parsed.feed.updated_parsed) == max(p.added for p in papers)


def test_math_stays_latex_source_and_markup_stays_text() -> None:
    catalog = small()
    parsed = parse(feeds.feeds(catalog, SITE)["feeds/all.xml"])
    (pfgm,) = [e for e in parsed.entries if e.title.startswith("PFGM++")]
    assert "$" not in pfgm.summary
    assert "N{+}D dimensional space" in pfgm.summary
    # A paper without authors: the feed's own author (the curator) covers it, as Atom requires.
    (no_authors,) = [e for e in parsed.entries if e.title.startswith("Scalable Diffusion")]
    assert "authors" not in no_authors
    assert parsed.feed.author == "The test suite"
    assert "costs $5 to train" in no_authors.summary


def test_feed_dates_come_from_the_catalog_not_the_clock() -> None:
    text = feeds.feeds(small(), SITE)["feeds/all.xml"]
    today = datetime.now(UTC).date().isoformat()
    assert today not in text
    assert "<updated>2025-05-22T00:00:00+00:00</updated>" in text
    assert "version=" not in text.split("<entry>")[0].replace("<?xml version=", "")


def test_empty_site_url_gives_root_relative_links() -> None:
    parsed = feedparser.parse(feeds.feeds(small(), config.SiteConfig())["feeds/all.xml"])
    assert parsed.entries[0].id.startswith("/papers/")


_DUMP = """
import hashlib, json, sys
from pathlib import Path
from generator import config, site
files = site.generate(site.load_catalog(Path(sys.argv[1])), config.SiteConfig(site_url="https://example.org/"))
data = {name: text if isinstance(text, bytes) else text.encode() for name, text in files.items()}
print(json.dumps({name: hashlib.sha256(content).hexdigest() for name, content in sorted(data.items())}))
"""


def _digests(tz: str, lc_all: str) -> dict[str, str]:
    env = {**os.environ, "TZ": tz, "LC_ALL": lc_all, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "random"}
    out = subprocess.run([sys.executable, "-c", _DUMP, str(CATALOG)], env=env, capture_output=True, text=True, check=True)
    result: dict[str, str] = json.loads(out.stdout)
    return result


@pytest.mark.slow
def test_every_generated_file_is_identical_across_time_zones_and_locales() -> None:
    tokyo = _digests("Asia/Tokyo", "C.UTF-8")
    time.sleep(1.1)  # a later second: gzip's header would carry the time of the build
    honolulu = _digests("Pacific/Honolulu", "C")
    assert tokyo == honolulu
    assert {"feeds/all.xml", urls.JSON_ALL, urls.RIS_ALL, urls.CSL_JSON_ALL, urls.BIB_ALL, "updates/index.md"} <= set(tokyo)
