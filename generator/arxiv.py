"""One paper's facts from the arXiv API (an Atom feed), for ``python -m generator add --from-arxiv``.

The answer is untrusted. The whole request has one deadline (``--timeout``: a server that sends a
byte now and then cannot stretch it); the answer's size is capped; its XML is read by defusedxml,
which refuses a DTD and entities whatever the encoding; redirects are followed only to https://
addresses on arxiv.org; every network or protocol error is one line; every field is checked.
generator/latex.py decodes LaTeX outside math.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import defusedxml
import defusedxml.ElementTree

from generator import latex, mathtext

DEFAULT_API = "http://export.arxiv.org/api/query"
TIMEOUT = 30.0
MAX_BYTES = 2 * 1024 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"
# Where a redirect may lead: https:// on arXiv's own hosts, nowhere else.
ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "www.arxiv.org"})
MAX_REDIRECTS = 3
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ID = re.compile(
    r"^(?:arxiv:)?(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?(?:\.pdf)?$",
    re.IGNORECASE,
)


class ArxivError(Exception):
    """The paper could not be fetched: unreachable API, unknown id or an unreadable answer."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ArxivPaper:
    """What the arXiv API says about a paper, normalized for papers.yaml."""

    id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: date  # of version 1
    category: str | None = None  # arxiv:primary_category, like cs.LG

    @property
    def year(self) -> int:
        return self.published.year


def normalize_id(text: str) -> str:
    """``arXiv:2501.00663v2``, ``https://arxiv.org/abs/2501.00663`` … → ``2501.00663``."""
    match = _ID.match(text.strip())
    if not match:
        raise ArxivError(f"{text!r} is not an arXiv id; expected one like 2503.06687 or hep-th/9901001")
    ident = match.group("id")
    if "/" not in ident:
        return ident
    archive, number = ident.split("/")
    name, _, subject = archive.partition(".")
    return f"{name.lower()}.{subject.upper()}/{number}" if subject else f"{name.lower()}/{number}"


def clean_text(text: str) -> str:
    """Whitespace collapsed; ``$…$`` math kept where it reads as math, any other ``$`` escaped."""
    text = " ".join(text.split())
    text = re.sub(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", r"$\1$", text)  # display math → inline
    if not mathtext.check(text):
        return text
    out: list[str] = []
    position = 0
    dollars = [m.start() for m in re.finditer(r"(?<!\\)\$", text)]
    k = 0
    while k < len(dollars):
        start = dollars[k]
        end = dollars[k + 1] if k + 1 < len(dollars) else None
        inner = text[start + 1 : end] if end is not None else ""
        if end is not None and inner.strip() == inner and inner and not mathtext.check(f"${inner}$"):
            k += 2  # a formula: keep both dollars
            continue
        out.append(text[position:start] + "\\$")
        position = start + 1
        k += 1
    text = "".join(out) + text[position:]
    return text if not mathtext.check(text) else re.sub(r"(?<!\\)\$", r"\\$", text)


def clean_abstract(text: str) -> str:
    """An arXiv title or abstract as papers.yaml text: ``clean_text``, then LaTeX outside math decoded (``256\\%`` → ``256%``)."""
    cleaned = clean_text(text)
    decoded = latex.to_text(cleaned)
    return decoded if not mathtext.check(decoded) else cleaned


def parse_feed(data: bytes, wanted: str) -> ArxivPaper:
    """The arXiv API's Atom answer for one id → :class:`ArxivPaper`, or :class:`ArxivError`."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise ArxivError("the arXiv API's answer contains a DTD or entities; refusing to read it") from None
    except ET.ParseError as exc:
        raise ArxivError(f"the arXiv API's answer is not well-formed XML ({exc})") from None
    if root.tag != f"{ATOM}feed":
        raise ArxivError(f"the arXiv API's answer is not an Atom feed (its root element is <{root.tag}>)")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        ident = (entry.findtext(f"{ATOM}id") or "").strip()
        if "/api/errors" in ident:
            summary = " ".join((entry.findtext(f"{ATOM}summary") or "unknown error").split())
            raise ArxivError(f"the arXiv API reports an error: {summary}")
        match = _ID.match(ident)
        if match and normalize_id(match.group("id")) == wanted:
            return _paper(entry, wanted)
    if not entries:
        raise ArxivError(f"arXiv has no paper {wanted} (the API's answer lists no entry)")
    raise ArxivError(f"the arXiv API's answer does not contain {wanted}")


def _paper(entry: ET.Element, wanted: str) -> ArxivPaper:
    def text(tag: str) -> str:
        value = " ".join((entry.findtext(f"{ATOM}{tag}") or "").split())
        if not value:
            raise ArxivError(f"the arXiv API's entry for {wanted} has no <{tag}>; does the paper exist?")
        return value

    published = text("published")
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        raise ArxivError(f"the arXiv API's entry for {wanted} has an unreadable <published> date {published!r}") from None
    authors = tuple(" ".join((a.findtext(f"{ATOM}name") or "").split()) for a in entry.findall(f"{ATOM}author"))
    primary = entry.find("{http://arxiv.org/schemas/atom}primary_category")
    term = (primary.get("term") or "").strip() if primary is not None else ""
    category = term if re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?", term) else None
    return ArxivPaper(
        id=wanted,
        title=clean_abstract(text("title")),
        authors=tuple(a for a in authors if a),
        abstract=clean_abstract(text("summary")),
        published=day,
        category=category,
    )


def query_url(api: str, ident: str) -> str:
    separator = "&" if "?" in api else "?"
    return f"{api}{separator}{urllib.parse.urlencode({'id_list': ident})}"


def fetch(ident: str, api: str = DEFAULT_API, timeout: float = TIMEOUT) -> ArxivPaper:
    """Ask the arXiv API about one paper (the only network access of the generator), within ``timeout`` seconds in all."""
    wanted = normalize_id(ident)
    url = query_url(api, wanted)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ArxivError(f"the arXiv API address must start with http:// or https://, got {api!r}")
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        status, reason, location, data = _get(url, deadline, timeout)
        if status in _REDIRECTS:
            target = urllib.parse.urljoin(url, location or "")
            parts = urllib.parse.urlsplit(target)
            if parts.scheme != "https" or parts.hostname not in ARXIV_HOSTS:
                raise ArxivError(f"the arXiv API at {url} redirected to {target!r}; only https:// addresses on arxiv.org are followed")
            url = target
            continue
        if status != 200:
            raise ArxivError(f"the arXiv API answered HTTP {status} {reason} for {url}")
        if len(data) > MAX_BYTES:
            raise ArxivError(f"the arXiv API's answer is larger than {MAX_BYTES:,} bytes; refusing to read it")
        return parse_feed(data, wanted)
    raise ArxivError(f"the arXiv API redirected more than {MAX_REDIRECTS} times; last to {url}")


class _Response(http.client.HTTPResponse):
    """An answer that lets go of its socket when its status line or headers cannot be read."""

    def begin(self) -> None:
        try:
            super().begin()
        except BaseException:
            self.close()
            raise


def _get(url: str, deadline: float, timeout: float) -> tuple[int, str, str | None, bytes]:
    """One GET: (status, reason, Location, at most MAX_BYTES + 1 bytes of body), or ArxivError.

    A timer shuts the socket down at the deadline, so that a server trickling its status line,
    headers or body one byte at a time cannot hold the command beyond ``timeout`` in all (a
    socket timeout alone applies to each read).
    """
    parts = urllib.parse.urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ArxivError(f"no answer from the arXiv API at {url} within {timeout:g} seconds")
    connection: http.client.HTTPConnection
    try:
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=remaining, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=remaining)
    except (http.client.HTTPException, ValueError) as exc:
        raise ArxivError(f"the arXiv API address {url} is not usable ({exc})") from None
    connection.response_class = _Response
    expired = threading.Event()
    opened: list[socket.socket] = []  # the connection's socket: http.client lets go of it once the answer starts

    def expire() -> None:
        expired.set()
        for sock in opened:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(remaining, expire)
    timer.daemon = True
    timer.start()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.connect()
        if connection.sock is not None:
            opened.append(connection.sock)
        if expired.is_set():  # the deadline passed while connecting
            raise TimeoutError
        connection.request("GET", path, headers={"User-Agent": "paper-catalog-generator (python -m generator add)"})
        with connection.getresponse() as response:
            data = response.read(MAX_BYTES + 1)
            if expired.is_set():
                raise TimeoutError
            return response.status, response.reason, response.getheader("Location"), data
    except TimeoutError:
        raise ArxivError(f"no answer from the arXiv API at {url} within {timeout:g} seconds") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if expired.is_set():
            raise ArxivError(f"no answer from the arXiv API at {url} within {timeout:g} seconds") from None
        if isinstance(exc, (ConnectionRefusedError, socket.gaierror)) or (
            isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError) and exc.errno
        ):
            raise ArxivError(f"cannot reach the arXiv API at {url} ({getattr(exc, 'strerror', None) or exc})") from None
        what = type(exc).__name__ if not str(exc) else f"{type(exc).__name__}: {exc}"
        raise ArxivError(f"reading from the arXiv API at {url} failed ({' '.join(what.split())[:200]})") from None
    finally:
        timer.cancel()
        connection.close()
        for sock in opened:
            sock.close()  # also when http.client gave up on an answer it could not read
