"""`make serve`'s preview: an edit of an abstract, a title or a paper's themes reaches its page, its theme pages and Explore.

A real ``mkdocs serve --strict`` on 127.0.0.1 serves a fixture catalog (the frozen first catalog,
with its papers list at the left margin as bench.synthetic writes it, so that both layouts of
papers.yaml are covered with tests/test_serve.py). Each edit must be a preview (the hook renders
only what it touches), not a full build; a broken edit shows the problem and keeps the last good
pages. How fast this is at 10,000 papers is the benchmark's to measure (bench/run.py).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from generator import loader, mathtext, site, urls
from generator.model import Catalog, Paper
from generator.validate import validate
from tests.sitebuild import FIRST, copy_project, http_get, mkdocs_serve, run

pytestmark = pytest.mark.slow
BANNER = "papers.yaml has problems: the site shows the last good pages until they are fixed"
PREVIEW = "generator (preview of the edited pages)"


def _left_margin(text: str) -> str:
    head, papers = text.split("\npapers:\n", 1)
    return head + "\npapers:\n" + "\n".join(line[2:] if line.startswith("  ") else line for line in papers.split("\n"))


def _entry(lines: list[str], paper: Paper) -> tuple[int, int]:
    """The first and one-past-last line of ``paper``'s entry."""
    start = next(i for i, line in enumerate(lines) if line.startswith("- title:") and yaml.safe_load(line[2:])["title"] == paper.title)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    return start, end


def _with_abstract_start(text: str, paper: Paper, words: str) -> str:
    """``words`` put at the start of ``paper``'s abstract (so that its teaser, on theme pages, shows them)."""
    lines = text.split("\n")
    start, end = _entry(lines, paper)
    at = next(i for i in range(start, end) if lines[i].startswith("  abstract:"))
    if lines[at].rstrip().endswith((">-", ">", "|", "|-")):
        at += 1
        indent = len(lines[at]) - len(lines[at].lstrip())
        lines[at] = " " * indent + words + " " + lines[at].lstrip()
    else:
        lines[at] = lines[at].replace("abstract: ", f"abstract: {words} ", 1)
    return "\n".join(lines)


def _retitled(text: str, paper: Paper, title: str) -> str:
    lines = text.split("\n")
    start, _ = _entry(lines, paper)
    lines[start] = "- title: " + json.dumps(title)
    return "\n".join(lines)


def _with_theme(text: str, paper: Paper, theme: str) -> str:
    lines = text.split("\n")
    start, end = _entry(lines, paper)
    at = next(i for i in range(start, end) if lines[i].startswith("  themes:"))
    if "[" in lines[at]:
        lines[at] = lines[at].replace("]", f", {theme}]", 1)
    else:
        lines.insert(at + 1, f"  - {theme}")
    return "\n".join(lines)


def _catalog(text: str) -> Catalog:
    return validate(loader.load_bytes(text.encode("utf-8"), "papers.yaml"))


def _page(base: str, source: str) -> str:
    return http_get(base + urls.page_url(source, True)) or ""


def _explore_data(base: str) -> str:
    return "".join(http_get(base + name) or "" for name in (urls.EXPLORE_ROWS, urls.EXPLORE_TEASERS, urls.EXPLORE_BODY, urls.EXPLORE_INDEX))


def test_abstract_title_and_theme_edits_reach_the_page_its_themes_and_explore(tmp_path: Path) -> None:
    papers = copy_project(tmp_path, FIRST)
    text = _left_margin(FIRST.read_text(encoding="utf-8"))
    papers.write_text(text, encoding="utf-8")
    assert run(["-m", "generator", "build"], tmp_path).returncode == 0
    catalog = site.load_catalog(papers)
    a, b, c = (catalog.papers[len(catalog.papers) * k // 4] for k in (1, 2, 3))

    with mkdocs_serve(tmp_path) as served:
        base = served.base
        time.sleep(1.5)  # the server idle before the first edit

        # An abstract: the paper's page, the teaser on each of its theme pages, Explore's index and teasers.
        text = _with_abstract_start(text, a, "Abstractmarker")
        papers.write_text(text, encoding="utf-8")
        served.wait_for(base + urls.page_url(urls.paper(a.slug), True), "Abstractmarker")
        page = _page(base, urls.paper(a.slug))
        assert "catalog-preview-note" in page
        for theme in a.themes:
            assert "Abstractmarker" in _page(base, urls.theme(theme)), theme
        assert "abstractmarker" in _explore_data(base).lower()

        # A title, which moves the page: the new address has the page, the old one links there,
        # the theme pages and Explore's rows list the new title at the new address.
        new_title = f"{b.title} Retitledmarker"
        text = _retitled(text, b, new_title)
        papers.write_text(text, encoding="utf-8")
        moved = next(p for p in _catalog(text).papers if p.title == new_title)
        assert moved.slug != b.slug
        new_url = base + urls.page_url(urls.paper(moved.slug), True)
        served.wait_for(new_url, "Retitledmarker")
        old_page = _page(base, urls.paper(b.slug))
        assert "catalog-moved" in old_page
        assert f"../{moved.slug}/" in old_page
        for theme in b.themes:
            theme_page = _page(base, urls.theme(theme))
            assert "Retitledmarker" in theme_page, theme
            assert f"papers/{moved.slug}/" in theme_page, theme
        rows = json.loads(http_get(base + urls.EXPLORE_ROWS) or "{}")
        row = rows["papers"][moved.index]
        assert mathtext.to_html(new_title) == row[1]
        assert moved.slug in row[0]

        # Themes: a theme added to a paper shows on its page and lists it on the theme's page;
        # Explore's rows give the paper that theme.
        theme = next(t for t in catalog.themes if t.id not in c.themes)
        text = _with_theme(text, c, theme.id)
        papers.write_text(text, encoding="utf-8")
        theme_url = base + urls.page_url(urls.theme(theme.id), True)
        served.wait_for(theme_url, f"papers/{c.slug}/")
        assert theme.title in _page(base, urls.paper(c.slug))
        rows = json.loads(http_get(base + urls.EXPLORE_ROWS) or "{}")
        assert rows["themes"].index(theme.id) in rows["papers"][c.index][8]

        # Every edit was a preview of the pages it touches, not a build of the whole site.
        time.sleep(1)
        log = served.log.read_text(encoding="utf-8")
        assert log.count(PREVIEW) == 3, log
        assert "generator (full build)" not in log, log

        # A broken edit: the problem, at its line, on the home page; the last good pages stay.
        broken = _with_theme(text, a, "no-such-theme")
        line = next(i for i, row in enumerate(broken.split("\n"), start=1) if "no-such-theme" in row)
        papers.write_text(broken, encoding="utf-8")
        served.wait_for(base, BANNER)
        assert f"papers.yaml:{line}:" in (http_get(base) or "")
        assert "Abstractmarker" in _page(base, urls.paper(a.slug))
        assert "Retitledmarker" in (http_get(new_url) or "")
        # Fixed again: the problem is gone, and the fix is a preview too.
        papers.write_text(_with_abstract_start(text, a, "Fixedmarker"), encoding="utf-8")
        served.wait_for(base + urls.page_url(urls.paper(a.slug), True), "Fixedmarker")
        served.wait_for(base, "</html>")
        assert BANNER not in (http_get(base) or "")
        assert served.process.poll() is None
