"""The one orchestrator: papers.yaml and mkdocs.yml in, every generated file out."""

from __future__ import annotations

from pathlib import Path

from generator import catalog_map, config, explore, exports, feeds, loader, render, writer
from generator.model import Catalog
from generator.validate import validate


def load_catalog(path: Path, display: str | None = None) -> Catalog:
    """Read and validate a catalog file; raises ``CatalogError`` with every problem."""
    return validate(loader.load_path(path, display))


def generate(catalog: Catalog, site: config.SiteConfig) -> dict[str, str]:
    """Every generated file, relative to docs/: pure, deterministic, no I/O (but reading lunr.js from MkDocs)."""
    renderer = render.Renderer(catalog, site)
    files = renderer.pages()
    files.update(explore.files(renderer, explore.lunr_js()))
    files.update(catalog_map.files(renderer))
    files.update(feeds.feeds(catalog, site))
    files.update(exports.exports(catalog, site))
    return files


def build(papers: Path, mkdocs_yml: Path, docs: Path | None = None, display: str | None = None) -> writer.WriteReport:
    """Validate, render everything in memory, and only then write: a failure writes nothing."""
    catalog = load_catalog(papers, display)
    site = config.read(mkdocs_yml)
    files = generate(catalog, site)
    return writer.write_tree(docs or mkdocs_yml.parent / site.docs_dir, files)
