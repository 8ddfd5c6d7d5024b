"""Related papers by content: TF-IDF over title, abstract and tags, ranked by cosine similarity.

The similarities are a sparse product of the TF-IDF matrix with itself, of which each paper needs
only its best few: sparse-dot-topn computes exactly that, row by row on every core, keeping a
handful of candidates per paper, so memory stays linear in the number of papers and the quadratic
part runs in compiled code (measured about three times faster than scipy's product in bands with
our own selection; the build's current figures are in docs/benchmarks.md, from ``make bench``).

Ranking is deterministic: scores are rounded before comparing, and ties go to the paper listed
first in papers.yaml. sparse-dot-topn picks its candidates by unrounded score, so where a tie
after rounding could reach past the candidates it kept, that paper's row is computed in full.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sparse_dot_topn import sp_matmul_topn  # type: ignore[import-untyped]

from generator import mathtext
from generator.model import Catalog, Paper

COUNT = 5
# Candidates kept per paper beyond its own count (and itself): enough that a tie after rounding
# almost never reaches past them (when it does, the row is computed in full).
MARGIN = 4
# How much a shared tag counts against the words of title and abstract (after each part is
# normalised on its own): tags are curated, so they weigh more than a shared word.
TAG_WEIGHT = 0.45
# Titles say what a paper is about more densely than abstracts: repeat them.
TITLE_REPEAT = 2
_DECIMALS = 9


def _text(paper: Paper) -> str:
    title = mathtext.to_plain(paper.title)
    return " ".join([title] * TITLE_REPEAT + [mathtext.to_plain(paper.abstract or "")])


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
    keep = min(n, count + 1 + MARGIN)  # + 1: a paper is its own best match
    # Each row's sum runs over the terms two papers share, in term order, both ways round: the
    # score of a pair is the same float in either paper's row, and the same as scipy's product.
    transposed = matrix.T.tocsr()
    top = sp_matmul_topn(matrix, transposed, top_n=keep, threshold=0.0, n_threads=os.cpu_count() or 1)
    scores = np.full((n, keep), -np.inf)
    columns = np.full((n, keep), -1, dtype=np.int64)
    lengths = np.diff(top.indptr)
    rows = np.repeat(np.arange(n), lengths)
    slots = np.arange(len(rows)) - np.repeat(top.indptr[:-1], lengths)
    scores[rows, slots] = np.round(top.data, _DECIMALS)
    columns[rows, slots] = top.indices
    scores[columns == np.arange(n)[:, None]] = -np.inf  # never itself
    ranked_scores, ranked = _ranked(scores, columns, count)
    # Candidates were kept by unrounded score: if the last of them rounds to the score of the
    # count-th best, papers left out may tie with it and come first by their place in the file.
    lowest = np.round(_row_min(top), _DECIMALS)
    unsure = np.flatnonzero((lengths == keep) & (ranked_scores[:, -1] <= lowest))
    for i in unsure.tolist():
        row = np.round((matrix[i] @ transposed).toarray(), _DECIMALS)
        row[0, i] = -np.inf
        ranked_scores[i], ranked[i] = _ranked(row, np.arange(n)[None, :], count)
    return {paper.slug: tuple(papers[j] for j in row if j >= 0) for paper, row in zip(papers, ranked.tolist(), strict=True)}


def _row_min(top: sp.csr_matrix) -> np.ndarray:
    """Each row's lowest stored value (rows with none: +inf)."""
    out = np.full(top.shape[0], np.inf)
    nonempty = np.diff(top.indptr) > 0
    out[nonempty] = np.minimum.reduceat(top.data, top.indptr[:-1][nonempty])
    return out


def _ranked(scores: np.ndarray, columns: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``count`` highest positive scores and their columns, highest first, ties to the lower column.

    ``columns`` gives each score's column (broadcast against ``scores``). Rows with fewer positive
    scores are padded with ``-inf`` at column -1.
    """
    columns = np.broadcast_to(columns, scores.shape)
    order = np.lexsort((columns, -scores), axis=1)[:, :count]
    out_scores = np.take_along_axis(scores, order, axis=1)
    out_columns = np.take_along_axis(columns, order, axis=1).copy()
    unrelated = ~(out_scores > 0)
    out_scores[unrelated], out_columns[unrelated] = -np.inf, -1
    if out_scores.shape[1] < count:  # fewer columns than count
        pad = count - out_scores.shape[1]
        out_scores = np.pad(out_scores, ((0, 0), (0, pad)), constant_values=-np.inf)
        out_columns = np.pad(out_columns, ((0, 0), (0, pad)), constant_values=-1)
    return out_scores, out_columns
