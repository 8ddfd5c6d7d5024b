"""``make serve``'s preview: an edit of papers.yaml rewrites only the pages it touches, in about a second.

A full build (``python -m generator build``, ``make build``) recomputes everything and stays the
only way the site is published. Under ``mkdocs serve`` the hook (generator/mkdocs_hook.py) keeps
the last build's catalog and analysis in memory, and when papers.yaml changes but keeps the same
papers (same pages: only their titles, abstracts, themes, tags or other facts changed), it
renders again only:

- the edited papers' pages,
- the pages of the themes they are or were in, and the home page,
- the What's new pages of their dates,
- the Explore page and its data (its search index included);

and keeps the rest as the last build made it: the related papers of every paper and the map
layout (computed by TF-IDF and t-SNE over the whole catalog), the other papers' pages (whose
related lists show the edited paper's previous title), the tags page (whose listing of every
paper MkDocs takes a second to render through Markdown at 10,000 papers), the map page, the
downloads and the feeds.
The edited pages say so (the hook adds a note). A title edit that moves a paper's page (its
slug) leaves, at the old address, a page that links to the new one, since the other pages link
there until the next full build. Any other change (a paper added or removed, a theme or tag
changed, mkdocs.yml edited, or more than ``MAX_EDITED`` papers at once) is a full build, as is
the first build of the session.

An edit inside one paper's entry of papers.yaml is read and checked alone (generator/entries.py),
and what the unchanged papers made last time (their cards, their text in Explore's index, the
BibTeX keys) is reused: at 10,000 papers the edit is on the served site in about 2.5 s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator import config, entries, explore, loader, mathtext, render, search_index, site, urls, writer
from generator.model import Catalog, Paper
from generator.validate import validate

MAX_EDITED = 20  # more edited papers than this at once: a full build (as fast, and exact)


@dataclass(frozen=True, slots=True)
class Generation:
    """What the pages in docs/ were last made from, in this ``mkdocs serve`` session."""

    read: entries.Read  # papers.yaml as last read: its bytes and where each paper's entry is
    site: config.SiteConfig
    renderer: render.Renderer
    full: bool  # made by a full build (not patched by the preview)
    # What Explore's index holds of each paper (search_index.document): made with the full build, so
    # that the first edit does not wait for it, and made again by each edit for its papers only.
    documents: tuple[dict[str, str], ...] | None = None

    @property
    def catalog(self) -> Catalog:
        return self.renderer.catalog


@dataclass(frozen=True, slots=True)
class Update:
    """One rebuild's work: the new state, and which files of docs/ changed (None: every one may have)."""

    generation: Generation
    changed: frozenset[str] | None
    written: int = 0
    removed: int = 0


def full_build(papers: Path, mkdocs_yml: Path, docs: Path, display: str | None = None, read: entries.Read | None = None) -> Update:
    """``generator build``, keeping its renderer for the next edit. Raises ``CatalogError``.

    ``read``: papers.yaml as just read and validated (else it is read here).
    """
    if read is None:
        read = _read_whole(loader.read_bytes(papers, display), display or str(papers))
    site_config = config.read(mkdocs_yml)
    made: list[render.Renderer] = []
    report = writer.write_tree(docs, site.files(read.catalog, site_config, made=made))
    catalog = read.catalog
    documents = tuple(search_index.document(paper, ref, catalog) for ref, paper in enumerate(catalog.papers))
    generation = Generation(read, site_config, made[0], full=True, documents=documents)
    return Update(generation, None, len(report.written), len(report.removed))


def _read_whole(data: bytes, name: str) -> entries.Read:
    """The whole file read and validated, as ``generator build`` reads it (``inputs.load_catalog``)."""
    doc = loader.load_bytes(data, name)
    return entries.whole(data, doc, validate(doc))


@dataclass(frozen=True, slots=True)
class Edit:
    """The files an edit changes, and what the next edit reuses."""

    renderer: render.Renderer
    pages: dict[str, str]
    documents: tuple[dict[str, str], ...] | None


def edited_pages(previous: Generation, catalog: Catalog, site_config: config.SiteConfig) -> Edit | None:
    """The files an edit of some papers changes, made with ``previous``'s analysis; None when it takes a full build."""
    old = previous.catalog
    if (
        site_config != previous.site
        or catalog.info != old.info
        or catalog.themes != old.themes
        or catalog.tags != old.tags
        or len(catalog.papers) != len(old.papers)
    ):
        return None
    edited = [(new, was) for new, was in zip(catalog.papers, old.papers, strict=True) if new is not was and new != was]
    if len(edited) > MAX_EDITED:
        return None
    moved = {was.slug: new for new, was in edited if new.slug != was.slug}  # a title edit moved its page
    if set(moved) & {new.slug for new, _ in edited}:
        return None  # one paper's page taken over by another's: a full build sorts it out
    renderer = render.Renderer.reusing(catalog, site_config, previous.renderer)
    if not edited:
        return Edit(renderer, {}, previous.documents)
    positions = {theme.id: i for i, theme in enumerate(catalog.themes)}
    themes = sorted({positions[t] for new, was in edited for t in (*new.themes, *was.themes)})
    out = {urls.paper(new.slug): renderer.paper_page(new) for new, _ in edited}
    # The other pages keep linking to a moved page's old address until the next full build: it
    # says where the page is now.
    out |= {urls.paper(slug): moved_page(renderer, slug, new) for slug, new in moved.items()}
    out |= {urls.theme(catalog.themes[i].id): renderer.theme_page(i) for i in themes}
    out[urls.HOME] = renderer.home_page()
    out |= renderer.updates(only={day for new, was in edited for day in (new.added, was.added)})
    # Explore's index: each paper's folded text made again only for the edited papers.
    if previous.documents is None or len(previous.documents) != len(catalog.papers):
        documents = [search_index.document(paper, ref, catalog) for ref, paper in enumerate(catalog.papers)]
    else:
        documents = list(previous.documents)
        for new, _ in edited:
            documents[new.index] = search_index.document(new, new.index, catalog)
    out |= explore.files(renderer, search_index.packed_shards(catalog, documents), explore.lunr_js())
    return Edit(renderer, out, tuple(documents))


SETTLE_S = 0.05  # papers.yaml is read once it stays the same for this long (at most 20 tries)


def _settled(papers: Path, name: str) -> bytes:
    """papers.yaml's bytes once it is no longer being written.

    An editor that saves in place truncates the file, then writes it: at 10,000 papers (19 MB)
    the server's watcher may see the change before the writing is done, and a rebuild from half
    a file would show papers missing (or problems) until the next one. So the file is read when
    its size and modification time stay the same over the reading and ``SETTLE_S`` after it (a
    wait, not a reading of the clock: nothing the generator makes depends on when it ran).
    """
    for _ in range(20):
        try:
            before = papers.stat()
            data = loader.read_bytes(papers, name)
            time.sleep(SETTLE_S)
            after = papers.stat()
        except OSError:
            break  # gone (an editor replacing it): read_bytes below says so, or reads the new one
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and len(data) == after.st_size:
            return data
    return loader.read_bytes(papers, name)


def moved_page(renderer: render.Renderer, old_slug: str, paper: Paper) -> str:
    """What the preview leaves at the address of a page that an edited title moved: a link to where it is now."""
    source = urls.paper(old_slug)
    href = escape(renderer.link(source, urls.paper(paper.slug)))
    return (
        "# This paper's page has moved\n\n"
        f'<p class="catalog-moved">Its title changed, and so did its address: <a href="{href}">{mathtext.to_html(paper.title)}</a>. '
        "The other pages link here until the next full build (<code>make build</code>, or a restart of "
        "<code>make serve</code>).</p>\n"
    )


def update(previous: Generation | None, papers: Path, mkdocs_yml: Path, docs: Path, display: str | None = None) -> Update:
    """Bring docs/ up to date with papers.yaml: the preview's few pages when it can, else a full build.

    Raises ``CatalogError`` (and changes nothing) when papers.yaml has problems.
    """
    if previous is None:
        return full_build(papers, mkdocs_yml, docs, display)
    name = display or str(papers)
    data = _settled(papers, name)
    site_config = config.read(mkdocs_yml)
    if data == previous.read.data and site_config == previous.site:
        return Update(previous, frozenset())
    # An edit inside one paper's entry: that entry read and checked alone; else the whole file.
    read = entries.reread(previous.read, data, name) or _read_whole(data, name)
    edit = edited_pages(previous, read.catalog, site_config)
    if edit is None:
        return full_build(papers, mkdocs_yml, docs, display, read)
    written = writer.patch(docs, edit.pages)
    generation = Generation(read, site_config, edit.renderer, full=False, documents=edit.documents)
    return Update(generation, frozenset(written), len(written))
