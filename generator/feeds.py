"""Atom feeds: the whole catalog's newest papers, and one feed per theme.

Every date in a feed comes from papers.yaml (a paper's ``added`` date at midnight UTC; a feed's
``updated`` is its newest paper's), never from the clock, so the same catalog gives the same bytes.

Written by a small writer of our own rather than feedgen: feedgen 1.0.0 is published as a source
archive only, so installing it ran setuptools and wheel fetched without hash checks (issue #13);
our feeds use a dozen fixed elements, written here in feedgen's layout (the golden files did not
change), and tests/test_feeds.py reads them back with feedparser. Text is escaped as XML 1.0
needs; the validator refuses every character XML 1.0 cannot carry, and ``_text`` refuses them too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

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


# What XML 1.0 cannot hold: control characters but tab and newline, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


def _text(value: str, escapes: dict[int, str] = _TEXT_ESCAPES) -> str:
    found = _NOT_XML.search(value)
    if found:
        raise ValueError(f"U+{ord(found.group()):04X} cannot be written in XML")
    return value.translate(escapes)


def _element(out: list[str], depth: int, name: str, text: str | None = None, **attributes: str) -> None:
    """One element on its own line: ``<name a="…">text</name>``, or ``<name a="…"/>`` when it has no text."""
    attrs = "".join(f' {key.replace("_", ":")}="{_text(value, _ATTRIBUTE_ESCAPES)}"' for key, value in attributes.items())
    pad = "  " * depth
    out.append(f"{pad}<{name}{attrs}>{_text(text)}</{name}>" if text else f"{pad}<{name}{attrs}/>")


def _timestamp(day: date) -> str:
    return midnight(day).isoformat()


def _feed(catalog: Catalog, site: SiteConfig, path: str, title: str, subtitle: str, page: str, papers: Sequence[Paper]) -> str:
    papers = papers[:MAX_ENTRIES]
    out = ["<?xml version='1.0' encoding='UTF-8'?>", '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">']
    _element(out, 1, "id", absolute(site, path))
    _element(out, 1, "title", " ".join(title.split()))
    _element(out, 1, "updated", _timestamp(max((p.added for p in papers), default=_EPOCH)))
    out.append("  <author>")
    _element(out, 2, "name", catalog.info.curator)
    out.append("  </author>")
    _element(out, 1, "link", href=page_address(site, page), rel="alternate", type="text/html")
    _element(out, 1, "link", href=absolute(site, path), rel="self", type="application/atom+xml")
    # No version: a dependency upgrade must not change the feed.
    _element(out, 1, "generator", "paper-catalog")
    _element(out, 1, "subtitle", " ".join(subtitle.split()))
    for paper in papers:
        _entry(out, catalog, site, paper)
    out.append("</feed>\n")
    return "\n".join(out)


def _entry(out: list[str], catalog: Catalog, site: SiteConfig, paper: Paper) -> None:
    url = page_address(site, urls.paper(paper.slug))
    out.append("  <entry>")
    _element(out, 2, "id", url)
    _element(out, 2, "title", " ".join(mathtext.to_plain(paper.title).split()))
    _element(out, 2, "updated", _timestamp(paper.added))
    for name in paper.authors:
        out.append("    <author>")
        _element(out, 3, "name", name)
        out.append("    </author>")
    _element(out, 2, "link", href=url)
    _element(out, 2, "summary", summary(paper), type="text")
    for theme in paper.themes:
        _element(out, 2, "category", term=theme, scheme=absolute(site, urls.THEME_SCHEME), label=catalog.theme_by_id[theme].title)
    for tag in paper.tags:
        _element(out, 2, "category", term=tag, scheme=absolute(site, urls.TAG_SCHEME), label=catalog.tag_by_id[tag].title)
    _element(out, 2, "published", _timestamp(paper.added))
    out.append("  </entry>")
