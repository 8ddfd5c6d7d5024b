"""The command line: ``python -m generator validate | build``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import site
from generator.errors import CatalogError


def _display(path: Path) -> str:
    """Paths in messages are relative to the current folder when they can be."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _report(error: CatalogError, fmt: str) -> None:
    for problem in error.problems:
        click.echo(problem.github() if fmt == "github" else str(problem))
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints GitHub workflow commands, so problems show on the PR's diff lines.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=None, version=__import__("generator").__version__)
def cli() -> None:
    """Build the paper catalog's pages from papers.yaml."""


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), default="papers.yaml")
@FORMAT
def validate(path: Path, fmt: str) -> None:
    """Check PATH (default papers.yaml) and report every problem with its line and column."""
    try:
        catalog = site.load_catalog(path, _display(path))
    except CatalogError as error:
        _report(error, fmt)
        sys.exit(1)
    click.echo(f"{_display(path)}: OK: {len(catalog.papers)} papers, {len(catalog.themes)} themes, {len(catalog.tags)} tags.")


@cli.command()
@click.option(
    "--papers",
    "papers",
    type=click.Path(path_type=Path, dir_okay=False),
    default="papers.yaml",
    show_default=True,
    help="The catalog file.",
)
@click.option(
    "--config",
    "mkdocs_yml",
    type=click.Path(path_type=Path, dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration.",
)
@FORMAT
def build(papers: Path, mkdocs_yml: Path, fmt: str) -> None:
    """Validate the catalog and write its Markdown pages into docs/ (only files whose content changed)."""
    try:
        report = site.build(papers, mkdocs_yml, display=_display(papers))
    except CatalogError as error:
        _report(error, fmt)
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    click.echo(f"Generated pages: {len(report.written)} written, {report.unchanged} unchanged, {len(report.removed)} removed.")


def main() -> None:
    cli(prog_name="python -m generator")
