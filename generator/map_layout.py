"""Where each paper sits on the map: a point placed at build time by content similarity (the page is catalog_map.py).

The layout is t-SNE (scikit-learn, Barnes-Hut, fixed seed, one thread) over the papers' TF-IDF
vectors from ``related.vectors``, first reduced to ``SVD_DIMS`` dimensions. Coordinates are rounded
twice (after t-SNE, and in the page's units), so the same catalog gives byte-identical pages. Every
numerical library runs on one thread here: faster on a busy machine (OpenMP threads otherwise spin
against each other), and the result cannot depend on how many cores the build had.

Above ``LANDMARKS_ABOVE`` papers, t-SNE over every paper takes too long (its time grows faster than
the catalog), so it runs on about ``LANDMARKS`` of them, and every other paper is placed from
the landmarks most like it (as openTSNE's ``transform`` starts new points): the mean of its
``NEIGHBOURS`` most similar landmarks' positions, weighted by similarity (a Gaussian kernel, so the
nearest count most), plus a small fixed pseudo-random offset, so that a crowd of similar papers
becomes a cloud rather than one spot. A paper that still lands on another's spot moves to the
nearest free one. The landmarks are chosen by primary theme, in proportion to each theme's size
(and at least ``THEME_LANDMARKS`` of a theme when it has that many), evenly spaced in papers.yaml
order within their theme: the same catalog always gets the same landmarks, every theme has
landmarks of its own for its papers to gather around, and no stretch of the file is left out. The
reduction to ``SVD_DIMS`` is fitted on the landmarks too, and papers are compared with landmarks
by cosine similarity in that space, the space the landmarks' t-SNE saw; papers of one theme still
sit nearer each other than the rest (test_map.py checks it). The stage's time at 1,000 and 10,000
papers is in docs/benchmarks.md (``make bench``).

Each theme's name is placed on the map where its papers are (``labels``), so the map reads without
hovering: boxes sized generously for the text, never overlapping each other, and moved off the
points where a free spot is near.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.decomposition import TruncatedSVD
from sklearn.manifold import TSNE
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from generator.model import Catalog, Paper
from generator.palette import colour

SEED = 0
SVD_DIMS = 50
PERPLEXITY = 30.0
TSNE_ITERATIONS = 500
# Larger catalogs are laid out from landmarks (see above). The threshold is where t-SNE over every
# paper stops being a small part of the build on one core; LANDMARKS is somewhat fewer, so that the
# landmarks' t-SNE stays within that.
LANDMARKS_ABOVE = 2000
LANDMARKS = 1000
THEME_LANDMARKS = 10
NEIGHBOURS = 10
# The kernel's width over distances between unit vectors: weights fall by e for every 0.01 of
# cosine similarity below the best landmark's.
BANDWIDTH = 0.1
# Placed papers are offset from their spot by about this fraction (the standard deviation) of the
# distance between landmarks were they spread evenly over their box.
SPREAD = 0.25
# The similarities of placed papers to the landmarks are computed in blocks of at most this size.
BLOCK_BYTES = 16 * 2**20
# The map's own units: the SVG viewBox is WIDTH wide and as high as the layout's proportions ask,
# within ASPECT (height / width); points keep MARGIN from its edges.
WIDTH = 1000
ASPECT = (0.55, 0.8)
MARGIN = 24


# The theme labels' font size, in map units (the page draws them at this size: Layout.label_font).
LABEL_FONT = 15


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """One paper on the map, in map units (y grows downwards, as in SVG)."""

    paper: Paper
    ref: int  # position in papers.yaml: the Explore index's ref
    x: float
    y: float
    colour: int  # palette slot of the paper's primary theme
    themes: tuple[int, ...]  # positions of the paper's themes in papers.yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class Label:
    """A theme's name on the map, centred at (x, y), where its papers are; its box is ``width`` × ``height``."""

    text: str
    theme: int  # position of the theme in papers.yaml
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Label, gap: float = 0.0) -> bool:
        return (
            abs(self.x - other.x) * 2 < self.width + other.width + 2 * gap
            and abs(self.y - other.y) * 2 < self.height + other.height + 2 * gap
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    points: tuple[Point, ...]
    radius: float
    width: int = WIDTH
    height: int
    labels: tuple[Label, ...] = ()
    label_font: int = LABEL_FONT  # the size the labels were placed for


# Theme labels: the width of a character as a share of their font size (LABEL_FONT, generous for
# bold sans-serif text, so that a drawn label is never wider than its box), the longest label, and
# the room kept between two labels.
LABEL_CHAR = 0.7
LABEL_CHARS = 26
LABEL_GAP = 4
# Where a label may go, around its theme's centre: offsets in label heights, nearest first.
_LABEL_OFFSETS = sorted(
    ((dx, dy) for dx in (-1.5, -0.75, 0, 0.75, 1.5) for dy in (-3, -2, -1, 0, 1, 2, 3)), key=lambda d: (abs(d[0]) + abs(d[1]), abs(d[1]))
)


def label_text(title: str) -> str:
    """A theme's title, cut to its first part when long: "State-space models and linear recurrences" → "State-space models"."""
    if len(title) <= LABEL_CHARS:
        return title
    for cut in (",", " and ", " for ", " with ", ": "):
        head = title.split(cut, 1)[0].strip()
        if 3 <= len(head) <= LABEL_CHARS:
            return head
    return title[: LABEL_CHARS - 1].rsplit(" ", 1)[0] + "…"


def labels(catalog: Catalog, points: Sequence[Point], width: float, height: float) -> tuple[Label, ...]:
    """One label per theme that is some paper's main theme, where its papers are, none overlapping another.

    Each label starts at the median of its theme's points (the middle of the crowd, not pulled away
    by a few far papers); the largest themes are placed first; a label that would overlap one
    already placed, or leave the map, tries the nearby spots of ``_LABEL_OFFSETS`` in turn (the
    nearest that covers no point, else the nearest free one), and is left out if none is free (the
    legend still names every theme).
    """
    xy = np.array([(p.x, p.y) for p in points], dtype=float).reshape(-1, 2)
    by_theme: dict[int, list[Point]] = {}
    for point in points:
        by_theme.setdefault(point.themes[0], []).append(point)
    placed: list[Label] = []
    for theme, members in sorted(by_theme.items(), key=lambda item: (-len(item[1]), item[0])):
        text = label_text(catalog.themes[theme].title)
        box_w = (len(text) * LABEL_CHAR + 0.5) * LABEL_FONT
        box_h = LABEL_FONT * 1.3
        cx = float(np.median([p.x for p in members]))
        cy = float(np.median([p.y for p in members]))
        free: list[Label] = []
        for dx, dy in _LABEL_OFFSETS:
            x = min(max(cx + dx * box_w / 2, box_w / 2 + 2), width - box_w / 2 - 2)
            y = min(max(cy + dy * box_h, box_h / 2 + 2), height - box_h / 2 - 2)
            candidate = Label(text=text, theme=theme, x=round(x, 1), y=round(y, 1), width=round(box_w, 1), height=round(box_h, 1))
            if any(candidate.overlaps(other, LABEL_GAP) for other in placed):
                continue
            free.append(candidate)
            covered = (np.abs(xy[:, 0] - candidate.x) * 2 < candidate.width) & (np.abs(xy[:, 1] - candidate.y) * 2 < candidate.height)
            if not covered.any():
                free.insert(0, candidate)
                break
        if free:
            placed.append(free[0])
    return tuple(sorted(placed, key=lambda label: label.theme))


def embed(papers: Sequence[Paper], matrix: sp.csr_matrix | None) -> np.ndarray:
    """An ``n × 2`` array: the t-SNE layout of the papers' content, rounded to 3 decimals.

    ``matrix`` is ``related.vectors(papers)``, which site.py makes once for the related papers and
    the map (None will do for fewer than 3 papers, which need no t-SNE).
    """
    n = len(papers)
    if n < 3:
        # Too few for t-SNE to mean anything: side by side, in file order.
        return np.array([[float(i), 0.0] for i in range(n)]).reshape(n, 2)
    if matrix is None:
        raise ValueError("the map of 3 papers or more needs their TF-IDF vectors (related.vectors)")
    with threadpool_limits(limits=1):
        if n <= LANDMARKS_ABOVE:
            return _tsne(_reduce(matrix))
        chosen = landmarks(papers, LANDMARKS)
        data = np.round(_reduce(matrix, chosen), 9)
        return place(data, chosen, _tsne(data[chosen]))


def _reduce(matrix: sp.csr_matrix, rows: np.ndarray | None = None) -> np.ndarray:
    """``matrix`` in at most ``SVD_DIMS`` dimensions: its truncated SVD, fitted to ``rows`` (or all)."""
    fitted = matrix if rows is None else matrix[rows]
    dims = min(SVD_DIMS, matrix.shape[1] - 1, fitted.shape[0] - 1)
    if dims < 2:
        return np.asarray(matrix.toarray())
    svd = TruncatedSVD(dims, algorithm="arpack", random_state=SEED)
    if rows is None:
        return np.asarray(svd.fit_transform(matrix))
    return np.asarray(svd.fit(fitted).transform(matrix))


def _tsne(data: np.ndarray) -> np.ndarray:
    """The t-SNE layout of the rows of ``data``, rounded to 3 decimals."""
    n = len(data)
    data = np.round(data, 9)  # the last bits of floating point stay out of t-SNE's input
    tsne = TSNE(
        n_components=2,
        perplexity=min(PERPLEXITY, max(1.0, (n - 1) / 3)),
        init="pca",
        method="barnes_hut",
        max_iter=TSNE_ITERATIONS,
        random_state=SEED,
        n_jobs=1,
    )
    out: np.ndarray = np.round(np.asarray(tsne.fit_transform(data), dtype=np.float64), 3)
    return out


def landmarks(papers: Sequence[Paper], count: int) -> np.ndarray:
    """About ``count`` positions in papers.yaml, sorted: each theme's share, evenly spaced within it.

    A theme gets papers in proportion to its primary papers (largest remainders first, ties to the
    theme whose first paper comes first), and at least ``THEME_LANDMARKS`` when it has that many.
    """
    groups: dict[str, list[int]] = {}
    for i, paper in enumerate(papers):
        groups.setdefault(paper.primary_theme, []).append(i)
    n = len(papers)
    shares = {theme: count * len(members) / n for theme, members in groups.items()}
    quota = {theme: int(share) for theme, share in shares.items()}
    by_remainder = sorted(groups, key=lambda theme: -(shares[theme] - quota[theme]))
    for theme in by_remainder[: count - sum(quota.values())]:
        quota[theme] += 1
    chosen: list[int] = []
    for theme, members in groups.items():
        take = min(len(members), max(quota[theme], THEME_LANDMARKS))
        chosen.extend(members[(2 * k + 1) * len(members) // (2 * take)] for k in range(take))
    return np.array(sorted(chosen), dtype=np.int64)


def place(data: np.ndarray, chosen: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    """Every paper's position: landmarks where t-SNE put them, the rest from their nearest landmarks.

    A paper goes to the weighted mean of its ``NEIGHBOURS`` most similar landmarks' positions, the
    weights a Gaussian kernel of width ``BANDWIDTH`` over the distance between unit vectors in
    ``data``'s space (for unit vectors, ``exp((cosine - 1) / BANDWIDTH²)``), so the nearest
    landmarks count most. Then a fixed pseudo-random offset of about ``SPREAD`` times the
    landmarks' even spacing turns a crowd of papers drawn to one spot into a small cloud, as t-SNE
    would have spread them. Rounded to 3 decimals.
    """
    n = len(data)
    length = np.linalg.norm(data, axis=1, keepdims=True)
    unit = data / np.where(length > 0, length, 1.0)
    known = unit[chosen]
    k = min(NEIGHBOURS, len(chosen))
    out = np.empty((n, 2))
    rest = np.setdiff1d(np.arange(n), chosen)
    rows = max(1, BLOCK_BYTES // (8 * len(chosen)))
    for start in range(0, len(rest), rows):
        which = rest[start : start + rows]
        similarity = unit[which] @ known.T
        np.round(similarity, 9, out=similarity)
        nearest = np.argpartition(similarity, len(chosen) - k, axis=1)[:, len(chosen) - k :]
        near = np.take_along_axis(similarity, nearest, axis=1)
        # Measured from each paper's best match, so the weights cannot all underflow to 0.
        weight = np.exp((near - near.max(axis=1, keepdims=True)) / BANDWIDTH**2)
        out[which] = (weight[:, :, None] * anchor[nearest]).sum(axis=1) / weight.sum(axis=1, keepdims=True)
    span = anchor.max(axis=0) - anchor.min(axis=0)
    spacing = float(np.sqrt(span[0] * span[1] / len(anchor))) or 1.0
    out[rest] += np.random.default_rng(SEED).standard_normal((len(rest), 2)) * SPREAD * spacing
    out[chosen] = anchor
    placed: np.ndarray = np.round(out, 3)
    return placed


def fit(coords: np.ndarray, width: int, height: int, margin: int = MARGIN) -> np.ndarray:
    """Scale and centre the coordinates into the box, keeping their proportions; 1 decimal."""
    if len(coords) == 0:
        return coords
    low, high = coords.min(axis=0), coords.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    scale = min((width - 2 * margin) / span[0], (height - 2 * margin) / span[1])
    centre = (low + high) / 2
    placed: np.ndarray = np.round((coords - centre) * scale + np.array([width / 2, height / 2]), 1)
    return placed


def separate(coords: np.ndarray, width: int, height: int, margin: int = MARGIN) -> np.ndarray:
    """Fitted coordinates with no two points on one spot: a later paper moves to a free spot nearby.

    Spots are the page's tenths of a unit. A paper whose spot is taken gets the nearest free one
    in the first square ring around it that has one, inside the margin.
    """
    taken: set[tuple[int, int]] = set()
    out = coords.copy()
    low = (margin * 10, margin * 10)
    high = ((width - margin) * 10, (height - margin) * 10)
    for i, (x, y) in enumerate(np.rint(coords * 10).astype(np.int64).tolist()):
        spot = (x, y)
        ring = 0
        while spot in taken:
            ring += 1
            free = [
                (x + dx, y + dy)
                for dx in range(-ring, ring + 1)
                for dy in range(-ring, ring + 1)
                if max(abs(dx), abs(dy)) == ring and low[0] <= x + dx <= high[0] and low[1] <= y + dy <= high[1]
            ]
            free = sorted((s for s in free if s not in taken), key=lambda s: ((s[0] - x) ** 2 + (s[1] - y) ** 2, s))
            if free:
                spot = free[0]
        taken.add(spot)
        out[i] = (spot[0] / 10, spot[1] / 10)
    return out


def radius(count: int) -> float:
    """Points shrink as the catalog grows, so a crowd stays readable."""
    return round(float(min(7.0, max(2.0, 55 / max(count, 1) ** 0.5))), 1)


def layout(catalog: Catalog, matrix: sp.csr_matrix | None) -> Layout:
    """Where every paper sits on the map (deterministic: same catalog, same layout).

    ``matrix`` is ``related.vectors(catalog.papers)`` (see ``embed``).
    """
    position = {theme.id: i for i, theme in enumerate(catalog.themes)}
    raw = embed(catalog.papers, matrix)
    height = _height(raw)
    coords = fit(raw, WIDTH, height)
    if len(coords) > LANDMARKS_ABOVE:
        coords = separate(coords, WIDTH, height)
    points = tuple(
        Point(
            paper=paper,
            ref=ref,
            x=float(coords[ref, 0]),
            y=float(coords[ref, 1]),
            colour=colour(position[paper.primary_theme]),
            themes=tuple(position[t] for t in paper.themes),
        )
        for ref, paper in enumerate(catalog.papers)
    )
    return Layout(points=points, radius=radius(len(points)), height=height, labels=labels(catalog, points, WIDTH, height))


def _height(coords: np.ndarray) -> int:
    """The map's height for its width: the cloud's own proportions, within ``ASPECT``."""
    if len(coords) < 2:
        return round(WIDTH * ASPECT[0])
    span = coords.max(axis=0) - coords.min(axis=0)
    aspect = float(span[1] / span[0]) if span[0] > 0 else ASPECT[1]
    return round(WIDTH * min(ASPECT[1], max(ASPECT[0], aspect)) / 10) * 10
