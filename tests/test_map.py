"""The map and the small charts: a deterministic layout that groups themes, one link per paper, true numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from scipy.spatial.distance import pdist  # type: ignore[import-untyped]

from bench import synthetic as bench_synthetic
from generator import catalog_map, config, map_layout, mathtext, related, site
from generator.loader import load_text
from generator.model import Catalog
from generator.render import Renderer
from generator.validate import validate
from tests import synthetic
from tests.catalogs import first
from tests.catalogs import under_test as real
from tests.sitebuild import ROOT, SiteBuild
from tests.test_hostile import HOSTILE

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


@cache
def large() -> Catalog:
    """Just above the landmark threshold: the first catalog's papers copied and perturbed (so themes mean something)."""
    return validate(load_text(synthetic.papers_yaml(map_layout.LANDMARKS_ABOVE + 400), "synthetic.yaml"))


def renderer(catalog: Catalog) -> Renderer:
    return Renderer(catalog, config.read(ROOT / "mkdocs.yml"), site.analyse(catalog))


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def points(page: str) -> list[Tag]:
    svg = soup(page).select_one("svg.map-svg")
    assert svg is not None
    return svg.select("g.map-points > a")


def test_the_layout_is_deterministic() -> None:
    first = catalog_map.files(*with_layout(renderer(real())))
    second = catalog_map.files(*with_layout(renderer(real())))
    assert first == second
    assert first[catalog_map.PAGE].encode() == second[catalog_map.PAGE].encode()


def lay_out(cat: Catalog) -> map_layout.Layout:
    """The map's layout as the build makes it, from the papers' TF-IDF vectors."""
    return map_layout.layout(cat, related.vectors(cat.papers) if len(cat.papers) >= 2 else None)


def with_layout(r: Renderer) -> tuple[Renderer, map_layout.Layout]:
    return r, r.map_layout


def theme_distances(layout: map_layout.Layout) -> tuple[float, float]:
    """Mean distance between papers of the same primary theme, and between papers of different ones."""
    xy = np.array([[p.x, p.y] for p in layout.points])
    theme = np.array([p.paper.primary_theme for p in layout.points])
    first, second = np.triu_indices(len(xy), k=1)  # every pair once
    distance = pdist(xy)
    same = theme[first] == theme[second]
    return float(distance[same].mean()), float(distance[~same].mean())


def test_papers_of_a_theme_sit_nearer_each_other_than_to_the_rest() -> None:
    intra, inter = theme_distances(lay_out(first()))
    assert intra < 0.8 * inter, (intra, inter)


@pytest.mark.slow
def test_a_large_catalog_is_laid_out_from_landmarks_and_still_groups_by_theme() -> None:
    cat = large()
    assert len(cat.papers) > map_layout.LANDMARKS_ABOVE
    layout = lay_out(cat)
    intra, inter = theme_distances(layout)
    assert intra < 0.7 * inter, (intra, inter)
    for p in layout.points:
        assert map_layout.MARGIN - 0.1 <= p.x <= layout.width - map_layout.MARGIN + 0.1
        assert map_layout.MARGIN - 0.1 <= p.y <= layout.height - map_layout.MARGIN + 0.1
    # Near-copies of one paper do not hide each other: every paper has a spot of its own.
    assert len({(p.x, p.y) for p in layout.points}) == len(cat.papers)
    again = lay_out(cat)
    assert [(p.x, p.y) for p in again.points] == [(p.x, p.y) for p in layout.points]


def test_landmarks_cover_every_theme_in_proportion() -> None:
    """The rule is the same at any size: a quarter of 600 papers stands for the build's 1,000 of many more."""
    cat = validate(load_text(synthetic.papers_yaml(600), "synthetic.yaml"))
    count = 150
    chosen = map_layout.landmarks(cat.papers, count)
    assert list(chosen) == sorted(set(chosen.tolist()))
    primary = Counter(p.primary_theme for p in cat.papers)
    picked = Counter(cat.papers[i].primary_theme for i in chosen)
    assert set(picked) == set(primary)
    for theme, size in primary.items():
        share = count * size / len(cat.papers)
        assert min(size, map_layout.THEME_LANDMARKS) <= picked[theme] <= max(share + 1, map_layout.THEME_LANDMARKS), theme


_LAYOUT = """
import json, sys
from pathlib import Path
from generator import map_layout, related, site
catalog = site.load_catalog(Path(sys.argv[1]))
layout = map_layout.layout(catalog, related.vectors(catalog.papers))
print(json.dumps([[p.x, p.y] for p in layout.points]))
"""


@pytest.mark.slow
def test_the_layout_does_not_depend_on_how_many_threads_the_machine_has(tmp_path: Path) -> None:
    papers = synthetic.write(tmp_path / "papers.yaml", 300)

    def layout(threads: str) -> list[list[float]]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads}
        out = subprocess.run([sys.executable, "-c", _LAYOUT, str(papers)], capture_output=True, text=True, check=True, env=env)
        result: list[list[float]] = json.loads(out.stdout)
        return result

    assert layout("1") == layout("3")


def test_points_stay_inside_the_map() -> None:
    layout = lay_out(real())
    for p in layout.points:
        assert map_layout.MARGIN - 0.1 <= p.x <= layout.width - map_layout.MARGIN + 0.1
        assert map_layout.MARGIN - 0.1 <= p.y <= layout.height - map_layout.MARGIN + 0.1


def test_one_point_per_paper_linking_to_its_page_with_its_title(real_site: SiteBuild) -> None:
    cat = real()
    page = (real_site.site / "map" / "index.html").read_text(encoding="utf-8")
    found = points(page)
    assert len(found) == len(cat.papers)
    position = {t.id: i for i, t in enumerate(cat.themes)}
    for a, paper in zip(found, cat.papers, strict=True):
        href = a["xlink:href"]
        assert href == f"../papers/{paper.slug}/"
        assert (real_site.site / "map" / str(href) / "index.html").resolve().is_file()
        assert a.select_one("circle > title").get_text() == mathtext.to_plain(paper.title)
        assert a.select_one("circle")["class"] == [f"mc{position[paper.primary_theme] % 12}"]
        assert a["data-t"] == " ".join(str(position[t]) for t in paper.themes)
    legend = [li.get_text(" ", strip=True) for li in soup(page).select(".map-legend li")]
    primary = Counter(p.primary_theme for p in cat.papers)
    assert legend == [f"{t.title} {primary[t.id]}" for t in cat.themes]


def test_the_map_is_in_the_nav_after_explore(real_site: SiteBuild) -> None:
    home = soup((real_site.site / "index.html").read_text(encoding="utf-8"))
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert tabs[tabs.index("Explore") + 1] == "Map"


def test_hostile_titles_stay_text_in_the_map() -> None:
    papers = [
        {"title": text, "authors": [text], "year": 2024, "added": "2025-05-22", "themes": ["one"], "abstract": "Plain words about models."}
        for text in HOSTILE
        if "\n" not in text
    ]
    data = {
        "catalog": {"title": "T", "description": "D", "curator": "C"},
        "themes": [{"id": "one", "title": HOSTILE[0], "description": "D"}],
        "tags": [{"id": "tag", "title": "Tag"}],
        "papers": papers,
    }
    catalog = validate(load_text(yaml.safe_dump(data, allow_unicode=True), "hostile.yaml"))
    files = site.generate(catalog, config.read(ROOT / "mkdocs.yml"))
    page = files[catalog_map.PAGE]
    found = points(page)
    assert [a.select_one("title").get_text() for a in found] == [mathtext.to_plain(p.title) for p in catalog.papers]
    svg = soup(page).select_one("svg.map-svg")
    assert svg is not None
    allowed = {
        "a": {"xlink:href", "role", "data-ref", "data-t", "data-meta"},
        "circle": {"class", "cx", "cy", "r"},
        "title": set(),
        "g": {"class", "aria-hidden"},
        "text": {"x", "y", "data-theme", "data-w", "data-h"},
    }
    for element in svg.find_all(True):
        assert element.name in allowed, element.name
        assert set(element.attrs) <= allowed[element.name], element.attrs
    assert [t.get_text() for t in svg.select(".map-labels text")] == [map_layout.label_text(HOSTILE[0])]
    theme_page = soup(files["themes/one/index.md"])
    assert not theme_page.select("script, img, svg svg, svg a")
    assert theme_page.select_one(".map-thumb svg")["aria-label"].startswith(HOSTILE[0])


def test_a_large_catalog_moves_its_points_to_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_map, "INLINE_MAX", 10)
    cat = real()
    files = catalog_map.files(*with_layout(renderer(cat)))
    page = soup(files[catalog_map.PAGE])
    assert page.select_one("[data-map]")["data-points"] == "points.svg"
    assert page.select_one("noscript img")["src"] == "points.svg"
    # Not preloaded: map.js fetches it once the page is painted, so that its megabytes do not hold
    # back the page's first paint.
    assert not page.select('link[rel="preload"]')
    assert not page.select("svg.map-svg")
    root = ET.fromstring(files[catalog_map.POINTS])
    links = root.findall(f".//{SVG}a")
    assert [a.get(XLINK) for a in links] == [f"../papers/{p.slug}/" for p in cat.papers]
    assert [a.find(f"{SVG}circle/{SVG}title").text for a in links] == [mathtext.to_plain(p.title) for p in cat.papers]


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_tiny_catalogs_get_a_map(count: int) -> None:
    cat = real()
    small = Catalog(info=cat.info, themes=cat.themes, tags=cat.tags, papers=cat.papers[:count])
    layout = lay_out(small)
    assert len(layout.points) == count
    assert len({(p.x, p.y) for p in layout.points}) == count


def table(figure: Tag) -> list[list[str]]:
    return [[td.get_text() for td in tr.select("td")] for tr in figure.select("tbody tr")]


def test_home_charts_tell_the_true_counts(real_site: SiteBuild) -> None:
    cat = real()
    home = soup((real_site.site / "index.html").read_text(encoding="utf-8"))
    years_figure, themes_figure = home.select(".chart-pair .chart-figure")
    years = Counter(p.year for p in cat.papers if p.year is not None)
    assert {int(y): int(n) for y, n, _ in table(years_figure)} == dict(years)
    bars = Counter()
    for rect in years_figure.select("svg rect"):
        year, rest = rect.title.get_text().split(": ", 1)
        bars[int(year)] += int(rest.split(" ", 1)[0])
    assert dict(bars) == dict(years)
    assert table(themes_figure) == [[t.title, str(len(cat.papers_by_theme[t.id]))] for t in cat.themes]
    assert [r.get_text() for r in themes_figure.select("svg .chart-value")] == [str(len(cat.papers_by_theme[t.id])) for t in cat.themes]


def test_theme_pages_chart_their_years_and_link_to_the_map(real_site: SiteBuild) -> None:
    cat = real()
    for theme in cat.themes:
        page = soup((real_site.site / "themes" / theme.id / "index.html").read_text(encoding="utf-8"))
        figure = page.select_one(".chart-pair .chart-figure")
        years = Counter(p.year for p in cat.papers_by_theme[theme.id] if p.year is not None)
        assert {int(y): int(n) for y, n in table(figure)} == dict(years)
        thumb = page.select_one("a.map-thumb")
        assert thumb["href"] == f"../../map/?theme={theme.id}"


# --- Theme labels --------------------------------------------------------------------------------


def _assert_labels_read(catalog_: Catalog, the_layout: map_layout.Layout) -> None:
    labels = the_layout.labels
    main_themes = {p.themes[0] for p in the_layout.points}
    assert labels and {label.theme for label in labels} <= main_themes
    for i, label in enumerate(labels):
        assert label.text == map_layout.label_text(catalog_.themes[label.theme].title)
        assert len(label.text) <= map_layout.LABEL_CHARS
        assert label.width / 2 <= label.x <= the_layout.width - label.width / 2
        assert label.height / 2 <= label.y <= the_layout.height - label.height / 2
        for other in labels[i + 1 :]:
            assert not label.overlaps(other), (label.text, other.text)
        # Placed where the theme's papers are: within the box of its points.
        members = [p for p in the_layout.points if p.themes[0] == label.theme]
        xs = [p.x for p in members]
        ys = [p.y for p in members]
        assert min(xs) - label.width <= label.x <= max(xs) + label.width
        assert min(ys) - 4 * label.height <= label.y <= max(ys) + 4 * label.height


def test_theme_labels_never_overlap_and_sit_at_their_papers() -> None:
    catalog_ = real()
    _assert_labels_read(catalog_, map_layout.layout(catalog_, related.vectors(catalog_.papers)))


def test_labels_of_a_crowded_synthetic_catalog_never_overlap() -> None:
    crowded = validate(load_text(bench_synthetic.dump(bench_synthetic.catalog(400, seed=3)), "synthetic.yaml"))
    the_layout = map_layout.layout(crowded, related.vectors(crowded.papers))
    _assert_labels_read(crowded, the_layout)
    assert len(the_layout.labels) >= len(crowded.themes) // 2


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Graphs", "Graphs"),
        ("State-space models and linear recurrences", "State-space models"),
        ("Transformers, attention and memory", "Transformers"),
        ("An extremely long theme title without any commas in it at all", "An extremely long theme…"),
    ],
)
def test_label_text_keeps_a_long_titles_first_part(title: str, label: str) -> None:
    assert map_layout.label_text(title) == label
