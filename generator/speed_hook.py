"""Optional, for MkDocs builds: less work for MkDocs on the pages the generator writes; the same HTML.

Profiled on a 10,000-paper catalog (cProfile on ``mkdocs build``), MkDocs spent about 40% of its
time in Python-Markdown, nearly all of it on paper pages that are one raw HTML block, which
Markdown only copies through (after running its HTML parser over it and setting up nine
extensions for the page), and about 15% rendering Material's navigation and tabs, which are the
same on every paper page. This hook:

- hands a page that is a single ``<article>`` or ``<div>`` element (every paper page and What's
  new page) to the theme as it
  is, without Python-Markdown: the output is what Markdown makes of it (a test compares the two
  for every page of a catalog), and MkDocs never checks the links inside raw HTML anyway;
- renders the navigation and the tabs once for every group of pages that are not in the
  navigation and sit at the same depth of the same folder (so their links are the same), and
  reuses that HTML.

- keeps MkDocs from walking the generator's own folder, ``docs/.gen`` (see generator/writer.py),
  whose files it reads through the links in docs/ and would otherwise look at twice more (the
  folder and ``.gen/current``), only to exclude them (MkDocs leaves out every dot-folder).

The site is the same without this hook, only slower to build: MkDocs' successors, which run no
hooks, build it as it is. Nothing here runs under ``mkdocs serve`` differently.
"""

from __future__ import annotations

import os
import re
from typing import Any

import mkdocs.structure.files
from markupsafe import Markup

GENERATED = ".gen"  # generator/writer.py's GEN (not imported: this hook stays free of the generator)

# A page that is HTML elements only, each starting a line: Markdown passes each through unchanged
# (no ``markdown`` attribute, which md_in_html would act on; no comment, which the tags plugin may
# stand for), keeping one blank line where there were blank lines between them.
_BLOCKS = ("article", "div", "nav", "section", "aside", "figure", "p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6")
_START = re.compile(r"<(" + "|".join(_BLOCKS) + r")\b[^>]*>")
_TAGS = {name: re.compile(rf"<(/?){name}\b[^>]*>") for name in _BLOCKS}
_GAPS = re.compile(r"\n{3,}")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-z][^>]*\smarkdown\b", re.IGNORECASE)
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
# Material's partials that are the same on every page outside the navigation at one place.
_SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html")


def is_one_html_block(markdown: str) -> bool:
    """Whether Python-Markdown would pass ``markdown`` through as it is: block-level HTML elements only."""
    if "<!--" in markdown or _MARKDOWN_ATTRIBUTE.search(markdown):
        return False
    pos, end = 0, len(markdown)
    while True:
        rest = len(markdown) - len(markdown[pos:].lstrip())
        if rest == end:
            return pos > 0
        if pos and "\n" not in markdown[pos:rest]:
            return False  # an element that does not start a line
        first = _START.match(markdown, rest)
        if not first:
            return False  # text, or an element Markdown does not take as a block
        depth = 0
        for tag in _TAGS[first.group(1)].finditer(markdown, rest):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                pos = tag.end()
                break
        else:
            return False
        line_end = markdown.find("\n", pos)
        if markdown[pos : line_end if line_end >= 0 else end].strip():
            return False  # text after the element on its last line


def as_markdown_makes_it(markdown: str) -> str:
    """What Python-Markdown makes of a page that ``is_one_html_block``: the same, blank lines kept single."""
    return _GAPS.sub("\n\n", markdown.strip())


def _render_as_is(page: Any, html: str) -> None:
    """What ``Page.render`` sets, for a page whose HTML is its Markdown."""
    page.content = html
    page.toc = []  # raw HTML makes no table of contents
    page._title_from_render = None
    page.present_anchor_ids = set(_ID.findall(html))
    page.links_to_anchors = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if is_one_html_block(markdown):
        html = as_markdown_makes_it(markdown)

        def render(config: Any, files: Any) -> None:
            _render_as_is(page, html)

        page.render = render  # only this page object, only this build
    return markdown


class _Nav:
    """Pages that are in the navigation, and the folder groups whose links to it are all alike."""

    def __init__(self) -> None:
        self.page_urls: frozenset[str] = frozenset()
        self.nav_urls: tuple[str, ...] = ()
        self.html: dict[tuple[str, str, int], str] = {}

    def key(self, page: Any) -> tuple[str, int] | None:
        """(top folder, depth) of a page outside the navigation whose links to it depend only on these."""
        url = getattr(page, "url", None)
        if not isinstance(url, str) or url in self.page_urls or "/" not in url:
            return None
        top = url.split("/", 1)[0]
        # A nav entry in the same top folder must be the folder itself (``top/``): then every page
        # at this depth shares exactly one folder with it, and the relative link is the same.
        if any(u.startswith(top + "/") and u != top + "/" for u in self.nav_urls):
            return None
        return top, url.count("/")


_nav = _Nav()


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    _nav.page_urls = frozenset(p.url for p in nav.pages)
    _nav.nav_urls = tuple(sorted(_nav.page_urls))
    _nav.html.clear()
    return nav


def on_env(env: Any, config: Any, files: Any) -> Any:
    for name in _SHARED_PARTIALS:
        template = env.get_template(name)
        if getattr(template, "_catalog_shared", False):
            continue
        template.root_render_func = _shared(name, template.root_render_func)
        template._catalog_shared = True
    return env


def _shared(name: str, render: Any) -> Any:
    def root_render_func(context: Any) -> Any:
        key = _nav.key(context.get("page"))
        if key is None:
            yield from render(context)
            return
        full_key = (name, *key)
        html = _nav.html.get(full_key)
        if html is None:
            html = _nav.html[full_key] = Markup("".join(render(context)))  # noqa: S704 - Material's own output
        yield html

    return root_render_func


class _OsWithoutGenerations:
    """``os`` for mkdocs.structure.files, whose walk of docs/ skips the top folder ``.gen``."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def walk(top: Any, *args: Any, **kwargs: Any) -> Any:
        for root, dirs, names in os.walk(top, *args, **kwargs):
            if root == top and GENERATED in dirs:
                dirs.remove(GENERATED)
            yield root, dirs, names


def on_startup(command: str, dirty: bool) -> None:
    vars(mkdocs.structure.files)["os"] = _OsWithoutGenerations()
