"""BibTeX entries with stable keys and LaTeX-escaped values.

BibTeX finds the end of a field by counting braces, and it counts every one, ``\\{`` and ``\\}``
included. So the braces of a text are written as ``\\{`` / ``\\}`` only where they pair up; in a
text whose braces do not (a lone ``{``, or ``Evil}}} @misc(…``) each is written as ``$\\lbrace$`` /
``$\\rbrace$``, which holds no brace at all; and a math span whose braces do not pair up is escaped
as text. No title, author or venue can then close its field, or its entry, early
(tests/test_bibtex_roundtrip.py reads the output back with pybtex and bibtexparser).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

from generator import mathtext
from generator.model import Paper

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_TABLE = str.maketrans(_SPECIAL)
_UNPAIRED_TABLE = str.maketrans(_SPECIAL | {"{": r"$\lbrace$", "}": r"$\rbrace$"})
_AND = re.compile(r"\band\b", re.IGNORECASE)
_STOPWORDS = frozenset("a an the on of in for to and with via is are do does can from by at as".split())


def escape(text: str) -> str:
    """Plain text → LaTeX source that prints it; ``$…$`` math is passed through as math."""
    if "$" not in text:
        return _text(text)  # no math (most names and titles)
    out = []
    for is_math, part in mathtext.spans(text):
        if is_math and balanced(part):
            out.append(f"${part}$")
        else:
            out.append(_text(f"${part}$" if is_math else part))
    return "".join(out)


def _text(text: str) -> str:
    if ("{" in text or "}" in text) and not balanced(text):
        return text.translate(_UNPAIRED_TABLE)
    return text.translate(_SPECIAL_TABLE)


def balanced(text: str) -> bool:
    """Whether BibTeX reads ``text`` as one field's worth of braces: never closing more than it opened."""
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def url(address: str) -> str:
    """A web address for a ``url`` field: braces and backslashes percent-encoded (BibTeX counts braces there too)."""
    return address.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _name(name: str) -> str:
    """One author; a name that itself contains the word "and" is braced so BibTeX does not split it."""
    escaped = escape(name)
    return "{" + escaped + "}" if _AND.search(name) else escaped


def base_key(paper: Paper) -> str:
    """The citation key a paper asks for, before clashes: first author's surname, year, first title word."""
    return _base_key(paper.authors[0].split()[-1] if paper.authors else "anon", paper.year, paper.title)


@lru_cache(maxsize=1 << 16)
def _base_key(surname: str, year: int | None, title: str) -> str:
    """``base_key`` of its parts, kept: ``make serve``'s preview asks again for every paper after an edit."""
    words = [w for w in slugify(title, separator=" ").split() if w not in _STOPWORDS]
    first = words[0] if words else "paper"
    return re.sub(r"[^a-z0-9]", "", slugify(surname) + (str(year) if year else "") + first) or "paper"


def keys(papers: Iterable[Paper]) -> dict[str, str]:
    """slug → citation key, like ``lipton2015critical``; later papers get ``b``, ``c``… on a clash."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for paper in papers:
        base = key = base_key(paper)
        suffix = ord("b")
        while key in taken:
            key = base + (chr(suffix) if suffix <= ord("z") else str(suffix - ord("z") + 1))
            suffix += 1
        taken.add(key)
        out[paper.slug] = key
    return out


# The entry type and the field that names the venue, by the venue_type the curator states.
# Without one, the venue goes into `note` of a @misc: the type is never guessed from the name.
_BY_VENUE_TYPE = {
    "conference": ("inproceedings", "booktitle"),
    "workshop": ("inproceedings", "booktitle"),
    "journal": ("article", "journal"),
    "preprint": ("misc", "howpublished"),
}


def entry_type(paper: Paper) -> str:
    """``inproceedings``, ``article`` or ``misc``, as ``venue_type`` says (``misc`` when it says nothing)."""
    return _BY_VENUE_TYPE[paper.venue_type][0] if paper.venue_type else "misc"


def entry(paper: Paper, key: str) -> str:
    """One entry whose type and fields follow the venue; fields that are unknown are left out, never guessed.

    A conference or workshop paper is ``@inproceedings`` with ``booktitle``, a journal article
    ``@article`` with ``journal``, anything else ``@misc`` (the venue, if any, in ``note``, or in
    ``howpublished`` for a stated preprint). ``doi``, and ``eprint``/``archiveprefix`` for arXiv,
    go into every type; an incomplete author list ends with ``and others``.
    """
    kind, venue_field = _BY_VENUE_TYPE[paper.venue_type] if paper.venue_type else ("misc", "note")
    fields: list[tuple[str, str]] = [("title", "{" + escape(paper.title) + "}")]
    if paper.authors:
        names = [_name(name) for name in paper.authors]
        if paper.authors_incomplete:
            names.append("others")
        fields.append(("author", " and ".join(names)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.venue:
        fields.append((venue_field, escape(paper.venue)))
    if paper.doi:
        fields.append(("doi", url(paper.doi)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
        if paper.arxiv_category:
            fields.append(("primaryclass", paper.arxiv_category))
    address = paper.arxiv_url or paper.url or paper.doi_url or paper.pdf
    if address:
        fields.append(("url", url(address)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"
