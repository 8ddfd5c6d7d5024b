"""`make serve` reads an edit of one paper's entry alone: the same catalog as reading the whole file, or a whole read."""

from __future__ import annotations

import re

import pytest
import yaml

from generator import entries, loader
from generator.errors import CatalogError
from generator.model import Catalog
from generator.validate import validate
from tests.sitebuild import FIRST, append_to_abstract

FILE = "papers.yaml"


def _whole(text: str) -> entries.Read:
    data = text.encode("utf-8")
    doc = loader.load_bytes(data, FILE)
    return entries.whole(data, doc, validate(doc))


def _catalog(text: str) -> Catalog:
    return validate(loader.load_bytes(text.encode("utf-8"), FILE))


def _left_margin(text: str) -> str:
    """The same catalog with the papers list at the left margin (``- title:`` at column 0), as bench.synthetic writes it."""
    head, papers = text.split("\npapers:\n", 1)
    return head + "\npapers:\n" + "\n".join(line[2:] if line.startswith("  ") else line for line in papers.split("\n"))


def _retitled(text: str, title: str, new_title: str) -> str:
    """``text`` with the paper titled ``title`` renamed (its title line written again, quoted)."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("- title:") and title in line)
    lines[at] = lines[at][: lines[at].index("- title:")] + "- title: " + yaml.safe_dump(new_title, width=10_000).split("\n")[0]
    return "\n".join(lines)


def _with_theme(text: str, title: str, theme: str) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("- title:") and title in line)
    at = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("themes:"))
    if "[" in lines[at]:
        lines[at] = lines[at].replace("]", f", {theme}]", 1)
    else:
        indent = lines[at + 1][: len(lines[at + 1]) - len(lines[at + 1].lstrip())]
        lines.insert(at + 1, f"{indent}- {theme}")
    return "\n".join(lines)


@pytest.fixture(params=["indented", "left margin"])
def text(request: pytest.FixtureRequest) -> str:
    first = FIRST.read_text(encoding="utf-8")
    return first if request.param == "indented" else _left_margin(first)


def _edits(text: str) -> list[tuple[str, str]]:
    catalog = _catalog(text)
    first, middle, last = catalog.papers[0], catalog.papers[len(catalog.papers) // 2], catalog.papers[-1]
    other_theme = next(t.id for t in catalog.themes if t.id not in middle.themes)
    return [
        ("abstract of the first paper", append_to_abstract(text, first.title, "Wordaddedhere.")),
        ("abstract of a middle paper", append_to_abstract(text, middle.title, "Another $x^2$ word.")),
        ("abstract of the last paper", append_to_abstract(text, last.title, "Last words.")),
        ("title (a new page address)", _retitled(text, middle.title, middle.title + " Revisited")),
        ("themes", _with_theme(text, middle.title, other_theme)),
    ]


def test_an_edit_in_one_entry_reads_as_the_whole_file_reads(text: str) -> None:
    read = _whole(text)
    assert read.splittable
    for what, edited in _edits(text):
        again = entries.reread(read, edited.encode("utf-8"), FILE)
        assert again is not None, what
        whole = _whole(edited)
        assert again.catalog == whole.catalog, what
        # Where each entry starts is kept up to date, so that the next edit is read alone too.
        assert (again.starts, again.slugs, again.dash) == (whole.starts, whole.slugs, whole.dash), what
        unchanged = [p for p, q in zip(again.catalog.papers, read.catalog.papers, strict=True) if p is q]
        assert len(unchanged) == len(read.catalog.papers) - 1, what  # the other papers are the same objects


def test_edits_one_after_another(text: str) -> None:
    read = _whole(text)
    current = text
    for _, _edited in _edits(text)[:3]:
        catalog = _catalog(current)
        paper = catalog.papers[len(catalog.papers) // 3]
        current = append_to_abstract(current, paper.title, "Onemore.")
        again = entries.reread(read, current.encode("utf-8"), FILE)
        assert again is not None
        read = again
    assert read.catalog == _catalog(current)


def test_an_unchanged_file_is_the_same_read(text: str) -> None:
    read = _whole(text)
    assert entries.reread(read, text.encode("utf-8"), FILE) is read


@pytest.mark.parametrize(
    "what",
    ["unknown theme", "unclosed quote", "duplicate title", "two entries", "new paper", "catalog header", "broken math"],
)
def test_anything_but_a_good_edit_in_one_entry_is_left_to_the_whole_file(text: str, what: str) -> None:
    read = _whole(text)
    catalog = read.catalog
    middle, other = catalog.papers[len(catalog.papers) // 2], catalog.papers[1]
    if what == "unknown theme":
        edited = _with_theme(text, middle.title, "no-such-theme")
    elif what == "unclosed quote":
        edited = _retitled(text, middle.title, "x").replace("- title: x", "- title: 'x", 1)
    elif what == "duplicate title":
        edited = _retitled(text, middle.title, other.title)
    elif what == "two entries":
        edited = append_to_abstract(append_to_abstract(text, middle.title, "One."), other.title, "Two.")
    elif what == "new paper":
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("- title:") and middle.title in line)
        dash = lines[at][: lines[at].index("-")]
        new = [f"{dash}- title: A paper added in between", f"{dash}  authors: [Ada Lovelace]", f"{dash}  year: 2020"]
        new += [f"{dash}  added: 2024-01-01", f"{dash}  themes: [{catalog.themes[0].id}]"]
        edited = "\n".join([*lines[:at], *new, *lines[at:]])
    elif what == "catalog header":
        edited = text.replace(f"title: {catalog.info.title}", f"title: {catalog.info.title} and more", 1)
    else:
        edited = append_to_abstract(text, middle.title, r"A formula $\frac{1}{$ left open.")
    assert edited != text
    assert entries.reread(read, edited.encode("utf-8"), FILE) is None
    if what in ("two entries", "new paper", "catalog header"):
        assert _catalog(edited) != catalog  # a good edit, read whole
    else:
        with pytest.raises(CatalogError):  # the whole read says what is wrong, at its line
            _catalog(edited)


def test_a_problem_in_the_entry_is_reported_at_the_files_line(text: str) -> None:
    """Reading alone never reports: the whole read does, at the line the problem is on in the file."""
    read = _whole(text)
    middle = read.catalog.papers[len(read.catalog.papers) // 2]
    edited = _with_theme(text, middle.title, "no-such-theme")
    assert entries.reread(read, edited.encode("utf-8"), FILE) is None
    with pytest.raises(CatalogError) as error:
        _catalog(edited)
    line = next(i for i, row in enumerate(edited.split("\n"), start=1) if "no-such-theme" in row)
    assert re.search(rf"{FILE}:{line}:", str(error.value)), str(error.value)
