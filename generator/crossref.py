"""One paper's facts from Crossref's REST API (``/works/<doi>``, JSON), for ``python -m generator add --from-doi``.

Only the standard library, as for arXiv (generator/arxiv.py): ``add`` works with the site's
requirements alone. The answer is untrusted: its size is capped and every field is checked; what
the record does not state stays unknown. The kind of venue comes from the record's ``type``
(``journal-article`` → journal, ``proceedings-article`` → conference, ``posted-content`` →
preprint), which Crossref's members state, never from the venue's name.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from generator.arxiv import clean_text

DEFAULT_API = "https://api.crossref.org/works/"
TIMEOUT = 30.0
MAX_BYTES = 2 * 1024 * 1024
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_JATS_TITLE = re.compile(r"<jats:title>.*?</jats:title>", re.DOTALL)
_VENUE_TYPES = {"journal-article": "journal", "proceedings-article": "conference", "posted-content": "preprint"}


class CrossrefError(Exception):
    """The record could not be fetched: unreachable API, unknown DOI or an unreadable answer."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrossrefWork:
    """What Crossref says about a work, as papers.yaml fields (None or empty: not stated)."""

    doi: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    venue_type: str | None
    abstract: str | None


def normalize_doi(text: str) -> str:
    """``doi:10.1/x``, ``https://doi.org/10.1/x`` … → ``10.1/x``."""
    match = _DOI.match(text.strip())
    if not match:
        raise CrossrefError(f"{text!r} is not a DOI; expected one like 10.1162/neco.1997.9.8.1735")
    return match.group(1)


def _plain(markup: str) -> str:
    """Crossref's text (titles and JATS abstracts hold tags like <i> and <jats:p>) → one line of text."""
    text = _JATS_TITLE.sub(" ", markup)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", " ".join(text.split()))
    return clean_text(text)


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), None)
    return _plain(value) if isinstance(value, str) and value.strip() else None


def _name(author: Any) -> str | None:
    if not isinstance(author, dict):
        return None
    given, family, name = author.get("given"), author.get("family"), author.get("name")
    parts = [part for part in (given, family) if isinstance(part, str) and part.strip()]
    if parts:
        return " ".join(" ".join(parts).split())
    return " ".join(name.split()) if isinstance(name, str) and name.strip() else None


def _year(work: dict[str, Any]) -> int | None:
    for key in ("issued", "published", "published-print", "published-online"):
        parts = (work.get(key) or {}).get("date-parts") if isinstance(work.get(key), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool) and 1600 <= year <= 2200:
                return year
    return None


def parse_work(data: bytes, wanted: str) -> CrossrefWork:
    """Crossref's JSON answer for one DOI → :class:`CrossrefWork`, or :class:`CrossrefError`."""
    try:
        answer = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CrossrefError(f"Crossref's answer is not JSON ({exc})") from None
    if not isinstance(answer, dict) or answer.get("message-type") != "work" or not isinstance(answer.get("message"), dict):
        raise CrossrefError("Crossref's answer is not a work record (no message-type 'work')")
    work: dict[str, Any] = answer["message"]
    doi = work.get("DOI")
    if not isinstance(doi, str) or doi.lower() != wanted.lower():
        raise CrossrefError(f"Crossref's answer is about {doi!r}, not {wanted}")
    title = _first(work.get("title"))
    if title is None:
        raise CrossrefError(f"Crossref's record of {wanted} has no title")
    authors = tuple(name for name in (_name(a) for a in work.get("author") or [] if isinstance(work.get("author"), list)) if name)
    kind = work.get("type")
    abstract = work.get("abstract")
    return CrossrefWork(
        doi=doi,
        title=title,
        authors=authors,
        year=_year(work),
        venue=_first(work.get("container-title")),
        venue_type=_VENUE_TYPES.get(kind) if isinstance(kind, str) else None,
        abstract=_plain(abstract) if isinstance(abstract, str) and abstract.strip() else None,
    )


def work_url(api: str, doi: str) -> str:
    return api.rstrip("/") + "/" + urllib.parse.quote(doi, safe="/:;()._-")


def fetch(doi: str, api: str = DEFAULT_API, timeout: float = TIMEOUT) -> CrossrefWork:
    """Ask Crossref about one DOI."""
    wanted = normalize_doi(doi)
    url = work_url(api, wanted)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise CrossrefError(f"the Crossref API address must start with http:// or https://, got {api!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "paper-catalog-generator (python -m generator add)"})  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            raise CrossrefError(f"Crossref has no record of the DOI {wanted} (HTTP 404 from {url})") from None
        raise CrossrefError(f"the Crossref API answered HTTP {exc.code} {exc.reason} for {url}") from None
    except urllib.error.URLError as exc:
        raise CrossrefError(f"cannot reach the Crossref API at {url} ({exc.reason})") from None
    except TimeoutError:
        raise CrossrefError(f"no answer from the Crossref API at {url} within {timeout:g} seconds") from None
    except OSError as exc:
        raise CrossrefError(f"reading from the Crossref API at {url} failed ({exc})") from None
    if len(data) > MAX_BYTES:
        raise CrossrefError(f"the Crossref API's answer is larger than {MAX_BYTES:,} bytes; refusing to read it")
    return parse_work(data, wanted)
