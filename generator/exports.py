"""The catalog as data to take away: BibTeX for the whole catalog, a versioned JSON export, RIS and CSL-JSON.

The JSON format is described by docs/papers.export.schema.json and on the Data page. Its
``version`` changes only when a field is removed, renamed or changes meaning; new fields may be
added within a version.

The three files that carry the abstracts are published gzipped (``papers.json.gz``,
``papers.csl.json.gz``, ``papers.ris.gz``), as dblp, OpenAlex and Semantic Scholar publish their
dumps: at 10,000 papers they were 61 MB of plain text (6 KB of the site's 38 KB a paper) and are
15 MB gzipped. ``papers.bib`` (no abstracts, 0.3 KB a paper) stays plain, for a reader's own tools.
"""

from __future__ import annotations

import gzip
import io
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
# gzip's own default. Measured at 10,000 papers: level 9 makes the three files 0.3 % smaller
# (15.33 MB instead of 15.37) and takes 2.4 s instead of 2.0 s of the build.
GZIP_LEVEL = 6


def files(catalog: Catalog, site: SiteConfig, keys: dict[str, str] | None = None) -> Iterator[tuple[str, str | bytes]]:
    """``papers.bib`` as text; ``papers.json.gz``, ``papers.ris.gz`` and ``papers.csl.json.gz`` as gzipped UTF-8 bytes.

    No file per paper: each paper's page shows its BibTeX entry with a copy button, and a file per
    paper doubled the number of files of the site (hosts cap files per deployment, 20,000 is common).
    """
    keys = bibtex.keys(catalog.papers) if keys is None else keys  # site.py makes them once for the whole build
    entries = {paper.slug: bibtex.entry(paper, keys[paper.slug]) for paper in catalog.papers}
    yield urls.BIB_ALL, "\n".join(entries[p.slug] for p in catalog.papers)
    del entries
    yield urls.JSON_ALL, gzipped(json_bytes(export(catalog, site, keys)))
    pages = {paper.slug: page_address(site, urls.paper(paper.slug)) for paper in catalog.papers}
    yield urls.RIS_ALL, gzipped(citation.ris(catalog, pages, keys).encode("utf-8"))
    yield urls.CSL_JSON_ALL, gzipped(citation.csl_json(catalog, pages, keys).encode("utf-8"))


def gzipped(data: bytes) -> bytes:
    """``data`` as a gzip file (RFC 1952) that depends on nothing but ``data``: a fixed level, no file name, no date.

    ``gzip.GzipFile`` on a buffer writes modification time 0 (gzip's "none"), no file name and
    OS byte 255 ("unknown"); ``gzip.compress`` would not do: with mtime 0 it hands the header to
    zlib, which writes the system zlib was built for. So the same catalog gives the same bytes on
    every machine with the same zlib (another zlib may compress differently; ``gunzip`` gives the
    same text).
    """
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as file:
        file.write(data)
    return buffer.getvalue()


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_bytes(data: dict[str, Any]) -> bytes:
    """Compact JSON as UTF-8: each top-level key on a line, and each item of a top-level list (a paper) on its own.

    No indentation, which was a fifth of the JSON export (26.9 MB at 10,000 papers), yet one paper a
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


def exports(catalog: Catalog, site: SiteConfig) -> dict[str, str | bytes]:
    """``files`` gathered, keyed by path below docs/ (the gzipped files as bytes)."""
    return dict(files(catalog, site))


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
    """A paper's keys in papers.json.gz (``fields.EXPORT_KEYS``): its fields as papers.yaml has them, and links made from them."""
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
