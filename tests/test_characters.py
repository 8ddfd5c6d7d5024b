"""Characters: validate refuses, at its line and by name, every character a later stage cannot carry,
and no value, validated or not, can make MkDocs render a page's front matter as Markdown.

MkDocs reads front matter with YAML and, when YAML refuses it, silently renders the whole block as
Markdown, where attr_list turns ``{: onfocus=… }`` into an attribute. So each code point class is
sent through the real pipeline: the validator, the generator, MkDocs' own meta parser and a real
``mkdocs build --strict``.
"""

from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from mkdocs.utils import meta

from generator import config, feeds, render, site, writer
from generator.errors import CatalogError
from generator.loader import load_text
from generator.model import Catalog
from generator.validate import validate
from tests.sitebuild import ROOT, build, copy_project, run

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
# The catalog.title of issue #13: it passed validate, build and `mkdocs build --strict`, and ran script.
ATTACK = "Trending Papers\ufffe[\u200c](https://example.org/){: autofocus=autofocus tabindex=0 onfocus=alert(document.domain) }"

# One character of each class that stays allowed: text a reader may need.
ALLOWED = {
    "no-break space": "\u00a0",
    "soft hyphen (Cf)": "\u00ad",
    "combining acute accent (Mn)": "\u0301",
    "unassigned (Cn)": "\u0378",
    "Arabic number sign (Cf)": "\u0600",
    "zero width non-joiner": "\u200c",
    "zero width joiner": "\u200d",
    "ideographic space (Zs)": "\u3000",
    "private use (Co)": "\ue000",
    "variation selector": "\ufe0f",
    "replacement character": "\ufffd",
    "emoji (astral)": "\U0001f600",
    "mathematical bold A (astral)": "\U0001d400",
    "tag character (astral Cf)": "\U000e0041",
    "plane 15 private use": "\U000f0000",
    "last private use": "\U0010fffd",
    "Hebrew (right to left)": "\u05d0",
    "CJK": "\u4e2d",
}
# One character of each refused class, with the words the message names it by.
REFUSED = {
    "\x01": "control character",
    "\x1b": "control character",
    "\x7f": "control character",
    "\x85": "control character",
    "\x9b": "control character",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u200b": "ZERO WIDTH SPACE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\ufdd0": "noncharacter",
    "\ufdef": "noncharacter",
    "\ufffe": "noncharacter",
    "\uffff": "noncharacter",
    "\U0001fffe": "noncharacter",
    "\U0010ffff": "noncharacter",
}


def catalog_text(**values: str) -> str:
    """A small catalog (YAML, every character written as an escape) with the given values."""
    data = {
        "catalog": {"title": values.get("catalog_title", "Chars"), "description": "A catalog.", "curator": "Tests"},
        "themes": [{"id": "one", "title": values.get("theme_title", "One"), "description": values.get("theme_description", "A theme.")}],
        "tags": [{"id": "tag", "title": values.get("tag_title", "Tag")}],
        "papers": [
            {
                "title": values.get("title", "A paper"),
                "authors": [values.get("author", "Ada Lovelace")],
                "year": 2024,
                "venue": values.get("venue", "A venue"),
                "url": values.get("url", "https://example.org/paper"),
                "added": "2025-05-22",
                "themes": ["one"],
                "tags": ["tag"],
                "abstract": values.get("abstract", "Text."),
            },
            {"title": "A neighbour", "added": "2025-05-21", "themes": ["one"], "abstract": "Plain text."},
        ],
    }
    return yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000)


FIELDS = {
    "catalog_title": "catalog.title",
    "theme_title": "themes[0].title",
    "theme_description": "themes[0].description",
    "tag_title": "tags[0].title",
    "title": "papers[0].title",
    "author": "papers[0].authors[0]",
    "venue": "papers[0].venue",
    "abstract": "papers[0].abstract",
    "url": "papers[0].url",
}


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.mark.parametrize("char", list(REFUSED), ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_every_refused_character_is_named_at_its_line_in_every_field(char: str) -> None:
    values = {key: f"The {key}{char}here" for key in FIELDS}
    values["url"] = f"https://example.org/a{char}b"
    text = catalog_text(**values)
    with pytest.raises(CatalogError) as raised:
        validate(load_text(text, "c.yaml"))
    messages = [str(p) for p in raised.value.problems]
    code = f"U+{ord(char):04X}"
    for key, name in FIELDS.items():
        wanted = values[key]
        escaped = yaml.safe_dump(wanted, allow_unicode=False, width=10_000).split("\n")[0]
        line = line_of(text, escaped)
        hits = [m for m in messages if m.startswith(f"c.yaml:{line}:") and f": {name}: " in m and code in m and REFUSED[char] in m]
        assert hits, (name, line, messages)


def test_a_lone_surrogate_is_refused_at_its_line() -> None:
    text = catalog_text().replace("title: A paper", 'title: "A \\uD800 paper"')
    with pytest.raises(CatalogError) as raised:
        validate(load_text(text, "c.yaml"))
    line = line_of(text, "\\uD800")
    assert any(str(p).startswith(f"c.yaml:{line}:") for p in raised.value.problems), raised.value.problems


def test_the_issue_attack_is_refused_at_its_line() -> None:
    text = catalog_text(catalog_title=ATTACK)
    with pytest.raises(CatalogError) as raised:
        validate(load_text(text, "c.yaml"))
    assert [str(p) for p in raised.value.problems] == [
        "c.yaml:2:10: catalog.title: contains U+FFFE (a noncharacter), which YAML front matter and XML feeds cannot carry; remove it"
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_front_matter_value_is_read_back_by_mkdocs(value: str) -> None:
    """Whatever the value, MkDocs' meta parser reads the front matter, and gets the escaped text back."""
    page = f"---\ntitle: {render.front_matter(value)}\nhide:\n  - toc\n---\n\nBody\n"
    body, data = meta.get_data(page)
    assert data == {"title": str(escape(render.one_line(value))), "hide": ["toc"]}
    assert body == "Body\n"


def _is_generated(docs: Path, page: Path) -> bool:
    top = docs / page.relative_to(docs).parts[0]
    return ".gen" not in page.relative_to(docs).parts and top.is_symlink()


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names |= {name for name, _ in attrs}


def files_without_feeds(catalog: Catalog, cfg: config.SiteConfig) -> list[tuple[str, str | bytes]]:
    """The generated files but the feeds, whose writer refuses (loudly) what XML cannot carry."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feeds, "feeds", lambda catalog, site: {})
        return list(site.files(catalog, cfg))


def assert_no_front_matter_leaked(site_dir: Path, docs: Path) -> None:
    """No attribute from the data, and no front matter shown as text, on any generated page."""
    generated = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if _is_generated(docs, p)]
    pages = [site_dir / (name.removesuffix(".md") + ".html") for name in generated]
    pages = [p if p.is_file() else p.with_suffix("") / "index.html" for p in pages]
    assert pages and all(p.is_file() for p in pages), [p for p in pages if not p.is_file()][:3]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = _Attributes()
        parser.feed(text)
        assert not parser.names & {"onfocus", "autofocus", "onload", "onerror"}, page
        body = text.split("<article", 1)[-1]
        # The keys of the generated front matter, which show up as text when MkDocs falls back to Markdown.
        assert not re.search(r"\b(og_type|hide|description|feed|labels):", html.unescape(body)), page


@pytest.mark.slow
def test_every_allowed_class_renders_through_a_real_build(tmp_path: Path) -> None:
    """Values with one character of every allowed class validate, build, and keep their front matter."""
    every = "Mixed " + " ".join(f"x{char}y" for char in ALLOWED.values())
    values = {key: every for key in FIELDS if key != "url"}
    papers = tmp_path / "chars.yaml"
    papers.write_text(catalog_text(**values), encoding="utf-8")
    built = build(tmp_path / "project", papers)
    for source in sorted(built.docs.rglob("*.md")):
        if _is_generated(built.docs, source):
            text = source.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                assert meta.get_data(text)[1], source
    assert_no_front_matter_leaked(built.site, built.docs)
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert html.escape(every, quote=False) in home or every in html.unescape(home)


@pytest.mark.slow
def test_front_matter_holds_even_for_values_validate_refuses(tmp_path: Path) -> None:
    """Defence in depth: a catalog title of every refused class (the issue's attack among them),
    bypassing the validator, still gives pages whose front matter MkDocs reads."""
    project = tmp_path / "project"
    copy_project(project, SMALL)
    catalog = site.load_catalog(SMALL)
    title = ATTACK + " " + " ".join(f"x{char}y" for char in REFUSED)
    catalog = dataclasses.replace(catalog, info=dataclasses.replace(catalog.info, title=title))
    cfg = config.read(project / "mkdocs.yml")
    writer.write_tree(project / "docs", files_without_feeds(catalog, cfg))
    mk = run(["-m", "mkdocs", "build", "--strict"], project)
    assert mk.returncode == 0, mk.stdout + mk.stderr
    assert_no_front_matter_leaked(project / "site", project / "docs")
