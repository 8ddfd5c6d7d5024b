"""Each update of the catalog (a date on the What's new pages) as an email digest, and as a page of the site.

``compose`` turns one date's papers into a :class:`Digest` (subject, plain text, HTML, the
values of its headers); ``message`` makes it a standards-compliant MIME message with Python's
``email`` package: multipart/alternative, the plain text first and then the HTML, which has
inline styles only, no image and no script, and reads well in a client that shows only text.
``pages`` writes each digest's HTML document into the site, with links relative to where it is.

Pure and deterministic, like every other output: the Date header is the update's day at
midnight UTC, the Message-ID follows from the site's address and the day, and the MIME boundary
is fixed (quoted-printable never writes two ``=`` in a row, so it can never occur in a part).
Every value from papers.yaml is text: autoescaped in the HTML, on one line in the headers (a
title cannot start a header of its own). Sending is generator/mailer.py's job.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache
from urllib.parse import urlsplit

import jinja2

from generator import mathtext, render, urls
from generator.config import SiteConfig
from generator.feeds import midnight
from generator.model import Catalog, Paper
from generator.urls import LinksFrom, page_address, page_url

WIDTH = 78  # the plain text's columns (RFC 5322's recommended line length)
SUBSCRIBE_PAGE = urls.DATA  # the page with the sign-up (its email section) and the feeds
SUBSCRIBE_ANCHOR = "email"
TAG_PREFIX = "digest-"  # the git tag that records a sent digest: digest-2025-05-22


class DigestError(Exception):
    """A digest that cannot be made (no such update, no site address): one line for the user."""


def page_source(day: date) -> str:
    """The site page showing the digest of ``day``'s update (below its update page's folder)."""
    return urls.updates_email(day)


def update_source(day: date) -> str:
    """The What's new page of ``day``."""
    return urls.updates_day(day)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One new paper as the digest shows it: plain text, math as its LaTeX source."""

    title: str
    byline: str  # first authors, year and venue, as known
    teaser: str  # the abstract's first sentence, cut near render.TEASER_CHARS; empty without an abstract
    url: str  # the paper's page, absolute
    source: str  # the paper's page below docs/ (for the site's relative links)


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """One update's email, before it has a sender and a recipient."""

    day: date
    catalog: str  # the catalog's name
    subject: str
    heading: str  # "3 new papers, 22 May 2025"
    entries: tuple[Entry, ...]
    update_url: str  # the update's page on the site
    web_url: str  # this digest's page on the site
    subscribe_url: str  # where the sign-up is offered (the Data page's email section)
    subscribe_description: str | None
    unsubscribe: str | None  # catalog.subscribe.unsubscribe: the List-Unsubscribe address
    message_id: str
    text: str
    html: str

    @property
    def when(self) -> str:
        """The update's day, as the site writes it: 22 May 2025."""
        return render.long_date(self.day)

    @property
    def tag(self) -> str:
        """The git tag that records this digest as sent."""
        return TAG_PREFIX + self.day.isoformat()


def _wrap(text: str, first: str = "", rest: str | None = None) -> str:
    """``text`` filled to ``WIDTH`` columns; words (and addresses) longer than a line stay whole."""
    return textwrap.fill(
        render.one_line(text),
        WIDTH,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The digest's templates: HTML (and the page's Markdown) autoescaped, the plain text not."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/email"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "md.j2"), disabled_extensions=("txt.j2",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap
    env.filters["fm"] = render.front_matter
    env.filters["long_date"] = render.long_date
    return env


def plain(text: str) -> str:
    """A value from papers.yaml as one line of plain text: math as its LaTeX source."""
    return render.one_line(mathtext.to_plain(text))


def _entry(paper: Paper, site: SiteConfig) -> Entry:
    source = urls.paper(paper.slug)
    return Entry(
        title=plain(paper.title),
        byline=plain(render.byline(paper)),
        teaser=plain(render.teaser(paper.abstract)) if paper.abstract else "",  # abstracts are optional
        url=page_address(site, source),
        source=source,
    )


def message_id(site: SiteConfig, day: date) -> str:
    """``<digest.2025-05-22.paper-catalog@owner.github.io>``: the site's host, its path and the day."""
    parts = urlsplit(site.site_url)
    host = parts.hostname or "localhost"
    path = ".".join(word for word in re.split(r"[^A-Za-z0-9-]+", parts.path) if word)
    return f"<digest.{day.isoformat()}{'.' + path if path else ''}@{host}>"


def _subject(catalog_name: str, day: date, entries: tuple[Entry, ...]) -> str:
    first = entries[0].title
    more = f" and {len(entries) - 1} more" if len(entries) > 1 else ""
    return f"{catalog_name}, {render.long_date(day)}: {first}{more}"


def compose(catalog: Catalog, site: SiteConfig, day: date | None = None) -> Digest:
    """The digest of the update of ``day`` (the newest when None); raises :class:`DigestError`."""
    by_day = catalog.papers_by_day
    if not by_day:
        raise DigestError("the catalog has no papers yet, so there is no update to send")
    if day is None:
        day = next(iter(by_day))
    if day not in by_day:
        newest = ", ".join(d.isoformat() for d in list(by_day)[:5])
        raise DigestError(f"no papers were added on {day.isoformat()}; the newest updates are {newest}")
    if urlsplit(site.site_url).scheme not in ("http", "https"):
        raise DigestError("mkdocs.yml has no site_url (or SITE_URL is not set): the email's links need the site's address")
    fields = _fields(catalog, site, day, by_day[day])
    links = {"update": str(fields["update_url"]), "web": str(fields["web_url"]), "subscribe": str(fields["subscribe_url"])}

    def href(name: str, entry: Entry | None = None) -> str:
        """Every link of the email is absolute."""
        return entry.url if entry is not None else links[name]

    env = environment()
    text = env.get_template("digest.txt.j2").render(fields)
    html = env.get_template("digest.html.j2").render(fields, href=href, on_site=False)
    return Digest(**fields, text=text, html=html)  # type: ignore[arg-type]


def _fields(catalog: Catalog, site: SiteConfig, day: date, papers: tuple[Paper, ...]) -> dict[str, object]:
    """What the templates show of one update, as :class:`Digest`'s fields (but the text and HTML)."""
    entries = tuple(_entry(paper, site) for paper in papers)
    name = plain(catalog.info.title)
    count = len(entries)
    subscribe = catalog.info.subscribe
    return {
        "day": day,
        "catalog": name,
        "subject": _subject(name, day, entries),
        "heading": f"{count} new paper{'' if count == 1 else 's'}, {render.long_date(day)}",
        "entries": entries,
        "update_url": page_address(site, update_source(day)),
        "web_url": page_address(site, page_source(day)),
        "subscribe_url": page_address(site, SUBSCRIBE_PAGE) + "#" + SUBSCRIBE_ANCHOR,
        "subscribe_description": plain(subscribe.description) if subscribe else None,
        "unsubscribe": subscribe.unsubscribe if subscribe else None,
        "message_id": message_id(site, day),
    }


def boundary(day: date) -> str:
    return f"==digest-{day.isoformat()}=="


def sender_address(value: str, display_name: str) -> Address:
    """``DIGEST_FROM`` (``name@host`` or ``Name <name@host>``) as an address, named after the catalog if unnamed."""
    return _address(value, "DIGEST_FROM", display_name)


def recipient_address(value: str) -> Address:
    """``DIGEST_TO``: exactly one address (a mailing list's)."""
    return _address(value, "DIGEST_TO", "")


def _address(value: str, what: str, display_name: str) -> Address:
    value = value.strip()
    # The value is not repeated: it may be a secret, and the message goes into a CI log.
    wrong = DigestError(f"{what} must be one email address, like list@example.org or 'Name <list@example.org>'")
    if not value or "\r" in value or "\n" in value:
        raise wrong
    header = policy.default.header_factory("To", value)
    addresses: tuple[Address, ...] = getattr(header, "addresses", ())
    if len(addresses) != 1 or not addresses[0].username or not addresses[0].domain or header.defects:
        raise wrong
    address = addresses[0]
    return Address(display_name=address.display_name or display_name, username=address.username, domain=address.domain)


def message(digest: Digest, sender: Address, to: Address) -> EmailMessage:
    """The digest as a MIME message: multipart/alternative, plain text then HTML, quoted-printable."""
    msg = EmailMessage(policy=policy.default)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(midnight(digest.day))
    msg["Message-ID"] = digest.message_id
    if digest.unsubscribe:
        msg["List-Unsubscribe"] = f"<{digest.unsubscribe}>"
    msg.set_content(digest.text, subtype="plain", cte="quoted-printable")
    msg.add_alternative(digest.html, subtype="html", cte="quoted-printable")
    msg["Content-Language"] = "en"  # after the content: set_content clears the Content-* headers
    for part in msg.iter_parts():
        del part["MIME-Version"]  # add_alternative gives the HTML part one; only the message needs it
    msg.set_boundary(boundary(digest.day))
    return msg


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as a file (``\\n`` line ends); smtplib sends the same with ``\\r\\n``."""
    return msg.as_bytes(policy=policy.default)


def pages(catalog: Catalog, site: SiteConfig) -> Iterator[tuple[str, str]]:
    """Each update's digest on the site (``updates/<date>/email/index.html``): the email's HTML, its links relative.

    The same document the mailer sends (digest.html.j2), but for its link to itself and with links
    relative to where it is served, so that they work wherever the site is; the engines copy it
    as it is, without the theme around it.
    """
    template = environment().get_template("digest.html.j2")
    directory_urls = site.use_directory_urls
    for day, papers in catalog.papers_by_day.items():
        source = page_source(day)
        links_from = LinksFrom(page_url(source, directory_urls))
        links = {
            "update": links_from.to(page_url(update_source(day), directory_urls)),
            "web": links_from.to(page_url(source, directory_urls)),
            "subscribe": links_from.to(page_url(SUBSCRIBE_PAGE, directory_urls)) + "#" + SUBSCRIBE_ANCHOR,
        }

        def href(name: str, entry: Entry | None = None, *, links: dict[str, str] = links, links_from: LinksFrom = links_from) -> str:
            """The page's links are relative, so that they work wherever the site is served."""
            return links_from.to(page_url(entry.source, directory_urls)) if entry is not None else links[name]

        yield source, template.render(_fields(catalog, site, day, papers), href=href, on_site=True)
