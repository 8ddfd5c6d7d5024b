"""For MkDocs builds: paper pages stay out of Material's search index; the header search finds them in Explore's.

Material's search plugin writes every page it indexes into ``search/search_index.json``, which
Material's search fetches on every page a reader opens. With a page per
paper that file grows with the catalog (19.8 MB at 10,000 papers, 4.9 MB gzipped), yet the
header's search box never shows those entries: docs/assets/header-search.js lists the matching
papers from the Explore page's own prebuilt index (titles, authors, abstracts, ids, ranked as
Explore ranks them) and hides Material's results for paper pages. So this hook sets Material's
per-page exclusion (``search: {exclude: true}``, as a page's front matter would) on every paper
page, and Material's index keeps the other pages: home, themes, tags, What's new, About, ...

MkDocs only, and only a convenience: Zensical runs no hooks and its header search has no
header-search.js, so its index keeps the paper pages (the paper template does not exclude them).
Without this hook MkDocs builds the same pages, with the larger index.
"""

from __future__ import annotations

from typing import Any

# generator/urls.py's paper(): every paper page is papers/<slug>/index.md (not imported: this hook
# stays free of the generator; tests/test_search_hook.py checks that the two agree).
PAPERS = "papers/"


def is_paper_page(src_uri: str) -> bool:
    """Whether the page at ``src_uri`` (below docs/) is a paper's page."""
    return src_uri.startswith(PAPERS) and src_uri.count("/") == 2 and src_uri.endswith("/index.md")


def exclude(page: Any) -> None:
    """Leave ``page`` out of Material's search index, as ``search: {exclude: true}`` in its front matter would."""
    search = page.meta.get("search")
    page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if is_paper_page(page.file.src_uri):
        exclude(page)
    return markdown
