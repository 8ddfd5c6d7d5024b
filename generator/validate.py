"""Loaded papers.yaml data → a :class:`Catalog`, collecting every problem before failing once."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from generator import fields, mathtext, slugs, urls
from generator.errors import MAX_PROBLEMS, CatalogError, Problem
from generator.loader import Document, Path_, cycle_collection_paused, field_name
from generator.model import Catalog, CatalogInfo, Link, Paper, Subscribe, Tag, Theme

TOP_KEYS = ("catalog", "themes", "tags", "papers")
CATALOG_KEYS = {"title": True, "description": True, "curator": True, "new_days": False, "subscribe": False}
SUBSCRIBE_KEYS = {"url": True, "description": True, "unsubscribe": False}
# A mailto: address: one mailbox, then optional ?subject=… (no second address, no spaces).
MAILTO = re.compile(r'^mailto:[^@\s,;?<>"]+@[^@\s,;?<>"]+\.[^@\s,;?<>"]+(\?[^\s<>"]*)?$')
THEME_KEYS = {"id": True, "title": True, "description": False}
TAG_KEYS = {"id": True, "title": True}
PAPER_KEYS = fields.PAPER_KEYS  # the table of paper fields (generator/fields.py) says which there are
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}$")
ARXIV_OLD = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}$")
# Characters that change how the text around them is shown while being invisible themselves:
# bidirectional overrides and isolates (which can make a title read backwards), zero-width space,
# word joiner and byte-order mark. Zero-width (non-)joiners stay allowed: scripts need them.
INVISIBLE = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\u200e\u200f\u061c")
# What ``text`` refuses besides those: every character that a later stage cannot carry. The
# control characters (general category Cc: C0, DEL and C1) but newline and tab; the line and
# paragraph separators (line breaks to YAML and JavaScript, so a one-line value would not be
# one); the 66 noncharacters (U+FDD0..U+FDEF and the last two code points of every plane), which
# YAML front matter and XML 1.0 refuse (MkDocs would then render the front matter as Markdown,
# and lxml would not write the feeds); and surrogates, which UTF-8 cannot encode at all. Unicode
# promises these sets never change, so one regular expression finds the first in C.
_CONTROL = {chr(c) for c in range(0x100) if unicodedata.category(chr(c)) == "Cc"} - {"\n", "\t"}
_SEPARATORS = {"\u2028", "\u2029"}
NONCHARACTERS = frozenset({chr(c) for c in range(0xFDD0, 0xFDF0)} | {chr(p << 16 | low) for p in range(17) for low in (0xFFFE, 0xFFFF)})
_REFUSED = re.compile(
    "[" + "".join(f"\\U{ord(ch):08x}" for ch in sorted(INVISIBLE | _CONTROL | _SEPARATORS | NONCHARACTERS)) + r"\ud800-\udfff]"
)
_NOT_ASCII_ALNUM = re.compile("[^a-z0-9]+")
_SPACE = re.compile(r"\s")
# Names a paper's slug or a theme's id may not be: Windows cannot make files of some (con, aux,
# nul, com1 …: a checkout would break), and the site uses others (index, tags, assets …; and
# feeds/all.xml, the whole catalog's feed, beside feeds/<theme>.xml).
THEME_RESERVED = slugs.RESERVED | {"all"}
RESERVED_WHY = "Windows cannot make a file of it, or the site uses it for one of its own files"
MAX_TEXT = 10_000
MAX_LINE = 500


MAX_CANDIDATES = 100  # difflib compares an unknown id with at most this many known ones


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class Vocabulary:
    """The ids papers may refer to: a set to look them up in, and suggestions from a bounded few.

    difflib is slow, so an unknown id is compared with at most ``MAX_CANDIDATES`` known ones: its
    neighbours in alphabetical order (which share its beginning) and in the order of the reversed
    ids (which share its end), each found by bisection. A catalog of 100,000 tags with 1,000
    unknown references is then checked in seconds, not minutes.
    """

    __slots__ = ("_reversed", "_set", "_sorted", "ids")

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = list(ids)
        self._set = frozenset(self.ids)
        self._sorted: list[str] | None = None
        self._reversed: list[str] = []

    def __contains__(self, ident: object) -> bool:
        return ident in self._set

    def suggest(self, word: str) -> str:
        if len(self.ids) <= MAX_CANDIDATES:
            return did_you_mean(word, self.ids)
        if self._sorted is None:
            self._sorted = sorted(self.ids)
            self._reversed = sorted(ident[::-1] for ident in self.ids)
        half = MAX_CANDIDATES // 4
        at = bisect.bisect(self._sorted, word)
        near = self._sorted[max(0, at - half) : at + half]
        at = bisect.bisect(self._reversed, word[::-1])
        near += [ident[::-1] for ident in self._reversed[max(0, at - half) : at + half]]
        return did_you_mean(word, near)


def refused_message(ch: str) -> str:
    """Why one character of a value is refused, naming it (for :meth:`_Checker.text`)."""
    code = f"U+{ord(ch):04X}"
    if ch in INVISIBLE:
        return f"contains the invisible character {code} ({unicodedata.name(ch)}); remove it"
    if ch in _SEPARATORS:
        return f"contains {code} ({unicodedata.name(ch)}), a line break to YAML and JavaScript; use a space or a new paragraph"
    if ch in NONCHARACTERS:
        return f"contains {code} (a noncharacter), which YAML front matter and XML feeds cannot carry; remove it"
    if "\ud800" <= ch <= "\udfff":
        return f"contains {code} (a lone surrogate), which is not a character and cannot be written as UTF-8; remove it"
    return f"contains the invisible character {code} (a control character); remove it"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def normalized_title(title: str) -> str:
    """Titles equal up to case, accents and punctuation compare equal."""
    if title.isascii():
        return _NOT_ASCII_ALNUM.sub("", title.lower())  # the same, without decomposing
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


@dataclass
class _Checker:
    doc: Document
    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # every problem found; only the first MAX_PROBLEMS are kept

    @property
    def full(self) -> bool:
        return self.count >= MAX_PROBLEMS

    def add(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.count += 1
        if len(self.problems) >= MAX_PROBLEMS:
            return  # counted, not kept: a file of a million mistakes would otherwise fill the memory
        line, column = self.doc.at(path, key=key)
        self.problems.append(Problem(file=self.doc.file, line=line, column=column, field=field_name(path), message=message))

    def mapping(self, value: Any, path: Path_, keys: dict[str, bool], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"expected {what} (a mapping of keys to values), got {_type_name(value)}")
            return None
        known = list(keys)
        for key in value:
            if key not in keys:
                self.add((*path, key), f"unknown key '{key}'{'' if self.full else did_you_mean(key, known)}", key=True)
        for key, required in keys.items():
            if required and key not in value:
                self.add(path, f"missing required field '{key}'")
        return value

    def text(self, value: Any, path: Path_, *, required: bool = True, multiline: bool = False) -> str | None:
        if value is None:
            if required:
                self.add(path, "must not be empty")
            return None
        if not isinstance(value, str):
            self.add(path, f"expected text, got {_type_name(value)} {_show(value)}; put it in quotes")
            return None
        stripped = value.strip()
        if not stripped:
            self.add(path, "must not be empty")
            return None
        limit = MAX_TEXT if multiline else MAX_LINE
        if len(stripped) > limit:
            self.add(path, f"is {len(stripped):,} characters long; the limit is {limit:,}")
            return None
        if not multiline and "\n" in stripped:
            self.add(path, "must be a single line")
            return None
        refused = _REFUSED.search(stripped)
        if refused:
            self.add(path, refused_message(refused.group()))
            return None
        if not multiline:
            return stripped
        # Folded text is mostly single-spaced already: then keep the loaded string (join makes a
        # copy, and at 10,000 abstracts the copies come to 15 MB held next to the originals).
        folded = " ".join(stripped.split())
        return stripped if folded == stripped else folded

    def identifier(self, value: Any, path: Path_, reserved: frozenset[str] = frozenset()) -> str | None:
        """An id or slug: it names files (themes/<id>/, feeds/<id>.xml, papers/<slug>/), so it is short and not a reserved name."""
        text = self.text(value, path)
        if text is not None and not ID_PATTERN.match(text):
            self.add(path, f"{_show(text)} is not a valid id: use lower-case letters, digits and single hyphens, like 'state-space-models'")
            return None
        if text is not None and len(text) > slugs.MAX_LENGTH:
            self.add(path, f"is {len(text):,} characters long; the limit is {slugs.MAX_LENGTH} (it becomes a file name)")
            return None
        if text in reserved:
            self.add(path, f"'{text}' is a reserved name: {RESERVED_WHY}; choose another")
            return None
        return text

    def url(self, value: Any, path: Path_) -> str | None:
        text = self.text(value, path, required=False)
        if text is None:
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(text):
            self.add(path, f"{_show(text)} is not a web address; a link starts with https:// or http://")
            return None
        return text

    def refs(self, value: Any, path: Path_, known: Vocabulary, what: str, *, required: bool) -> tuple[str, ...]:
        if value is None or value == []:
            if required:
                self.add(path, f"list at least one {what}")
            return ()
        if not isinstance(value, list):
            hint = f", like [{value}]" if isinstance(value, str) else ""
            self.add(path, f"expected a list of {what} ids{hint}, got {_type_name(value)}")
            return ()
        out: dict[str, None] = {}  # in order, looked up as a set
        for i, item in enumerate(value):
            item_path = (*path, i)
            if not isinstance(item, str):
                self.add(item_path, f"expected a {what} id, got {_type_name(item)} {_show(item)}")
            elif item not in known:
                self.add(item_path, f"unknown {what} '{item}'{'' if self.full else known.suggest(item)}")
            elif item in out:
                self.add(item_path, f"{what} '{item}' is listed twice")
            else:
                out[item] = None
        return tuple(out)


def validate(doc: Document) -> Catalog:
    """Check everything; return the catalog or raise one :class:`CatalogError` with every problem."""
    with cycle_collection_paused():
        return _validate(doc)


def _validate(doc: Document) -> Catalog:
    check = _Checker(doc)
    data = doc.data
    if data is None:
        check.add((), "the file is empty; it needs the sections catalog, themes, tags and papers")
        raise CatalogError(check.problems, more=check.count - len(check.problems))
    top = check.mapping(data, (), dict.fromkeys(TOP_KEYS, True), "the sections catalog, themes, tags and papers")
    if top is None:
        raise CatalogError(check.problems, more=check.count - len(check.problems))

    # A missing section is reported once, as missing, not again as empty.
    info = _catalog_info(check, top["catalog"]) if "catalog" in top else None
    # A theme or tag with a problem (say, a missing title) is still known by its id, so the papers
    # that use it are not reported too: one mistake, one message.
    themes, theme_ids = _vocabulary(check, top["themes"], "themes", THEME_KEYS, "theme") if "themes" in top else ([], [])
    tags, tag_ids = _vocabulary(check, top["tags"], "tags", TAG_KEYS, "tag") if "tags" in top else ([], [])
    known = _Known(themes=Vocabulary(theme_ids), tags=Vocabulary(tag_ids))
    papers = _papers(check, top["papers"], known) if "papers" in top else []

    if check.problems or info is None:
        raise CatalogError(check.problems, more=check.count - len(check.problems))
    return Catalog(
        info=info,
        themes=tuple(Theme(**t) for t in themes),
        tags=tuple(Tag(**t) for t in tags),
        papers=tuple(papers),
    )


def _catalog_info(check: _Checker, value: Any) -> CatalogInfo | None:
    path: Path_ = ("catalog",)
    if check.mapping(value, path, CATALOG_KEYS, "the catalog header") is None:
        return None
    title = check.text(value.get("title"), (*path, "title")) if "title" in value else None
    description = check.text(value.get("description"), (*path, "description"), multiline=True) if "description" in value else None
    curator = check.text(value.get("curator"), (*path, "curator")) if "curator" in value else None
    new_days = value.get("new_days", 7)
    if not isinstance(new_days, int) or isinstance(new_days, bool) or not 1 <= new_days <= 3650:
        check.add((*path, "new_days"), f"expected a whole number of days from 1 to 3650, got {_show(new_days)}")
        new_days = 7
    subscribe = _subscribe(check, value["subscribe"], (*path, "subscribe")) if "subscribe" in value else None
    if title is None or description is None or curator is None or subscribe is False:
        return None
    return CatalogInfo(title=title, description=description, curator=curator, new_days=new_days, subscribe=subscribe or None)


def _subscribe(check: _Checker, value: Any, path: Path_) -> Subscribe | Literal[False]:
    """``catalog.subscribe``: the email sign-up (a form's https:// address or a list's mailto:), and a line about it."""
    if check.mapping(value, path, SUBSCRIBE_KEYS, "the email sign-up: url, description and optionally unsubscribe") is None:
        return False
    url = _signup_address(check, value.get("url"), (*path, "url"), required=True) if "url" in value else None
    description = check.text(value.get("description"), (*path, "description")) if "description" in value else None
    unsubscribe = _signup_address(check, value.get("unsubscribe"), (*path, "unsubscribe"), required=False)
    if url is None or description is None or (unsubscribe is None and value.get("unsubscribe") is not None):
        return False
    return Subscribe(url=url, description=description, unsubscribe=unsubscribe)


def _signup_address(check: _Checker, value: Any, path: Path_, *, required: bool) -> str | None:
    """An https:// (or http://) page, or a mailto: address, as a mailing list gives them."""
    text = check.text(value, path, required=required)
    if text is None:
        return None
    if text.startswith("mailto:"):
        if not MAILTO.match(text):
            check.add(path, f"{_show(text)} is not an email address; write one address, like 'mailto:news+subscribe@example.org'")
            return None
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(text):
        check.add(path, f"{_show(text)} is neither a web address nor an email address; start it with https:// or mailto:")
        return None
    return text


def _vocabulary(check: _Checker, value: Any, section: str, keys: dict[str, bool], what: str) -> tuple[list[dict[str, str]], list[str]]:
    """The valid entries, and the ids of every entry that has a valid id (valid or not otherwise)."""
    if value is None and section == "tags":
        value = []  # `tags:` with nothing after it: a catalog without tags, like `tags: []`
    if not isinstance(value, list) or (not value and section != "tags"):
        check.add((section,), f"expected a list of {section}, each with {', '.join(keys)}")
        return [], []
    out: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        path: Path_ = (section, i)
        if check.mapping(item, path, keys, f"a {what}") is None:
            continue
        entry: dict[str, str] = {}
        ok = True
        for key, required in keys.items():
            if key not in item or (not required and item[key] is None):
                ok = ok and not required
                continue
            got = (
                check.identifier(item[key], (*path, key), reserved=THEME_RESERVED if section == "themes" else frozenset())
                if key == "id"
                else check.text(item[key], (*path, key), multiline=key == "description")
            )
            if got is None:
                ok = False
            else:
                entry[key] = got
        ident = entry.get("id")
        if ident is not None and ident in seen:
            check.add((*path, "id"), f"{what} id '{ident}' is already used by {section}[{seen[ident]}]")
            ok = False
        elif ident is not None:
            seen[ident] = i
        if ok:
            out.append(entry)
    return out, list(seen)


def _papers(check: _Checker, value: Any, known: _Known) -> list[Paper]:
    if not isinstance(value, list):
        check.add(("papers",), f"expected a list of papers, got {_type_name(value)}")
        return []
    rows: list[tuple[int, dict[str, Any]]] = []
    for i, item in enumerate(value):
        row = _paper(check, item, ("papers", i), known)
        if row is not None:
            rows.append((i, row))
    _duplicates(check, rows)
    assigned = _slugs(check, rows)
    return [
        Paper(index=i, slug=slug, **{k: v for k, v in row.items() if k != "slug"}) for (i, row), slug in zip(rows, assigned, strict=True)
    ]


def _slugs(check: _Checker, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> list[str]:
    """Each paper's page (its slug), reporting a slug that another paper's takes."""
    assigned = slugs.assign((row.get("slug"), row["title"]) for _, row in rows)
    explicit = {row["slug"]: i for i, row in rows if row.get("slug")}
    for (i, row), slug in zip(rows, assigned, strict=True):
        owner = explicit.get(slug)
        if owner is not None and owner != i:
            claimed = f"its page would be {urls.paper_url(slug)}, which papers[{owner}].slug claims; set a different slug"
            check.add(("papers", i, "title"), claimed)
        if row.get("slug") and row["slug"] != slug:
            check.add(("papers", i, "slug"), f"slug '{row['slug']}' is already the page of another paper")
    return assigned


def one_paper(entry: Document, index: int, catalog: Catalog, explicit_slugs: Sequence[str | None]) -> Paper | None:
    """Paper ``index`` of ``catalog`` as ``entry`` now gives it, checked as :func:`validate` checks it.

    ``entry`` is that paper's entry of papers.yaml read on its own (a list of one mapping), and
    ``explicit_slugs`` is each paper's ``slug`` field (None where it has none). The paper is checked
    field by field, and against every other paper (the same title or arXiv id, the same page),
    exactly as the whole file would be. None when there is any problem, or when the edit would
    move another paper's page: then only the whole file's validation can say what is wrong where.
    ``make serve``'s preview (generator/entries.py) reads an edit of one paper this way.
    """
    data = entry.data
    if not isinstance(data, list) or len(data) != 1 or not 0 <= index < len(catalog.papers):
        return None
    check = _Checker(entry)
    known = _Known(themes=Vocabulary(t.id for t in catalog.themes), tags=Vocabulary(t.id for t in catalog.tags))
    row = _paper(check, data[0], ("papers", index), known)
    if row is None or check.count:
        return None
    old = catalog.papers[index]
    slug = old.slug
    if (row["title"], row.get("arxiv"), row.get("slug")) != (old.title, old.arxiv, explicit_slugs[index]):
        rows: list[tuple[int, Mapping[str, Any]]] = [
            (i, row if i == index else {"title": p.title, "arxiv": p.arxiv, "slug": explicit_slugs[i]})
            for i, p in enumerate(catalog.papers)
        ]
        _duplicates(check, rows)
        assigned = _slugs(check, rows)
        if check.count or any(new != paper.slug for new, paper in zip(assigned, catalog.papers, strict=True) if paper is not old):
            return None
        slug = assigned[index]
    return Paper(index=index, slug=slug, **{k: v for k, v in row.items() if k != "slug"})


def _paper(check: _Checker, item: Any, path: Path_, known: _Known) -> dict[str, Any] | None:
    """One paper's fields, each checked by its kind (``CHECKS``); a field left out keeps model.Paper's default."""
    before = check.count
    if check.mapping(item, path, PAPER_KEYS, "a paper") is None:
        return None
    row: dict[str, Any] = {}
    for name in PAPER_KEYS:
        if name in item:
            row[name] = CHECKS[fields.BY_NAME[name].kind](check, item[name], (*path, name), known)
    if row.get("authors_incomplete") and not item.get("authors"):
        check.add(
            (*path, "authors_incomplete"),
            "authors_incomplete: true says the authors listed are only the first ones; list them under authors",
        )
    if row.get("arxiv_category") and "arxiv" not in item:
        check.add((*path, "arxiv_category"), "arxiv_category is the category of the paper's arXiv id; give arxiv too")
    if row.get("venue_type") in ("conference", "workshop", "journal") and "venue" not in item:
        check.add(
            (*path, "venue_type"), f"venue_type: {row['venue_type']} says what kind of venue the paper's venue is; give the venue too"
        )
    if check.count != before:
        return None
    return row


@dataclass(frozen=True, slots=True)
class _Known:
    """The ids papers may refer to."""

    themes: Vocabulary
    tags: Vocabulary


def _with_math(check: _Checker, text: str | None, path: Path_) -> str | None:
    """``text``, after reporting the LaTeX in it that does not parse."""
    if text is not None:
        for message in mathtext.check(text):
            check.add(path, message)
    return text


# How each kind of field in the table (generator/fields.py) is checked: value → the model's value
# (None or an empty tuple when it is not usable; the problem is reported).
CHECKS: dict[str, Callable[[_Checker, Any, Path_, _Known], Any]] = {
    "title": lambda check, value, path, known: _plain(check, _with_math(check, check.text(value, path), path), path),
    "line": lambda check, value, path, known: _plain(check, check.text(value, path, required=False), path),
    "id": lambda check, value, path, known: check.identifier(value, path, reserved=slugs.RESERVED),
    "names": lambda check, value, path, known: _names(check, value, path),
    "year": lambda check, value, path, known: _year(check, value, path),
    "arxiv": lambda check, value, path, known: _arxiv(check, value, path),
    "url": lambda check, value, path, known: check.url(value, path),
    "date": lambda check, value, path, known: _date(check, value, path),
    "themes": lambda check, value, path, known: check.refs(value, path, known.themes, "theme", required=True),
    "tags": lambda check, value, path, known: check.refs(value, path, known.tags, "tag", required=False),
    "abstract": lambda check, value, path, known: _plain(check, _with_math(check, check.text(value, path, multiline=True), path), path),
    "flag": lambda check, value, path, known: _flag(check, value, path),
    "venue_type": lambda check, value, path, known: _venue_type(check, value, path),
    "arxiv_category": lambda check, value, path, known: _arxiv_category(check, value, path),
    "doi": lambda check, value, path, known: _doi(check, value, path),
    "openreview": lambda check, value, path, known: _openreview(check, value, path),
    "pdf": lambda check, value, path, known: _pdf(check, value, path),
    "links": lambda check, value, path, known: _links(check, value, path),
    "note": lambda check, value, path, known: _note(check, value, path),
}


def _flag(check: _Checker, value: Any, path: Path_) -> bool:
    if not isinstance(value, bool):
        check.add(path, f"expected true or false, got {_show(value)}")
        return False
    return value


def _venue_type(check: _Checker, value: Any, path: Path_) -> str | None:
    text = check.text(value, path, required=False)
    if text is None:
        return None
    if text not in fields.VENUE_TYPES:
        choices = ", ".join(fields.VENUE_TYPES)
        check.add(path, f"unknown venue type {_show(text)}{did_you_mean(text, list(fields.VENUE_TYPES))} (the venue types: {choices})")
        return None
    return text


ARXIV_CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?$")


def _arxiv_category(check: _Checker, value: Any, path: Path_) -> str | None:
    text = check.text(value, path, required=False)
    if text is not None and not ARXIV_CATEGORY.match(text):
        check.add(path, f"{_show(text)} is not an arXiv category; expected one like 'cs.LG', 'hep-th' or 'q-bio.NC'")
        return None
    return text


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def _doi(check: _Checker, value: Any, path: Path_) -> str | None:
    text = check.text(value, path, required=False)
    if text is None:
        return None
    bare = _DOI_PREFIX.sub("", text)
    if bare != text and DOI_PATTERN.match(bare):
        check.add(path, f"write the DOI alone: '{bare}' (the link to doi.org is made from it)")
        return None
    if not DOI_PATTERN.match(text):
        check.add(
            path, f"{_show(text)} is not a DOI; a DOI starts with '10.' and a slash follows its prefix, like '10.1162/neco.1997.9.8.1735'"
        )
        return None
    return text


OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{4,40}$")
_OPENREVIEW_URL = re.compile(r"^https?://(?:www\.)?openreview\.net/(?:forum|pdf)\?(?:.*&)?id=([A-Za-z0-9_-]+)")


def _openreview(check: _Checker, value: Any, path: Path_) -> str | None:
    text = check.text(value, path, required=False)
    if text is None:
        return None
    from_url = _OPENREVIEW_URL.match(text)
    if from_url:
        check.add(path, f"write the OpenReview id alone: '{from_url.group(1)}' (the link is made from it)")
        return None
    if not OPENREVIEW_ID.match(text):
        check.add(path, f"{_show(text)} is not an OpenReview id; it is the id= of the forum page, like 'uYLFoz1vlAC'")
        return None
    return text


_ARXIV_ADDRESS = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)


def _pdf(check: _Checker, value: Any, path: Path_) -> str | None:
    text = check.url(value, path)
    if text is None:
        return None
    on_arxiv = _ARXIV_ADDRESS.match(text)
    if on_arxiv:
        check.add(path, f"this is arXiv's PDF: write arxiv: '{on_arxiv.group(1)}' instead (its abstract and PDF links are made from it)")
        return None
    return text


LINK_KEYS = {"label": True, "url": True}
LINK_LABEL_LIMIT = 60


def _links(check: _Checker, value: Any, path: Path_) -> tuple[Link, ...]:
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        check.add(path, f"expected a list of links, each like '- {{label: Slides, url: https://…}}', got {_type_name(value)}")
        return ()
    out: list[Link] = []
    for i, item in enumerate(value):
        item_path = (*path, i)
        if isinstance(item, str):
            check.add(item_path, f"a link needs a label and an address: write it as {{label: Slides, url: {item.strip()}}}")
            continue
        if check.mapping(item, item_path, LINK_KEYS, "a link") is None:
            continue
        label = _plain(check, check.text(item.get("label"), (*item_path, "label")), (*item_path, "label")) if "label" in item else None
        if label is not None and len(label) > LINK_LABEL_LIMIT:
            check.add((*item_path, "label"), f"a link's label is a word or two, like Slides or Video; this one has {len(label)} characters")
            label = None
        url = check.url(item.get("url"), (*item_path, "url")) if "url" in item else None
        if "url" in item and url is None and item.get("url") is None:
            check.add((*item_path, "url"), "must not be empty")
        if label is not None and url is not None:
            out.append(Link(label=label, url=url))
    return tuple(out)


def _note(check: _Checker, value: Any, path: Path_) -> str | None:
    text = _plain(check, check.text(value, path, required=False), path)
    if text is not None and len(text) > fields.NOTE_LIMIT:
        check.add(path, f"a note is short (at most {fields.NOTE_LIMIT} characters, this one has {len(text)}); the abstract is for more")
        return None
    return text


def _plain(check: _Checker, text: str | None, path: Path_) -> str | None:
    """``text``, after reporting LaTeX outside its math."""
    if text is not None:
        _stray_latex(check, text, path)
    return text


def _names(check: _Checker, value: Any, path: Path_) -> tuple[str, ...]:
    """The authors, after reporting LaTeX in their names."""
    names = _authors(check, value, path)
    for i, name in enumerate(names):
        _stray_latex(check, name, (*path, i))
    return names


def _authors(check: _Checker, value: Any, path: Path_) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add(path, f"expected a list of author names, one per line starting with '- ', got {_type_name(value)}")
        return ()
    names = [check.text(name, (*path, i)) for i, name in enumerate(value)]
    for i, name in enumerate(names):
        if name is not None:
            _author(check, name, (*path, i))
    return tuple(name for name in names if name is not None)


_ET_AL = re.compile(r"^(?:et\.?\s*al\.?|others|and others|\.\.\.|…)$", re.IGNORECASE)
_ET_AL_END = re.compile(r"\s+(?:et\.?\s*al\.?|and others)$", re.IGNORECASE)
# What joins two names that YAML read as one: an item folded into the line above (' - '), a
# BibTeX author list (" and "), a comma-separated list or a "Last, First" name (", ").
_MERGED = re.compile(r"\s-\s|\s+and\s+|,\s")


def _author(check: _Checker, name: str, path: Path_) -> None:
    """Values that are not one person's name, at their line."""
    if _ET_AL.match(name) or _ET_AL_END.search(name):
        check.add(path, f"{_show(name)} is not an author: list the authors that are known and add authors_incomplete: true to the paper")
        return
    merged = _MERGED.search(name)
    if merged is None:
        return
    joint = merged.group()
    if joint.strip() == "-":
        why = "an author line indented like the one above it is read as part of it"
    elif joint.strip() == "and":
        why = "it looks like a BibTeX author list"
    else:
        why = "it looks like a list of names, or a name written 'Last, First'"
    check.add(
        path,
        f"{_show(name)} is one author, but {why}: write one name per line, each starting with '- ' under the other names, as First Last",
    )


# LaTeX commands and escapes outside $…$: shown as typed, so the reader would see the backslash.
_LATEX_OUTSIDE_MATH = re.compile(r"\{?\\(?:[%&#_{}]|([`'\"^~=.])\{?([A-Za-z])\}?|[A-Za-z]+)\}?")
_LATEX_PLAIN = {"%": "%", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}"}
_ACCENTS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307", '"': "\u0308"}


def _stray_latex(check: _Checker, text: str, path: Path_) -> None:
    """LaTeX escapes and commands outside math (``256\\%``, ``{\\em word}``, ``R{\\'e}my``): say what to write instead."""
    if "\\" not in text:
        return
    try:
        parts = mathtext.spans(text)
    except mathtext.MathError:
        return  # reported as a math problem
    advice: list[str] = []
    for is_math, part in parts:
        for found in () if is_math else _LATEX_OUTSIDE_MATH.finditer(part):
            written = found.group().strip("{}") if found.group(1) is None else found.group()
            symbol = written[1:2]
            if found.group(1) is not None:
                letter = unicodedata.normalize("NFC", found.group(2) + _ACCENTS[found.group(1)])
                tip = f"write {letter} instead of {written}"
            elif symbol in _LATEX_PLAIN:
                tip = f"write {symbol} instead of {written}"
            else:
                tip = f"leave {written} out (keep the words)"
            if tip not in advice:
                advice.append(tip)
    if advice:
        check.add(path, f"LaTeX outside $…$ is shown as typed: {'; '.join(advice[:4])}")


def _year(check: _Checker, value: Any, path: Path_) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        check.add(path, f"expected a whole number, got {_show(value)}")
        return None
    if not 1600 <= value <= 2200:
        check.add(path, f"{value} is not a plausible year")
        return None
    return value


def _arxiv(check: _Checker, value: Any, path: Path_) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        check.add(path, f"{value} was read as a number; put the arXiv id in quotes, like '2503.06687'")
        return None
    text = check.text(value, path, required=False)
    if text is None:
        return None
    if ARXIV_NEW.match(text) or ARXIV_OLD.match(text):
        return text
    bare = re.sub(r"v\d+$", "", text)
    if bare != text and (ARXIV_NEW.match(bare) or ARXIV_OLD.match(bare)):
        check.add(path, f"leave out the version: write '{bare}' instead of '{text}'")
    else:
        check.add(path, f"{_show(text)} is not an arXiv id; expected one like '2503.06687' or 'hep-th/9901001'")
    return None


def _date(check: _Checker, value: Any, path: Path_) -> date | None:
    if isinstance(value, datetime):
        check.add(path, f"expected a date like 2025-05-22, without a time; got {_show(str(value))}")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())  # a quoted date is still a date
        except ValueError:
            check.add(path, f"{value.strip()} is not a real date")
    else:
        check.add(path, f"expected a date like 2025-05-22, got {_show(value)}")
    return None


def _duplicates(check: _Checker, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
    by_arxiv: dict[str, int] = {}
    by_title: dict[str, int] = {}
    for i, row in rows:
        arxiv = row.get("arxiv")
        if arxiv:
            if arxiv in by_arxiv:
                check.add(("papers", i, "arxiv"), f"arXiv id {arxiv} is already in the catalog as papers[{by_arxiv[arxiv]}]")
            else:
                by_arxiv[arxiv] = i
        key = normalized_title(row["title"])
        if key in by_title:
            check.add(("papers", i, "title"), f"the same title as papers[{by_title[key]}] (up to case and punctuation)")
        elif key:
            by_title[key] = i
