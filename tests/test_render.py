"""Rendering: golden output for a small catalog, determinism, and the pieces pages are made of.

To accept an intended change of the output: `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py`,
then review `git diff tests/golden`.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date

import yaml

from generator import config, explore, render, site
from generator.loader import load_text
from generator.model import Paper
from generator.render import authors_short, teaser
from generator.validate import validate
from tests.catalogs import small_files
from tests.downloads import gunzip
from tests.sitebuild import ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
GOLDEN = ROOT / "tests" / "golden" / "small"


def fresh_small_files() -> dict[str, str | bytes]:
    """The small catalog generated now, from a fresh load (``small_files`` is the session's one generation)."""
    return site.generate(site.load_catalog(SMALL, "small.yaml"), config.SiteConfig(site_url="https://example.org/catalog/"))


# Copied from MkDocs as it is (checked below), so not kept as a golden file.
VENDORED = {"explore/lunr.js"}


def test_golden_output_of_small_catalog() -> None:
    files = {name: text for name, text in small_files().items() if name not in VENDORED}
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                (GOLDEN / name).write_bytes(text)
            else:
                (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected)
    for name, text in files.items():
        if isinstance(text, bytes):
            # The gzipped downloads are compared by what they hold (another zlib may pack the same
            # text in other bytes); test_exports.py checks that one machine makes the same bytes.
            assert gunzip(text) == gunzip(expected[name]), f"{name} differs from tests/golden/small/{name} (zcat it)"
        else:
            assert text == expected[name].read_text(encoding="utf-8"), f"{name} differs from tests/golden/small/{name}"


def test_vendored_lunr_is_mkdocs_own() -> None:
    assert small_files()["explore/lunr.js"] == explore.lunr_js()
    assert 'lunr.version="2.3.9"' in explore.lunr_js()


def test_generation_is_deterministic() -> None:
    assert fresh_small_files() == dict(small_files())


def test_paper_pages_and_theme_pages_are_where_links_point() -> None:
    files = small_files()
    assert "papers/a-critical-review-of-recurrent-neural-networks-for-sequence-learning/index.md" in files
    assert {"themes/sequence-models/index.md", "themes/generative-science/index.md", "index.md", "tags/index.md", ".nav.yml"} <= set(files)


def test_nav_lists_each_theme_in_order_and_no_paper() -> None:
    nav = small_files()[".nav.yml"]
    assert nav.index("themes/sequence-models/index.md") < nav.index("themes/generative-science/index.md")
    assert "papers/" not in nav


def _paper(**kw: object) -> Paper:
    base: dict[str, object] = {"title": "T", "slug": "t", "abstract": "A.", "added": date(2025, 5, 22), "themes": ("x",)}
    base.update(kw)
    return Paper(**base)  # type: ignore[arg-type]


def test_authors_are_shortened_past_a_few() -> None:
    assert authors_short(_paper(authors=("A", "B", "C", "D"))) == "A, B, C, D"
    assert authors_short(_paper(authors=("A", "B", "C", "D", "E"))) == "A, B, C et al."


def test_a_teaser_cut_inside_math_ends_before_the_math_and_dollar_signs_are_not_math() -> None:
    words = "word " * 40
    cut_in_math = teaser(f"It costs \\$5 {words}and $x_1 + x_2 + x_3 + x_4 + x_5 + x_6$ and more words")
    assert cut_in_math == f"It costs \\$5 {words}and…"
    # A written dollar sign before the cut is not a math delimiter: the cut stays where it falls.
    plain = teaser(f"It costs \\$5 {words * 2}")
    assert plain.startswith("It costs \\$5 word") and plain.endswith("word…") and len(plain) > 200


def test_teaser_is_the_first_sentence_and_keeps_math_whole() -> None:
    assert teaser("First sentence, e.g. with an example. Second one.") == "First sentence, e.g. with an example."
    assert teaser(r"Rate $O(n \log n)$ is fast. More.") == r"Rate $O(n \log n)$ is fast."
    long = "word " * 100
    assert teaser(long).endswith("…") and len(teaser(long)) <= 222


def test_the_site_is_named_after_the_catalog_in_one_place() -> None:
    """site_name and site_description come from papers.yaml's catalog header (docs/.nav.yml, which
    mkdocs.yml inherits); mkdocs.yml must not set them again, or the catalog would have two names."""
    text = SMALL.read_text(encoding="utf-8").replace("title: Small Catalog", "title: 'Water & <Soil> \"Papers\"'", 1)
    catalog = validate(load_text(text, "small.yaml"))
    nav = yaml.safe_load(site.generate(catalog, config.SiteConfig())[".nav.yml"])
    assert nav["site_name"] == "Water &amp; &lt;Soil&gt; &#34;Papers&#34;"  # printed unescaped by the themes' templates
    assert nav["site_description"] == " ".join(catalog.info.description.split())
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^site_(name|description):", mkdocs_yml, re.MULTILINE)


def test_a_tag_no_paper_has_yet_is_listed_without_a_link_to_nowhere() -> None:
    text = SMALL.read_text(encoding="utf-8").replace("tags:\n", "tags:\n  - id: unused\n    title: Not used yet\n", 1)
    page = site.generate(validate(load_text(text, "small.yaml")), config.SiteConfig())["tags/index.md"]
    assert '<span class="catalog-tag">Not used yet <span class="catalog-count">0</span></span>' in page
    assert "#tag:not-used-yet" not in page
    assert 'href="#tag:survey"' in page


def test_tags_page_lists_every_tag_with_its_papers_and_chips_link_there() -> None:
    """The generator writes the Tags page and the tag chips itself; no engine's tags plugin is needed."""
    catalog = site.load_catalog(SMALL, "small.yaml")
    files = small_files()
    tags_page = files["tags/index.md"]
    headings = re.findall(r'^## <span class="md-tag">(.*?)</span> \{#(tag:[\w-]+)\}$', tags_page, re.M)
    assert [title for title, _ in headings] == sorted(tag.title for tag in catalog.tags if catalog.papers_by_tag[tag.id])
    anchors = dict(headings)
    sections = dict(zip([a for _, a in headings], re.split(r"^## .*$", tags_page, flags=re.M)[1:], strict=True))
    for tag in catalog.tags:
        listed = re.findall(r'<li><a href="\.\./papers/([\w-]+)/">', sections[anchors[tag.title]])
        assert sorted(listed) == sorted(p.slug for p in catalog.papers_by_tag[tag.id])
    for paper in catalog.papers:
        chips = re.findall(r'<a href="\.\./\.\./tags/#(tag:[\w-]+)" class="md-tag">(.*?)</a>', files[f"papers/{paper.slug}/index.md"])
        assert [title for _, title in chips] == sorted(catalog.tag_by_id[t].title for t in paper.tags)
        assert all(anchors[title] == anchor for anchor, title in chips)
    assert "material/tags" not in tags_page


def test_a_tag_title_with_markdown_characters_stays_text_in_its_heading() -> None:
    """Python-Markdown (both engines use it) shows the title as written, under the anchor chips link to."""
    import markdown
    from bs4 import BeautifulSoup

    from generator.model import Tag

    title = "*Bold* [x](y) #1 & _u_ `c` <b>"
    catalog = site.load_catalog(SMALL, "small.yaml")
    renderer = render.Renderer(catalog, config.SiteConfig(), site.analyse(catalog))
    renderer._tag_anchors["x"] = "tag:x"  # a tag the fixture catalog does not have
    html = markdown.markdown(renderer.tag_heading(Tag(id="x", title=title)), extensions=["attr_list", "toc", "md_in_html"])
    heading = BeautifulSoup(html, "html.parser").h2
    assert heading["id"] == "tag:x"
    assert heading.get_text() == title
