"""Adding a paper to catalog text: the new entry is checked like the rest, and the file comes out canonical.

Pure functions from text to text: the command line reads and writes the file (atomically), and
asks the arXiv API (``generator.arxiv``) when told to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator import fields, fmt, loader
from generator.arxiv import ArxivPaper
from generator.crossref import CrossrefWork
from generator.errors import CatalogError, Problem
from generator.model import Paper
from generator.validate import validate

# Which command-line flag gave each field of the new entry, for messages about it.
FLAGS = fields.FLAGS
# What an arXiv record gives, by field: used for the fields not given explicitly.
_FROM_ARXIV = {"title": "title", "authors": "authors", "year": "year", "arxiv": "id", "arxiv_category": "category", "abstract": "abstract"}
# What a Crossref record gives (generator/crossref.py), likewise.
_FROM_CROSSREF = {
    "title": "title",
    "authors": "authors",
    "year": "year",
    "venue": "venue",
    "venue_type": "venue_type",
    "doi": "doi",
    "abstract": "abstract",
}


class AddError(Exception):
    """The paper cannot be added; each message names the flag (or file place) it is about."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPaper:
    """What the person adding a paper gave: a value for each field of the table given (None or empty: not given)."""

    added: date
    given: Mapping[str, Any] = field(default_factory=dict)  # field name (generator/fields.py) → value

    def get(self, name: str) -> Any:
        """The value given for the field ``name``, or None."""
        return self.added if name == "added" else self.given.get(name)

    def filled_from(self, fetched: ArxivPaper | CrossrefWork) -> NewPaper:
        """Fetched facts for whatever was not given explicitly; what the source does not state stays unknown."""
        given = dict(self.given)
        table = _FROM_ARXIV if isinstance(fetched, ArxivPaper) else _FROM_CROSSREF
        for name, attribute in table.items():
            value = getattr(fetched, attribute)
            if given.get(name) in (None, "", ()) and value not in (None, "", ()):
                given[name] = value
        return NewPaper(added=self.added, given=given)

    def entry(self) -> dict[str, Any]:
        """The entry as papers.yaml data, with only the known facts, in the table's order."""
        out: dict[str, Any] = {}
        for name in fields.PAPER_KEYS:
            value = self.get(name)
            if isinstance(value, tuple):
                value = list(value)
            if name == "links" and value:
                value = [_link(item) for item in value]
            if value is not None and value != [] and value is not False:
                out[name] = value
        return out


def _link(given: Any) -> Any:
    """``--link Slides=https://…`` → ``{label: Slides, url: https://…}`` (anything else is left for the validator to name)."""
    if isinstance(given, str) and "=" in given:
        label, _, url = given.partition("=")
        return {"label": label.strip(), "url": url.strip()}
    return given


@dataclass(frozen=True, slots=True, kw_only=True)
class Added:
    """The new text of the file and what changed in it."""

    text: str
    paper: Paper
    index: int
    reformatted: bool  # the rest of the file was not canonical before


def _missing(new: NewPaper, theme_ids: list[str]) -> list[str]:
    out = []
    title = new.get("title")
    if not (title and title.strip()):
        out.append("--title: the paper's title is required (or use --from-arxiv ID to fetch it)")
    if not new.get("themes"):
        out.append(f"--theme: give at least one theme (the first is the paper's primary theme): {', '.join(theme_ids)}")
    return out


def add_paper(text: str, file: str, new: NewPaper) -> Added:
    """Catalog text with ``new`` appended to ``papers``, in canonical layout.

    Raises ``CatalogError`` when the file itself has problems, :class:`AddError` when the new
    entry does (a duplicate, an unknown theme …), and never returns text that does not validate.
    """
    parsed = fmt.parse(text, file)
    old = parsed.catalog
    missing = _missing(new, [theme.id for theme in old.themes])
    if missing:
        raise AddError(missing)
    index = len(old.papers)
    data = {**parsed.doc.data, "papers": [*parsed.doc.data["papers"], new.entry()]}
    out = fmt.emit(data, parsed.comments)
    try:
        catalog = validate(loader.load_text(out, file))
    except CatalogError as error:
        raise AddError(_about_new_entry(error, parsed.doc, file, index)) from None
    unchanged = catalog.info == old.info and catalog.themes == old.themes and catalog.tags == old.tags and catalog.papers[:-1] == old.papers
    if not unchanged or len(catalog.papers) != index + 1:
        raise fmt.FormatError(f"{file}: adding the paper would change other entries; nothing was written")
    reformatted = fmt.emit(parsed.doc.data, parsed.comments) != text
    return Added(text=out, paper=catalog.papers[-1], index=index, reformatted=reformatted)


class NewEntriesError(Exception):
    """The entries to append have problems; ``problems`` name them as ``papers[first + i]``."""

    def __init__(self, problems: list[Problem], first: int) -> None:
        self.problems = problems
        self.first = first
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True, kw_only=True)
class AddedMany:
    """The new text of the file and the papers appended to it, in order."""

    text: str
    papers: tuple[Paper, ...]
    first_index: int


def add_papers(text: str, file: str, entries: list[dict[str, Any]]) -> AddedMany:
    """Catalog text with ``entries`` (papers.yaml data) appended, validated once, in canonical layout.

    Raises ``CatalogError`` when the file itself has problems, :class:`NewEntriesError` with the
    problems of the would-be file (the new entries are ``papers[first_index]`` on), and never
    returns text that does not validate.
    """
    parsed = fmt.parse(text, file)
    old = parsed.catalog
    first = len(old.papers)
    data = {**parsed.doc.data, "papers": [*parsed.doc.data["papers"], *entries]}
    out = fmt.emit(data, parsed.comments)
    try:
        catalog = validate(loader.load_text(out, file))
    except CatalogError as error:
        raise NewEntriesError(error.problems, first) from None
    unchanged = (
        catalog.info == old.info and catalog.themes == old.themes and catalog.tags == old.tags and catalog.papers[:first] == old.papers
    )
    if not unchanged or len(catalog.papers) != first + len(entries):
        raise fmt.FormatError(f"{file}: adding the papers would change other entries; nothing was written")
    return AddedMany(text=out, papers=catalog.papers[first:], first_index=first)


def _about_new_entry(error: CatalogError, doc: loader.Document, file: str, index: int) -> list[str]:
    """Problems in the would-be file, told as problems with the flags that gave the new entry."""
    prefix = f"papers[{index}]"
    messages = []
    for problem in error.problems:
        if not problem.field.startswith(prefix):
            messages.append(str(problem))
            continue
        rest = problem.field[len(prefix) :].lstrip(".")
        key = re.split(r"[.\[]", rest, maxsplit=1)[0]
        flag = FLAGS.get(key, "new paper")
        message = re.sub(r"papers\[(\d+)\]", lambda m: _where(m, doc, file), problem.message)
        messages.append(f"{file}: {flag}: {message}")
    return messages


def _where(match: re.Match[str], doc: loader.Document, file: str) -> str:
    """``papers[12]`` → ``papers[12] (papers.yaml:301)``, so the existing entry is one jump away."""
    path = ("papers", int(match.group(1)))
    if path not in doc.values:
        return match.group(0)
    line, column = doc.values[path]
    return f"{match.group(0)} ({file}:{line}:{column})"
