"""One slug rule: readable, distinct, stable, and safe on any file system."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.slugs import RESERVED, assign, base_slug, title_hash

SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_title_becomes_a_readable_slug() -> None:
    assert base_slug("A Survey on Structured State Space Sequence (S4) Models") == "a-survey-on-structured-state-space-sequence-s4-models"
    assert base_slug("It's All Connected: A Journey") == "it-s-all-connected-a-journey"


def test_long_titles_are_cut_at_a_word() -> None:
    slug = base_slug("word " * 40)
    assert len(slug) <= 80 and slug.endswith("word")


def test_collisions_follow_the_stated_rule() -> None:
    titles = ["Attention Is All You Need", "attention is all you need!", "Attention is all you need?"]
    slugs = assign((None, t) for t in titles)
    assert slugs[0] == "attention-is-all-you-need"
    assert slugs[1] == f"attention-is-all-you-need-{title_hash(titles[1])}"
    assert slugs[2] == f"attention-is-all-you-need-{title_hash(titles[2])}"


def test_adding_a_paper_never_moves_an_existing_page() -> None:
    before = assign([(None, "Model A"), (None, "Model B")])
    after = assign([(None, "Model A"), (None, "Model B"), (None, "model a")])
    assert after[:2] == before


def test_symbols_non_latin_and_reserved_titles() -> None:
    assert base_slug("∑∫∂") == f"paper-{title_hash('∑∫∂')}"
    assert SAFE.match(base_slug("深度学习的状态空间模型"))
    assert base_slug("Index") == f"index-{title_hash('Index')}"
    assert base_slug("CON") not in RESERVED


def test_explicit_slug_is_kept() -> None:
    assert assign([("pinned", "Whatever Title")]) == ["pinned"]


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=25))
def test_slugs_are_distinct_safe_and_stable(titles: list[str]) -> None:
    slugs = assign((None, t) for t in titles)
    assert assign((None, t) for t in titles) == slugs
    # Distinct even where only case differs: slugs are lower-case, so this covers
    # case-insensitive file systems too.
    assert len({s.casefold() for s in slugs}) == len(slugs)
    for slug in slugs:
        assert SAFE.match(slug), slug
        assert slug not in RESERVED
        assert len(slug) <= 80 + 1 + 6 + 4
