"""A paper in a few plain words, for listings, meta descriptions and feeds (no markup, no I/O)."""

from __future__ import annotations

from generator import mathtext
from generator.model import Paper

AUTHORS_SHOWN = 3


def authors_short(paper: Paper) -> str:
    """The first authors as listings show them: all of up to four, else three and "et al." (also when the list is incomplete)."""
    if not paper.authors:
        return ""
    if len(paper.authors) > AUTHORS_SHOWN + 1:
        return ", ".join(paper.authors[:AUTHORS_SHOWN]) + " et al."
    return ", ".join(paper.authors) + (" et al." if paper.authors_incomplete else "")


def summary(paper: Paper) -> str:
    """The paper in plain words for a meta description or a feed: its abstract, or its facts when it has none."""
    if paper.abstract:
        return " ".join(mathtext.to_plain(paper.abstract).split())
    by = f" by {authors_short(paper)}" if paper.authors else ""
    venue = f", {paper.venue}" if paper.venue else ""
    year = f" ({paper.year})" if paper.year else ""
    return f"{' '.join(mathtext.to_plain(paper.title).split())}: a paper{by}{venue}{year}."
