"""The catalog → ``{relative path: Markdown}``, through one Jinja environment and one template per page type.

Every value from papers.yaml reaches the page through autoescaping, inside raw HTML blocks that
Markdown leaves alone, so a title or abstract is always shown as text. Front matter values are
HTML-escaped too, because MkDocs and Material print them into the page without escaping.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape
from pymdownx.slugs import slugify as _pymdownx_slugify

from generator import bibtex, charts, citation, describe, exports, feeds, mathtext, urls
from generator.config import SiteConfig
from generator.loader import cycle_collection_paused
from generator.model import Catalog, Paper, Tag
from generator.palette import colour
from generator.urls import LinksFrom, page_url, relative

if TYPE_CHECKING:
    from generator.map_layout import Layout

AUTHORS_SHOWN = describe.AUTHORS_SHOWN
authors_short = describe.authors_short
_tag_slugify = _pymdownx_slugify(case="lower")
TEASER_CHARS = 220
_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False), without making an encoder each time
_BLANK_LINES = re.compile(r"\n{3,}")
# What Markdown would read as markup in a heading's text (HTML's own are escaped before).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|])")
_SENTENCE_END = re.compile(r"(?<![A-Z]\.)(?<!\be\.g)(?<!\bi\.e)[.!?](\s|$)")
MORE_IN_COUNT = 5  # the "More in <theme>" list of a paper's page
NEWEST_COUNT = 10


def facts(paper: Paper) -> str:
    """Year and venue, as known: ``2021 · NeurIPS``, ``2021``, ``NeurIPS`` or nothing."""
    if paper.year and paper.venue:
        return f"{paper.year} · {paper.venue}"
    return str(paper.year) if paper.year else paper.venue or ""


def byline(paper: Paper) -> str:
    """A card's one line of facts: the first authors, then year and venue."""
    return " · ".join(part for part in (authors_short(paper), facts(paper)) if part)


def one_line(text: str) -> str:
    """Every run of white space as one space, and none at either end."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already so (the space is the only white space that is printable): most text
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def teaser(text: str) -> str:
    """The abstract's first sentence, cut at a word near ``TEASER_CHARS``; math spans stay whole.

    The text is kept as pieces (text with its dollar signs written ``\\$``, or one whole ``$…$``
    span) until the cut, so a cut never falls inside a formula, whatever the formula holds
    (a ``\\$`` in a formula once made the cut end inside it, and the page failed to build).
    """
    pieces: list[tuple[bool, str]] = []
    length = 0
    for is_math, part in mathtext.spans(text):
        if is_math:
            if length > TEASER_CHARS:
                break
            pieces.append((True, f"${part}$"))
            length += len(part) + 2
            continue
        escaped = part.replace("$", "\\$")
        end = _SENTENCE_END.search(escaped)
        if end:
            pieces.append((False, escaped[: end.start() + 1]))
            length += end.start() + 1
            break
        pieces.append((False, escaped))
        length += len(escaped)
        if length > TEASER_CHARS:
            break
    return _cut(pieces, length)


def _cut(pieces: list[tuple[bool, str]], length: int) -> str:
    if length <= TEASER_CHARS:
        return "".join(part for _, part in pieces)
    out = ""
    for is_math, part in pieces:
        room = TEASER_CHARS - len(out)
        if len(part) <= room:
            out += part
            continue
        if not is_math:  # a formula that does not fit is left out whole; text is cut at a space
            cut = part[:room]
            cut = cut.rsplit(" ", 1)[0] if " " in cut else ""
            if cut.endswith("\\") and not cut.endswith("\\\\"):
                cut = cut[:-1]  # not half of a \$
            out += cut
        break
    return out.rstrip(" ,;:") + "…"


@lru_cache(maxsize=4096)
def long_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


# What a YAML double-quoted scalar may not hold raw: anything outside YAML's printable set (which
# its reader refuses, making the whole front matter unreadable), and the characters YAML 1.1 reads
# as line breaks (U+0085, U+2028, U+2029), which it would fold into a space.
_YAML_UNSAFE = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@lru_cache(maxsize=4096)
def front_matter(value: str) -> Markup:
    """A front-matter string: HTML-escaped, then a YAML double-quoted string that YAML always reads.

    A JSON string is a YAML double-quoted string, but for the characters YAML refuses raw: those
    are written as ``\\uXXXX`` escapes too, so no value (validated or not) can make MkDocs' meta
    parser fail, which would make it render the whole front matter as Markdown. Cached: every
    paper page lists its tags' titles in its front matter.
    """
    return Markup(yaml_quoted(str(escape(one_line(value)))))  # noqa: S704 - escaped just above


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted string that YAML always reads back as ``text`` (front matter, .nav.yml)."""
    quoted = _JSON.encode(text)
    if not quoted.isascii() or "\x7f" in quoted:  # JSON escapes the other ASCII controls itself
        quoted = _YAML_UNSAFE.sub(_yaml_escape, quoted)
    return quoted


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["math"] = lambda text: Markup(mathtext.to_html(text))  # noqa: S704 - to_html escapes text and checks the MathML
    env.filters["plain"] = mathtext.to_plain
    env.filters["fm"] = front_matter
    env.filters["long_date"] = long_date
    env.filters["authors_short"] = authors_short
    env.filters["facts"] = facts
    env.filters["byline"] = byline
    env.filters["one_line"] = one_line
    env.filters["teaser"] = teaser
    env.filters["summary"] = describe.summary
    env.globals["urls"] = urls
    return env


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """What the pages show that is computed from the whole catalog (by site.py, each once)."""

    related: Mapping[str, Sequence[Paper]]  # slug → its related papers, most similar first
    layout: Layout  # where each paper sits on the map
    bibtex_keys: Mapping[str, str]  # slug → its citation key

    def edited(self, catalog: Catalog, was: Catalog) -> Analysis:
        """This analysis for ``catalog``, an edit of ``was``, the catalog it was made for (``make serve``'s preview).

        ``catalog`` has the same papers in the same order, some of them edited (an edited title
        may have moved a paper's page, its slug): the lists and the map point to the edited
        papers, but who is related to whom, and where each paper sits on the map, stay as they
        were computed.
        """
        now = {old.slug: new for old, new in zip(was.papers, catalog.papers, strict=True)}  # by the slug it had
        positions = {theme.id: i for i, theme in enumerate(catalog.themes)}
        points = tuple(
            point
            if point.paper is now[point.paper.slug]
            else dataclasses.replace(
                point,
                paper=now[point.paper.slug],
                colour=colour(positions[now[point.paper.slug].primary_theme]),
                themes=tuple(positions[t] for t in now[point.paper.slug].themes),
            )
            for point in self.layout.points
        )
        # The keys depend only on each paper's slug and base key, in order: the same unless an edit changed one.
        same_keys = all(
            new is old or (new.slug == old.slug and bibtex.base_key(new) == bibtex.base_key(old))
            for old, new in zip(was.papers, catalog.papers, strict=True)
        )
        return Analysis(
            related={now[slug].slug: tuple(now[p.slug] for p in papers) for slug, papers in self.related.items()},
            layout=dataclasses.replace(self.layout, points=points),
            bibtex_keys=self.bibtex_keys if same_keys else bibtex.keys(catalog.papers),
        )


class Renderer:
    """Renders every generated page of one catalog for one site configuration, from the analysis site.py made."""

    def __init__(self, catalog: Catalog, site: SiteConfig, analysis: Analysis) -> None:
        self.catalog = catalog
        self.site = site
        self.env = environment()
        self.analysis = analysis
        self.related = analysis.related
        self.map_layout = analysis.layout
        self.bibtex_keys = analysis.bibtex_keys

    # ``make serve``'s preview keeps what ``_made`` made after the pages are done, for the next edit.
    keep_fragments = False

    @classmethod
    def reusing(cls, catalog: Catalog, site: SiteConfig, previous: Renderer) -> Renderer:
        """A renderer for ``catalog`` that keeps ``previous``'s related papers and map layout (``make serve``'s preview).

        It keeps ``previous``'s cards and list items too, but those of the edited papers (the
        papers not the same objects as before): the others are made of the same paper, tags and
        themes, and the same "new" badge, so long as the edit left the badge's cut where it was.
        """
        renderer = cls(catalog, site, previous.analysis.edited(catalog, previous.catalog))
        renderer.keep_fragments = True
        if previous.keep_fragments and catalog._oldest_new == previous.catalog._oldest_new:
            old = {paper.slug: paper for paper in previous.catalog.papers}
            same = {paper.slug for paper in catalog.papers if old.get(paper.slug) is paper}
            renderer._fragments.update((key, html) for key, html in previous._fragments.items() if key[1] in same)
        return renderer

    def link(self, from_source: str, to_source: str, anchor: str = "") -> str:
        return relative(from_source, to_source, self.site.use_directory_urls, anchor)

    def tag_anchor(self, tag_id: str) -> str:
        """The anchor of a tag's section on the Tags page (the slug format of Material's tags plugin, which made it before)."""
        return self._tag_anchors[tag_id]

    def tag_heading(self, tag: Tag) -> Markup:
        """A tag's heading on the Tags page, in Markdown so that it is in the page's table of contents."""
        title = _MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(tag.title)))
        return Markup(f'## <span class="md-tag">{title}</span> {{#{self.tag_anchor(tag.id)}}}')  # noqa: S704 - escaped just above

    def tags_of(self, paper: Paper) -> list[Tag]:
        """A paper's tags, by title (as its tag chips show them)."""
        return sorted((self.catalog.tag_by_id[tag] for tag in paper.tags), key=lambda tag: tag.title)

    def tags_listing(self) -> list[tuple[Tag, list[Paper]]]:
        """The Tags page's sections: every tag that has papers, by title, each with its papers by title.

        The generator writes this listing itself rather than leave it to the engine's tags plugin,
        whose listing made Zensical's memory grow with the catalog (1.2 GB at 1,000 papers).
        """
        by_title = sorted((tag for tag in self.catalog.tags if self.catalog.papers_by_tag[tag.id]), key=lambda tag: tag.title)
        return [(tag, sorted(self.catalog.papers_by_tag[tag.id], key=lambda paper: mathtext.to_plain(paper.title))) for tag in by_title]

    @cached_property
    def _tag_anchors(self) -> dict[str, str]:
        # No '_' in an anchor: Markdown would read '_word_' in the heading's {#…} as emphasis first.
        return {tag.id: "tag:" + str(_tag_slugify(str(escape(tag.title)), "-")).replace("_", "-") for tag in self.catalog.tags}

    def _made(self, macro: str, paper: Paper, *links: str) -> Markup:
        """``macro(paper, *links)`` from _macros.md.j2, made once for each paper and links.

        A paper's card is on each of its themes' pages and on its date's page, and its title is in
        the related lists of a few others: from pages at the same depth, with the same links.
        """
        key = (macro, paper.slug, *links)
        html = self._fragments.get(key)
        if html is None:
            html = self._fragments[key] = getattr(self._catalog_macros, macro)(paper, *links)
        return html

    @cached_property
    def _paper_urls(self) -> dict[str, str]:
        """Each paper's page URL, by slug."""
        return {paper.slug: page_url(urls.paper(paper.slug), self.site.use_directory_urls) for paper in self.catalog.papers}

    @cached_property
    def _templates(self) -> dict[str, jinja2.Template]:
        """Every template, looked up once per renderer: each lookup checks the file's modification time."""
        return {name: self.env.get_template(name) for name in self.env.list_templates() if "/" not in name}  # email/: digest.py

    @cached_property
    def _catalog_macros(self) -> Any:
        """_macros.md.j2 with the catalog but without a page: its macros link only where their arguments say."""
        return self.env.get_template("_macros.md.j2").make_module(
            {"catalog": self.catalog, "info": self.catalog.info, "is_new": self.catalog.is_new, "tag_anchor": self.tag_anchor}
        )

    @cached_property
    def _fragments(self) -> dict[tuple[str, ...], Markup]:
        """What ``_made`` made; emptied when ``pages`` is done."""
        return {}

    def render(self, template: str, source: str, **context: object) -> str:
        directory_urls = self.site.use_directory_urls
        links_from = LinksFrom(page_url(source, directory_urls))
        file_link = links_from.to  # a link to a file that is not a page (a feed, a .bib or .json download)

        def link(to: str, anchor: str = "") -> str:
            """The same as ``self.link(source, to, anchor)``, with this page's URL worked out once."""
            rel = links_from.to(page_url(to, directory_urls))
            return rel + (f"#{anchor}" if anchor else "")

        def paper_link(paper: Paper) -> str:
            """``link(urls.paper(paper.slug))``, in one call: pages list papers by the thousand."""
            return links_from.to(self._paper_urls[paper.slug])

        tags_page = link(urls.TAGS)

        def card(paper: Paper, level: int = 2) -> Markup:
            """A paper's card; its title is a heading of ``level`` (2 under the page's h1, 3 under an h2)."""
            return self._made("card", paper, paper_link(paper), tags_page, f"h{level}")

        def paper_items(papers: Iterable[Paper]) -> Markup:
            """Each paper's ``paper_item``, one per line."""
            return Markup("\n").join([self._made("paper_item", paper, paper_link(paper)) for paper in papers])

        page: dict[str, object] = dict(
            catalog=self.catalog,
            info=self.catalog.info,
            site=self.site,
            link=link,
            file_link=file_link,
            paper_link=paper_link,
            card=card,
            paper_items=paper_items,
            links=self._catalog_macros.links,
            new_badge=self._catalog_macros.new_badge,
            is_new=self.catalog.is_new,
            tag_anchor=self.tag_anchor,
            tag_heading=self.tag_heading,
            tags_of=self.tags_of,
            tags_listing=self.tags_listing,
            **context,
        )
        text = self._templates[template].render(page)
        if "\n\n\n" in text:  # templates leave blank lines where a block is left out
            text = _BLANK_LINES.sub("\n\n", text)
        return text.strip() + "\n"

    def pages(self) -> dict[str, str]:
        """Every generated file below docs/, keyed by its path relative to docs/."""
        return dict(self.iter_pages())

    def iter_pages(self) -> Iterator[tuple[str, str]]:
        """The files of ``pages``, one at a time, so that each can be written and let go.

        At 10,000 papers they come to about 80 million characters, kept as 190 MB of str (one
        "…" in a page makes Python store all of it at two bytes a character).
        """
        # Rendering makes millions of short-lived objects and next to no cyclic garbage (1,726
        # objects for 10,000 pages); without the pause, the cycle collector would walk the whole
        # catalog over and over (a tenth of the time). It resumes when the last page is made, or
        # when the caller closes or drops this iterator.
        with cycle_collection_paused():
            yield from self._pages()
        if not self.keep_fragments:
            self._fragments.clear()

    def _pages(self) -> Iterator[tuple[str, str]]:
        catalog = self.catalog
        yield urls.HOME, self.home_page()
        yield urls.TAGS, self.render("tags.md.j2", urls.TAGS)
        for position, theme in enumerate(catalog.themes):
            yield urls.theme(theme.id), self.theme_page(position)
        for paper in catalog.papers:
            yield urls.paper(paper.slug), self.paper_page(paper)
        yield from self.updates().items()
        yield urls.DATA, self.render("data.md.j2", urls.DATA, max_entries=feeds.MAX_ENTRIES, export_version=exports.VERSION)
        yield urls.NAV, self.nav()

    def home_page(self) -> str:
        catalog = self.catalog
        return self.render(
            "home.md.j2",
            urls.HOME,
            newest=catalog.newest_first[:NEWEST_COUNT],
            years_chart=charts.years_chart(catalog, catalog.papers, caption="Papers per year, by main theme"),
            themes_chart=charts.themes_chart(catalog, caption="Papers per theme"),
        )

    def theme_page(self, position: int) -> str:
        """The page of the theme at ``position`` in papers.yaml."""
        catalog = self.catalog
        theme = catalog.themes[position]
        source = urls.theme(theme.id)
        papers = catalog.papers_by_theme[theme.id]
        return self.render(
            "theme.md.j2",
            source,
            theme=theme,
            papers=papers,
            years_chart=charts.years_chart(catalog, papers, caption="Its papers per year", only_theme=position),
            map_thumbnail=charts.map_thumbnail(self.map_layout, theme, position, self.link(source, urls.MAP) + f"?theme={theme.id}"),
        )

    @cached_property
    def _newest_in_theme(self) -> dict[str, tuple[Paper, ...]]:
        """A paper's "More in" list: its primary theme's newest papers but itself, so the newest few are enough."""
        return {theme: papers[: MORE_IN_COUNT + 1] for theme, papers in self.catalog.papers_by_theme.items()}

    def paper_page(self, paper: Paper) -> str:
        source = urls.paper(paper.slug)
        same = [p for p in self._newest_in_theme[paper.primary_theme] if p is not paper][:MORE_IN_COUNT]
        return self.render(
            "paper.md.j2",
            source,
            paper=paper,
            same_theme=same,
            related=self.related[paper.slug],
            bibtex=bibtex.entry(paper, self.bibtex_keys[paper.slug]),
            citation=citation.highwire(paper),
            jsonld=citation.script_json(citation.scholarly_article(paper, urls.page_address(self.site, source))),
        )

    def updates(self, only: Iterable[date] | None = None) -> dict[str, str]:
        """What's new: ``updates/index.md`` (every addition date, newest first) and a page per date (or per date of ``only``)."""
        days = self.catalog.papers_by_day
        dates = list(days)
        out = {urls.UPDATES: self.render("whats_new.md.j2", urls.UPDATES, days=days)}
        wanted = None if only is None else set(only)
        for i, day in enumerate(dates):
            if wanted is not None and day not in wanted:
                continue
            source = urls.updates_day(day)
            newer = dates[i - 1] if i > 0 else None
            older = dates[i + 1] if i + 1 < len(dates) else None
            out[source] = self.render(
                "updates.md.j2", source, day=day, papers=days[day], newer=newer, older=older, email=urls.updates_email(day)
            )
        return out

    def nav(self) -> str:
        """The site navigation: Home, Explore, Map, Themes (one entry each), Tags, then mkdocs.yml's extra pages.

        Paper pages are never nav entries, so that each page's size does not grow with the catalog.
        """
        themes = [{str(escape(t.title)): urls.theme(t.id)} for t in self.catalog.themes]
        nav: list[object] = [
            {"Home": urls.HOME},
            {"Explore": urls.EXPLORE},
            {"Map": urls.MAP},
            {"Themes": themes},
            {"Tags": urls.TAGS},
            *self.site.extra_nav,
        ]
        header = "# Generated by `python -m generator build` from papers.yaml and mkdocs.yml; do not edit.\n"
        # The site's name and description are the catalog's (one place to rename a fork), written as
        # HTML-escaped text like the nav titles: the themes' templates print them without escaping.
        info = self.catalog.info
        names = "".join(
            f"{key}: {yaml_quoted(str(escape(' '.join(text.split()))))}\n"
            for key, text in (("site_name", info.title), ("site_description", info.description))
        )
        return header + names + "nav:\n" + "".join(_nav_lines(nav, 1))


def _nav_lines(items: list[object], depth: int) -> list[str]:
    lines = []
    pad = "  " * depth
    for item in items:
        if isinstance(item, dict):
            for title, target in item.items():
                if isinstance(target, list):
                    lines.append(f"{pad}- {yaml_quoted(str(title))}:\n")
                    lines.extend(_nav_lines(target, depth + 2))
                else:
                    lines.append(f"{pad}- {yaml_quoted(str(title))}: {yaml_quoted(str(target))}\n")
        else:
            lines.append(f"{pad}- {json.dumps(str(item))}\n")
    return lines
