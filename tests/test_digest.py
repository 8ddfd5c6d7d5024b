"""The email digest of an update: the message itself, its page on the site, and sending it once.

Sending is tested end to end: `python -m generator digest --send` in a git clone (its remote a bare
repository in tmp_path, where the tag that records a sent digest goes) talks to a real SMTP server
on 127.0.0.1 (aiosmtpd) that offers STARTTLS with a certificate made for the test (trustme) and
asks for a password. The received bytes are parsed back with the standard library.

To accept an intended change of the golden email: `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_digest.py`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from generator import config, digest, loader, sent_record, site, urls
from generator.model import Catalog
from generator.render import long_date, page_url
from generator.validate import validate
from tests.downloads import gunzip
from tests.sitebuild import ROOT, SiteBuild, build
from tests.test_hostile import HOSTILE as HOSTILE_VALUES

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
GOLDEN = ROOT / "tests" / "golden" / "digest"
SITE_URL = "https://example.org/catalog/"
SITE = config.SiteConfig(site_url=SITE_URL)
SIGNUP = "https://lists.example.org/join/small"
UNSUBSCRIBE = "mailto:small+unsubscribe@lists.example.org"
USER, PASSWORD = "digest-bot", "correct horse battery staple"
SENDER, LIST = "digest@example.org", "small@lists.example.org"
# The tags the HTML part is made of (the template's): anything else would have come from the data.
HTML_TAGS = {"html", "head", "meta", "title", "body", "div", "p", "h1", "h2", "a", "hr"}


def with_subscribe(text: str, unsubscribe: bool = True) -> str:
    """A catalog file's text with catalog.subscribe added below its curator."""
    lines = [
        "  subscribe:",
        f"    url: {SIGNUP}",
        "    description: One email per update, sent by the list.",
        *([f"    unsubscribe: {UNSUBSCRIBE}"] if unsubscribe else []),
    ]
    curator = re.search(r"^  curator: .*$", text, re.MULTILINE)
    assert curator, "the fixture has no catalog.curator line to add the sign-up below"
    return text[: curator.end()] + "\n" + "\n".join(lines) + text[curator.end() :]


def load_text(text: str, name: str = "small.yaml") -> Catalog:
    return validate(loader.load_text(text, name))


@pytest.fixture(scope="module")
def small() -> Catalog:
    return load_text(with_subscribe(SMALL.read_text(encoding="utf-8")))


def as_email(catalog: Catalog, day: date | None = None, site_config: config.SiteConfig = SITE) -> EmailMessage:
    update = digest.compose(catalog, site_config, day)
    sender = digest.sender_address(SENDER, update.catalog)
    return digest.message(update, sender, digest.recipient_address(LIST))


def reparse(msg: EmailMessage | bytes) -> EmailMessage:
    raw = digest.as_bytes(msg) if isinstance(msg, EmailMessage) else msg
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(msg: EmailMessage) -> tuple[str, str]:
    """The plain-text and the HTML part, decoded."""
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = list(msg.iter_parts())
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    return str(plain.get_content()), str(html.get_content())


class Tags(HTMLParser):
    """Every start tag with its attributes, and the links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def links(self) -> list[str]:
        return [str(attrs["href"]) for tag, attrs in self.tags if tag == "a" and attrs.get("href") is not None]


def tags_of(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def page_for(url: str, files: dict[str, str]) -> str:
    """The generated page (source below docs/) that an absolute link of the site points to."""
    assert url.startswith(SITE_URL), f"{url} is not on the site"
    path = urlsplit(url).path.removeprefix(urlsplit(SITE_URL).path)
    by_url = {page_url(name, True): name for name in files if name.endswith((".md", ".html"))}  # .html: the web version
    assert path in by_url, f"{url}: no generated page there"
    return by_url[path]


def check_links(msg: EmailMessage, catalog: Catalog, day: date) -> None:
    """Every link of both parts is absolute and leads to a page the generator writes, or the sign-up."""
    files = site.generate(catalog, SITE)
    plain, html = parts(msg)
    html_links = tags_of(html).links
    text_links = re.findall(r"\S+://\S+|mailto:\S+", plain)
    papers = catalog.papers_by_day[day]
    for links in (html_links, text_links):
        on_site = [link for link in links if link.startswith(SITE_URL)]
        assert set(links) - set(on_site) <= {UNSUBSCRIBE}, links
        pages = [page_for(link, files) for link in on_site]
        # each new paper's page, in the update's order, then the update's page and the sign-up
        paper_pages = [p for p in pages if p.startswith("papers/")]
        assert list(dict.fromkeys(paper_pages)) == [urls.paper(paper.slug) for paper in papers]
        assert urls.updates_day(day) in pages
        assert urls.DATA in pages
        for link in on_site:
            fragment = urlsplit(link).fragment
            if fragment:
                assert f'id="{fragment}"' in files[page_for(link, files)], f"{link}: no such anchor"
    web = [page_for(link, files) for link in html_links if link.startswith(SITE_URL)]
    assert urls.updates_email(day) in web, "the HTML part does not link its own page on the site"


# The message.


def test_headers_say_who_what_and_when(small: Catalog) -> None:
    day = next(iter(small.papers_by_day))
    msg = reparse(as_email(small))
    assert msg["From"].addresses == (Address(small.info.title, addr_spec=SENDER),)
    assert msg["To"].addresses == (Address(addr_spec=LIST),)
    papers = small.papers_by_day[day]
    assert msg["Subject"].startswith(f"{small.info.title}, {long_date(day)}: {papers[0].title}")
    assert msg["Date"].datetime.date() == day and msg["Date"].datetime.utcoffset().total_seconds() == 0
    assert msg["Message-ID"] == f"<digest.{day.isoformat()}.catalog@example.org>"
    assert msg["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert msg["MIME-Version"] == "1.0"
    for part in msg.iter_parts():
        assert part["Content-Transfer-Encoding"] == "quoted-printable" and part.get_content_charset() == "utf-8"
    assert msg.defects == [] and all(part.defects == [] for part in msg.iter_parts())


def test_no_list_unsubscribe_without_an_address() -> None:
    catalog = load_text(with_subscribe(SMALL.read_text(encoding="utf-8"), unsubscribe=False))
    msg = reparse(as_email(catalog))
    assert "List-Unsubscribe" not in msg
    plain, html = parts(msg)
    assert "To unsubscribe, use the unsubscribe link" in plain and "To unsubscribe, use the unsubscribe link" in html


def test_both_parts_list_every_new_paper_with_its_facts(small: Catalog) -> None:
    for day, papers in small.papers_by_day.items():
        plain, html = parts(reparse(as_email(small, day)))
        html_text = " ".join(" ".join(tags_of(html).text).split())
        for paper in papers:
            for shown in (paper.title, *paper.authors[:3], *([paper.venue] if paper.venue else [])):
                assert shown in " ".join(plain.split()), f"{shown!r} missing from the plain text of {day}"
                assert shown in html_text, f"{shown!r} missing from the HTML of {day}"
            teaser_start = " ".join(paper.abstract.split()[:6])
            assert teaser_start in " ".join(plain.split()) and teaser_start in html_text
        others = [p for p in small.papers if p.added != day]
        assert not any(p.title in plain or p.title in html for p in others), "a paper of another update is in the email"
        assert small.info.title in plain and small.info.title in html
        assert "To unsubscribe: " + UNSUBSCRIBE in plain


def test_a_paper_without_abstract_is_listed_without_a_teaser(small: Catalog) -> None:
    newest = small.newest_first[0]
    bare = dataclasses.replace(newest, abstract=None)
    catalog = dataclasses.replace(small, papers=tuple(bare if p is newest else p for p in small.papers))
    plain, html = parts(reparse(as_email(catalog)))
    assert newest.title in plain and newest.title in html
    assert " ".join(str(newest.abstract).split()[:6]) not in " ".join(plain.split())
    assert '<p style="margin:0;"></p>' not in html
    assert digest.page_source(newest.added) in site.generate(catalog, SITE)


def test_every_link_leads_to_a_page_of_the_site(small: Catalog) -> None:
    for day in small.papers_by_day:
        check_links(reparse(as_email(small, day)), small, day)


def test_plain_text_is_wrapped_at_78_columns(small: Catalog) -> None:
    plain, _ = parts(reparse(as_email(small)))
    for line in plain.splitlines():
        assert len(line) <= digest.WIDTH or re.fullmatch(r"\s*\S+", line), f"too long and not one word: {line!r}"
    raw = digest.as_bytes(as_email(small))
    assert max(len(line) for line in raw.split(b"\n")) <= 78


def test_html_is_self_contained_and_styled_inline(small: Catalog) -> None:
    _, html = parts(reparse(as_email(small)))
    parsed = tags_of(html)
    assert {tag for tag, _ in parsed.tags} <= HTML_TAGS
    assert not any(tag in ("img", "script", "style", "link", "iframe") for tag, _ in parsed.tags)
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert "class=" not in html, "an email client has no stylesheet: every style is inline"
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html


def test_the_same_catalog_gives_the_same_bytes(small: Catalog) -> None:
    first = digest.as_bytes(as_email(small))
    again = digest.as_bytes(as_email(load_text(with_subscribe(SMALL.read_text(encoding="utf-8")))))
    assert first == again
    assert b'boundary="==digest-' in first


def test_golden_email_of_the_small_catalog(small: Catalog) -> None:
    day = next(iter(small.papers_by_day))
    got = digest.as_bytes(as_email(small, day))
    golden = GOLDEN / f"small-{day.isoformat()}.eml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got)
    assert got == golden.read_bytes(), f"the email differs from {golden.relative_to(ROOT)}"


def test_the_site_address_decides_links_and_message_id(small: Catalog) -> None:
    other = config.SiteConfig(site_url="https://owner.github.io/fork/")
    msg = reparse(as_email(small, site_config=other))
    assert msg["Message-ID"].endswith(".fork@owner.github.io>")
    _, html = parts(msg)
    assert all(link.startswith("https://owner.github.io/fork/") for link in tags_of(html).links if not link.startswith("mailto:"))
    with pytest.raises(digest.DigestError, match="site_url"):
        digest.compose(small, config.SiteConfig(site_url=""))


def test_unknown_date_and_empty_catalog_are_refused(small: Catalog) -> None:
    with pytest.raises(digest.DigestError, match="no papers were added on 1999-01-01"):
        digest.compose(small, SITE, date(1999, 1, 1))
    empty = dataclasses.replace(small, papers=())
    with pytest.raises(digest.DigestError, match="no papers yet"):
        digest.compose(empty, SITE)


@pytest.mark.parametrize("value", ["", "two@example.org, three@example.org", "not an address", "a@example.org\r\nBcc: b@example.org"])
def test_a_bad_address_is_refused(value: str) -> None:
    with pytest.raises(digest.DigestError, match="must be one email address"):
        digest.recipient_address(value)


# Hostile data: inert in both parts, and no header from a title.

INJECTION = (
    "Evil <b>bold</b><script>alert(1)</script><img src=https://tracker.example/x.gif> & co\r\nBcc: victim@example.org\r\n\r\n<p>body</p>"
)


def test_a_hostile_title_is_text_in_both_parts_and_starts_no_header(small: Catalog) -> None:
    """The validator refuses CR and LF in a title; the digest builder is safe without it."""
    newest = small.newest_first[0]
    evil = dataclasses.replace(newest, title=INJECTION, authors=("Mallory <script>x</script>",), venue="<i>venue</i>")
    catalog = dataclasses.replace(small, papers=tuple(evil if p is newest else p for p in small.papers))
    raw = digest.as_bytes(as_email(catalog))
    msg = reparse(raw)
    assert "Bcc" not in msg and msg.get_all("To") == [LIST]
    headers = raw.split(b"\n\n", 1)[0].decode("ascii")
    assert not re.search(r"^Bcc:", headers, re.MULTILINE | re.IGNORECASE)
    assert "Evil <b>bold</b>" in msg["Subject"] and "\n" not in msg["Subject"] and "\r" not in msg["Subject"]
    plain, html = parts(msg)
    parsed = tags_of(html)
    assert {tag for tag, _ in parsed.tags} <= HTML_TAGS, "markup from the data became HTML"
    assert "tracker.example" not in " ".join(str(v) for _, attrs in parsed.tags for v in attrs.values())
    assert "Evil <b>bold</b><script>alert(1)</script>" in " ".join(parsed.text)
    assert "&lt;script&gt;" in html
    one_line_title = " ".join(INJECTION.split())
    assert one_line_title in " ".join(plain.split())
    assert not any(line.startswith("Bcc:") for line in plain.splitlines())


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_hostile_values_are_inert_in_the_message(small: Catalog, value: str) -> None:
    """The values test_hostile.py tries on the pages, as title, author, venue, abstract and catalog name."""
    newest = small.newest_first[0]
    evil = dataclasses.replace(newest, title=value, authors=(value,), venue=value, abstract=value)
    info = dataclasses.replace(small.info, title=value)
    catalog = dataclasses.replace(small, info=info, papers=tuple(evil if p is newest else p for p in small.papers))
    msg = reparse(as_email(catalog))
    assert msg.defects == [] and set(msg.keys()) == set(reparse(as_email(small)).keys())
    plain, html = parts(msg)
    parsed = tags_of(html)
    assert {tag for tag, _ in parsed.tags} <= HTML_TAGS, f"markup from {value!r} became HTML"
    assert {name for _, attrs in parsed.tags for name in attrs} <= {"lang", "charset", "name", "content", "style", "href"}
    shown = " ".join(digest.plain(value).split())
    assert shown in " ".join(" ".join(parsed.text).split())
    assert shown in " ".join(plain.split())


# The page on the site.


def test_each_update_links_its_email_page_which_is_the_email_with_relative_links(small: Catalog) -> None:
    files = site.generate(small, SITE)
    for day, papers in small.papers_by_day.items():
        update = files[urls.updates_day(day)]
        page = files[digest.page_source(day)]
        assert 'href="email/">Read this update as an email</a>' in update
        links = tags_of(page).links
        for paper in papers:
            assert f"../../../papers/{paper.slug}/" in links
        assert "../" in links and "../../../data/#email" in links
        assert all(not re.match(r"\w+:", link) or link.startswith(("https://lists.example.org", "mailto:")) for link in links)
        _, html = parts(reparse(as_email(small, day)))
        # The email's own document, but for its link to this very page and with relative links.
        absolute = {urls.page_address(SITE, name): urls.page_url(name, True) for name in files}
        expected = re.sub(r' · <a href="[^"]*" style="[^"]*">Read it on the site</a>', "", html)
        expected = re.sub(r"(<body[^>]*>\n)(.*)(</body>)", r"\1<main>\n\2</main>\n\3", expected, flags=re.DOTALL)  # its landmark
        here = urls.page_url(digest.page_source(day), True)
        for address, _ in sorted(absolute.items(), key=lambda item: -len(item[0])):
            expected = expected.replace(f'"{address}', '"' + urls.relative_url(here, absolute[address]))
        assert page == expected
        assert page.startswith("<!DOCTYPE html>") and "<title>" in page


def test_the_sign_up_is_beside_every_feed_link_and_on_the_data_page(small: Catalog) -> None:
    files = site.generate(small, SITE)
    with_feed_link = [name for name, text in files.items() if name.endswith(".md") and 'class="catalog-subscribe"' in text]
    assert {urls.HOME, urls.UPDATES, *(urls.theme(t.id) for t in small.themes)} <= set(with_feed_link)
    for name in with_feed_link:
        assert f'<a class="catalog-link" href="{SIGNUP}">Subscribe by email</a>' in files[name], name
    data = files[urls.DATA]
    assert '<h2 id="email">By email</h2>' in data and f'href="{SIGNUP}"' in data and f'href="{UNSUBSCRIBE}"' in data
    plain = site.generate(site.load_catalog(SMALL), SITE)
    assert "Subscribe by email" not in plain[urls.HOME] and "sends no email of its own" in plain[urls.DATA]


# Sending, end to end.


@dataclass
class Inbox:
    """What a real SMTP server on 127.0.0.1 received."""

    port: int
    ca: trustme.CA
    ca_file: Path
    messages: list[Envelope] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(box: Inbox, **options: Any) -> Controller:
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **options)
    controller.start()
    return controller


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    """An SMTP server that wants STARTTLS (a certificate for 127.0.0.1 from a test CA) and a password."""
    ca = trustme.CA()
    ca_file = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    box = Inbox(port=_free_port(), ca=ca, ca_file=ca_file)

    def authenticate(server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.login == USER.encode() and data.password == PASSWORD.encode()
        box.logins.append(f"{mechanism}:{'ok' if ok else 'refused'}")
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535 itself

    controller = _serve(box, tls_context=context, require_starttls=True, authenticator=authenticate, auth_required=True)
    yield box
    controller.stop()


def git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a catalog repository whose remote, origin, is a bare repository beside it."""
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    git("init", "--quiet", "--bare", str(origin))
    git("clone", "--quiet", str(origin), str(work))
    (work / "papers.yaml").write_text(with_subscribe(SMALL.read_text(encoding="utf-8")), encoding="utf-8")
    (work / "mkdocs.yml").write_text(f"site_url: {SITE_URL}\n", encoding="utf-8")
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "A catalog", cwd=work)
    git("push", "--quiet", "origin", "HEAD", cwd=work)
    return work


def remote_tags(clone: Path) -> list[str]:
    return sorted(line.split("refs/tags/")[1] for line in git("ls-remote", "--tags", "origin", cwd=clone).splitlines() if "^{}" not in line)


def settings_env(inbox: Inbox, **changes: str) -> dict[str, str]:
    values = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(inbox.port),
        "SMTP_USER": USER,
        "SMTP_PASSWORD": PASSWORD,
        "DIGEST_TO": LIST,
        "DIGEST_FROM": SENDER,
        "SSL_CERT_FILE": str(inbox.ca_file),
    }
    return {**values, **changes}


def run_digest(clone: Path, settings: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator digest …` in the clone, with only the given settings in its environment."""
    env = {k: v for k, v in os.environ.items() if k not in (*digest_settings(), "SSL_CERT_FILE", "SITE_URL")}
    # No git identity, as on a CI runner: the tag is made as GitHub Actions' bot.
    env = {k: v for k, v in env.items() if not k.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_"))}
    env |= {"PYTHONPATH": str(ROOT), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **settings}
    return subprocess.run(
        [sys.executable, "-m", "generator", "digest", *args], cwd=clone, env=env, capture_output=True, text=True, check=False
    )


def digest_settings() -> tuple[str, ...]:
    return ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "DIGEST_TO", "DIGEST_FROM")


def test_send_delivers_the_newest_update_once(clone: Path, inbox: Inbox, small: Catalog) -> None:
    day = next(iter(small.papers_by_day))
    first = run_digest(clone, settings_env(inbox), "--send")
    assert first.returncode == 0, first.stderr
    assert f"Email digest of {long_date(day)}" in first.stdout and "sent" in first.stdout
    assert len(inbox.messages) == 1 and inbox.logins == ["PLAIN:ok"]  # one login, the first mechanism smtplib tries
    envelope = inbox.messages[0]
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == [LIST]
    assert isinstance(envelope.content, bytes) and b"\r\n" in envelope.content  # SMTP's line ends
    received = reparse(envelope.content.replace(b"\r\n", b"\n"))
    assert received["From"].addresses[0].addr_spec == SENDER and received["To"].addresses[0].addr_spec == LIST
    assert received["Subject"] == digest.compose(small, SITE, day).subject
    assert received["Date"].datetime.date() == day
    assert received["Message-ID"] == f"<digest.{day.isoformat()}.catalog@example.org>"
    assert received["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert parts(received) == parts(reparse(as_email(small, day)))
    check_links(received, small, day)
    assert remote_tags(clone) == [f"digest-{day.isoformat()}"]
    origin = clone.parent / "origin.git"
    tagger = git("for-each-ref", "--format=%(objecttype) %(taggername) %(taggeremail)", "refs/tags", cwd=origin).strip()
    assert tagger == f"tag {sent_record.BOT_NAME} <{sent_record.BOT_EMAIL}>", "expected an annotated tag made as the Actions bot"

    again = run_digest(clone, settings_env(inbox), "--send")
    assert again.returncode == 0, again.stderr
    assert "sent before" in again.stdout and f"digest-{day.isoformat()}" in again.stdout
    assert len(inbox.messages) == 1, "the same update was sent twice"


def test_date_chooses_the_update_and_each_is_recorded_on_its_own(clone: Path, inbox: Inbox, small: Catalog) -> None:
    days = list(small.papers_by_day)
    newest, oldest = days[0], days[-1]
    assert newest != oldest, "the fixture needs two updates"
    assert run_digest(clone, settings_env(inbox), "--send", "--date", oldest.isoformat()).returncode == 0
    assert run_digest(clone, settings_env(inbox), "--send").returncode == 0
    assert run_digest(clone, settings_env(inbox), "--send", "--date", oldest.isoformat()).returncode == 0
    assert [reparse(e.content)["Date"].datetime.date() for e in inbox.messages] == [oldest, newest]
    assert remote_tags(clone) == sorted([f"digest-{oldest.isoformat()}", f"digest-{newest.isoformat()}"])


def test_without_settings_nothing_is_sent_and_that_is_said(clone: Path, inbox: Inbox) -> None:
    empty = dict.fromkeys(digest_settings(), "")  # as GitHub passes secrets that are not set
    result = run_digest(clone, empty, "--send")
    assert result.returncode == 0, result.stderr
    assert "Email digest not sent" in result.stdout and "SMTP_HOST" in result.stdout
    assert inbox.messages == [] and remote_tags(clone) == []


def test_some_settings_without_the_others_is_an_error(clone: Path, inbox: Inbox) -> None:
    result = run_digest(clone, {"SMTP_HOST": "127.0.0.1", "SMTP_USER": USER}, "--send")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "digest: DIGEST_TO and DIGEST_FROM and SMTP_PASSWORD not set: set every one of SMTP_HOST, DIGEST_TO, DIGEST_FROM"
        " (and SMTP_USER with SMTP_PASSWORD), or none"
    ]
    assert inbox.messages == [] and remote_tags(clone) == []


def test_dry_run_prints_the_email_and_sends_nothing(clone: Path, inbox: Inbox, small: Catalog) -> None:
    result = run_digest(clone, settings_env(inbox), "--dry-run")
    assert result.returncode == 0, result.stderr
    printed = reparse(result.stdout.encode("ascii"))
    assert parts(printed) == parts(reparse(as_email(small)))
    assert printed["To"].addresses[0].addr_spec == LIST
    assert inbox.messages == [] and remote_tags(clone) == []


def _port_with_nothing_listening() -> int:
    return _free_port()


FAILURES = {
    "connection refused": ({"SMTP_PORT": "closed"}, "connection refused"),
    "wrong password": ({"SMTP_PASSWORD": "wrong"}, "refused SMTP_USER and SMTP_PASSWORD (535"),
    "untrusted certificate": ({"SSL_CERT_FILE": ""}, "TLS failed: the server's certificate is not trusted"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_failure_is_one_line_and_the_update_stays_unsent(case: str, clone: Path, inbox: Inbox) -> None:
    changes, message = FAILURES[case]
    if changes.get("SMTP_PORT") == "closed":
        changes = {"SMTP_PORT": str(_port_with_nothing_listening())}
    settings = {k: v for k, v in settings_env(inbox, **changes).items() if v}
    result = run_digest(clone, settings, "--send")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digest: not sent: 127.0.0.1:") and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert inbox.messages == []
    assert remote_tags(clone) == [], "a digest that was not sent is recorded as sent"
    retry = run_digest(clone, settings_env(inbox), "--send")  # the next deploy, with the settings fixed
    assert retry.returncode == 0, retry.stderr
    assert len(inbox.messages) == 1


def test_a_server_without_starttls_gets_nothing(clone: Path, tmp_path: Path) -> None:
    box = Inbox(port=_free_port(), ca=trustme.CA(), ca_file=tmp_path / "unused.pem")
    controller = _serve(box)
    try:
        result = run_digest(clone, {**settings_env(box), "SMTP_USER": "", "SMTP_PASSWORD": ""}, "--send")
    finally:
        controller.stop()
    assert result.returncode == 1
    assert result.stderr.strip() == f"digest: not sent: 127.0.0.1:{box.port} does not offer STARTTLS; the digest is never sent unencrypted"
    assert box.messages == [] and remote_tags(clone) == []


def test_a_remote_that_cannot_be_read_is_one_line(clone: Path, inbox: Inbox) -> None:
    result = run_digest(clone, settings_env(inbox), "--send", "--remote", "nowhere")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digest: cannot read or write the record of sent digests: git ls-remote nowhere failed")
    assert inbox.messages == []


# The built site, in both engines: the sign-up is one link away on every page.


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def subscribed_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The small catalog with catalog.subscribe, built by MkDocs or Zensical."""
    folder = tmp_path_factory.mktemp(f"subscribed-{request.param}")
    papers = folder / "subscribed.yaml"
    papers.write_text(with_subscribe(SMALL.read_text(encoding="utf-8")), encoding="utf-8")
    return build(folder / "project", papers, engine=request.param)


@pytest.mark.slow
def test_every_page_links_the_sign_up_and_the_email_pages_load_nothing_from_elsewhere(subscribed_site: SiteBuild, small: Catalog) -> None:
    site_dir = subscribed_site.site
    # Every page of the theme; the emails' web versions are the emails, with their own sign-up link (below).
    pages = [p for p in site_dir.rglob("*.html") if p.name != "404.html" and p.parent.name != "email"]
    assert len(pages) > len(small.papers)
    data = site_dir / "data" / "index.html"
    data_page = tags_of(data.read_text(encoding="utf-8"))  # parsed: the engines may minify the HTML
    assert any(attrs.get("id") == "email" for _, attrs in data_page.tags) and SIGNUP in data_page.links
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # the footer's link, quoted or not (the engines may minify the HTML)
        follow = re.findall(r"<div class=(\"?)catalog-follow\1><a href=(\"?)([^\" >]+)\2>Subscribe by email or feed</a>", html)
        assert len(follow) == 1, f"{page.relative_to(site_dir)}: no Subscribe link in the footer"
        href = follow[0][2]
        assert href.endswith("#email"), href
        target = (page.parent / href.split("#")[0]).resolve()
        assert (target / "index.html" if target.is_dir() else target) == data.resolve(), f"{page}: {href}"
    for day, papers in small.papers_by_day.items():
        email_page = site_dir / "updates" / day.isoformat() / "email" / "index.html"
        html = email_page.read_text(encoding="utf-8")
        for paper in papers:
            assert paper.title in html
        parsed = tags_of(html)
        assert "../../../data/#email" in parsed.links  # the email's "Sign up, or follow the catalog by feed"
        for tag, attrs in parsed.tags:
            loads = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            assert not (loads and re.match(r"(\w+:)?//", loads) and not loads.startswith(subscribed_site.site_url)), f"{tag} loads {loads}"
        update_page = tags_of((site_dir / "updates" / day.isoformat() / "index.html").read_text(encoding="utf-8"))
        assert "email/" in update_page.links


def test_port_465_speaks_tls_from_the_first_byte(clone: Path, tmp_path: Path, small: Catalog) -> None:
    """SMTP_PORT=465 is implicit TLS (RFC 8314): no STARTTLS, the certificate checked all the same."""
    ca = trustme.CA()
    ca_file = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    box = Inbox(port=465, ca=ca, ca_file=ca_file)
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 465))
    except OSError as error:
        pytest.skip(f"cannot listen on 127.0.0.1:465 here ({error.strerror})")
    controller = _serve(box, ssl_context=context)
    try:
        untrusted = run_digest(clone, {**settings_env(box), "SMTP_USER": "", "SMTP_PASSWORD": "", "SSL_CERT_FILE": ""}, "--send")
        sent = run_digest(clone, {**settings_env(box), "SMTP_USER": "", "SMTP_PASSWORD": ""}, "--send")
    finally:
        controller.stop()
    assert untrusted.returncode == 1 and "certificate is not trusted" in untrusted.stderr
    assert sent.returncode == 0, sent.stderr
    assert (
        len(box.messages) == 1
        and reparse(box.messages[0].content.replace(b"\r\n", b"\n"))["Subject"] == digest.compose(small, SITE).subject
    )


def test_the_json_export_carries_the_sign_up_and_its_schema_says_so(small: Catalog) -> None:
    schema = json.loads((ROOT / "docs" / "papers.export.schema.json").read_text(encoding="utf-8"))
    with_signup = json.loads(gunzip(site.generate(small, SITE)[urls.JSON_ALL]))
    without = json.loads(gunzip(site.generate(site.load_catalog(SMALL), SITE)[urls.JSON_ALL]))
    for data in (with_signup, without):
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert errors == []
    assert with_signup["catalog"]["subscribe"] == {
        "url": SIGNUP,
        "description": "One email per update, sent by the list.",
        "unsubscribe": UNSUBSCRIBE,
    }
    assert without["catalog"]["subscribe"] is None
