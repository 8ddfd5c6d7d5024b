"""The one orchestrator: papers.yaml and mkdocs.yml in, every generated file out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator import catalog_map, config, explore, exports, feeds, loader, render, timings, writer
from generator.errors import CatalogError, Problem
from generator.model import Catalog
from generator.timings import Stopwatch
from generator.validate import validate


def load_catalog(path: Path, display: str | None = None, watch: Stopwatch = timings.OFF) -> Catalog:
    """Read and validate a catalog file; raises ``CatalogError`` with every problem."""
    with watch.stage("reading papers.yaml"):
        raw = loader.load_path(path, display)
    with watch.stage("validating"):
        return validate(raw)


def files(
    catalog: Catalog, site: config.SiteConfig, watch: Stopwatch = timings.OFF, made: list[render.Renderer] | None = None
) -> Iterator[tuple[str, str | bytes]]:
    """Every generated file as ``(path relative to docs/, text)``, one part of the site at a time.

    A stream, so that the writer can put each file on disk and forget it: at 10,000 papers the
    files come to about 120 MB of text. The exports and feeds come first, while little else is in
    memory (papers.json alone is 25 MB at 10,000 papers); then the pages, which need the related
    papers and the map. Pure and deterministic, no I/O (but reading lunr.js from MkDocs).
    ``watch`` times each part (``build --timings``); ``made``, if given, gets the renderer (with the
    related papers and the map layout), which ``make serve``'s preview keeps (generator/preview.py).
    """
    yield from watch.stream("exports (JSON, BibTeX)", lambda: exports.files(catalog, site))
    yield from watch.stream("feeds", lambda: feeds.feeds(catalog, site).items())
    with watch.stage("related papers (TF-IDF)"):
        renderer = render.Renderer(catalog, site)
    if made is not None:
        made.append(renderer)
    with watch.stage("map layout (t-SNE)"):
        renderer.map_layout  # noqa: B018 (computed here, once, to be timed on its own)
    yield from watch.stream("pages (Jinja)", renderer.iter_pages)
    yield from watch.stream("Explore index", lambda: explore.files(renderer, explore.lunr_js()).items())
    yield from watch.stream("map page", lambda: catalog_map.files(renderer).items())


def generate(catalog: Catalog, site: config.SiteConfig) -> dict[str, str]:
    """Every generated file, keyed by its path relative to docs/ (``files`` gathered)."""
    out: dict[str, str] = {}
    for name, text in files(catalog, site):
        if name in out:
            raise ValueError(f"the generator made {name} twice")
        out[name] = text.decode("utf-8") if isinstance(text, bytes) else text
    return out


def check_docs(mkdocs_yml: Path) -> None:
    """Refuse symbolic links under the docs folder that point outside it (MkDocs would publish their targets).

    Nothing to check where there is no mkdocs.yml (a catalog file on its own). Raises
    ``CatalogError``, one problem per link, so ``validate`` reports them with the catalog's.
    """
    if not mkdocs_yml.is_file():
        return
    docs = mkdocs_yml.parent / config.read(mkdocs_yml).docs_dir
    if not docs.is_dir():
        return
    problems = [
        Problem(
            file=path,
            line=1,
            column=1,
            field="",
            message=f"a symbolic link to {target}, outside the docs folder; MkDocs would publish that file",
        )
        for path, target in writer.links_out(docs)
    ]
    if problems:
        raise CatalogError(problems)


def build(
    papers: Path, mkdocs_yml: Path, docs: Path | None = None, display: str | None = None, watch: Stopwatch = timings.OFF
) -> writer.WriteReport:
    """Validate everything first, then write the files as they are made: a failure changes nothing in docs/."""
    catalog = load_catalog(papers, display, watch)
    site = config.read(mkdocs_yml)
    docs = docs or mkdocs_yml.parent / site.docs_dir
    writer.check_links(docs, mkdocs_yml.parent)
    return writer.write_tree(docs, files(catalog, site, watch))
