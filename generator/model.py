"""The catalog as frozen values: no I/O, no parsing, only what a page needs to know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from urllib.parse import quote


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscribe:
    """``catalog.subscribe``: where readers sign up for the email digest (a mailing list's page or address)."""

    url: str  # https://… (a sign-up form) or mailto:… (a list's subscribe address)
    description: str  # one line shown beside the link, like "A Google Group: one email per update."
    unsubscribe: str | None = None  # https://… or mailto:…, sent as the List-Unsubscribe header


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogInfo:
    """The ``catalog`` header: what the catalog is and who curates it."""

    title: str
    description: str
    curator: str
    new_days: int = 7
    subscribe: Subscribe | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """A curated theme; its position in ``Catalog.themes`` is its display order."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag:
    """One entry of the controlled tag vocabulary."""

    id: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """One more link of a paper: slides, a video, a poster, a talk …"""

    label: str
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Paper:
    """One paper; optional facts are ``None`` (or empty) when unknown."""

    title: str
    slug: str
    added: date
    themes: tuple[str, ...]
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    code: str | None = None
    url: str | None = None
    abstract: str | None = None
    authors_incomplete: bool = False  # the authors are only the first ones: "et al.", BibTeX "and others"
    venue_type: str | None = None  # conference, workshop, journal or preprint (fields.VENUE_TYPES)
    arxiv_category: str | None = None  # the arXiv id's primary category, like cs.LG
    doi: str | None = None
    openreview: str | None = None
    pdf: str | None = None  # a PDF that is not arXiv's
    links: tuple[Link, ...] = ()
    note: str | None = None
    index: int = 0

    @property
    def primary_theme(self) -> str:
        return self.themes[0]

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def pdf_url(self) -> str | None:
        """The paper's PDF: ``pdf`` when given, else arXiv's."""
        if self.pdf:
            return self.pdf
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        # A DOI may hold characters an address may not (<, >, #, spaces are refused): quote them.
        return f"https://doi.org/{quote(self.doi, safe='/:;()._-')}" if self.doi else None

    @property
    def openreview_url(self) -> str | None:
        return f"https://openreview.net/forum?id={self.openreview}" if self.openreview else None


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """Everything in papers.yaml, validated; papers in the order they were added."""

    info: CatalogInfo
    themes: tuple[Theme, ...]
    tags: tuple[Tag, ...]
    papers: tuple[Paper, ...]

    @cached_property
    def theme_by_id(self) -> dict[str, Theme]:
        return {theme.id: theme for theme in self.themes}

    @cached_property
    def tag_by_id(self) -> dict[str, Tag]:
        return {tag.id: tag for tag in self.tags}

    @cached_property
    def papers_by_theme(self) -> dict[str, tuple[Paper, ...]]:
        """Each theme's papers, newest addition first (file order breaks ties: later is newer)."""
        newest = self.newest_first
        return {t.id: tuple(p for p in newest if t.id in p.themes) for t in self.themes}

    @cached_property
    def papers_by_tag(self) -> dict[str, tuple[Paper, ...]]:
        newest = self.newest_first
        return {t.id: tuple(p for p in newest if t.id in p.tags) for t in self.tags}

    @cached_property
    def newest_first(self) -> tuple[Paper, ...]:
        return tuple(sorted(self.papers, key=lambda p: (p.added, p.index), reverse=True))

    @cached_property
    def papers_by_day(self) -> dict[date, tuple[Paper, ...]]:
        """The What's new updates: each addition date, newest first, with its papers newest first."""
        days: dict[date, list[Paper]] = {}
        for paper in self.newest_first:
            days.setdefault(paper.added, []).append(paper)
        return {day: tuple(papers) for day, papers in days.items()}

    @cached_property
    def newest_date(self) -> date | None:
        return max((p.added for p in self.papers), default=None)

    @cached_property
    def _oldest_new(self) -> date | None:
        """The earliest ``added`` date that still counts as new, or None when nothing does.

        Nothing does when every paper would: a badge on every row tells the reader nothing.
        """
        newest = self.newest_date
        if newest is None:
            return None
        cut = newest - timedelta(days=self.info.new_days - 1)
        if all(paper.added >= cut for paper in self.papers):
            return None
        return cut

    @property
    def marks_new(self) -> bool:
        """Whether any paper gets the "new" badge."""
        return self._oldest_new is not None

    def is_new(self, paper: Paper) -> bool:
        """New means added within ``new_days`` of the newest addition (never relative to the clock),
        while some papers are older: when every paper is new, none is marked."""
        cut = self._oldest_new
        return cut is not None and paper.added >= cut
