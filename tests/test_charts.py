"""The years chart's geometry: bars as tall as their papers, stacked by theme, inside the chart's box."""

from __future__ import annotations

import pytest

from generator import charts, site
from tests.sitebuild import ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


@pytest.mark.parametrize("only_theme", [None, 0])
def test_bars_are_as_tall_as_their_papers_and_stay_in_the_box(only_theme: int | None) -> None:
    catalog = site.load_catalog(SMALL, "small.yaml")
    papers = catalog.papers if only_theme is None else catalog.papers_by_theme[catalog.themes[only_theme].id]
    rows = charts.year_rows(catalog, papers)
    bars = charts.year_bars(rows, only_theme=only_theme)
    bottom = charts.YEARS_HEIGHT - charts.YEARS_BOTTOM
    plot = bottom - charts.YEARS_TOP
    peak = max(row.total for row in rows)
    assert [bar.row for bar in bars] == rows
    for bar in bars:
        assert bar.x >= charts.YEARS_LEFT and bar.x + bar.width <= charts.WIDTH - charts.YEARS_RIGHT
        assert sum(s.count for s in bar.segments) == bar.row.total
        assert bar.top == pytest.approx(bottom - bar.row.total / peak * plot)
        edge = float(bottom)
        for segment in bar.segments:  # stacked bottom up, each touching the one below
            assert segment.y + segment.height == pytest.approx(edge)
            edge = segment.y
        if only_theme is not None:
            assert {s.slot for s in bar.segments} <= {only_theme}
    assert min(bar.top for bar in bars) == pytest.approx(charts.YEARS_TOP)  # the busiest year reaches the top line
    assert [bar.x for bar in bars] == sorted(bar.x for bar in bars)


def test_no_dated_papers_no_bars() -> None:
    assert charts.year_bars([]) == []
