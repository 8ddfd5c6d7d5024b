"""Page paths for papers: one slug function and one stated rule for collisions.

The rule: a paper's slug is its ``slug`` field, or else its title through python-slugify
(lower case, ASCII, at most 80 characters cut at a word boundary). A slug that is empty or a
reserved name becomes ``paper-<h>`` / ``<slug>-<h>``, where ``<h>`` is the first 6 hex digits of
the SHA-256 of the title. When two papers would share a slug, the one listed first keeps it and
each later one gets ``-<h>`` appended (``-2``, ``-3``… if even that is taken). Adding a paper
therefore never moves an existing page, and slugs, being lower case, never collide on
case-insensitive file systems.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

MAX_LENGTH = 80
RESERVED = frozenset(
    {"index", "tags", "con", "prn", "aux", "nul", "clock$", "feed", "assets", "search"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


def title_hash(title: str) -> str:
    return hashlib.sha256(title.encode("utf-8")).hexdigest()[:6]


@lru_cache(maxsize=1 << 16)
def base_slug(title: str) -> str:
    """The slug a title asks for, before collisions are resolved."""
    slug = slugify(title, max_length=MAX_LENGTH, word_boundary=True, lowercase=True)
    if not slug:
        return f"paper-{title_hash(title)}"
    if slug in RESERVED:
        return f"{slug}-{title_hash(title)}"
    return slug


def assign(requests: Iterable[tuple[str | None, str]]) -> list[str]:
    """(explicit slug or None, title) per paper, in file order → one distinct slug per paper."""
    taken: set[str] = set()
    out: list[str] = []
    for explicit, title in requests:
        slug = explicit or base_slug(title)
        if slug in taken:
            slug = f"{slug}-{title_hash(title)}"
            number = 2
            candidate = slug
            while candidate in taken:
                candidate = f"{slug}-{number}"
                number += 1
            slug = candidate
        taken.add(slug)
        out.append(slug)
    return out
