"""The Map page: every paper a point where map_layout.py put it.

Up to ``INLINE_MAX`` papers the points are drawn in the page itself, each a link with the paper's
title; above that the page would be too heavy, so they go into ``map/points.svg``, which the page
shows as a picture without JavaScript and which ``docs/assets/map.js`` loads into the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator import explore, urls
from generator.palette import colour

if TYPE_CHECKING:
    from generator.map_layout import Layout
    from generator.render import Renderer

PAGE = urls.MAP
POINTS = urls.MAP_POINTS
# Above this many papers the points leave the page for map/points.svg (about 150 bytes each).
INLINE_MAX = 2000


def number(value: float) -> str:
    """A coordinate as few bytes as it takes: ``12.0`` → ``12``, ``3.25`` → ``3.2``."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def page(renderer: Renderer, the_layout: Layout) -> str:
    inline = len(the_layout.points) <= INLINE_MAX
    catalog = renderer.catalog
    legend = [
        (i, theme, colour(i), sum(1 for p in catalog.papers if p.primary_theme == theme.id)) for i, theme in enumerate(catalog.themes)
    ]
    return renderer.render(
        "map.md.j2",
        PAGE,
        layout=the_layout,
        # Rendered by the autoescaping map_points template: already safe markup.
        points_svg=Markup(points_svg(renderer, the_layout)) if inline else None,  # noqa: S704
        legend=legend,
        placeholder=explore.placeholder(catalog, 1),
        number=number,
        inline_max=INLINE_MAX,
    )


def points_svg(renderer: Renderer, the_layout: Layout, standalone: bool = False) -> str:
    """The map's ``<svg>``: one link per paper, its ``<title>`` the paper's title (escaped)."""
    return renderer.render(
        "map_points.svg.j2", PAGE, layout=the_layout, number=number, standalone=standalone, label_font=the_layout.label_font
    ).rstrip("\n")


def files(renderer: Renderer, the_layout: Layout) -> dict[str, str]:
    """The map page and, for a large catalog, the points file beside it."""
    out = {PAGE: page(renderer, the_layout)}
    if len(the_layout.points) > INLINE_MAX:
        out[POINTS] = points_svg(renderer, the_layout, standalone=True) + "\n"
    return out
