"""Every address of the site, in one place: where each generated file goes below docs/, its URL, and links between them.

A *source* is a path below docs/ (``papers/<slug>.md``, ``feeds/all.xml``); a page's *URL* is
where MkDocs (or Zensical) serves it, relative to the site's root (``papers/<slug>/``). Python
code and templates (as the ``urls`` global) ask this module for both, and never spell a path
themselves, so moving a kind of page is a change of one line here.

Pure string work: every part of the generator can use it, the command line's light commands included.
"""

from __future__ import annotations

from datetime import date

from generator.config import SiteConfig

# Pages, by source path below docs/. Every page but the home page is the index.md of its own
# folder (its URL is the folder): Zensical rewrites the relative links in a page's raw HTML as if
# they were relative to the Markdown file, not to the page's URL, which is the same thing only
# for an index.md. MkDocs serves both layouts at the same URLs.
HOME = "index.md"
TAGS = "tags/index.md"
DATA = "data/index.md"
UPDATES = "updates/index.md"
EXPLORE = "explore/index.md"
MAP = "map/index.md"
NAV = ".nav.yml"  # the awesome-nav file MkDocs and Zensical read the navigation from


def paper(slug: str) -> str:
    """A paper's page."""
    return f"papers/{slug}/index.md"


def theme(theme_id: str) -> str:
    """A theme's page."""
    return f"themes/{theme_id}/index.md"


def updates_day(day: date) -> str:
    """The page of the papers added on ``day``."""
    return f"updates/{day.isoformat()}/index.md"


def updates_email(day: date) -> str:
    """The web version of the email digest of ``day``: the email's own HTML document, below that day's page.

    A file the engines copy as it is (``.html``), not a page in the theme: it is what subscribers
    get, a few KB, where a Material page around it came to 27 KB (page_url gives its address,
    ``updates/<date>/email/``, the same as when it was a page).
    """
    return f"updates/{day.isoformat()}/email/index.html"


# Files that are not pages.
ALL_FEED = "feeds/all.xml"
BIB_ALL = "papers.bib"
# The whole-catalog downloads that carry the abstracts, gzipped (exports.gzipped): at 10,000 papers
# they were 61 MB of the site as plain text, 15 MB gzipped. papers.bib carries no abstracts and stays plain.
JSON_ALL = "papers.json.gz"
RIS_ALL = "papers.ris.gz"
CSL_JSON_ALL = "papers.csl.json.gz"
EXPORT_SCHEMA = "papers.export.schema.json"  # hand-written, in docs/: the JSON export's schema
MAP_POINTS = "map/points.svg"  # a large catalog's map points, beside the map page
EXPLORE_INDEX = "explore/search-index.json"  # the head shard; the Map page loads it by this name too
EXPLORE_BODY = "explore/search-body.json"
EXPLORE_ROWS = "explore/rows.json"
EXPLORE_TEASERS = "explore/teasers.json"
EXPLORE_LUNR = "explore/lunr.js"
# The ``scheme`` of a feed entry's theme and tag categories: the folders their pages are in.
THEME_SCHEME = "themes/"
TAG_SCHEME = "tags/"


def theme_feed(theme_id: str) -> str:
    """A theme's Atom feed."""
    return f"feeds/{theme_id}.xml"


# What versions of the generator before generations (see writer.py) wrote straight into docs/:
# history, so it does not follow the addresses above.
LEGACY = frozenset(
    {"papers", "themes", "explore", "updates", "feeds", "bib", "index.md", "tags.md", ".nav.yml", "papers.bib", "papers.json", "data.md"}
)


def page_url(source: str, directory_urls: bool) -> str:
    """``papers/x/index.md`` → ``papers/x/`` (or ``papers/x/index.html``, as MkDocs names it without directory URLs).

    ``index.md`` → ``''``; a page that is not an index.md, ``about.md`` → ``about/`` (or ``about.html``).
    An HTML file the engines copy as it is, ``x/email/index.html`` → ``x/email/`` (or itself).
    """
    if source.endswith(".html"):
        if directory_urls and (source == "index.html" or source.endswith("/index.html")):
            return source.removesuffix("index.html")
        return source
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") if directory_urls else f"{stem}.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(here: str, there: str) -> str:
    """The relative link from the page at URL ``here`` to the URL ``there`` (both site-relative)."""
    return LinksFrom(here).to(there)


class LinksFrom:
    """Relative links from the page at URL ``here``, which is split up once for all its links.

    String work only (no posixpath.relpath): a large catalog's build makes a great many links.
    """

    __slots__ = ("_folders", "_top", "_up")

    def __init__(self, here: str) -> None:
        self._folders = here.split("/")[:-1]
        self._up = "../" * len(self._folders)
        self._top = self._folders[0] + "/" if self._folders else None

    def to(self, there: str) -> str:
        """The link to the URL ``there``."""
        if self._top is None or not there.startswith(self._top):
            return self._up + there or "./"  # no folder in common (most links)
        folders = self._folders
        target = there.split("/")
        shared = 0
        while shared < len(folders) and shared < len(target) - 1 and folders[shared] == target[shared]:
            shared += 1
        return "../" * (len(folders) - shared) + "/".join(target[shared:]) or "./"


def paper_url(slug: str) -> str:
    """A paper page's URL as messages name it (with directory URLs, MkDocs' default)."""
    return page_url(paper(slug), directory_urls=True)


def relative(from_source: str, to_source: str, directory_urls: bool, anchor: str = "") -> str:
    """A link from one generated page to another, as the browser will resolve it."""
    rel = relative_url(page_url(from_source, directory_urls), page_url(to_source, directory_urls))
    return rel + (f"#{anchor}" if anchor else "")


def absolute(site: SiteConfig, path: str) -> str:
    """A path below the site's root → its absolute URL (root-relative when mkdocs.yml has no site_url)."""
    base = site.site_url or "/"
    return base.rstrip("/") + "/" + path.lstrip("/")


def page_address(site: SiteConfig, source: str) -> str:
    """The absolute URL of a generated page, from its source path below docs/."""
    return absolute(site, page_url(source, site.use_directory_urls))
