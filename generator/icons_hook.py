"""For MkDocs builds: Material's inline icons move into one shared file, ``assets/icons.svg``.

Material writes every icon of its header, drawer, search box and buttons into every page as an
inline ``<svg>``: about 3 KB a page (the colour-palette switch's sun and moon alone are 1.1 KB), the
same on each of 10,000 paper pages. This hook replaces each such icon with a ``<use>`` of a symbol
in ``assets/icons.svg``, which a browser fetches once and keeps in its cache, and writes that
file after the build with every icon it replaced. The repository icon that overrides/main.html
writes once at the top of each page (for Zensical, which runs no hooks) moves there too.

An icon is an ``<svg>`` with only ``xmlns`` and ``viewBox`` attributes and no ``<svg>`` inside
(how Material includes its ``.icons`` files); charts, the map and anything else with more
attributes stay as they are. A symbol's id is a hash of its drawing, so the same icon has the
same id on every page and in every build.

The links are absolute paths below site_url (``/assets/icons.svg`` at the root): Material's
instant navigation swaps a new page's content into the document without rewriting a ``<use>``'s
``xlink:href`` (it rewrites ``href`` only, which is why xlink:href is used: a ``<use>``'s href
cannot be set), so a path relative to one page would be wrong on the next.

MkDocs only, and only a convenience: without it (or under Zensical) pages keep their inline icons.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads a hook from its file, not as part of the generator package
    sys.path.insert(0, str(ROOT))

from generator.minify_hook import outside_verbatim  # noqa: E402

SPRITE = "assets/icons.svg"

# An icon as Material includes it: nothing but xmlns and viewBox, no <svg> nested inside.
# (The drawing is "[^<]*" runs between tags that are not <svg or </svg: no backtracking, twice as fast.)
_ICON = re.compile(r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([^"<>]+)">([^<]*(?:<(?!/?svg\b)[^<]*)*)</svg>')
# overrides/main.html's block of named icons: <svg class="catalog-icons" ...><defs><g id="NAME">ICON</g>...</defs></svg>
_NAMED_BLOCK = re.compile(r'<svg class="catalog-icons"[^>]*><defs>(.*?)</defs></svg>', re.DOTALL)
_NAMED = re.compile(r'<g id="([\w-]+)">(.*?)</g>', re.DOTALL)

_symbols: dict[str, tuple[str, str]] = {}  # id -> (viewBox, drawing): this build's icons


def icon_id(view_box: str, drawing: str) -> str:
    return "i" + hashlib.sha1(f"{view_box}\n{drawing}".encode(), usedforsecurity=False).hexdigest()[:10]


def sprite_address(site_url: str | None) -> str:
    """The sprite's absolute path on the site: site_url's path, then SPRITE."""
    path = urlsplit(site_url or "/").path or "/"
    return path.rstrip("/") + "/" + SPRITE


def externalize(html: str, sprite: str, symbols: dict[str, tuple[str, str]]) -> str:
    """``html`` with its icons drawn from ``sprite``; each icon moved is added to ``symbols``."""

    def use(view_box: str, drawing: str) -> str:
        ident = icon_id(view_box, drawing)
        symbols[ident] = (view_box, drawing)
        return f'<svg viewBox="{view_box}" aria-hidden="true"><use xlink:href="{sprite}#{ident}"/></svg>'

    named: list[str] = []

    def move_named(block: re.Match[str]) -> str:
        found = [(g.group(1), _ICON.fullmatch(g.group(2).strip())) for g in _NAMED.finditer(block.group(1))]
        if not found or any(icon is None for _, icon in found):
            return block.group(0)  # not icons this hook understands: the block stays
        for name, icon in found:
            assert icon is not None
            named.append(name)
            symbols[name] = (icon.group(1), icon.group(2))
        return ""

    def draw_from_sprite(text: str) -> str:
        for name in named:
            text = text.replace(f'xlink:href="#{name}"', f'xlink:href="{sprite}#{name}"')
        return _ICON.sub(lambda m: use(m.group(1), m.group(2)), text)

    # First every named block (so that a use before its block follows it too), then the icons.
    if "catalog-icons" in html:
        html = outside_verbatim(html, lambda text: _NAMED_BLOCK.sub(move_named, text))
    return outside_verbatim(html, draw_from_sprite)


def sprite_file(symbols: dict[str, tuple[str, str]]) -> str:
    """The shared file: one <symbol> per icon, in id order (the same icons give the same bytes)."""
    body = "".join(
        f'<symbol id="{ident}" viewBox="{view_box}">{drawing}</symbol>' for ident, (view_box, drawing) in sorted(symbols.items())
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>\n'


def read_sprite(text: str) -> dict[str, tuple[str, str]]:
    return {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r'<symbol id="([\w-]+)" viewBox="([^"]+)">(.*?)</symbol>', text, re.DOTALL)
    }


def on_pre_build(config: Any) -> None:
    _symbols.clear()


def on_post_page(output: str, page: Any, config: Any) -> str:
    return externalize(output, sprite_address(config.site_url), _symbols)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The pages MkDocs makes from a template alone: 404.html, served at any address."""
    return externalize(output_content, sprite_address(config.site_url), _symbols) if template_name.endswith(".html") else output_content


def on_post_build(config: Any) -> None:
    """Write the sprite; a partial rebuild (the serve preview) keeps the icons the last build's pages use."""
    if not _symbols:
        return
    path = Path(config.site_dir) / SPRITE
    symbols = dict(_symbols)
    if path.is_file():
        symbols = read_sprite(path.read_text(encoding="utf-8")) | symbols
    path.parent.mkdir(parents=True, exist_ok=True)
    new = path.with_name(path.name + ".new")
    new.write_text(sprite_file(symbols), encoding="utf-8")
    new.replace(path)  # a new file: never written through a link to the previous site's
