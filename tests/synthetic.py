"""A large synthetic catalog for measuring: the real papers duplicated and perturbed, with a fixed seed."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

from tests.sitebuild import ROOT


def papers_yaml(count: int, seed: int = 0) -> str:
    """papers.yaml with ``count`` papers: each a real one, renamed, with a few abstract words dropped."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "papers.yaml").read_text(encoding="utf-8"))
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
