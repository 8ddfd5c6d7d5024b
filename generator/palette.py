"""The map's palette of theme colours (``mc0`` … ``mc11`` in docs/assets/map.css), shared by the map and the charts."""

from __future__ import annotations

PALETTE_SIZE = 12


def colour(theme_position: int) -> int:
    """A theme's palette slot: themes beyond the twelfth reuse the palette."""
    return theme_position % PALETTE_SIZE
