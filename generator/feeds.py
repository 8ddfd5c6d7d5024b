"""Atom feeds: the whole catalog's newest papers, and one feed per theme.

Every date in a feed comes from papers.yaml (a paper's ``added`` date at midnight UTC; a feed's
``updated`` is its newest paper's), never from the clock, so the same catalog gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from feedgen.feed import FeedGenerator

from generator import mathtext, urls
from generator.config import SiteConfig
from generator.describe import summary
from generator.model import Catalog, Paper
from generator.urls import ALL_FEED, absolute, page_address, theme_feed

MAX_ENTRIES = 50  # stated on the Data page
# A feed with no papers still needs an `updated` date: a fixed one, never now().
_EPOCH = date(1970, 1, 1)


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def feeds(catalog: Catalog, site: SiteConfig) -> dict[str, str]:
    """``feeds/all.xml`` and ``feeds/<theme-id>.xml``: Atom, newest first, at most ``MAX_ENTRIES`` each."""
    out = {ALL_FEED: _feed(catalog, site, ALL_FEED, catalog.info.title, catalog.info.description, urls.HOME, catalog.newest_first)}
    for theme in catalog.themes:
        path = theme_feed(theme.id)
        title = f"{theme.title} · {catalog.info.title}"
        out[path] = _feed(
            catalog,
            site,
            path,
            title,
            theme.description or f"Papers on {theme.title}.",
            urls.theme(theme.id),
            catalog.papers_by_theme[theme.id],
        )
    return out


def _feed(catalog: Catalog, site: SiteConfig, path: str, title: str, subtitle: str, page: str, papers: Sequence[Paper]) -> str:
    papers = papers[:MAX_ENTRIES]
    fg = FeedGenerator()
    fg.id(absolute(site, path))
    fg.title(" ".join(title.split()))
    fg.subtitle(" ".join(subtitle.split()))
    fg.author({"name": catalog.info.curator})
    fg.link(href=page_address(site, page), rel="alternate", type="text/html")
    fg.link(href=absolute(site, path), rel="self", type="application/atom+xml")
    fg.language("en")
    # No version: a dependency upgrade must not change the feed.
    fg.generator(generator="paper-catalog")
    fg.updated(midnight(max((p.added for p in papers), default=_EPOCH)))
    for paper in papers:
        _entry(fg, catalog, site, paper)
    return str(fg.atom_str(pretty=True).decode("utf-8"))


def _entry(fg: FeedGenerator, catalog: Catalog, site: SiteConfig, paper: Paper) -> None:
    url = page_address(site, urls.paper(paper.slug))
    entry = fg.add_entry(order="append")
    entry.id(url)
    entry.title(" ".join(mathtext.to_plain(paper.title).split()))
    entry.link(href=url, rel="alternate", type="text/html")
    for name in paper.authors:
        entry.author({"name": name})
    entry.published(midnight(paper.added))
    entry.updated(midnight(paper.added))
    entry.summary(summary(paper), type="text")
    for theme in paper.themes:
        entry.category(term=theme, label=catalog.theme_by_id[theme].title, scheme=absolute(site, urls.THEME_SCHEME))
    for tag in paper.tags:
        entry.category(term=tag, label=catalog.tag_by_id[tag].title, scheme=absolute(site, urls.TAG_SCHEME))
