"""papers.yaml read again after an edit inside one paper's entry: that entry alone, not the whole file.

``make serve``'s preview (generator/preview.py) only. At 10,000 papers, reading and checking the
whole file takes about 1.5 s of the 3 s an edit may take to reach its page; one entry takes a
millisecond. A full build (``python -m generator build``) always reads and checks the whole file.

The file is split at the lines where each paper's entry starts, as the last whole read found
them: the ``- `` of each item of the papers list, every one at the same indentation.
When the bytes that changed all lie within one entry, that entry's new text is parsed on its own,
after as many blank lines as come before it, so every line number is the file's. It stands for
the same YAML as it does inside the file when it parses on its own as a list of exactly one
mapping: everything before it is unchanged, and the next entry's ``- `` ends any value of it
(an unclosed quote or bracket, or a line less indented than the list, would not parse on its own). The paper is then checked
as the whole file's validation checks it, against every other paper too
(``validate.one_paper``). Anything else (an edit across entries or outside the papers, a new
paper, any problem at all) returns None, and the caller reads the whole file, which reports every
problem at its line exactly as a build would.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from generator import loader, validate
from generator.errors import CatalogError
from generator.loader import Document
from generator.model import Catalog

MAX_ENTRY_BYTES = 256 * 1024  # a longer entry is read with the whole file (and its limits on values)


@dataclass(frozen=True, slots=True)
class Read:
    """A catalog file as last read: its bytes, its catalog, and where each paper's entry starts."""

    data: bytes
    catalog: Catalog
    starts: tuple[int, ...]  # byte offset of each paper's `- ` line; empty: no entry can be read alone
    dash: bytes  # how each entry's first line starts: its indentation and `- `
    slugs: tuple[str | None, ...]  # each paper's own slug field, None where it has none

    @property
    def splittable(self) -> bool:
        return bool(self.starts)


def whole(data: bytes, doc: Document, catalog: Catalog) -> Read:
    """What a whole read of the file (``doc``, validated into ``catalog``) tells about its entries."""
    papers = doc.data.get("papers") if isinstance(doc.data, dict) else None
    if not isinstance(papers, list) or len(papers) != len(catalog.papers) or not papers or b"\r" in data:
        return Read(data, catalog, (), b"", ())
    if data.startswith((b"\xef\xbb\xbf", b"%")) or b"\n%" in data:
        return Read(data, catalog, (), b"", ())  # a BOM or a directive: read whole
    line_starts = _line_starts(data)
    first_column = doc.values[("papers", 0)][1]
    if first_column < 3:
        return Read(data, catalog, (), b"", ())
    dash = b" " * (first_column - 3) + b"- "
    starts = []
    for i in range(len(papers)):
        line, column = doc.values[("papers", i)]
        offset = line_starts[line - 1]
        if column != first_column or data[offset : offset + len(dash)] != dash:
            return Read(data, catalog, (), b"", ())
        starts.append(offset)
    slugs = tuple(item.get("slug") if isinstance(item.get("slug"), str) else None for item in papers)
    return Read(data, catalog, tuple(starts), dash, slugs)


def _line_starts(data: bytes) -> list[int]:
    out = [0]
    at = data.find(b"\n")
    while at >= 0:
        out.append(at + 1)
        at = data.find(b"\n", at + 1)
    return out


_BLOCK = 1 << 16


def _common_prefix(a: bytes, b: bytes) -> int:
    """The length of the longest common prefix: blocks compared in C, then the differing block bisected."""
    limit = min(len(a), len(b))
    at = 0
    while at + _BLOCK <= limit and a[at : at + _BLOCK] == b[at : at + _BLOCK]:
        at += _BLOCK
    low, high = at, min(at + _BLOCK, limit)
    while low < high:
        mid = (low + high + 1) // 2
        if a[at:mid] == b[at:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    la, lb = len(a), len(b)
    at = 0
    while at + _BLOCK <= limit and a[la - at - _BLOCK : la - at] == b[lb - at - _BLOCK : lb - at]:
        at += _BLOCK
    low, high = at, min(at + _BLOCK, limit)
    while low < high:
        mid = (low + high + 1) // 2
        if a[la - mid : la - at] == b[lb - mid : lb - at]:
            low = mid
        else:
            high = mid - 1
    return low


def reread(previous: Read, data: bytes, file: str) -> Read | None:
    """``previous`` after papers.yaml became ``data``, when the edit lies in one paper's entry; else None."""
    old = previous.data
    if not previous.splittable or len(data) > loader.MAX_BYTES or b"\r" in data:
        return None
    prefix = _common_prefix(old, data)
    if prefix == len(old) == len(data):
        return previous
    # The suffix may not reach into the prefix (in either file): "ab" → "abab" is an insertion.
    suffix = _common_suffix(old, data, min(len(old), len(data)) - prefix)
    starts = previous.starts
    # The entry that holds the first changed byte (before the first entry: not a paper's).
    index = _entry_at(starts, prefix)
    if index < 0:
        return None
    begin = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(old)
    if len(old) - suffix > end:
        return None  # the change goes on into the next entry
    grown = len(data) - len(old)
    text = data[begin : end + grown]
    if len(text) > MAX_ENTRY_BYTES or not text.startswith(previous.dash):
        return None
    try:
        entry = loader.load_bytes(old.count(b"\n", 0, begin) * b"\n" + text, file)
    except CatalogError:
        return None
    paper = validate.one_paper(entry, index, previous.catalog, previous.slugs)
    if paper is None:
        return None
    papers = previous.catalog.papers
    catalog = dataclasses.replace(previous.catalog, papers=(*papers[:index], paper, *papers[index + 1 :]))
    slug = entry.data[0].get("slug")
    slugs = _replaced(previous.slugs, index, slug if isinstance(slug, str) else None)
    moved = tuple(start + grown if i > index else start for i, start in enumerate(starts))
    return Read(data, catalog, moved, previous.dash, slugs)


def _entry_at(starts: Sequence[int], offset: int) -> int:
    """The last entry starting at or before ``offset`` (-1: none does)."""
    return bisect.bisect_right(starts, offset) - 1


def _replaced(values: tuple[str | None, ...], index: int, value: str | None) -> tuple[str | None, ...]:
    return (*values[:index], value, *values[index + 1 :])
