"""BibTeX entries → papers.yaml entries, for ``python -m generator import FILE.bib``.

A curator's existing bibliography (a Google Scholar, DBLP or arXiv export, or a hand-kept .bib)
becomes catalog entries holding only what each entry states: its title and authors with their
LaTeX decoded (``R{\\'e}`` → ``Ré``, ``{BERT}`` → ``BERT``, names ``Last, First`` → ``First Last``,
``and others`` → ``authors_incomplete: true``), the year, the venue from ``booktitle`` or
``journal`` (and its kind from the entry type: ``@inproceedings`` is a conference paper,
``@article`` a journal article), the DOI, the arXiv id from ``eprint``, from ``journal = {arXiv
preprint arXiv:…}`` or DBLP's ``CoRR abs/…``, or from an arxiv.org ``url``, an OpenReview id or a
PDF from the ``url``, the abstract and a short ``note``.

bibtexparser reads the file (its parser and its name splitting are kept by others and cover the
corner cases of BibTeX's grammar); generator/latex.py decodes LaTeX outside ``$…$`` (with
pylatexenc, which bibtexparser brings).
Pure functions: the command line reads the files and writes papers.yaml (through ``edit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from generator import arxiv, fields
from generator.latex import to_text as decode
from generator.validate import normalized_title

_ARXIV_IN_TEXT = re.compile(r"arxiv\s*[:/]?\s*(?:abs/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
_CORR_VOLUME = re.compile(r"^abs/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\..+)$", re.IGNORECASE)
_OPENREVIEW_URL = re.compile(r"^https?://(?:www\.)?openreview\.net/(?:forum|pdf)\?(?:.*&)?id=([A-Za-z0-9_-]+)")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_CONFERENCE_TYPES = frozenset({"inproceedings", "conference", "proceedings"})


@dataclass(frozen=True, slots=True)
class Source:
    """Where an imported entry came from, for messages: ``refs.bib:12: @article{gu2021}``."""

    file: str
    line: int
    kind: str
    key: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: @{self.kind}{{{self.key}}}"


@dataclass(frozen=True, slots=True)
class Imported:
    """One entry as papers.yaml data (only the facts it states; themes and date come later)."""

    source: Source
    entry: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Skipped:
    source: Source
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped: {self.reason}"


@dataclass(slots=True)
class Read:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read(text: str, file: str) -> Read:
    """Every block of a BibTeX file: the entries it can import, and the others with the reason."""
    library = bibtexparser.parse_string(  # type: ignore[attr-defined]
        text,
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(), middlewares.MergeNameParts(style="first")],
    )
    out = Read()
    blocks: list[Block] = sorted([*library.entries, *library.failed_blocks], key=lambda b: b.start_line or 0)
    for block in blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            source = (
                Source(file, line, block.ignore_error_block.entry_type, block.key)
                if isinstance(block.ignore_error_block, Entry)
                else Source(file, line, "?", block.key)
            )
            out.skipped.append(Skipped(source, f"the key {block.key} is used by an earlier entry of the file"))
            continue
        if isinstance(block, ParsingFailedBlock):
            head = (block.raw or "").strip().split("\n", 1)[0][:60]
            out.skipped.append(Skipped(Source(file, line, "?", head), f"BibTeX cannot read it ({_first_line(block.error)})"))
            continue
        if not isinstance(block, Entry):
            continue
        source = Source(file, line, block.entry_type.lower(), block.key)
        entry, reason = _entry(block)
        if entry is None:
            out.skipped.append(Skipped(source, reason))
        else:
            out.imported.append(Imported(source, entry))
    return out


def _first_line(error: Exception | None) -> str:
    return " ".join(str(error).split()) if error else "a syntax error"


def _value(entry: Entry, name: str) -> Any:
    found = entry.fields_dict.get(name) or next((f for key, f in entry.fields_dict.items() if key.lower() == name), None)
    return found.value if found is not None else None


def _text(entry: Entry, name: str) -> str | None:
    value = _value(entry, name)
    if not isinstance(value, str):
        return None
    decoded = decode(value)
    return decoded or None


def _entry(source: Entry) -> tuple[dict[str, Any] | None, str]:
    """The papers.yaml fields an entry states, or None and why it cannot be imported."""
    title = _text(source, "title")
    if not title:
        return None, "it has no title"
    kind = source.entry_type.lower()
    out: dict[str, Any] = {"title": title}
    authors = _value(source, "author")
    if isinstance(authors, list):
        names = [decode(name) for name in authors]
        known = [name for name in names if name and name.lower() != "others"]
        if known:
            out["authors"] = known
            if len(known) != len(names):
                out["authors_incomplete"] = True
    year = _value(source, "year")
    if isinstance(year, str) and _YEAR.match(year):
        out["year"] = int(year)

    ident = _arxiv_id(source)
    journal = _text(source, "journal")
    booktitle = _text(source, "booktitle")
    on_arxiv_only = journal is not None and (_ARXIV_IN_TEXT.search(journal) is not None or journal.strip().lower() == "corr")
    if booktitle and kind in _CONFERENCE_TYPES | {"incollection"}:
        out["venue"] = booktitle
        if kind in _CONFERENCE_TYPES:
            out["venue_type"] = "conference"
    elif journal and not on_arxiv_only:
        out["venue"] = journal
        if kind == "article":
            out["venue_type"] = "journal"
    elif ident is not None and (on_arxiv_only or kind in ("misc", "unpublished", "online", "article")):
        out["venue_type"] = "preprint"
    if ident is not None:
        out["arxiv"] = ident
        category = _text(source, "primaryclass")
        if category and re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?", category):
            out["arxiv_category"] = category

    doi = _text(source, "doi")
    address = _value(source, "url")
    address = address.strip() if isinstance(address, str) else None
    if not address:  # hand-written entries often give their web page as howpublished = {\url{…}}
        published = _value(source, "howpublished")
        found = re.match(r"^\s*(?:\\url\{([^}]+)\}|(https?://\S+))\s*$", published) if isinstance(published, str) else None
        address = (found.group(1) or found.group(2)) if found else None
    if doi:
        from_url = _DOI_URL.match(doi)
        out["doi"] = from_url.group(1) if from_url else doi
    if address:
        _from_url(address, out)
    abstract = _text(source, "abstract")
    if abstract:
        out["abstract"] = abstract
    note = _text(source, "note")
    if note and len(note) <= fields.NOTE_LIMIT and not re.match(r"^(?:https?://|\\url)", note) and _ARXIV_IN_TEXT.search(note) is None:
        out["note"] = note
    return out, ""


def _from_url(address: str, out: dict[str, Any]) -> None:
    """What a ``url`` field says: the arXiv, DOI or OpenReview page it is, a PDF, or a web page."""
    if _ARXIV_URL.match(address):
        return  # the arXiv id was read from it (see _arxiv_id)
    doi = _DOI_URL.match(address)
    if doi:
        out.setdefault("doi", doi.group(1))
        return
    forum = _OPENREVIEW_URL.match(address)
    if forum:
        out["openreview"] = forum.group(1)
        return
    if not re.match(r"^https?://\S+$", address):
        return
    if address.lower().endswith(".pdf"):
        out["pdf"] = address
    else:
        out["links"] = [{"label": "Web page", "url": address}]


def _arxiv_id(source: Entry) -> str | None:
    """The arXiv id an entry states: in ``eprint`` (of an arXiv entry), ``journal``, DBLP's CoRR ``volume``, or its ``url``."""
    prefix = (_text(source, "archiveprefix") or _text(source, "eprinttype") or "").lower()
    eprint = _text(source, "eprint")
    candidates: list[str] = []
    if eprint and prefix in ("", "arxiv"):
        candidates.append(eprint)
    journal = _text(source, "journal") or ""
    found = _ARXIV_IN_TEXT.search(journal)
    if found:
        candidates.append(found.group(1))
    volume = _text(source, "volume") or ""
    corr = _CORR_VOLUME.match(volume)
    if corr and journal.strip().lower() == "corr":
        candidates.append(corr.group(1))
    address = _value(source, "url")
    if isinstance(address, str) and _ARXIV_URL.match(address.strip()):
        candidates.append(address.strip())
    for candidate in candidates:
        try:
            return arxiv.normalize_id(candidate)
        except arxiv.ArxivError:
            continue
    return None


def duplicates(imported: list[Imported], known: list[tuple[str | None, str | None, str]]) -> tuple[list[Imported], list[Skipped]]:
    """Entries not already in the catalog (``known``: arXiv id, DOI and title of each paper) nor earlier in the file."""
    by_arxiv: dict[str, str] = {}
    by_doi: dict[str, str] = {}
    by_title: dict[str, str] = {}
    for i, (ident, doi, title) in enumerate(known):
        where = f"papers[{i}] of the catalog"
        if ident:
            by_arxiv.setdefault(ident, where)
        if doi:
            by_doi.setdefault(doi.lower(), where)
        by_title.setdefault(normalized_title(title), where)
    kept: list[Imported] = []
    skipped: list[Skipped] = []
    for item in imported:
        entry = item.entry
        ident, doi, title = entry.get("arxiv"), entry.get("doi"), normalized_title(entry["title"])
        reason = None
        if ident and ident in by_arxiv:
            reason = f"arXiv {ident} is already {by_arxiv[ident]}"
        elif doi and doi.lower() in by_doi:
            reason = f"DOI {doi} is already {by_doi[doi.lower()]}"
        elif title and title in by_title:
            reason = f"the same title is already {by_title[title]}"
        if reason is not None:
            skipped.append(Skipped(item.source, reason))
            continue
        where = f"the entry {item.source.key} (line {item.source.line})"
        if ident:
            by_arxiv[ident] = where
        if doi:
            by_doi[doi.lower()] = where
        if title:
            by_title[title] = where
        kept.append(item)
    return kept, skipped
