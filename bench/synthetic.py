"""Seeded synthetic catalogs of any size, for the benchmark: valid papers.yaml files that read like the real one.

The catalog header, the themes and the tags are those of the catalog it reads (papers.yaml); the papers are made up.
Abstracts (about 1,400 characters) are sentences sampled from a word-level Markov chain of order 2
trained on the catalog's abstracts (math removed; a fixed text if it has none), with inline math from a fixed list in about one in
five. Titles, authors, years, venues, arXiv ids (valid syntax, unique), code links and dates are
drawn from small pools. Everything comes from one ``random.Random(seed)``, so the same seed and the
same ``papers.yaml`` give the same bytes.

    python -m bench.synthetic 10000 > /tmp/papers-10k.yaml
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "papers.yaml"
SEED = 20250522
ABSTRACT_CHARS = 1400

# Inline math as the real catalog writes it (each one renders).
MATH = (
    r"$\mathcal{O}(n \log n)$",
    r"$O(L^2)$",
    r"$1.25\times$",
    r"$D{\to}\infty$",
    r"$m \gg n$",
    r"$\tau$",
    r"$\Phi, \Psi$",
    r"$u \mapsto y$",
    r"$64{\times}64$",
    r"$\sqrt{d}$",
)
FIRST = (
    "Ada Ali Amir Anna Ben Carla Chen David Elena Fatima Felix Hannah Hiro Ines Jia Jonas Kai Lena Li "
    "Lucas Maria Marta Mei Noah Olga Omar Priya Rafael Ravi Sara Sofia Tariq Tom Wei Yuki Zara Zhen"
).split()
LAST = (
    "Abbott Alvarez Bauer Becker Chen Costa Dubois Evans Fischer Garcia Gu Hoffmann Ito Jensen Kim "
    "Kowalski Li Liu Martin Mehta Moreau Müller Nakamura Nguyen Okafor Olsen Park Petrov Rossi Schmidt "
    "Silva Singh Tanaka Wang Weber Wu Yamada Zhang Zhou"
).split()
VENUES = ("NeurIPS", "ICML", "ICLR", "AAAI", "CVPR", "ACL", "EMNLP", "TMLR", "JMLR", "Nature Machine Intelligence")
TITLE_HEADS = (
    "Towards", "Rethinking", "Learning", "Scaling", "Understanding", "Efficient", "Provable", "Revisiting",
    "Unified", "Sparse", "Robust", "Adaptive", "Structured", "Continual", "Implicit", "Hierarchical",
)  # fmt: skip
TITLE_TAILS = (
    "at Scale", "in Linear Time", "without Forgetting", "for Long Sequences", "from Few Examples",
    "with Memory", "via Diffusion", "for Scientific Data", "on Graphs", "in the Wild",
)  # fmt: skip
# The chain's corpus when the catalog has no abstracts to learn from (an awesome-list often has none).
FALLBACK_TEXT = (
    "We study how structured models learn from sequential observations at scale. "
    "Our method combines efficient recurrent updates with attention over a compressed memory of the past. "
    "Experiments on synthetic benchmarks and natural datasets show consistent improvements over strong baselines. "
    "We analyse the trade-off between accuracy and computation and release our implementation for further research. "
    "A theoretical analysis explains when the proposed representation generalises beyond the training distribution."
)
_MATH_SPAN = re.compile(r"\$[^$]*\$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_START = ("", "")


class _NoAliases(yaml.CSafeDumper):
    """The validator refuses YAML anchors and aliases: never emit them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _sentences(abstracts: list[str]) -> list[list[str]]:
    out = []
    for abstract in abstracts:
        text = _MATH_SPAN.sub("", abstract).replace("$", "").replace("\\", "")
        for sentence in _SENTENCE_END.split(" ".join(text.split())):
            words = sentence.split()
            if 6 <= len(words) <= 60 and words[-1][-1] in ".!?":
                out.append(words)
    return out


def _chain(sentences: list[list[str]]) -> dict[tuple[str, str], list[str]]:
    """Order-2 word chain: (w1, w2) → every word that followed them, in corpus order (for determinism)."""
    chain: dict[tuple[str, str], list[str]] = defaultdict(list)
    for words in sentences:
        state = _START
        for word in [*words, ""]:
            chain[state].append(word)
            state = (state[1], word)
    return dict(chain)


def _sentence(rng: random.Random, chain: dict[tuple[str, str], list[str]]) -> str:
    for _ in range(20):
        state, words = _START, []
        while True:
            word = rng.choice(chain[state])
            if not word:
                break
            words.append(word)
            state = (state[1], word)
        if 6 <= len(words) <= 50:
            return " ".join(words)
    return " ".join(words)


def _abstract(rng: random.Random, chain: dict[tuple[str, str], list[str]]) -> str:
    target = rng.randint(ABSTRACT_CHARS - 250, ABSTRACT_CHARS + 250)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < target:
        parts.append(_sentence(rng, chain))
    if rng.random() < 0.2:
        i = rng.randrange(len(parts))
        parts[i] = parts[i].rstrip(".!?") + f" in {rng.choice(MATH)}."
    return " ".join(parts)


def _title(rng: random.Random, vocabulary: list[str], seen: set[str]) -> str:
    while True:
        words = [w.capitalize() for w in rng.sample(vocabulary, rng.randint(2, 4))]
        title = f"{rng.choice(TITLE_HEADS)} {' '.join(words)} {rng.choice(TITLE_TAILS)}"
        if rng.random() < 0.3:
            title = f"{words[0]}{rng.choice(words[1:])}: {title}"
        key = "".join(ch for ch in title.casefold() if ch.isalnum())
        if key not in seen:
            seen.add(key)
            return title


def catalog(n: int, seed: int = SEED, real: Path = REAL) -> dict[str, Any]:
    """A catalog of ``n`` made-up papers (as the data papers.yaml holds), the same for the same seed."""
    data = yaml.safe_load(real.read_text(encoding="utf-8"))
    papers_of_real = data.get("papers") or []
    # A catalog without abstracts (or with too few sentences) still gives a chain: the fallback text.
    chain = _chain(_sentences([str(p["abstract"]) for p in papers_of_real if p.get("abstract")]) or _sentences([FALLBACK_TEXT]))
    vocabulary = sorted({w.strip(".,;:()").lower() for words in chain.values() for w in words if w.isalpha() and len(w) >= 6})
    if len(vocabulary) < 4:
        vocabulary = sorted({w.strip(".,").lower() for w in FALLBACK_TEXT.split() if len(w) >= 6})
    theme_ids = [t["id"] for t in data["themes"]]
    tag_ids = [t["id"] for t in data.get("tags") or []]
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    titles: set[str] = set()
    arxiv_ids: set[str] = set()
    first_added = date(2023, 1, 2)
    papers = []
    for i in range(n):
        year = rng.randint(2015, 2025)
        paper: dict[str, Any] = {
            "title": _title(rng, vocabulary, titles),
            "authors": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6, 8, 12)))],
            "year": year,
        }
        if rng.random() < 0.6:
            paper["venue"] = f"{rng.choice(VENUES)} {year}"
        if rng.random() < 0.7:
            while True:
                arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 29999):05d}"
                if arxiv not in arxiv_ids:
                    arxiv_ids.add(arxiv)
                    break
            paper["arxiv"] = arxiv
        if rng.random() < 0.5:
            paper["code"] = f"https://github.com/{rng.choice(LAST).lower()}-lab/project-{i}"
        # Papers are added in file order, a few a day, so listings and "new" behave as in the real file.
        paper["added"] = first_added + timedelta(days=i * 900 // max(n, 1))
        paper["themes"] = rng.sample(theme_ids, rng.choice((1, 1, 1, 2, 2, 3)))
        # As many as four tags, but never more than the catalog has (a fork may have two, or none).
        paper["tags"] = rng.sample(tag_ids, min(rng.randint(0, 4), len(tag_ids)))
        paper["abstract"] = _abstract(rng, chain)
        papers.append(paper)
    return {"catalog": data["catalog"], "themes": data["themes"], "tags": data.get("tags") or [], "papers": papers}


def dump(data: dict[str, Any]) -> str:
    """papers.yaml text for ``data``: block style, keys in the order given, no aliases."""
    body = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "# Synthetic catalog made by bench/synthetic.py: the papers are not real.\n" + body


def write(path: Path, n: int, seed: int = SEED, real: Path = REAL) -> Path:
    path.write_text(dump(catalog(n, seed, real)), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(dump(catalog(int(sys.argv[1]) if len(sys.argv) > 1 else 60)))
