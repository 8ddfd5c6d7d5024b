"""The Explore page: every paper in one filterable list, with a lunr index built here, at build time.

The browser loads the index with ``lunr.Index.load`` (lunr.js 2.3.9, the copy MkDocs ships) and
never builds one. To keep the download small, ``explore/search-index.json`` is not lunr's own
serialization but a lossless packing of it that ``docs/assets/explore.js`` unpacks:

``{"lunr": "2.3.9", "fields": [...], "pipeline": [...], "terms": [...], "vectors": [[...], ...]}``

- ``terms``: every indexed term, in the order ``lunr.TokenSet.fromArray`` needs (UTF-16 order); a
  term's position is its ``_index``.
- ``vectors[f][d]``: the field vector of field ``fields[f]`` in document ``d`` (the ref is ``str(d)``,
  the paper's position in papers.yaml) as ``[term gap, score, term gap, score, ...]``, term positions
  ascending and delta-coded. lunr's inverted index is exactly the transpose of these vectors
  (which documents contain a term, per field), so it is rebuilt from them instead of shipped.

Text is folded the same way here and in explore.js (lower case, accents dropped, split on anything
that is not a letter or digit) before lunr sees it, so "state-space", "State Space" and
"state space" are the same two words in the index and in a query. The index keeps whole words
(stop words dropped, lunr's lists being the same in Python and JS) and no stems: lunr.py's stemmer
and lunr.js's disagree ("survey" → "survei" / "survey"), so stemming happens only in the browser,
on the query, which matches words by prefix ("models" → "model*").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter

from generator import mathtext
from generator.model import Catalog, Paper
from generator.render import Renderer

PAGE = "explore/index.md"
INDEX = "explore/search-index.json"
LUNR_JS = "explore/lunr.js"
LUNR_VERSION = "2.3.9"

# (name in the index, boost): title, authors, tags, abstract. Short names keep the index small.
FIELDS = (("t", 10), ("a", 3), ("k", 3), ("b", 1))

_WORD = re.compile(r"[^\W_]+")
_VENUE_END = re.compile(r"\s*[\d(,;:]")


class LunrVersionError(RuntimeError):
    """The installed MkDocs ships another lunr.js than the one the index is serialized for."""


def fold(text: str) -> str:
    """Lower case, accents dropped, words separated by single spaces (explore.js folds queries alike)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(bare))


def venue_name(venue: str) -> str:
    """The venue without its year, pages or notes: ``'ICLR 2024 (spotlight)'`` → ``'ICLR'``."""
    name = _VENUE_END.split(venue, maxsplit=1)[0].strip(" .,")
    return name or venue.strip()


def _document(paper: Paper, ref: int, catalog: Catalog) -> dict[str, str]:
    tags = " ".join(catalog.tag_by_id[tag].title + " " + tag for tag in paper.tags)
    return {
        "ref": str(ref),
        "t": fold(mathtext.to_plain(paper.title)),
        "a": fold(" ".join(paper.authors)),
        "k": fold(tags),
        "b": fold(mathtext.to_plain(paper.abstract)),
    }


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


def search_index(catalog: Catalog) -> dict[str, Any]:
    """The packed lunr index of every paper (see the module docstring for the format)."""
    documents = [_document(paper, ref, catalog) for ref, paper in enumerate(catalog.papers)]
    builder = Builder()
    builder.pipeline.add(stop_word_filter)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for document in documents:
        builder.add(document)
    serialized = builder.build().serialize()
    by_old_index = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    terms = sorted(by_old_index.values(), key=_utf16)
    position = {term: i for i, term in enumerate(terms)}
    names = [name for name, _ in FIELDS]
    vectors: list[list[list[float]]] = [[[] for _ in documents] for _ in names]
    for field_ref, elements in serialized["fieldVectors"]:
        name, ref = field_ref.split("/", 1)
        pairs = sorted((position[by_old_index[elements[i]]], elements[i + 1]) for i in range(0, len(elements), 2))
        packed: list[float] = []
        previous = 0
        for term, score in pairs:
            packed += [term - previous, score]
            previous = term
        vectors[names.index(name)][int(ref)] = packed
    return {
        "lunr": LUNR_VERSION,
        "fields": names,
        "pipeline": serialized["pipeline"],
        "terms": terms,
        "vectors": vectors,
    }


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


def page(renderer: Renderer) -> str:
    """The Explore page's Markdown: the controls, and every paper as a row (so it works without JS)."""
    page_rows = rows(renderer.catalog)
    return renderer.render(
        "explore.md.j2",
        PAGE,
        rows=page_rows,
        facets=facets(renderer.catalog, page_rows),
        with_code=sum(1 for row in page_rows if row.paper.code),
        index_url=INDEX.removeprefix("explore/"),
        lunr_url=LUNR_JS.removeprefix("explore/"),
    )


@lru_cache(maxsize=1)
def lunr_js() -> str:
    """lunr.js as MkDocs ships it; its version must be the one the index is serialized for."""
    source = resources.files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_text(encoding="utf-8")
    found = re.search(r'lunr\.version = "([^"]+)"', source)
    if not found or found.group(1) != LUNR_VERSION:
        version = found.group(1) if found else "unknown"
        raise LunrVersionError(f"mkdocs ships lunr.js {version}; the Explore index is built for {LUNR_VERSION}")
    return source


def files(renderer: Renderer, lunr_source: str) -> dict[str, str]:
    """The Explore page, its packed index and lunr.js, keyed by path below docs/."""
    index = json.dumps(search_index(renderer.catalog), ensure_ascii=False, separators=(",", ":"))
    return {PAGE: page(renderer), INDEX: index + "\n", LUNR_JS: lunr_source}
