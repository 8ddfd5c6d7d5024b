"""papers.bib read back by two BibTeX-compatible parsers: no title, author or venue closes an entry early.

BibTeX counts every brace, backslashed or not, so a value with an unpaired ``}`` could end its
field and start a new entry of the attacker's (issue #13, attack 3; issue #16). Each entry must
come back with every field exactly as written, and the number of entries must be the number of
papers, from pybtex (a reimplementation of BibTeX itself) and from bibtexparser.
"""

from __future__ import annotations

from datetime import date

import bibtexparser
import pybtex.database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import bibtex, mathtext
from generator.model import Paper

INJECTION = 'Evil}}} @misc(pwned, title = "Injected entry", url = "https://evil.example/")'
# Text weighted towards what BibTeX and LaTeX treat specially.
TEXT = (
    st.lists(st.sampled_from([*list("{}\\$@%&#_~^,=\"()' aZé"), "and", "}}}", "@misc{x,", "$x^{2}$"]), min_size=1, max_size=30)
    .map(lambda parts: " ".join("".join(parts).split()))
    .filter(lambda text: text and not mathtext.check(text))
)  # text the validator accepts: one-spaced, its math closed
NAME = (
    st.lists(st.sampled_from([*list("{}\\@=\"' aZ"), "and", " and ", "}"]), min_size=1, max_size=12)
    .map(lambda parts: " ".join("".join(parts).split()))
    .filter(lambda text: text and not mathtext.check(text))
)
URL_PATH = st.text(alphabet=st.sampled_from(list("{}\\@,=\"'%aZ/")), max_size=20)


def paper(index: int, title: str, authors: tuple[str, ...] = ("Ada Lovelace",), venue: str | None = None, url: str | None = None) -> Paper:
    return Paper(
        title=title,
        slug=f"p{index}",
        abstract="A.",
        added=date(2025, 5, 22),
        themes=("t",),
        authors=authors,
        year=2024,
        venue=venue,
        url=url,
        index=index,
    )


def papers_bib(papers: list[Paper]) -> tuple[str, dict[str, str]]:
    keys = bibtex.keys(papers)
    return "\n".join(bibtex.entry(p, keys[p.slug]) for p in papers), keys


def expected_fields(p: Paper) -> dict[str, str]:
    """What every field holds, as the file writes it (outer braces off)."""
    out = {"title": "{" + bibtex.escape(p.title) + "}", "year": "2024"}
    if p.authors:
        out["author"] = " and ".join("{" + bibtex.escape(n) + "}" if bibtex._AND.search(n) else bibtex.escape(n) for n in p.authors)
    if p.venue:
        out["note"] = bibtex.escape(p.venue)
    if p.url:
        out["url"] = bibtex.url(p.url)
    return out


def assert_round_trip(papers: list[Paper]) -> None:
    text, keys = papers_bib(papers)

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    assert len(library.entries) == len(papers)
    for p, entry in zip(papers, library.entries, strict=True):
        assert entry.key == keys[p.slug]
        assert {name: field.value for name, field in entry.fields_dict.items()} == expected_fields(p)

    parsed = pybtex.database.parse_string(text, "bibtex")
    assert list(parsed.entries) == [keys[p.slug] for p in papers]
    for p in papers:
        entry = parsed.entries[keys[p.slug]]
        fields = {name.lower(): value for name, value in entry.fields.items()}
        want = expected_fields(p)
        authors = want.pop("author", None)
        assert fields == want
        assert len(entry.persons.get("author", [])) == len(p.authors), authors


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(TEXT, st.lists(NAME, max_size=3), st.one_of(st.none(), TEXT), st.one_of(st.none(), URL_PATH)),
        min_size=1,
        max_size=4,
    )
)
def test_every_entry_round_trips_with_every_field(rows: list[tuple[str, list[str], str | None, str | None]]) -> None:
    papers = [
        paper(i, title, tuple(a for a in authors if a.strip(" ,") and " and " not in f" {a} "), venue, url and f"https://example.org/{url}")
        for i, (title, authors, venue, url) in enumerate(rows)
    ]
    assert_round_trip(papers)


def test_the_issue_injection_keeps_one_entry_and_its_author() -> None:
    papers = [paper(0, INJECTION, authors=("Ada Lovelace", "Alan Turing")), paper(1, "A neighbour")]
    text, _ = papers_bib(papers)
    parsed = pybtex.database.parse_string(text, "bibtex")
    assert len(parsed.entries) == 2
    assert "pwned" not in parsed.entries
    assert [str(person) for person in parsed.entries["lovelace2024evil"].persons["author"]] == ["Lovelace, Ada", "Turing, Alan"]
    assert_round_trip(papers)


def test_a_lone_brace_is_not_counted_by_bibtex() -> None:
    """Issue #16: a lone ``{`` escaped as ``\\{`` still opened a group that swallowed the rest of the file."""
    assert_round_trip([paper(0, "Half { open"), paper(1, "Half } closed", venue="Venue {"), paper(2, "Paired {braces} stay \\{-escaped")])
    assert bibtex.escape("Paired {braces}") == "Paired \\{braces\\}"
    assert bibtex.escape("Half { open") == "Half $\\lbrace$ open"


def test_math_with_unpaired_braces_is_escaped_as_text() -> None:
    assert bibtex.escape("Good $x^{2}$") == "Good $x^{2}$"
    assert_round_trip([paper(0, "Bad $x}}}$ math @misc{pwned,"), paper(1, "Next")])
    assert_round_trip([paper(0, "Title", url="https://example.org/}@misc{pwned,")])
