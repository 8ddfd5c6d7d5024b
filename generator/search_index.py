"""The Explore search index: a lunr index of every paper, built here at build time (the page is explore.py).

The browser loads the index with ``lunr.Index.load`` (lunr.js 2.3.9, the copy MkDocs ships) and
never builds one. So that the first answer comes fast however large the catalog, the index is two
shards, each a lunr index of its own: the head, ``explore/search-index.json`` (titles, authors,
tags and ids: small, loaded first) and the body, ``explore/search-body.json`` (abstracts, loaded next, in
the background); ``docs/assets/catalog-search.js`` adds a paper's scores from both. What a row
shows is not in the index but in ``explore/rows.json`` (and the teasers, which only the body's
matches explain, in ``explore/teasers.json``); the page itself holds the newest ``SHOWN`` rows, for
readers without JavaScript. Each shard is not lunr's own serialization but a packing of it that
catalog-search.js unpacks:

``{"lunr": "2.3.9", "fields": [...], "boosts": [...], "k1": 1.2, "b": 0.75, "pipeline": [...],
"terms": [...], "vectors": [[...], ...]}``

- ``terms``: every indexed term, in the order ``lunr.TokenSet.fromArray`` needs (UTF-16 order); a
  term's position is its ``_index``.
- ``vectors[f][d]``: the terms of field ``fields[f]`` in document ``d`` (the ref is ``str(d)``, the
  paper's position in papers.yaml) and how often each occurs there, term positions ascending and
  delta-coded (from -1, so every gap is positive): a gap ``g`` alone for a term that occurs once,
  ``-g, tf`` for one that occurs ``tf`` times.
- lunr's inverted index is the transpose of these vectors (which documents contain a term, per
  field), and lunr's field-vector scores follow from them: the sum of a field's term frequencies
  is its length, a term's idf comes from its postings, and the score is lunr's BM25 with ``k1``,
  ``b`` and the field's boost, rounded to 3 decimals as lunr does. So neither is shipped; the
  unpacked index is the one lunr.py's ``Builder`` makes of the same text (test_explore.py checks
  this on the real catalog and on arbitrary text). The term counts are made here, not by lunr.py,
  whose per-character tokenizer was about ten times slower.

Text is folded the same way here and in explore.js (lower case, accents dropped, split on anything
that is not a letter or digit) before lunr sees it, so "state-space", "State Space" and
"state space" are the same two words in the index and in a query. The index keeps whole words
(stop words dropped, lunr's lists being the same in Python and JS) and no stems: lunr.py's stemmer
and lunr.js's disagree ("survey" → "survei" / "survey"), so stemming happens only in the browser,
on the query, which matches words by prefix ("models" → "model*").
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator import citation, mathtext, urls
from generator.model import Catalog, Paper

LUNR_VERSION = "2.3.9"
# (name in the index, boost). Short names keep the index small. The head shard (title, authors,
# tags) is small and answers first; the body shard (abstracts) follows.
HEAD_FIELDS = (("t", 10), ("a", 3), ("k", 3), ("i", 10))
BODY_FIELDS = (("b", 1),)
FIELDS = HEAD_FIELDS + BODY_FIELDS
# lunr's BM25 parameters (lunr.js's and lunr.py's defaults).
K1 = 1.2
B = 0.75
VECTOR_CHUNK = 1000  # documents packed at once: about 10 MB of temporary arrays

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, accents dropped, words separated by single spaces (explore.js folds queries alike)."""
    if text.isascii():  # nothing to decompose: most text, and ten times faster
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(bare))


def document(paper: Paper, ref: int, catalog: Catalog) -> dict[str, str]:
    """What the index holds of one paper (folded text by field), before tokenizing."""
    tags = " ".join(catalog.tag_by_id[tag].title + " " + tag for tag in paper.tags)
    return {
        "ref": str(ref),
        "t": fold(mathtext.to_plain(paper.title)),
        "a": fold(" ".join(paper.authors)),
        "k": fold(tags),
        "i": fold(" ".join(identifier for identifier in (paper.arxiv, citation.doi(paper)) if identifier)),
        "b": fold(mathtext.to_plain(paper.abstract)) if paper.abstract else "",
    }


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


def _terms(text: str) -> list[str]:
    """lunr's tokenizer and our pipeline (the stop-word filter alone) on folded text.

    Folded text is words joined by single spaces, so lunr.py's character-by-character tokenizer
    (lower case, split on whitespace and hyphens) comes down to ``lower().split(" ")``; doing it
    here instead of in lunr.py's ``Builder`` makes the index ten times faster to build, and
    test_explore.py checks the result against lunr.py's own index.
    """
    if not text:
        return []
    return [word for word in text.lower().split(" ") if word and word not in STOP_WORDS]


class _Vocabulary(dict[str, int]):
    """Term → number in order of first sight; ``map(vocabulary.__getitem__, words)`` numbers new words too."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


def _vectors(numbers: np.ndarray, offsets: np.ndarray, count: int) -> list[np.ndarray]:
    """Each document's packed vector, from the term positions of all its tokens (``offsets`` split them)."""
    if len(offsets) < 2:
        return []
    documents = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    pairs, tf = np.unique(documents * count + numbers, return_counts=True)  # by document, then position
    document, term = np.divmod(pairs, count)
    previous = np.empty_like(term)
    previous[1:] = term[:-1]
    first = np.ones(len(term), dtype=bool)
    first[1:] = document[1:] != document[:-1]
    previous[first] = -1
    gap = term - previous
    repeated = tf > 1
    width = 1 + repeated  # a gap alone, or -gap and tf
    packed = np.empty(int(width.sum()), dtype=np.int64)
    starts = np.cumsum(width) - width
    packed[starts] = np.where(repeated, -gap, gap)
    packed[starts[repeated] + 1] = tf[repeated]
    lengths = np.bincount(document, weights=width, minlength=len(offsets) - 1).astype(np.int64)
    return np.split(packed, np.cumsum(lengths)[:-1])


def _chunked_vectors(position: np.ndarray, numbers: np.ndarray, offsets: np.ndarray, count: int) -> list[np.ndarray]:
    """``_vectors`` of ``VECTOR_CHUNK`` documents at a time, so that its temporary arrays stay small."""
    out: list[np.ndarray] = []
    for start in range(0, len(offsets) - 1, VECTOR_CHUNK):
        part = offsets[start : start + VECTOR_CHUNK + 1]
        out += _vectors(position[numbers[part[0] : part[-1]]], part - part[0], count)
    return out


def _packed(documents: Sequence[dict[str, str]], fields: tuple[tuple[str, int], ...]) -> dict[str, Any]:
    """One shard: a lunr index of ``fields`` of every document, packed (see the module docstring).

    Tokens are numbered as they come (``_Vocabulary``), then renumbered by the terms' UTF-16 order;
    counting and packing run in numpy, over all documents at once.
    """
    vocabulary = _Vocabulary()
    tokens: list[tuple[np.ndarray, np.ndarray]] = []
    for name, _ in fields:
        numbers = array("q")  # 8 bytes a token, not a Python int each: 2 million tokens at 10,000 papers
        offsets = array("q", [0])
        for document in documents:
            numbers.extend(map(vocabulary.__getitem__, _terms(document[name])))
            offsets.append(len(numbers))
        tokens.append((np.frombuffer(numbers, dtype=np.int64), np.frombuffer(offsets, dtype=np.int64)))
    terms = sorted(vocabulary, key=_utf16)
    position = np.empty(len(terms), dtype=np.int64)
    position[[vocabulary[term] for term in terms]] = np.arange(len(terms), dtype=np.int64)
    vectors = [_chunked_vectors(position, numbers, offsets, max(len(terms), 1)) for numbers, offsets in tokens]
    return {
        "lunr": LUNR_VERSION,
        "fields": [name for name, _ in fields],
        "boosts": [boost for _, boost in fields],
        "k1": K1,
        "b": B,
        "pipeline": [],  # lunr's search pipeline: explore.js processes the query itself
        "terms": terms,
        "vectors": vectors,
    }


def packed_shards(catalog: Catalog, documents: Sequence[dict[str, str]] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``shards``, but each document's vector a numpy array (explore.py writes them as lists).

    ``documents``: each paper's ``document``, when the caller has them (``make serve``'s preview
    keeps them from one edit to the next and makes only the edited papers' again).
    """
    if documents is None:
        documents = [document(paper, ref, catalog) for ref, paper in enumerate(catalog.papers)]
    head = _packed(documents, HEAD_FIELDS) | {"body": urls.relative_url(urls.EXPLORE_INDEX, urls.EXPLORE_BODY)}
    return head, _packed(documents, BODY_FIELDS)


def shards(catalog: Catalog) -> tuple[dict[str, Any], dict[str, Any]]:
    """The head shard (titles, authors, tags; ``body`` names the other shard) and the body shard (abstracts)."""
    head, body = packed_shards(catalog)
    for shard in (head, body):
        shard["vectors"] = [[vector.tolist() for vector in field] for field in shard["vectors"]]
    return head, body
