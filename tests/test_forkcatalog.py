"""The second catalog (tests/fixtures/fork/papers.yaml) is what its script writes, valid, and shaped like a fork's."""

from __future__ import annotations

from generator import site
from tests import forkcatalog


def test_the_committed_fork_catalog_is_what_its_script_writes() -> None:
    expected = forkcatalog.dump(forkcatalog.catalog())
    assert forkcatalog.PATH.read_text(encoding="utf-8") == expected, "run: python -m tests.forkcatalog > tests/fixtures/fork/papers.yaml"


def test_the_fork_catalog_is_valid_and_unlike_the_first() -> None:
    catalog = site.load_catalog(forkcatalog.PATH)
    assert len(catalog.papers) == forkcatalog.COUNT
    assert [t.id for t in catalog.themes] == [t[0] for t in forkcatalog.THEMES]
    # Made-up papers must not point at real ones: no arXiv ids; links only on example.org.
    assert not any(p.arxiv for p in catalog.papers)
    links = [link for p in catalog.papers for link in (p.code, p.url, p.pdf, *(x.url for x in p.links)) if link]
    assert links and all(link.startswith("https://example.org/") for link in links)
    assert all(p.doi.startswith("10.5555/") for p in catalog.papers if p.doi)
    # What a converted awesome-list looks like: no tags, no abstracts, a theme without description.
    assert catalog.tags == () and not any(p.abstract for p in catalog.papers)
    assert any(t.description is None for t in catalog.themes)
    assert sum(1 for p in catalog.papers if p.doi) > 0.4 * len(catalog.papers)
    assert any(p.links for p in catalog.papers) and any(p.note for p in catalog.papers)
    assert len({p.slug for p in catalog.papers}) == len(catalog.papers)
