"""A large catalog for the tests: the first catalog's papers (tests/fixtures/first) duplicated and perturbed, with a fixed seed.

Built from the frozen fixture, not from papers.yaml, so that it is the same whatever papers.yaml holds.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

from tests.sitebuild import FIRST


def papers_yaml(count: int, seed: int = 0) -> str:
    """papers.yaml with ``count`` papers: each one of the first catalog, renamed, with a few abstract words dropped."""
    data: dict[str, Any] = yaml.safe_load(FIRST.read_text(encoding="utf-8"))
    originals = data["papers"]
    rng = random.Random(seed)
    papers = []
    for i in range(count):
        paper = copy.deepcopy(originals[i % len(originals)])
        if i >= len(originals):
            paper["title"] = f"{paper['title']} (variant {i})"
            paper.pop("arxiv", None)
            paper.pop("slug", None)
            words = paper["abstract"].split()
            if "$" not in paper["abstract"]:  # dropping words could break a math span
                keep = [w for w in words if rng.random() > 0.2]
                paper["abstract"] = " ".join(keep or words)
        papers.append(paper)
    data["papers"] = papers
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)


def write(dest: Path, count: int, seed: int = 0) -> Path:
    """Write the synthetic catalog to ``dest`` (a file path) and return it."""
    dest.write_text(papers_yaml(count, seed), encoding="utf-8")
    return dest


class _NoAliases(yaml.SafeDumper):
    """The loader refuses anchors and aliases: write repeated values out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
