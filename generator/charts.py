"""Small inline SVG bar charts, each with its numbers as a table beside it.

Every value from papers.yaml goes through ``Markup.format``, which escapes it. Colours are the
map's palette classes (``mc0`` … ``mc11``, see docs/assets/map.css); axes and text use
``currentColor``, so the charts follow the light and dark schemes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.model import Catalog, Paper, Theme
from generator.palette import colour

if TYPE_CHECKING:
    from generator.map_layout import Layout, Point

WIDTH = 400
# The theme thumbnail is the map at THUMB_SCALE, each point rounded to a whole unit there.
THUMB_SCALE = 0.25
# Theme titles longer than this are cut in the chart (the table and the bar's title keep them whole).
LABEL_CHARS = 44


@dataclass(frozen=True, slots=True, kw_only=True)
class YearRow:
    """One year: its papers in all, and per theme (theme position → count, in theme order)."""

    year: int
    total: int
    by_theme: tuple[tuple[int, int], ...]


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _papers(count: int) -> str:
    return f"{count} paper" + ("" if count == 1 else "s")


def year_rows(catalog: Catalog, papers: Sequence[Paper]) -> list[YearRow]:
    """Papers per year, every year from the first to the last (empty ones too), by primary theme."""
    position = {theme.id: i for i, theme in enumerate(catalog.themes)}
    years = sorted({p.year for p in papers if p.year is not None})
    if not years:
        return []
    rows = []
    for year in range(years[0], years[-1] + 1):
        counts: dict[int, int] = {}
        for paper in papers:
            if paper.year == year:
                slot = position[paper.primary_theme]
                counts[slot] = counts.get(slot, 0) + 1
        rows.append(YearRow(year=year, total=sum(counts.values()), by_theme=tuple(sorted(counts.items()))))
    return rows


# The years chart's box: its height, and the plot's margins inside WIDTH × YEARS_HEIGHT.
YEARS_HEIGHT, YEARS_LEFT, YEARS_RIGHT, YEARS_TOP, YEARS_BOTTOM = 150, 26, 6, 14, 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """One theme's part of a year's bar, in chart units (y grows downwards)."""

    slot: int  # the theme's position in papers.yaml
    count: int
    y: float
    height: float


@dataclass(frozen=True, slots=True, kw_only=True)
class YearBar:
    """One year's bar: where it stands, its segments bottom up, and whether its value and year are written."""

    row: YearRow
    x: float
    width: float
    top: float  # the top of its highest segment
    segments: tuple[Segment, ...]
    value_shown: bool
    label_shown: bool


def year_bars(rows: Sequence[YearRow], *, only_theme: int | None = None) -> list[YearBar]:
    """The years chart's geometry: bars spread over the plot, each as tall as its papers, segments stacked."""
    peak = max((r.total for r in rows), default=0)
    if not rows or not peak:
        return []
    plot = YEARS_HEIGHT - YEARS_TOP - YEARS_BOTTOM
    band = (WIDTH - YEARS_LEFT - YEARS_RIGHT) / len(rows)
    width = min(band * 0.75, 36.0)
    step = math.ceil(len(rows) / 8)
    bars = []
    for i, row in enumerate(rows):
        x = YEARS_LEFT + i * band + (band - width) / 2
        base = float(YEARS_TOP + plot)
        segments = []
        for slot, count in row.by_theme if only_theme is None else ((only_theme, row.total),) if row.total else ():
            h = count / peak * plot
            base -= h
            segments.append(Segment(slot=slot, count=count, y=base, height=h))
        value_shown = bool(row.total) and band >= 14
        bars.append(
            YearBar(row=row, x=x, width=width, top=base, segments=tuple(segments), value_shown=value_shown, label_shown=i % step == 0)
        )
    return bars


def years_chart(catalog: Catalog, papers: Sequence[Paper], *, caption: str, only_theme: int | None = None) -> Markup:
    """Papers per year as vertical bars: stacked by primary theme, or in one theme's colour."""
    rows = year_rows(catalog, papers)
    undated = sum(1 for p in papers if p.year is None)
    height, left, right, top = YEARS_HEIGHT, YEARS_LEFT, YEARS_RIGHT, YEARS_TOP
    plot = height - top - YEARS_BOTTOM
    peak = max((r.total for r in rows), default=0)
    parts: list[Markup] = []
    bars = year_bars(rows, only_theme=only_theme)
    if bars:
        parts.append(
            Markup(
                '<g class="chart-axis"><line x1="{l}" x2="{r}" y1="{b}" y2="{b}"/>'
                '<line x1="{l}" x2="{r}" y1="{t}" y2="{t}" class="chart-grid"/>'
            ).format(l=left, r=WIDTH - right, b=top + plot, t=top)
        )
        parts.append(
            Markup('<text x="{x}" y="{y}" text-anchor="end">{peak}</text><text x="{x}" y="{y0}" text-anchor="end">0</text></g>').format(
                x=left - 4, y=top + 4, y0=top + plot + 4, peak=peak
            )
        )
    for bar in bars:
        row = bar.row
        parts.append(Markup('<g class="chart-bar">'))
        for segment in bar.segments:
            title = f"{row.year}: {_papers(segment.count)}"
            if only_theme is None:
                title = f"{row.year}: {_papers(segment.count)} in {catalog.themes[segment.slot].title} ({row.total} in all)"
            parts.append(
                Markup('<rect class="mc{c}" x="{x}" y="{y}" width="{w}" height="{h}"><title>{title}</title></rect>').format(
                    c=colour(segment.slot), x=_n(bar.x), y=_n(segment.y), w=_n(bar.width), h=_n(segment.height), title=title
                )
            )
        if bar.value_shown:
            parts.append(
                Markup('<text class="chart-value" x="{x}" y="{y}" text-anchor="middle">{n}</text>').format(
                    x=_n(bar.x + bar.width / 2), y=_n(bar.top - 3), n=row.total
                )
            )
        parts.append(Markup("</g>"))
        if bar.label_shown:
            parts.append(
                Markup('<text class="chart-label" x="{x}" y="{y}" text-anchor="middle">{year}</text>').format(
                    x=_n(bar.x + bar.width / 2), y=height - 5, year=row.year
                )
            )
    svg = Markup('<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">{body}</svg>').format(
        w=WIDTH, h=height, label=caption, body=Markup("").join(parts)
    )
    table_rows = Markup("").join(
        Markup("<tr><td>{year}</td><td>{total}</td>{themes}</tr>").format(
            year=row.year,
            total=row.total,
            themes=Markup("<td>{}</td>").format("; ".join(f"{catalog.themes[s].title}: {c}" for s, c in row.by_theme))
            if only_theme is None
            else "",
        )
        for row in rows
        if row.total
    )
    head = Markup("<th>By main theme</th>") if only_theme is None else ""
    note = Markup('<p class="chart-note">{} without a year not shown.</p>').format(_papers(undated)) if undated else ""
    return Markup(
        '<figure class="chart-figure"><figcaption>{caption}</figcaption>{svg}{note}'
        '<details class="chart-data"><summary>The numbers</summary><table><thead><tr><th>Year</th><th>Papers</th>{head}</tr></thead>'
        "<tbody>{rows}</tbody></table></details></figure>"
    ).format(caption=caption, svg=svg, note=note, head=head, rows=table_rows)


def themes_chart(catalog: Catalog, *, caption: str) -> Markup:
    """Papers per theme (counting every theme of a paper) as horizontal bars, in the themes' order."""
    counts = [(i, theme, len(catalog.papers_by_theme[theme.id])) for i, theme in enumerate(catalog.themes)]
    peak = max((c for _, _, c in counts), default=0) or 1
    row_height, label_width, bar_max = 22, 262, 100
    parts: list[Markup] = []
    for row, (i, theme, count) in enumerate(counts):
        y = row * row_height
        label = theme.title if len(theme.title) <= LABEL_CHARS else theme.title[: LABEL_CHARS - 1].rstrip() + "…"
        w = count / peak * bar_max
        parts.append(
            Markup(
                '<g class="chart-row"><title>{title}: {papers}</title>'
                '<text class="chart-label" x="0" y="{ty}">{label}</text>'
                '<rect class="mc{c}" x="{bx}" y="{by}" width="{w}" height="14"/>'
                '<text class="chart-value" x="{vx}" y="{ty}">{count}</text></g>'
            ).format(
                title=theme.title,
                papers=_papers(count),
                ty=y + 15,
                label=label,
                c=colour(i),
                bx=label_width,
                by=y + 4,
                w=_n(w),
                vx=_n(label_width + w + 4),
                count=count,
            )
        )
    height = len(counts) * row_height + 2
    svg = Markup('<svg class="chart chart--themes" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">{body}</svg>').format(
        w=WIDTH, h=height, label=caption, body=Markup("").join(parts)
    )
    table_rows = Markup("").join(Markup("<tr><td>{}</td><td>{}</td></tr>").format(theme.title, count) for _, theme, count in counts)
    return Markup(
        '<figure class="chart-figure"><figcaption>{caption}</figcaption>{svg}'
        '<details class="chart-data"><summary>The numbers</summary><table><thead><tr><th>Theme</th><th>Papers</th></tr></thead>'
        "<tbody>{rows}</tbody></table></details></figure>"
    ).format(caption=caption, svg=svg, rows=table_rows)


def _dots(points: Sequence[Point], scale: float) -> str:
    """An SVG path of round dots (zero-length segments), one per occupied whole unit, sorted."""
    cells = sorted({(round(p.x * scale), round(p.y * scale)) for p in points})
    return "".join(f"M{x} {y}h0" for x, y in cells)


def map_thumbnail(layout: Layout, theme: Theme, theme_position: int, href: str) -> Markup:
    """The map in miniature with one theme's papers in its colour, linking to the map filtered to it."""
    scale = THUMB_SCALE
    mine = [p for p in layout.points if theme_position in p.themes]
    width, height = round(layout.width * scale), round(layout.height * scale)
    label = f"{theme.title} on the map: {len(mine)} of {len(layout.points)} papers highlighted"
    return Markup(
        '<a class="map-thumb" href="{href}"><svg viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<path class="map-thumb__all" d="{all}"/><path class="map-thumb__mine mc{c}" d="{mine}"/></svg>'
        "<span>See where these papers sit on the map</span></a>"
    ).format(
        href=href,
        w=width,
        h=height,
        label=label,
        all=_dots(layout.points, scale),
        mine=_dots(mine, scale),
        c=colour(theme_position),
    )
