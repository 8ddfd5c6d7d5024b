"""The MkDocs hook that draws Material's icons from one shared file: what it moves, what it leaves, the built site."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import icons_hook
from tests.sitebuild import SiteBuild

SEARCH = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5"/></svg>'
MENU = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
REPO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 496 512"><path d="M165.9 397.4"/></svg>'


def test_icons_become_uses_of_one_symbol_each() -> None:
    html = f"<header><label>{SEARCH}</label><label>{MENU}</label></header><form>{SEARCH}</form>"
    symbols: dict[str, tuple[str, str]] = {}
    out = icons_hook.externalize(html, "/assets/icons.svg", symbols)
    uses = re.findall(r'<svg viewBox="0 0 24 24" aria-hidden="true"><use xlink:href="/assets/icons.svg#(\w+)"/></svg>', out)
    assert len(uses) == 3 and uses[0] == uses[2] != uses[1]  # the same drawing, the same symbol
    assert "<path" not in out
    assert symbols == {
        uses[0]: ("0 0 24 24", '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5"/>'),
        uses[1]: ("0 0 24 24", '<path d="M3 6h18v2H3z"/>'),
    }
    # The same icon gets the same id in another page and another build.
    again: dict[str, tuple[str, str]] = {}
    icons_hook.externalize(f"<p>{MENU}</p>", "/x/assets/icons.svg", again)
    assert list(again) == [uses[1]]


def test_what_is_not_an_icon_stays() -> None:
    chart = '<svg class="chart" viewBox="0 0 400 150" role="img"><rect x="1"/></svg>'
    styled = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="12"><path d="M1 1"/></svg>'
    nested = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><g>{MENU}</g></svg>'
    verbatim = f"<pre><code>{SEARCH}</code></pre><script>const icon = '{SEARCH}';</script><textarea>{SEARCH}</textarea>"
    html = chart + styled + verbatim
    symbols: dict[str, tuple[str, str]] = {}
    assert icons_hook.externalize(html, "/assets/icons.svg", symbols) == html
    assert symbols == {}
    # An icon inside a larger drawing is moved, the drawing around it kept.
    out = icons_hook.externalize(nested, "/assets/icons.svg", symbols)
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><g><svg viewBox="0 0 24 24" aria-hidden="true"><use ')
    assert len(symbols) == 1


def test_the_pages_named_icons_move_and_every_use_of_them_follows() -> None:
    """overrides/main.html's block of named icons (for Zensical) leaves the page; its uses point at the file."""
    block = f'<svg class="catalog-icons" width="0" height="0" aria-hidden="true"><defs><g id="catalog-repo-icon">{REPO}\n</g></defs></svg>'
    use = '<svg viewBox="0 0 24 24" aria-hidden="true"><use xlink:href="#catalog-repo-icon"/></svg>'
    html = f"<body>{block}<header>{use}</header><script>var x=1</script><nav>{use}</nav></body>"
    symbols: dict[str, tuple[str, str]] = {}
    out = icons_hook.externalize(html, "/r/assets/icons.svg", symbols)
    assert "catalog-icons" not in out and "<defs>" not in out
    assert out.count('xlink:href="/r/assets/icons.svg#catalog-repo-icon"') == 2
    assert symbols == {"catalog-repo-icon": ("0 0 496 512", '<path d="M165.9 397.4"/>')}
    # A block holding something else than icons stays whole.
    odd = '<svg class="catalog-icons"><defs><g id="x"><circle r="1"/></g></defs></svg>'
    assert icons_hook.externalize(odd + use, "/assets/icons.svg", {}) == odd + use


def test_the_sprite_is_sorted_and_read_back() -> None:
    symbols = {
        "ib": ("0 0 24 24", '<path d="M2"/>'),
        "catalog-repo-icon": ("0 0 496 512", '<path d="M1"/>'),
        "ia": ("0 0 24 24", "<path/>"),
    }
    text = icons_hook.sprite_file(symbols)
    assert text == icons_hook.sprite_file(dict(reversed(list(symbols.items()))))
    assert [s.get("id") for s in ET.fromstring(text)] == sorted(symbols)
    assert icons_hook.read_sprite(text) == symbols


@pytest.mark.parametrize(
    ("site_url", "address"),
    [
        ("https://example.org/", "/assets/icons.svg"),
        ("https://example.github.io/catalog/", "/catalog/assets/icons.svg"),
        ("https://example.github.io/catalog", "/catalog/assets/icons.svg"),
        (None, "/assets/icons.svg"),
    ],
)
def test_the_sprite_address_is_below_site_url(site_url: str | None, address: str) -> None:
    assert icons_hook.sprite_address(site_url) == address


def _uses(page: Path) -> list[str]:
    return re.findall(r'<use xlink:href="([^"]+)"', page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("build", ["real_site", "real_site_subpath"])
def test_every_page_draws_its_icons_from_the_sprite(build: str, request: pytest.FixtureRequest) -> None:
    built: SiteBuild = request.getfixturevalue(build)
    sprite = built.site / icons_hook.SPRITE
    symbols = {s.get("id"): s for s in ET.fromstring(sprite.read_text(encoding="utf-8"))}
    assert all(s.tag == "{http://www.w3.org/2000/svg}symbol" and s.get("viewBox") and len(s) for s in symbols.values())
    address = built.base + icons_hook.SPRITE
    pages = sorted(built.site.rglob("*.html"))
    used: set[str] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "md-header" not in html:
            continue  # an update's email, which is not a Material page
        uses = _uses(page)
        assert len(uses) >= 8, page  # logo, menu, palette, search, repository, ...
        assert {u.split("#")[0] for u in uses} == {address}, page
        used |= {u.split("#")[1] for u in uses}
        assert not icons_hook._ICON.search(html), page  # no icon left inline
        assert "catalog-icons" not in html
    assert used == set(symbols)  # each symbol is used, each use has its symbol
