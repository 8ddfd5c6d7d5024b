"""The optional MkDocs hook that strips Material's indentation changes nothing a reader sees."""

from __future__ import annotations

import re

import pytest

from generator.minify_hook import _VERBATIM, strip_indentation
from tests.catalogs import under_test
from tests.sitebuild import SiteBuild


def test_indentation_goes_but_pre_and_script_stay() -> None:
    html = "<div>\n    <p>a\n      b</p>\n\n\n  <pre><code>x\n    y</code></pre>\n  <script>\n  var a = 1;\n</script>\n</div>"
    assert strip_indentation(html) == "<div>\n<p>a\nb</p>\n<pre><code>x\n    y</code></pre>\n<script>\n  var a = 1;\n</script>\n</div>"


def test_entities_stay_escaped() -> None:
    html = "<title>A &lt;/title&gt;&lt;script&gt;</title>\n   <p title='&quot;'>&lt;b&gt;</p>"
    assert strip_indentation(html) == "<title>A &lt;/title&gt;&lt;script&gt;</title>\n<p title='&quot;'>&lt;b&gt;</p>"


@pytest.mark.slow
def test_mkdocs_pages_are_stripped_by_the_hook_not_by_the_minify_plugin(real_site: SiteBuild) -> None:
    """mkdocs.yml lists the minify plugin for Zensical; under MkDocs the hook turns its slow HTML pass off and strips instead.

    htmlmin would join the page into a few long lines; the hook keeps the line breaks and drops the indentation.
    """
    for page in ("", "about/", f"papers/{catalog_papers()[0]}/"):
        html = (real_site.site / page / "index.html").read_text(encoding="utf-8")
        outside = _VERBATIM.sub("", html)
        assert outside.count("\n") > 100, page  # not joined up by htmlmin
        assert not re.search(r"\n[ \t]+<", outside), page  # no template indentation left


def catalog_papers() -> list[str]:
    """The slugs of the catalog real_site builds (papers.yaml, or CATALOG)."""
    return [paper.slug for paper in under_test().papers]
