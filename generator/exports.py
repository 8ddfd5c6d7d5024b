"""The catalog as data to take away: BibTeX for the whole catalog and per paper, and a versioned JSON export.

The JSON format is described by docs/papers.export.schema.json and on the Data page. Its
``version`` changes only when a field is removed, renamed or changes meaning; new fields may be
added within a version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from generator import bibtex, citation, fields, urls
from generator.config import SiteConfig
from generator.model import Catalog, Link, Paper
from generator.urls import absolute, page_address

FORMAT = "paper-catalog"
VERSION = 1  # stated on the Data page and in docs/papers.export.schema.json


def files(catalog: Catalog, site: SiteConfig, keys: dict[str, str] | None = None) -> Iterator[tuple[str, str | bytes]]:
    """``papers.bib``, ``papers.json`` (as UTF-8 bytes), ``papers.ris`` and ``papers.csl.json``.

    No file per paper: each paper's page shows its BibTeX entry with a copy button, and a file per
    paper doubled the number of files of the site (hosts cap files per deployment, 20,000 is common).
    """
    keys = bibtex.keys(catalog.papers) if keys is None else keys  # site.py makes them once for the whole build
    entries = {paper.slug: bibtex.entry(paper, keys[paper.slug]) for paper in catalog.papers}
    yield urls.BIB_ALL, "\n".join(entries[p.slug] for p in catalog.papers)
    del entries
    yield urls.JSON_ALL, json_bytes(export(catalog, site, keys))
    pages = {paper.slug: page_address(site, urls.paper(paper.slug)) for paper in catalog.papers}
    yield urls.RIS_ALL, citation.ris(catalog, pages, keys)
    yield urls.CSL_JSON_ALL, citation.csl_json(catalog, pages, keys)


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_bytes(data: dict[str, Any]) -> bytes:
    """Compact JSON as UTF-8: each top-level key on a line, and each item of a top-level list (a paper) on its own.

    No indentation, which was a fifth of papers.json (26.9 MB at 10,000 papers), yet one paper a
    line, so that a diff of two versions, ``grep`` or ``head`` still shows whole records.
    """
    encode = _COMPACT.encode
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            parts.append(encode(key) + ":[\n" + ",\n".join(encode(item) for item in value) + "\n]")
        else:
            parts.append(encode(key) + ":" + encode(value))
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def exports(catalog: Catalog, site: SiteConfig) -> dict[str, str]:
    """``files`` as text, keyed by path below docs/."""
    return {name: data.decode("utf-8") if isinstance(data, bytes) else data for name, data in files(catalog, site)}


def export(catalog: Catalog, site: SiteConfig, keys: dict[str, str]) -> dict[str, Any]:
    """The JSON export as plain data, keys in a fixed order; papers in papers.yaml order."""
    info = catalog.info
    return {
        "$schema": absolute(site, urls.EXPORT_SCHEMA),
        "format": FORMAT,
        "version": VERSION,
        "catalog": {
            "title": info.title,
            "description": info.description,
            "curator": info.curator,
            "new_days": info.new_days,
            "site_name": info.title,
            "url": page_address(site, urls.HOME),
            "feed": absolute(site, urls.ALL_FEED),
            "newest_added": catalog.newest_date.isoformat() if catalog.newest_date else None,
            "subscribe": (
                {"url": info.subscribe.url, "description": info.subscribe.description, "unsubscribe": info.subscribe.unsubscribe}
                if info.subscribe
                else None
            ),
        },
        "themes": [
            {
                "id": theme.id,
                "title": theme.title,
                "description": theme.description,
                "url": page_address(site, urls.theme(theme.id)),
                "feed": absolute(site, urls.theme_feed(theme.id)),
            }
            for theme in catalog.themes
        ],
        "tags": [{"id": tag.id, "title": tag.title} for tag in catalog.tags],
        "papers": [_paper(paper, site, keys[paper.slug]) for paper in catalog.papers],
    }


def _paper(paper: Paper, site: SiteConfig, key: str) -> dict[str, Any]:
    """A paper's keys in papers.json (``fields.EXPORT_KEYS``): its fields as papers.yaml has them, and links made from them."""
    made = {
        "url": page_address(site, urls.paper(paper.slug)),
        "arxiv_url": paper.arxiv_url,
        "pdf_url": paper.pdf_url,
        "bibtex_key": key,
        "bibtex_url": absolute(site, urls.BIB_ALL),
        "doi_url": paper.doi_url,
        "openreview_url": paper.openreview_url,
    }
    return {name: made[name] if name in made else _json_value(getattr(paper, fields.EXPORTED[name].name)) for name in fields.EXPORT_KEYS}


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return [{"label": item.label, "url": item.url} if isinstance(item, Link) else item for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
