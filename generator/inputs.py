"""What a build starts from, read and checked: the catalog file (loaded, then validated) and the docs folder.

Light on purpose: `validate`, `fmt` and `add` need only this, never the analysis site.py runs.
"""

from __future__ import annotations

from pathlib import Path

from generator import config, loader, timings, writer
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
