"""Related papers by content: TF-IDF over title, abstract and tags, ranked by cosine similarity.

Built to stay linear in memory and to compute each pair once. The vectors are sparse; similarities
are computed a band of papers at a time, against that band and every paper after it (a dense
block of at most ``BLOCK_BYTES``), and each paper keeps only its best ``count`` so far: from its own
band's block, and from the bands before it (where it was one of the later papers). A pair's
similarity is thus one float, the same both ways, and half the products of a full matrix are skipped.

Ranking is deterministic: scores are rounded before comparing, and ties go to the paper listed
first in papers.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from generator import mathtext
from generator.model import Catalog, Paper

COUNT = 5
# The dense similarity block (band rows × later papers × 8 bytes) stays under this; the sparse
# product it comes from, and the ranking's copies, take about as much again each. At 10,000
# papers, 8 MB keeps related() to +11 MB of peak memory and 4.8 s (16 MB: +47 MB, 3.8 s): the
# generator's whole budget is 300 MB.
BLOCK_BYTES = 8 * 2**20
# How much a shared tag counts against the words of title and abstract (after each part is
# normalised on its own): tags are curated, so they weigh more than a shared word.
TAG_WEIGHT = 0.45
# Titles say what a paper is about more densely than abstracts: repeat them.
TITLE_REPEAT = 2
_DECIMALS = 9


def _text(paper: Paper) -> str:
    title = mathtext.to_plain(paper.title)
    return " ".join([title] * TITLE_REPEAT + [mathtext.to_plain(paper.abstract)])


def vectors(papers: Sequence[Paper]) -> sp.csr_matrix:
    """One L2-normalised sparse row per paper: its words' TF-IDF beside its tags' IDF.

    Computed once per build and shared by the related lists and the map.
    """
    # In place and from a generator where scikit-learn allows: at 10,000 papers each copy of the
    # matrix is about 16 MB, and the texts another 15 MB.
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, dtype=np.float64)
    text = normalize(words.fit_transform(_text(p) for p in papers), copy=False)
    del words
    if any(p.tags for p in papers):
        # Tag ids are whole tokens (hyphens and all), never split into words.
        tag_vectorizer = TfidfVectorizer(analyzer=lambda tags: list(tags), dtype=np.float64)
        tags = normalize(tag_vectorizer.fit_transform([p.tags for p in papers]), copy=False) * TAG_WEIGHT
        text = sp.hstack([text, tags], format="csr")
    matrix: sp.csr_matrix = normalize(text, copy=False).tocsr()
    return matrix


def related(catalog: Catalog, count: int = COUNT, matrix: sp.csr_matrix | None = None) -> dict[str, tuple[Paper, ...]]:
    """slug → its ``count`` most similar papers, most similar first; never itself.

    ``matrix`` is ``vectors(catalog.papers)`` when the caller already has it. Papers that share
    nothing with a paper (similarity 0) are never listed, so a list may be short.
    """
    papers = catalog.papers
    n = len(papers)
    if n < 2 or count <= 0:
        return {p.slug: () for p in papers}
    if matrix is None:
        matrix = vectors(papers)
    scores = np.full((n, count), -np.inf)
    indices = np.full((n, count), -1)
    band = max(1, BLOCK_BYTES // (8 * n))
    for start in range(0, n, band):
        stop = min(start + band, n)
        # Row j - start, column i - start: paper j (from this band on) against paper i (this band).
        block = (matrix[start:] @ matrix[start:stop].T).toarray()
        np.round(block, _DECIMALS, out=block)
        width = stop - start
        block[np.arange(width), np.arange(width)] = -1.0  # never itself
        # This band's papers: every paper from the band on is in their column.
        _merge(scores, indices, start, *best(np.ascontiguousarray(block.T), count, start))
        # Later papers: this band is the part of their row that no later block holds.
        if stop < n:
            _merge(scores, indices, stop, *best(block[width:], count, start))
    return {paper.slug: tuple(papers[j] for j in row if j >= 0) for paper, row in zip(papers, indices.tolist(), strict=True)}


def best(scores: np.ndarray, count: int, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``count`` highest positive scores and their columns (+ ``offset``), highest first.

    Ties go to the lower column. Rows with fewer positive scores are padded with ``-inf`` at column -1.
    """
    columns = scores.shape[1]
    if columns <= count:
        return _ranked(scores, count, offset)
    # One partial sort finds each row's count + 1 best (the first of them the lowest). Where the
    # lowest of the best count is tied with the next one, which of the tied columns argpartition
    # kept is its own business: those rows are ranked again over all their columns.
    part = np.argpartition(scores, columns - count - 1, axis=1)[:, columns - count - 1 :]
    values = np.take_along_axis(scores, part, axis=1)
    tied = (values[:, 0] == values[:, 1:].min(axis=1)) & (values[:, 0] > 0)
    values, part = values[:, 1:], part[:, 1:]
    order = np.lexsort((part, -values), axis=1)
    out_scores = np.take_along_axis(values, order, axis=1)
    out_columns = np.take_along_axis(part, order, axis=1) + offset
    unrelated = out_scores <= 0
    out_scores[unrelated], out_columns[unrelated] = -np.inf, -1
    if tied.any():
        out_scores[tied], out_columns[tied] = _ranked(scores[tied], count, offset)
    return out_scores, out_columns


def _ranked(scores: np.ndarray, count: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """``best`` over every positive score of each row (for few columns, and for ties at the boundary)."""
    rows = len(scores)
    out_scores = np.full((rows, count), -np.inf)
    out_columns = np.full((rows, count), -1)
    row, column = np.nonzero(scores > 0)
    value = scores[row, column]
    order = np.lexsort((column, -value, row))
    row, column, value = row[order], column[order], value[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row)
    first = rank < count
    out_scores[row[first], rank[first]] = value[first]
    out_columns[row[first], rank[first]] = column[first] + offset
    return out_scores, out_columns


def _merge(scores: np.ndarray, indices: np.ndarray, start: int, new_scores: np.ndarray, new_indices: np.ndarray) -> None:
    """Fold new candidates into rows ``start…`` of the running best, in ``best``'s order (padding sorts last)."""
    stop = start + len(new_scores)
    both_scores = np.concatenate([scores[start:stop], new_scores], axis=1)
    both_indices = np.concatenate([indices[start:stop], new_indices], axis=1)
    order = np.lexsort((both_indices, -both_scores), axis=1)[:, : scores.shape[1]]
    scores[start:stop] = np.take_along_axis(both_scores, order, axis=1)
    indices[start:stop] = np.take_along_axis(both_indices, order, axis=1)
