"""Whatever validate accepts, build renders; what build could not render, validate refuses at its line.

Each case once passed validate and then failed the build with a traceback (issue #13, attacks 6-7):
a ``\\$`` inside a formula that the 220-character teaser cut through, a 300-character slug
(ENAMETOOLONG), and names that collide with files of the site or that Windows cannot make.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import mathtext, render, slugs
from generator.errors import CatalogError
from generator.loader import load_text
from generator.validate import validate
from tests.sitebuild import ROOT, copy_project, env

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
# 200 characters of words, then a formula holding a written dollar sign across the 220th.
TEASER_ATTACK = "word " * 40 + "$a \\$ b + c + d + e + f + g + h$ and the rest of the first sentence."


def catalog(*, slug: str | None = None, theme_id: str = "one", abstract: str = "Text.") -> str:
    paper: dict[str, object] = {"title": "A paper", "added": "2025-05-22", "themes": [theme_id], "abstract": abstract}
    if slug is not None:
        paper["slug"] = slug
    data = {
        "catalog": {"title": "T", "description": "D", "curator": "C"},
        "themes": [{"id": theme_id, "title": "One", "description": "A theme."}],
        "tags": [{"id": "tag", "title": "Tag"}],
        "papers": [paper, {"title": "A neighbour", "added": "2025-05-21", "themes": [theme_id], "abstract": "Plain text."}],
    }
    return yaml.safe_dump(data, sort_keys=False, width=10_000)


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogError) as raised:
        validate(load_text(text, "c.yaml"))
    return [str(p) for p in raised.value.problems]


def generator_build(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    papers = tmp_path / "in.yaml"
    papers.write_text(text, encoding="utf-8")
    project = tmp_path / "project"
    copy_project(project, papers)
    return subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=env(), capture_output=True, text=True, check=False)


def test_a_formula_with_a_written_dollar_across_the_teaser_cut_builds(tmp_path: Path) -> None:
    validate(load_text(catalog(abstract=TEASER_ATTACK), "c.yaml"))  # green
    teaser = render.teaser(TEASER_ATTACK)
    assert mathtext.check(teaser) == []
    assert teaser.endswith("…") and "$" not in teaser  # the formula that does not fit is left out whole
    built = generator_build(tmp_path, catalog(abstract=TEASER_ATTACK))
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr


WORD = st.sampled_from(["word", "a", "longerword", "\\$5", "x,", "e.g.", "(b)"])
FORMULA = st.sampled_from(["$x$", "$a \\$ b + c$", "$\\frac{a}{b} + \\$ + c + d + e$", "$\\alpha_{i} \\cdot \\beta$", "$x$-like"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORD, FORMULA), min_size=1, max_size=90))
def test_every_teaser_of_a_valid_abstract_is_valid_math(words: list[str]) -> None:
    abstract = " ".join(words)
    if mathtext.check(abstract):
        return  # the validator refuses it
    teaser = render.teaser(abstract)
    assert mathtext.check(teaser) == [], teaser
    mathtext.to_html(teaser)  # renders
    assert len(teaser) <= render.TEASER_CHARS + 1


def test_a_300_character_slug_is_refused_at_its_line(tmp_path: Path) -> None:
    slug = "-".join(["long"] * 60)[:300].strip("-")
    text = catalog(slug=slug)
    assert problems(text) == [f"c.yaml:18:9: papers[0].slug: is {len(slug):,} characters long; the limit is 80 (it becomes a file name)"]
    built = generator_build(tmp_path, text)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert f"is {len(slug):,} characters long" in built.stdout
    assert len("-".join(["long"] * 16)) == slugs.MAX_LENGTH - 1  # an 80-character slug still passes
    validate(load_text(catalog(slug="-".join(["long"] * 16) + "x"), "c.yaml"))


@pytest.mark.parametrize("slug", ["con", "aux", "nul", "prn", "com1", "lpt9", "index", "tags", "assets", "search"])
def test_a_reserved_explicit_slug_is_refused(slug: str) -> None:
    assert problems(catalog(slug=slug)) == [
        f"c.yaml:18:9: papers[0].slug: '{slug}' is a reserved name: Windows cannot make a file of it, "
        "or the site uses it for one of its own files; choose another"
    ]


@pytest.mark.parametrize("theme_id", ["all", "index", "con", "aux", "nul", "com1"])
def test_a_theme_id_that_collides_with_a_site_file_is_refused(theme_id: str) -> None:
    found = problems(catalog(theme_id=theme_id))
    assert found[0] == (
        f"c.yaml:6:7: themes[0].id: '{theme_id}' is a reserved name: Windows cannot make a file of it, "
        "or the site uses it for one of its own files; choose another"
    )


def test_a_theme_id_longer_than_a_file_name_allows_is_refused() -> None:
    theme_id = "t" * 81
    found = problems(catalog(theme_id=theme_id))
    assert found[0] == "c.yaml:6:7: themes[0].id: is 81 characters long; the limit is 80 (it becomes a file name)"
