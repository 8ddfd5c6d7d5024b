"""The one orchestrator: papers.yaml and mkdocs.yml in, every generated file out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator import (
    bibtex,
    catalog_map,
    config,
    digest,
    explore,
    exports,
    feeds,
    map_layout,
    related,
    render,
    search_index,
    timings,
    writer,
)
from generator.inputs import check_docs, load_catalog
from generator.model import Catalog
from generator.timings import Stopwatch

__all__ = ["analyse", "build", "check_docs", "files", "generate", "load_catalog"]


def analyse(catalog: Catalog, bibtex_keys: dict[str, str] | None = None, watch: Stopwatch = timings.OFF) -> render.Analysis:
    """What the pages need from the whole catalog, each computed once: related papers, the map, citation keys."""
    keys = bibtex.keys(catalog.papers) if bibtex_keys is None else bibtex_keys
    with watch.stage("related papers (TF-IDF)"):
        # One TF-IDF matrix for the related lists and the map; let go once the map is laid out.
        vectors = related.vectors(catalog.papers) if len(catalog.papers) >= 2 else None
        lists = related.related(catalog, matrix=vectors)
    with watch.stage("map layout (t-SNE)"):
        layout = map_layout.layout(catalog, vectors)
    return render.Analysis(related=lists, layout=layout, bibtex_keys=keys)


def files(
    catalog: Catalog, site: config.SiteConfig, watch: Stopwatch = timings.OFF, made: list[render.Renderer] | None = None
) -> Iterator[tuple[str, str | bytes]]:
    """Every generated file as ``(path relative to docs/, text)`` (the gzipped downloads as bytes), one part at a time.

    A stream, so that the writer can put each file on disk and forget it: at 10,000 papers the
    files come to about 120 MB of text. The exports and feeds come first, while little else is in
    memory (the JSON export alone is 24 MB of text at 10,000 papers); then the pages, which need the related
    papers and the map. Pure and deterministic, no I/O (but reading lunr.js from MkDocs).
    ``watch`` times each part (``build --timings``); ``made``, if given, gets the renderer (with the
    related papers and the map layout), which ``make serve``'s preview keeps (generator/preview.py).
    """
    with watch.stage("exports (JSON, BibTeX)"):
        keys = bibtex.keys(catalog.papers)
    yield from watch.stream("exports (JSON, BibTeX)", lambda: exports.files(catalog, site, keys))
    yield from watch.stream("feeds", lambda: feeds.feeds(catalog, site).items())
    analysis = analyse(catalog, keys, watch)
    renderer = render.Renderer(catalog, site, analysis)
    if made is not None:
        renderer.keep_fragments = True
        made.append(renderer)
    yield from watch.stream("pages (Jinja)", renderer.iter_pages)
    yield from watch.stream(
        "Explore index", lambda: explore.files(renderer, search_index.packed_shards(catalog), explore.lunr_js()).items()
    )
    yield from watch.stream("map page", lambda: catalog_map.files(renderer, analysis.layout).items())
    yield from watch.stream("email digests", lambda: digest.pages(catalog, site))


def generate(catalog: Catalog, site: config.SiteConfig) -> dict[str, str | bytes]:
    """Every generated file, keyed by its path relative to docs/ (``files`` gathered): text, or bytes for a gzipped file."""
    out: dict[str, str | bytes] = {}
    for name, text in files(catalog, site):
        if name in out:
            raise ValueError(f"the generator made {name} twice")
        out[name] = text
    return out


def build(
    papers: Path, mkdocs_yml: Path, docs: Path | None = None, display: str | None = None, watch: Stopwatch = timings.OFF
) -> writer.WriteReport:
    """Validate everything first, then write the files as they are made: a failure changes nothing in docs/."""
    catalog = load_catalog(papers, display, watch)
    site = config.read(mkdocs_yml)
    docs = docs or mkdocs_yml.parent / site.docs_dir
    writer.check_links(docs, mkdocs_yml.parent)
    return writer.write_tree(docs, files(catalog, site, watch))
