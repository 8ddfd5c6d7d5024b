"""The Explore page: every paper in one filterable list, searched with the lunr index search_index.py builds."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import rjsmin  # type: ignore[import-untyped]
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator import mathtext, urls
from generator.citation import venue_name
from generator.model import Catalog, Paper
from generator.render import Renderer, authors_short, long_date, teaser
from generator.search_index import LUNR_VERSION, fold

PAGE = urls.EXPLORE
INDEX = urls.EXPLORE_INDEX
BODY = urls.EXPLORE_BODY
ROWS = urls.EXPLORE_ROWS
TEASERS = urls.EXPLORE_TEASERS
LUNR_JS = urls.EXPLORE_LUNR
SHOWN = 100  # rows on the page before "Show more" (and, without JavaScript, rows in the HTML)


class LunrVersionError(RuntimeError):
    """The installed MkDocs ships another lunr.js than the one the index is serialized for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One paper on the Explore page, with what the page filters and sorts it by."""

    paper: Paper
    ref: int  # the paper's lunr ref: its position in papers.yaml
    newest_rank: int  # 0 = the newest addition
    title_rank: int
    venue: str  # venue_name(paper.venue), or ''


@dataclass(frozen=True, slots=True, kw_only=True)
class Facet:
    """One choice of a filter: the value in the URL, its label, and how many papers it has."""

    value: str
    label: str
    count: int


def _title_key(paper: Paper) -> tuple[str, int]:
    return fold(mathtext.to_plain(paper.title)), paper.index


def rows(catalog: Catalog) -> list[Row]:
    """Every paper, newest addition first (the page's default order)."""
    ref = {id(paper): i for i, paper in enumerate(catalog.papers)}
    by_title = {id(paper): i for i, paper in enumerate(sorted(catalog.papers, key=_title_key))}
    return [
        Row(
            paper=paper,
            ref=ref[id(paper)],
            newest_rank=rank,
            title_rank=by_title[id(paper)],
            venue=venue_name(paper.venue) if paper.venue else "",
        )
        for rank, paper in enumerate(catalog.newest_first)
    ]


def facets(catalog: Catalog, page_rows: list[Row]) -> dict[str, list[Facet]]:
    """The choices of each filter, in display order; only values some paper has."""
    years: dict[int, int] = {}
    venues: dict[str, int] = {}
    for row in page_rows:
        if row.paper.year is not None:
            years[row.paper.year] = years.get(row.paper.year, 0) + 1
        if row.venue:
            venues[row.venue] = venues.get(row.venue, 0) + 1
    return {
        "theme": [Facet(value=t.id, label=t.title, count=len(catalog.papers_by_theme[t.id])) for t in catalog.themes],
        "tag": [
            Facet(value=t.id, label=t.title, count=len(catalog.papers_by_tag[t.id]))
            for t in sorted(catalog.tags, key=lambda t: fold(t.title))
            if catalog.papers_by_tag[t.id]
        ],
        "year": [Facet(value=str(y), label=str(y), count=n) for y, n in sorted(years.items(), reverse=True)],
        "venue": [Facet(value=v, label=v, count=n) for v, n in sorted(venues.items(), key=lambda item: (fold(item[0]), item[0]))],
    }


def search_examples(catalog: Catalog) -> tuple[str, ...]:
    """What the search boxes suggest typing, taken from the catalog itself (a fork gets its own):
    the two-word phrase most titles share, the most common surname, the most common other title word.

    Counted once per paper; ties go to the alphabetically first, so the same catalog gives the same
    words. Fewer than three when the catalog has nothing to offer (no authors, one-word titles).
    """
    return _search_examples(tuple((paper.title, paper.authors) for paper in catalog.papers))


@lru_cache(maxsize=1)
def _search_examples(papers: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """``search_examples`` from each paper's title and authors: the same again when only abstracts changed (``make serve``)."""
    phrases: Counter[str] = Counter()
    words: Counter[str] = Counter()
    surnames: Counter[str] = Counter()
    for title_text, authors in papers:
        title = [w for w in fold(mathtext.to_plain(title_text)).split() if w.isalpha() and len(w) > 2 and w not in STOP_WORDS]
        phrases.update({f"{a} {b}" for a, b in itertools.pairwise(title)})
        words.update(set(title))
        surnames.update({name.split()[-1] for name in authors if name.split()})

    def top(counts: Counter[str], skip: frozenset[str] = frozenset()) -> list[str]:
        return [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if w not in skip][:1]

    phrase = top(phrases)
    return (*phrase, *top(surnames), *top(words, frozenset(phrase[0].split()) if phrase else frozenset()))


def placeholder(catalog: Catalog, count: int = 3) -> str:
    """A search box's placeholder, like "e.g. neural networks, Zhang, learning" (empty if no examples)."""
    examples = search_examples(catalog)[:count]
    return f"e.g. {', '.join(examples)}" if examples else ""


def page(renderer: Renderer) -> str:
    """The Explore page's Markdown: the controls, and the newest ``SHOWN`` papers as rows (no JS needed)."""
    page_rows = rows(renderer.catalog)
    return renderer.render(
        "explore.md.j2",
        PAGE,
        placeholder=placeholder(renderer.catalog),
        rows=page_rows[:SHOWN],
        total=len(page_rows),
        page_size=SHOWN,
        facets=facets(renderer.catalog, page_rows),
        with_code=sum(1 for row in page_rows if row.paper.code),
    )


def row_data(renderer: Renderer) -> dict[str, Any]:
    """What explore.js needs to show, filter and sort a row, for every paper (``papers[ref]``).

    ``papers[ref]`` is ``[href, title, authors, year, venue, code, new, tags, themes, added, title_rank]``:
    ``title`` is HTML (escaped by ``mathtext.to_html``), ``new`` the new badge's tooltip or ``""``,
    ``tags`` and ``themes`` positions in ``tags`` (``[id, title, href]``) and ``themes`` (ids).
    """
    catalog = renderer.catalog
    tag_position = {tag.id: i for i, tag in enumerate(catalog.tags)}
    theme_position = {theme.id: i for i, theme in enumerate(catalog.themes)}
    papers: list[list[Any]] = [[] for _ in catalog.papers]
    for row in rows(catalog):
        paper = row.paper
        papers[row.ref] = [
            renderer.link(PAGE, urls.paper(paper.slug)),
            mathtext.to_html(paper.title),
            authors_short(paper),
            paper.year or 0,
            row.venue,
            paper.code or "",
            f"Added {long_date(paper.added)}" if catalog.is_new(paper) else "",
            [tag_position[tag] for tag in paper.tags],
            [theme_position[theme] for theme in paper.themes],
            row.newest_rank,
            row.title_rank,
        ]
    return {
        "tags": [[tag.id, tag.title, renderer.link(PAGE, urls.TAGS, renderer.tag_anchor(tag.id))] for tag in catalog.tags],
        "themes": [theme.id for theme in catalog.themes],
        "papers": papers,
    }


def teasers(catalog: Catalog) -> list[str]:
    """Each paper's teaser as HTML (escaped by ``mathtext.to_html``), by ref; loaded after the rows."""
    return [mathtext.to_html(teaser(paper.abstract)) if paper.abstract else "" for paper in catalog.papers]


@lru_cache(maxsize=1)
def lunr_js() -> str:
    """lunr.js as MkDocs ships it, minified (rjsmin: 100 KB → 41 KB); its version must be the one the index is serialized for."""
    source = resources.files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_text(encoding="utf-8")
    found = re.search(r'lunr\.version = "([^"]+)"', source)
    if not found or found.group(1) != LUNR_VERSION:
        version = found.group(1) if found else "unknown"
        raise LunrVersionError(f"mkdocs ships lunr.js {version}; the Explore index is built for {LUNR_VERSION}")
    notice = f"/*! lunr.js {LUNR_VERSION}, http://lunrjs.com, Copyright (C) 2020 Oliver Nightingale, MIT license */\n"
    return notice + str(rjsmin.jsmin(source)) + "\n"


def _as_list(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(value: object) -> str:
    """Compact JSON; numpy arrays become lists one at a time, as they are written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_as_list) + "\n"


def files(renderer: Renderer, shards: tuple[dict[str, Any], dict[str, Any]], lunr_source: str) -> dict[str, str]:
    """The Explore page, its index shards (``search_index.packed_shards``), row data and lunr.js, keyed by path below docs/."""
    head, body = shards
    return {
        PAGE: page(renderer),
        INDEX: _json(head),
        BODY: _json(body),
        ROWS: _json(row_data(renderer)),
        TEASERS: _json(teasers(renderer.catalog)),
        LUNR_JS: lunr_source,
    }
