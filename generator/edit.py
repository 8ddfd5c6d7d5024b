"""Adding a paper to catalog text: the new entry is checked like the rest, and the file comes out canonical.

Pure functions from text to text: the command line reads and writes the file (atomically), and
asks the arXiv API (``generator.arxiv``) when told to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator import fmt, loader
from generator.arxiv import ArxivPaper
from generator.errors import CatalogError
from generator.model import Paper
from generator.validate import validate

# Which command-line flag gave each field of the new entry, for messages about it.
FLAGS = {
    "title": "--title",
    "slug": "--title",
    "authors": "--author",
    "year": "--year",
    "venue": "--venue",
    "arxiv": "--arxiv",
    "code": "--code",
    "url": "--url",
    "added": "--added",
    "themes": "--theme",
    "tags": "--tag",
    "abstract": "--abstract",
}


class AddError(Exception):
    """The paper cannot be added; each message names the flag (or file place) it is about."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPaper:
    """What the person adding a paper gave (None or empty: not given)."""

    added: date
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    code: str | None = None
    url: str | None = None
    themes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    abstract: str | None = None

    def filled_from(self, fetched: ArxivPaper) -> NewPaper:
        """Fetched facts for whatever was not given explicitly; venue and code stay unknown."""
        return NewPaper(
            added=self.added,
            title=self.title or fetched.title,
            authors=self.authors or fetched.authors,
            year=self.year if self.year is not None else fetched.year,
            venue=self.venue,
            arxiv=self.arxiv or fetched.id,
            code=self.code,
            url=self.url,
            themes=self.themes,
            tags=self.tags,
            abstract=self.abstract or fetched.abstract,
        )

    def entry(self) -> dict[str, Any]:
        """The entry as papers.yaml data, with only the known facts."""
        out: dict[str, Any] = {
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "arxiv": self.arxiv,
            "code": self.code,
            "url": self.url,
            "added": self.added,
            "themes": list(self.themes),
            "tags": list(self.tags),
            "abstract": self.abstract,
        }
        return {key: value for key, value in out.items() if value is not None and value != []}


@dataclass(frozen=True, slots=True, kw_only=True)
class Added:
    """The new text of the file and what changed in it."""

    text: str
    paper: Paper
    index: int
    reformatted: bool  # the rest of the file was not canonical before


def _missing(new: NewPaper, theme_ids: list[str]) -> list[str]:
    out = []
    if not (new.title and new.title.strip()):
        out.append("--title: the paper's title is required (or use --from-arxiv ID to fetch it)")
    if not (new.abstract and new.abstract.strip()):
        out.append("--abstract: the abstract is required (or use --from-arxiv ID to fetch it)")
    if not new.themes:
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
