"""The command line: ``python -m generator validate | build | fmt | add | import``."""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from generator import (
    arxiv,
    bibimport,
    config,
    crossref,
    edit,
    exports,
    fields,
    fmt,
    inputs,
    loader,
    mailer,
    schema,
    sent_record,
    urls,
    writer,
)
from generator.errors import CatalogError
from generator.timings import OFF, Stopwatch

if TYPE_CHECKING:
    from generator.digest import Digest

F = TypeVar("F", bound=Callable[..., Any])


def _display(path: Path) -> str:
    """Paths in messages are relative to the current folder when they can be."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _report(error: CatalogError, output_format: str) -> None:
    for problem in error.problems:
        click.echo(problem.github() if output_format == "github" else str(problem))
    if error.more:
        click.echo(error.more_line())
    count = error.total
    click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)


def _file_option(flag: str, name: str, default: str, help: str) -> Callable[[F], F]:
    """An option naming one file (not a folder), shown with its default in --help."""
    return click.option(flag, name, type=click.Path(path_type=Path, dir_okay=False), default=default, show_default=True, help=help)


PAPERS = _file_option("--papers", "papers", "papers.yaml", "The catalog file.")
FORMAT = click.option(
    "--format",
    "output_format",
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
def validate(path: Path, output_format: str) -> None:
    """Check PATH (default papers.yaml) and report every problem with its line and column."""
    try:
        catalog = inputs.load_catalog(path, _display(path))
        inputs.check_docs(path.parent / "mkdocs.yml")
    except CatalogError as error:
        _report(error, output_format)
        sys.exit(1)
    click.echo(f"{_display(path)}: OK: {len(catalog.papers)} papers, {len(catalog.themes)} themes, {len(catalog.tags)} tags.")


@cli.command()
@PAPERS
@_file_option("--config", "mkdocs_yml", "mkdocs.yml", "The MkDocs configuration.")
@FORMAT
@click.option("--timings", is_flag=True, help="Also print how long each stage of the build took.")
def build(papers: Path, mkdocs_yml: Path, output_format: str, timings: bool) -> None:
    """Validate the catalog and write its Markdown pages into docs/ (only files whose content changed)."""
    # Only `build` imports the analysis (scikit-learn and the rest: a second of start-up); the
    # other commands never load it.
    from generator import site

    watch = Stopwatch() if timings else OFF
    try:
        report = site.build(papers, mkdocs_yml, display=_display(papers), watch=watch)
    except CatalogError as error:
        _report(error, output_format)
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    except writer.OutputConflict as error:
        click.echo(f"error: {error}. Nothing was written.", err=True)
        sys.exit(1)
    click.echo(f"Generated pages: {len(report.written)} written, {report.unchanged} unchanged, {len(report.removed)} removed.")
    if timings:
        stages = watch.report()
        width = max(len(name) for name, _ in stages)
        click.echo("Timings:")
        for name, seconds in stages:
            click.echo(f"  {name:<{width}}  {seconds:7.2f} s")


def _read_catalog_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text (UTF-8, BOM and CRLF removed) as the loader reads it."""
    display = _display(path)
    raw = loader.read_bytes(path, display)
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
        out = fmt.format_text(text, display)
    except CatalogError as error:
        _report(error, "text")
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    except fmt.FormatError as error:
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


def _today() -> date:
    return datetime.now(UTC).date()


def fail(messages: list[str]) -> NoReturn:
    """``add`` and ``import``: every message, then that papers.yaml was left as it was."""
    for message in messages:
        click.echo(message)
    click.echo("Nothing was written.", err=True)
    sys.exit(1)


def _added_day(added: str | None, display: str) -> date:
    """The ``--added`` date, or today's."""
    try:
        return date.fromisoformat(added) if added is not None else _today()
    except ValueError:
        fail([f"{display}: --added: expected a date like 2025-05-22, got {added!r}"])


def _field_options(command: F) -> F:
    """An option for each field of the table (generator/fields.py) that has one, in its order."""
    for f in reversed(fields.OPTIONS):
        if f.boolean:
            command = click.option(f.flag, f.name, is_flag=True, default=None, help=f.help)(command)
            continue
        kind: Any = click.Choice(f.choices) if f.choices else int if f.number else None
        command = click.option(f.flag, f.name, multiple=f.multiple, type=kind, metavar=f.metavar, help=f.help)(command)
    return command


@cli.command()
@PAPERS
@click.option("--from-arxiv", "from_arxiv", metavar="ID", help="Fetch title, authors, abstract and year from the arXiv API.")
@click.option(
    "--from-doi", "from_doi", metavar="DOI", help="Fetch title, authors, year, venue and its kind, and abstract from Crossref's REST API."
)
@_field_options
@click.option("--added", metavar="YYYY-MM-DD", help="The date the paper enters the catalog.  [default: today (UTC)]")
@click.option(
    "--arxiv-api",
    "arxiv_api",
    envvar="ARXIV_API_URL",
    default=arxiv.DEFAULT_API,
    show_default=True,
    help="The arXiv API's query address (or set ARXIV_API_URL).",
)
@click.option(
    "--crossref-api",
    "crossref_api",
    envvar="CROSSREF_API_URL",
    default=crossref.DEFAULT_API,
    show_default=True,
    help="Crossref's works address (or set CROSSREF_API_URL).",
)
@click.option("--timeout", type=float, default=arxiv.TIMEOUT, show_default=True, help="Seconds to wait for the arXiv or Crossref API.")
def add(
    papers: Path,
    from_arxiv: str | None,
    from_doi: str | None,
    added: str | None,
    arxiv_api: str,
    crossref_api: str,
    timeout: float,
    **given: Any,
) -> None:
    """Append one paper at the end of papers.yaml, checked and in the canonical layout.

    Give the facts as options, or --from-arxiv ID or --from-doi DOI to fetch them; options given
    explicitly win over fetched values. --theme is always needed. Nothing is written if anything
    is wrong.
    """
    display = _display(papers)

    day = _added_day(added, display)
    new = edit.NewPaper(added=day, given=given)
    try:
        _, text = _read_catalog_text(papers)
        fmt.parse(text, display)  # a broken file is reported before the network is asked
        if from_arxiv is not None:
            wanted = arxiv.normalize_id(from_arxiv)
            arxiv_id = given.get("arxiv")
            if arxiv_id is not None and arxiv_id.strip() != wanted:
                fail([f"{display}: --arxiv: {arxiv_id} differs from --from-arxiv {wanted}; give one of them"])
            new = new.filled_from(arxiv.fetch(wanted, arxiv_api, timeout))
        if from_doi is not None:
            doi = crossref.normalize_doi(from_doi)
            given_doi = given.get("doi")
            if given_doi is not None and given_doi.strip().lower() != doi.lower():
                fail([f"{display}: --doi: {given_doi} differs from --from-doi {doi}; give one of them"])
            new = new.filled_from(crossref.fetch(doi, crossref_api, timeout))
        result = edit.add_paper(text, display, new)
    except CatalogError as error:
        _report(error, "text")
        fail([f"{display} has problems; fix them first (python -m generator validate {display})."])
    except arxiv.ArxivError as error:
        fail([f"{display}: --from-arxiv {from_arxiv}: {error}"])
    except crossref.CrossrefError as error:
        fail([f"{display}: --from-doi {from_doi}: {error}"])
    except edit.AddError as error:
        fail(error.messages)
    except fmt.FormatError as error:
        fail([str(error)])
    writer.write_atomic(papers, result.text.encode("utf-8"))
    paper = result.paper
    click.echo(f"{display}: added papers[{result.index}] {paper.title!r} (page {urls.paper_url(paper.slug)}).")
    if result.reformatted:
        click.echo(f"{display}: the rest of the file was also put into the canonical layout (see python -m generator fmt).")


@cli.command("schema")
@click.option("--export", "export", is_flag=True, help="The schema of papers.json.gz (decompressed), the catalog's JSON export, instead.")
def schema_command(export: bool) -> None:
    """Print the JSON Schema of papers.yaml, made from the table of paper fields (generator/fields.py).

    docs/papers.schema.json is this output, and docs/papers.export.schema.json that of --export;
    `make schema` writes both.
    """
    click.echo(schema.dumps(schema.export_schema(exports.VERSION) if export else schema.papers_schema()), nl=False)


@cli.command("import")
@click.argument("bibfile", type=click.Path(path_type=Path, dir_okay=False))
@PAPERS
@click.option("--theme", "themes", multiple=True, help="A theme id for every imported paper; repeat for more. Asked for when not given.")
@click.option("--tag", "tags", multiple=True, help="A tag id for every imported paper; repeat for more.")
@click.option("--added", metavar="YYYY-MM-DD", help="The date the papers enter the catalog.  [default: today (UTC)]")
def import_command(bibfile: Path, papers: Path, themes: tuple[str, ...], tags: tuple[str, ...], added: str | None) -> None:
    """Append every entry of BIBFILE (BibTeX) to papers.yaml, with only the facts each entry states.

    Titles and names are decoded from LaTeX; the venue comes from booktitle or journal, the arXiv
    id from eprint, journal (arXiv preprint arXiv:...) or url, and the DOI is kept. Entries already
    in the catalog, or earlier in the file, are skipped, and each skipped entry is reported with
    the reason. Nothing is written if any imported entry has a problem.
    """
    display, bib_display = _display(papers), _display(bibfile)

    day = _added_day(added, display)
    try:
        bib_text = loader.decode(bibfile.read_bytes(), bib_display)
    except OSError as exc:
        fail([f"{bib_display}: cannot read the file: {exc.strerror}"])
    except CatalogError as error:
        fail([str(problem) for problem in error.problems])
    try:
        _, text = _read_catalog_text(papers)
        parsed = fmt.parse(text, display)
    except CatalogError as error:
        _report(error, "text")
        fail([f"{display} has problems; fix them first (python -m generator validate {display})."])
    theme_ids = [theme.id for theme in parsed.catalog.themes]
    if not themes:
        if not sys.stdin.isatty():
            fail([f"{display}: --theme: give at least one theme for the imported papers: {', '.join(theme_ids)}"])
        themes = (click.prompt("Theme of the imported papers", type=click.Choice(theme_ids)),)
    found = bibimport.read(bib_text, bib_display)
    known = [(paper.arxiv, paper.doi, paper.title) for paper in parsed.catalog.papers]
    kept, duplicates = bibimport.duplicates(found.imported, known)
    skipped = sorted([*found.skipped, *duplicates], key=lambda s: s.source.line)
    for reason in skipped:
        click.echo(str(reason))
    if not kept:
        fail([f"{bib_display}: no entry to import ({len(skipped)} skipped)."])
    entries = [{**item.entry, "added": day, "themes": list(themes), **({"tags": list(tags)} if tags else {})} for item in kept]
    try:
        result = edit.add_papers(text, display, entries)
    except edit.NewEntriesError as error:
        fail(_about_imported(error, kept, display))
    except fmt.FormatError as error:
        fail([str(error)])
    writer.write_atomic(papers, result.text.encode("utf-8"))
    for item, paper in zip(kept, result.papers, strict=True):
        click.echo(f"{item.source}: imported as papers[{paper.index}] {paper.title!r}")
    click.echo(f"{display}: {len(kept)} papers imported from {bib_display}, {len(skipped)} entries skipped.")


def _about_imported(error: edit.NewEntriesError, kept: list[bibimport.Imported], display: str) -> list[str]:
    """The would-be file's problems, each told at the BibTeX entry it comes from (--theme, --tag: as flags)."""
    messages = []
    for problem in error.problems:
        match = re.match(r"^papers\[(\d+)\]\.?(.*)$", problem.field)
        index = int(match.group(1)) - error.first if match else -1
        if not match or not 0 <= index < len(kept):
            messages.append(str(problem))
            continue
        rest = match.group(2)
        key = re.split(r"[.\[]", rest, maxsplit=1)[0]
        if key in ("themes", "tags"):
            messages.append(f"{display}: --{key[:-1]}: {problem.message}")
        else:
            messages.append(f"{kept[index].source}: {rest or 'entry'}: {problem.message}")
    return list(dict.fromkeys(messages))


# What --dry-run shows where DIGEST_FROM or DIGEST_TO is not set (.invalid is a reserved domain).
PLACEHOLDER_FROM = "digest@example.invalid"
PLACEHOLDER_TO = "list@example.invalid"


@cli.command("digest")
@PAPERS
@_file_option("--config", "mkdocs_yml", "mkdocs.yml", "The MkDocs configuration (its site_url makes the links).")
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="The update to send or show.  [default: the newest]")
@click.option("--send", is_flag=True, help="Send it to DIGEST_TO, once: do nothing if it was sent before.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Print the email instead of sending it (the default).")
@click.option("--remote", default="origin", show_default=True, help="The git remote whose digest-YYYY-MM-DD tags record what was sent.")
def digest_command(papers: Path, mkdocs_yml: Path, day_text: str | None, send: bool, dry_run: bool, remote: str) -> None:
    """Print an update's email digest, or send it once to a mailing list with --send.

    An update is a date on the What's new page; the newest is the default. --send reads SMTP_HOST,
    SMTP_PORT (default 587, STARTTLS; 465 for TLS from the start), SMTP_USER, SMTP_PASSWORD,
    DIGEST_TO and DIGEST_FROM from the environment, and without them sends nothing and says so.
    The tag digest-YYYY-MM-DD, pushed to --remote before sending, records a digest as sent.
    """
    if send and dry_run:
        _fail("digest: give --send or --dry-run, not both")
    try:
        settings = mailer.settings(os.environ)
    except mailer.SendError as error:
        _fail(f"digest: {error}")
    if send and settings is None:
        names = ", ".join(mailer.VARIABLES)
        click.echo(f"Email digest not sent: none of {names} is set (see Contributing: the email digest).")
        return
    try:
        day = date.fromisoformat(day_text) if day_text is not None else None
    except ValueError:
        _fail(f"digest: --date: expected a date like 2025-05-22, got {day_text!r}")
    try:
        catalog = inputs.load_catalog(papers, _display(papers))
    except CatalogError as error:
        _report(error, "text")
        sys.exit(1)
    from generator import digest  # not at the top: the other commands do without Jinja and the templates

    try:
        update = digest.compose(catalog, config.read(mkdocs_yml), day)
        sender = digest.sender_address(settings.sender if settings else PLACEHOLDER_FROM, update.catalog)
        to = digest.recipient_address(settings.to if settings else PLACEHOLDER_TO)
    except digest.DigestError as error:
        _fail(f"digest: {error}")
    msg = digest.message(update, sender, to)
    if not send:
        if settings is None:
            click.echo("(DIGEST_FROM and DIGEST_TO are not set: the addresses below are placeholders.)", err=True)
        click.echo(digest.as_bytes(msg).decode("ascii"), nl=False)
        return
    assert settings is not None
    _send_once(update, msg, settings, sent_record.TagRecord(remote=remote))


def _send_once(update: Digest, msg: EmailMessage, settings: mailer.Settings, record: sent_record.TagRecord) -> None:
    """Claim the update's tag, send, and give the tag back if sending failed."""
    when = update.when
    try:
        if record.is_sent(update.tag) or not record.claim(update.tag, f"Email digest of {update.day.isoformat()} sent"):
            click.echo(f"Email digest of {when} was sent before (tag {update.tag} on {record.remote}): nothing to do.")
            return
    except sent_record.RecordError as error:
        _fail(f"digest: cannot read or write the record of sent digests: {error}")
    try:
        mailer.send(msg, settings)
    except mailer.SendError as error:
        try:
            record.release(update.tag)
            kept = ""
        except sent_record.RecordError:
            kept = f"; the tag {update.tag} is still on {record.remote}: delete it to send again"
        _fail(f"digest: not sent: {error}{kept}")
    count = len(update.entries)
    click.echo(f"Email digest of {when} ({count} paper{'' if count == 1 else 's'}) sent; recorded as tag {update.tag} on {record.remote}.")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def main() -> None:
    cli(prog_name="python -m generator")
