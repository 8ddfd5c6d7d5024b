"""Any text in papers.yaml is shown as text: no element or attribute of a page comes from the data.

Pages are generated from catalogs full of hostile values, rendered with the Markdown extensions
mkdocs.yml configures, and parsed: every element and attribute must be one the templates make, and
each value's visible text must be on the page.
"""

from __future__ import annotations

import html
import re
import tempfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator import config, site
from generator.errors import CatalogError
from generator.loader import load_text
from generator.validate import validate
from tests.sitebuild import ROOT

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "<div>\n\nblock</div>",
    "{{ config.site_name }} {% if 1 %}x{% endif %}",
    "</article></div><h1>fake</h1>",
    "*[HTML]: abbreviation",
    "--8<-- '/etc/passwd'",
    '" onmouseover="alert(1)',
    "&lt;b&gt; &amp; &#60;script&#62;",
    "<!-- comment --> <![CDATA[x]]>",
    "`code` **bold** _em_ # not a heading",
    "| a | b |\n|---|---|",
    "<math><mi>x</mi></math>",
    "<svg onload=alert(1)>",
    "x" * 400,
]
# Text a reader could type: any printable character but '$' and '\\', which write math.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"), blacklist_characters="$\\"),
    min_size=1,
    max_size=120,
)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT)


@cache
def markdown_config() -> tuple[list[Any], dict[str, Any]]:
    """mkdocs.yml's Markdown extensions, read by MkDocs itself (without the generated nav it inherits)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        config_file = Path(folder) / "mkdocs.yml"
        config_file.write_text(re.sub(r"(?m)^INHERIT:.*$", "", text), encoding="utf-8")
        (Path(folder) / "overrides").symlink_to(ROOT / "overrides")
        cfg = load_config(str(config_file), docs_dir=str(ROOT / "docs"), hooks=[], site_name="Test")  # site_name is in the nav file
    return list(cfg["markdown_extensions"]), dict(cfg["mdx_configs"])


@cache
def markdown_renderer() -> markdown.Markdown:
    extensions, configs = markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def render_markdown(text: str) -> str:
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    renderer = markdown_renderer()
    renderer.reset()
    return renderer.convert(body)


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: set[tuple[str, str]] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attrs.add((tag, name))
            if name in ("href", "src"):
                self.hrefs.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    collector.close()
    return collector


def catalog_yaml(values: dict[str, str]) -> str:
    data = {
        "catalog": {"title": values["catalog_title"], "description": values["catalog_description"], "curator": values["curator"]},
        "themes": [{"id": "one", "title": values["theme_title"], "description": values["theme_description"]}],
        "tags": [{"id": "tag", "title": values["tag_title"]}],
        "papers": [
            {
                "title": values["title"],
                "authors": [values["author"], "Second Author"],
                "year": 2024,
                "venue": values["venue"],
                "arxiv": "2401.00001",
                "code": "https://github.com/example/code",
                "added": "2025-05-22",
                "themes": ["one"],
                "tags": ["tag"],
                "abstract": values["abstract"],
            },
            {"title": "A neighbour", "added": "2025-05-21", "themes": ["one"], "abstract": "Plain text."},
        ],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


FIELDS = [
    "catalog_title",
    "catalog_description",
    "curator",
    "theme_title",
    "theme_description",
    "tag_title",
    "title",
    "author",
    "venue",
    "abstract",
]


def generate(values: dict[str, str]) -> dict[str, str | bytes]:
    try:
        catalog = validate(load_text(catalog_yaml(values), "hostile.yaml"))
    except CatalogError:
        assume(False)
        raise
    return site.generate(catalog, config.SiteConfig(site_url="https://example.org/"))


@cache
def allowed() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """Every element and attribute the templates make, from a catalog of harmless values."""
    files = generate({f: f"Harmless {f} value with math $x^2$" if f == "abstract" else f"Harmless {f}" for f in FIELDS})
    tags: set[str] = set()
    attrs: set[tuple[str, str]] = set()
    for name, text in files.items():
        if name.endswith(".md"):
            parsed = parse(render_markdown(text))
            tags |= parsed.tags
            attrs |= parsed.attrs
    return frozenset(tags), frozenset(attrs)


def visible(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.fixed_dictionaries(dict.fromkeys(FIELDS, VALUE)))
def test_no_element_or_attribute_comes_from_the_data(values: dict[str, str]) -> None:
    files = generate(values)
    tags, attrs = allowed()
    pages = {name: text for name, text in files.items() if name.endswith(".md")}
    for name, text in pages.items():
        front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        assert isinstance(front, dict), name
        parsed = parse(render_markdown(text))
        assert parsed.tags <= tags, (name, parsed.tags - tags)
        assert parsed.attrs <= attrs, (name, parsed.attrs - attrs)
        for href in parsed.hrefs:
            assert not re.match(r"^\s*(javascript|data|vbscript):", href, re.I), (name, href)
            # A link either names a web address or stays on the site (a relative path, no host).
            parts = urlsplit(href)
            assert parts.scheme in ("https", "http") or (not parts.scheme and not parts.netloc), (name, href)
        # Front matter values (which Material prints unescaped) hold no markup either.
        for key in ("title", "description"):
            if key in front:
                assert "<" not in front[key] and ">" not in front[key], (name, key, front[key])
    paper = next(text for name, text in pages.items() if name.startswith("papers/") and "A neighbour" not in text.split("\n---\n")[0])
    shown = visible("".join(parse(render_markdown(paper)).text))
    for field in ("title", "author", "venue", "abstract"):
        assert visible(values[field]) in shown, field
    home = visible("".join(parse(render_markdown(files["index.md"])).text))
    for field in ("catalog_title", "catalog_description", "curator", "theme_title", "theme_description"):
        assert visible(values[field]) in home, field
    front = yaml.safe_load(paper.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert html.unescape(front["title"]) == visible(values["title"])


def test_a_tag_title_with_markdown_keeps_its_heading_anchor() -> None:
    """'_em_' in a tag's title reaches its anchor's slug; Markdown must not read it in the heading's {#…}."""
    data = {
        "catalog": {"title": "T", "description": "D", "curator": "C"},
        "themes": [{"id": "one", "title": "One", "description": "D"}],
        "tags": [{"id": "tag", "title": "`code` **bold** _em_ # not a heading"}],
        "papers": [{"title": "P", "authors": ["A B"], "year": 2024, "added": "2025-05-22", "themes": ["one"], "tags": ["tag"]}],
    }
    catalog = validate(load_text(yaml.safe_dump(data), "tags.yaml"))
    page = render_markdown(site.generate(catalog, config.read(ROOT / "mkdocs.yml"))["tags/index.md"])
    link = re.search(r'class="catalog-tag" href="#([^"]+)"', page)
    assert link is not None
    assert f'<h2 id="{link.group(1)}">' in page
    assert "<em>" not in page and "<strong>" not in page
