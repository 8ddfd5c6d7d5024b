"""The second catalog of the tests (tests/fixtures/fork/papers.yaml): made-up papers shaped like a fork's.

About 400 papers in 3 themes, the shape of a catalog converted from an awesome-list: no tags
(`tags: []`), no abstracts, a theme without a description, made-up DOIs under 10.5555 (the prefix
Crossref reserves for examples and tests), slides and video links, PDFs and notes on example.org,
author lists marked incomplete. Nothing in it is a real paper: titles are drawn from a vocabulary of soil and water
words and authors are placeholder names (surnames like Sample and Fixture), so no test can come
to rely on the first catalog's papers, themes or tags. Deterministic: one ``random.Random(SEED)``.

    python -m tests.forkcatalog > tests/fixtures/fork/papers.yaml

tests/test_forkcatalog.py checks that the committed file is what this script writes.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from generator import fmt

PATH = Path(__file__).resolve().parent / "fixtures" / "fork" / "papers.yaml"
SEED = 12
COUNT = 400

THEMES = (
    ("groundwater", "Groundwater and aquifers", "Recharge, flow and storage below the surface."),
    ("river-networks", "Rivers and catchments", "Discharge, floods and sediment in river networks."),
    ("urban-water", "Water in cities", None),
)
FIRST = "Ada Ben Carla Dana Emil Femi Greta Hugo Ines Jun Kemal Lia Milo Nora Omar Pia Quinn Rosa Sami Tove Umar Vera Wim Xia".split()
SURNAMES = "Sample Fixture Example Placeholder Dummy Stub Mockford Testwell Specimen Prototype Draftley Templeton Exemplar".split()
HEADS = ("Estimating", "Mapping", "Forecasting", "Measuring", "Modelling", "Monitoring", "Simulating", "Reconstructing")
SUBJECTS = (
    "groundwater recharge",
    "aquifer storage",
    "spring discharge",
    "flood peaks",
    "sediment transport",
    "river temperature",
    "storm drainage",
    "green roof runoff",
    "leakage in supply pipes",
    "soil moisture",
    "snowmelt timing",
    "wetland water levels",
)
PLACES = (
    "alpine catchments",
    "karst aquifers",
    "coastal plains",
    "dense city blocks",
    "braided rivers",
    "peat bogs",
    "terraced hillsides",
    "glacier forelands",
)
METHODS = ("with sparse sensors", "from satellite images", "with tracer tests", "by ensemble simulation", "from citizen reports")
VENUES = (
    ("Synthetic Water Workshop", "workshop"),
    ("Example Hydrology Letters", "journal"),
    ("Placeholder Conference on Catchments", "conference"),
)
LINK_LABELS = ("Slides", "Video", "Poster", "Data")
NOTES = ("Oral", "Best poster award", "Extended version of a workshop paper")


def catalog(count: int = COUNT, seed: int = SEED) -> dict[str, Any]:
    """The fork catalog as the data papers.yaml holds: the same for the same count and seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    first_added = date(2024, 3, 4)
    papers = []
    for i in range(count):
        while True:
            title = f"{rng.choice(HEADS)} {rng.choice(SUBJECTS)} in {rng.choice(PLACES)} {rng.choice(METHODS)}"
            if title not in seen:
                seen.add(title)
                break
        year = rng.randint(2008, 2025)
        paper: dict[str, Any] = {
            "title": title,
            "authors": [f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}" for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 6)))],
            "year": year,
        }
        if rng.random() < 0.15:
            paper["authors_incomplete"] = True
        if rng.random() < 0.7:
            venue, kind = rng.choice(VENUES)
            paper["venue"] = f"{venue} {year}"
            paper["venue_type"] = kind
        if rng.random() < 0.6:
            paper["doi"] = f"10.5555/fork.{year}.{i:04d}"
        if rng.random() < 0.2:
            paper["pdf"] = f"https://example.org/pdf/fork-{i}.pdf"
        if rng.random() < 0.3:
            paper["code"] = f"https://example.org/code/fork-{i}"
        if rng.random() < 0.2:
            paper["url"] = f"https://example.org/projects/fork-{i}"
        if rng.random() < 0.25:
            labels = rng.sample(LINK_LABELS, rng.randint(1, 2))
            paper["links"] = [{"label": label, "url": f"https://example.org/{label.lower()}/fork-{i}"} for label in labels]
        if rng.random() < 0.05:
            paper["note"] = rng.choice(NOTES)
        paper["added"] = first_added + timedelta(days=i * 600 // count)
        paper["themes"] = rng.sample([t[0] for t in THEMES], rng.choice((1, 1, 1, 2)))
        papers.append(paper)
    return {
        "catalog": {
            "title": "Water Papers (a synthetic fork)",
            "description": "Made-up papers on soil and water for testing a fork of the catalog. None of them exists.",
            "curator": "The test suite",
        },
        "themes": [{"id": i, "title": t} | ({"description": d} if d else {}) for i, t, d in THEMES],
        "tags": [],
        "papers": papers,
    }


class _NoAliases(yaml.SafeDumper):
    """The loader refuses anchors and aliases: write repeated values out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: dict[str, Any]) -> str:
    """papers.yaml text in the canonical layout (``python -m generator fmt``), so ``fmt --check`` passes."""
    body = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)
    text = (
        "# yaml-language-server: $schema=./docs/papers.schema.json\n"
        "# Made by `python -m tests.forkcatalog`: a synthetic catalog, none of its papers exists.\n"
        "# Shaped as a fork's papers.yaml at the top of the project (hence the schema line's path).\n" + body
    )
    return fmt.format_text(text, "papers.yaml")


if __name__ == "__main__":
    sys.stdout.write(dump(catalog()))
