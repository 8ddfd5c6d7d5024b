"""Every internal link and anchor in the built site resolves; every external link is well-formed."""

from __future__ import annotations

import posixpath
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from tests.sitebuild import SiteBuild

pytestmark = pytest.mark.slow

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"), ("form", "action")}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS and value is not None:
                self.links.append(value)


@cache
def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, page: Path, href: str) -> Path:
    # Root-relative links (404.html has them) are relative to the site's root: the test build's
    # site_url is http://127.0.0.1:8000/.
    base = "" if href.startswith("/") else page.parent.relative_to(site).as_posix()
    joined = posixpath.normpath(posixpath.join(base, unquote(href).lstrip("/"))) if href else page.relative_to(site).as_posix()
    target = site / joined
    return target / "index.html" if target.is_dir() or href.endswith("/") else target


def test_every_internal_link_and_anchor_resolves(real_site: SiteBuild) -> None:
    site = real_site.site
    broken: list[str] = []
    checked = 0
    for page_path in sorted(site.rglob("*.html")):
        for link in parse(page_path).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            href, fragment = urldefrag(link)
            href = urlsplit(href).path  # ?search=… and ?theme=… are read by the page's script
            target = target_file(site, page_path, href) if href else page_path
            checked += 1
            where = f"{page_path.relative_to(site)} → {link}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and target.suffix == ".html" and unquote(fragment) not in parse(target).ids:
                broken.append(f"{where}: no anchor #{fragment}")
    assert checked > 1000
    assert not broken, "\n".join(broken[:40])


def test_every_external_link_is_well_formed(real_site: SiteBuild) -> None:
    bad = []
    for page_path in sorted(real_site.site.rglob("*.html")):
        for link in parse(page_path).links:
            parts = urlsplit(link)
            # Material's search "share" button is the one javascript: link, from its own template.
            if (not parts.scheme and not parts.netloc) or link == "javascript:void(0)":
                continue
            if parts.scheme not in ("http", "https", "mailto") or (parts.scheme != "mailto" and not parts.netloc) or " " in link:
                bad.append(f"{page_path.relative_to(real_site.site)}: {link}")
    assert not bad, "\n".join(bad[:40])
