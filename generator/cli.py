"""The command line: ``python -m generator validate | build | fmt``."""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import click

from generator import fmt as layout
from generator import loader, site, writer
from generator.errors import CatalogError, Problem


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


def _read_catalog_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text (UTF-8, BOM and CRLF removed) as the loader reads it."""
    display = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError([Problem(file=display, line=1, column=1, field="", message=f"cannot read the file: {exc.strerror}")]) from None
    return raw, loader.decode(raw, display)


@cli.command("fmt")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), default="papers.yaml")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and show the difference if PATH is not canonical.")
def fmt_command(path: Path, check: bool) -> None:
    """Rewrite PATH (default papers.yaml) in the one canonical layout, keeping its comments.

    Key order, indentation, quoting and line wrapping come out the same whoever edited the file.
    A file with problems is reported like `validate` does and left untouched.
    """
    display = _display(path)
    try:
        raw, text = _read_catalog_text(path)
        out = layout.format_text(text, display)
    except CatalogError as error:
        _report(error, "text")
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    except layout.FormatError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if out.encode("utf-8") == raw:
        click.echo(f"{display}: already in the canonical layout.")
        return
    if check:
        diff = list(
            difflib.unified_diff(text.splitlines(), out.splitlines(), f"{display} (now)", f"{display} (canonical)", lineterm="", n=1)
        )
        if not diff:
            diff = ["(only the line ends, the final newline or a byte-order mark differ)"]
        click.echo(f"{display}: not in the canonical layout; `python -m generator fmt {display}` would change it:")
        click.echo("\n".join(diff[:60] + ([f"... ({len(diff) - 60} more diff lines)"] if len(diff) > 60 else [])))
        sys.exit(1)
    writer.write_atomic(path, out.encode("utf-8"))
    click.echo(f"{display}: rewritten in the canonical layout.")


def main() -> None:
    cli(prog_name="python -m generator")
