"""Related papers by content: TF-IDF over title, abstract and tags, ranked by cosine similarity.

Built to stay linear in memory: the vectors are sparse, and similarities are computed for
``CHUNK`` papers at a time (a dense ``CHUNK × n`` block), keeping only each paper's top ``k``.
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
CHUNK = 128
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
    """One L2-normalised sparse row per paper: its words' TF-IDF beside its tags' IDF."""
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, dtype=np.float64)
    text = normalize(words.fit_transform([_text(p) for p in papers]))
    if any(p.tags for p in papers):
        # Tag ids are whole tokens (hyphens and all), never split into words.
        tag_vectorizer = TfidfVectorizer(analyzer=lambda tags: list(tags), dtype=np.float64)
        tags = normalize(tag_vectorizer.fit_transform([p.tags for p in papers])) * TAG_WEIGHT
        text = sp.hstack([text, tags], format="csr")
    return normalize(text).tocsr()


def related(catalog: Catalog, count: int = COUNT) -> dict[str, tuple[Paper, ...]]:
    """slug → its ``count`` most similar papers, most similar first; never itself.

    Papers that share nothing with a paper (similarity 0) are never listed, so a list may be short.
    """
    papers = catalog.papers
    if len(papers) < 2:
        return {p.slug: () for p in papers}
    matrix = vectors(papers)
    transposed = matrix.T.tocsc()
    out: dict[str, tuple[Paper, ...]] = {}
    for start in range(0, len(papers), CHUNK):
        stop = min(start + CHUNK, len(papers))
        block = (matrix[start:stop] @ transposed).toarray()
        np.round(block, _DECIMALS, out=block)
        for row in range(stop - start):
            index = start + row
            scores = block[row]
            scores[index] = -1.0
            out[papers[index].slug] = tuple(papers[j] for j in top(scores, count))
    return out


def top(scores: np.ndarray, count: int) -> list[int]:
    """Indices of the ``count`` highest positive scores, highest first; ties in index order."""
    count = min(count, len(scores))
    if count <= 0:
        return []
    # argpartition finds the count-th best score; every index at least that good is a candidate,
    # so a tie at the boundary is settled by index, not by argpartition's internal order.
    threshold = scores[np.argpartition(-scores, count - 1)[count - 1]]
    candidates = np.flatnonzero((scores >= threshold) & (scores > 0))
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(i) for i in candidates[order][:count]]
