"""Every internal link and anchor of a built site, resolved as a browser resolves it, at a given base path.

A site is served either at a domain's root (``https://example.org/``) or under a sub-path, as
GitHub serves a project's pages (``https://user.github.io/<repo>/``). Relative links behave the same
in both until one climbs above the site's root: at a domain root the browser stops at ``/`` (so
the link happens to work), under a sub-path it leaves the site. Links that start with ``/`` work in
only one of the two. So each page's links are resolved from the page's own address under ``base``
(``papers/x/index.html`` is at ``<base>papers/x/``), and a link is internal when it stays on the
site's origin; it must stay under ``base``, name a file of the site (a folder: its index.html) and,
with a fragment, an id on that page.

Checked: ``href`` and ``src`` of links, scripts, images, forms and frames, the map's SVG links
(``xlink:href``), the icons drawn from a file (``<use xlink:href>``, to a symbol's id), the
addresses the Explore and Map scripts fetch (their ``data-*`` attributes),
and absolute links to the site's own address (canonical, feeds, og:url).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {
    ("a", "href"),
    ("a", "xlink:href"),
    ("use", "xlink:href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("form", "action"),
}
# Addresses that the Explore and Map scripts fetch, relative to the page (docs/assets/*.js).
SCRIPT_URL_ATTRS = {"data-index", "data-body", "data-rows", "data-teasers", "data-lunr", "data-points", "data-list"}
# The origin the checked pages are placed at when the site has no address of its own.
ORIGIN = "http://site.invalid"


class Page(HTMLParser):
    """A page's ids and the links it makes (with the attribute each came from)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS or (name in SCRIPT_URL_ATTRS and value):
                self.links.append((f"{tag} {name}", value))
        if tag == "meta" and values.get("property") == "og:url" and values.get("content"):
            self.links.append(("meta og:url", str(values["content"])))


@cache
def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@dataclass(frozen=True)
class Report:
    """What one check found: how many links it resolved, and each broken one, as ``page → link: why``."""

    checked: int
    broken: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def page_address(site: Path, page: Path) -> str:
    """The path of a page's address relative to the site's root: ``papers/x/`` for ``papers/x/index.html``."""
    rel = page.relative_to(site).as_posix()
    if rel == "index.html":
        return ""
    return rel.removesuffix("index.html") if rel.endswith("/index.html") else rel


def html_pages(site: Path) -> Iterator[Path]:
    return iter(sorted(site.rglob("*.html")))


def check(site: Path, base: str = "/", site_url: str = "") -> Report:
    """Every internal link of every HTML page of ``site``, as served under the path ``base``.

    ``site_url`` is the address the site was built for (mkdocs.yml's ``site_url``): links to it
    are internal too, and checked like the others. Give the ``base`` it has (``/<repo>/``).
    """
    if not base.startswith("/") or not base.endswith("/"):
        raise ValueError(f"base must start and end with '/': {base!r}")
    origin = ORIGIN
    if site_url:
        parts = urlsplit(site_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if not (parts.path or "/").endswith("/") or (parts.path or "/") != base:
            raise ValueError(f"site_url {site_url!r} is not served under {base!r}")
    broken: list[str] = []
    external: list[str] = []
    checked = 0
    for page_path in html_pages(site):
        here = origin + base + page_address(site, page_path)
        for attr, link in parse(page_path).links:
            where = f"{page_path.relative_to(site).as_posix()} → {link} ({attr})"
            if link.startswith(("javascript:", "mailto:", "data:")):
                continue
            resolved = urlsplit(urljoin(here, link))
            if f"{resolved.scheme}://{resolved.netloc}" != origin:
                external.append(where)
                continue
            checked += 1
            path = unquote(resolved.path) or "/"
            if not path.startswith(base):
                broken.append(f"{where}: leaves the site (resolves to {path}, outside {base})")
                continue
            rel = posixpath.normpath(path[len(base) :]) if path[len(base) :] else ""
            target = site / rel if rel not in ("", ".") else site
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{where}: no such file {path}")
            elif resolved.fragment and target.suffix in (".html", ".svg") and unquote(resolved.fragment) not in parse(target).ids:
                broken.append(f"{where}: no anchor #{resolved.fragment} on {path}")
    return Report(checked=checked, broken=broken, external=external)
