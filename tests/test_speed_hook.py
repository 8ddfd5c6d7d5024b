"""The optional MkDocs hook that spares MkDocs work on generated pages changes nothing in the site."""

from __future__ import annotations

import filecmp
from pathlib import Path

import markdown
import pytest
import yaml

from generator import config, site, urls
from generator.speed_hook import as_markdown_makes_it, is_one_html_block
from tests.sitebuild import ROOT, build, copy_project, run

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def _markdown() -> markdown.Markdown:
    """Python-Markdown set up with mkdocs.yml's extensions, as MkDocs sets it up for a page."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: !ENV stays a string
    extensions: list[str] = []
    configs: dict[str, object] = {}
    for item in settings["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), *_ = item.items()
            extensions.append(name)
            configs[name] = {k: v == "true" if v in ("true", "false") else v for k, v in (options or {}).items()}
        else:
            extensions.append(item)
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def _body(page: str) -> str:
    """A generated page without its front matter."""
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def test_pages_taken_as_html_are_what_markdown_makes_of_them() -> None:
    catalog = site.load_catalog(SMALL, "small.yaml")
    pages = {name: _body(text) for name, text in site.generate(catalog, config.SiteConfig()).items() if name.endswith(".md")}
    taken = {name for name, body in pages.items() if is_one_html_block(body)}
    papers = {name for name in pages if name.startswith("papers/")}
    days = {name for name in pages if name.startswith("updates/") and name != urls.UPDATES}
    assert papers and papers <= taken  # every paper page skips Markdown
    assert days and days <= taken  # and every What's new page of one date
    for name in sorted(taken):
        assert _markdown().convert(pages[name]) == as_markdown_makes_it(pages[name]), name


def test_markdown_around_the_html_block_is_not_taken() -> None:
    assert is_one_html_block("<article>\n<p>a</p>\n</article>\n")
    assert not is_one_html_block("# Title\n\n<article>\n<p>a</p>\n</article>\n")
    assert not is_one_html_block("<article>\n<p>a</p>\n</article>\n\nSome *Markdown*.\n")
    assert not is_one_html_block('<article markdown="1">\n*a*\n</article>\n')
    assert not is_one_html_block("<article>a</article><article>b</article>\n")
    assert not is_one_html_block("<article>a</article> text\n")
    assert not is_one_html_block("<span>a</span>\n")
    assert is_one_html_block('<div class="a">\n<div>\n<p>x</p>\n</div>\n\n<p>y</p>\n</div>\n')
    for page in ("<nav>\n<a>x</a>\n</nav>\n<article>\n<p>y</p>\n</article>\n", "<h1>T</h1>\n\n\n<div>\n<div>q</div>\n\n</div>\n"):
        assert is_one_html_block(page)
        assert _markdown().convert(page) == as_markdown_makes_it(page)
    assert not is_one_html_block("<div>\n<!-- material/tags -->\n</div>\n")


@pytest.mark.slow
def test_the_site_is_the_same_without_the_hook(tmp_path: Path) -> None:
    fast = build(tmp_path / "fast", SMALL)
    plain = tmp_path / "plain"
    copy_project(plain, SMALL)
    mkdocs_yml = plain / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    assert "  - generator/speed_hook.py\n" in text
    mkdocs_yml.write_text(text.replace("  - generator/speed_hook.py\n", ""), encoding="utf-8")
    for args in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        done = run(args, plain)
        assert done.returncode == 0, done.stdout + done.stderr
    different: list[str] = []

    def compare(cmp: filecmp.dircmp[str], prefix: str = "") -> None:
        different.extend(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            compare(sub, f"{prefix}{name}/")

    compare(filecmp.dircmp(fast.site, plain / "site"))
    assert not different
    assert len(list(fast.site.glob("papers/*/index.html"))) == len(site.load_catalog(SMALL).papers)
