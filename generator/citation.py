"""What reference managers read: Highwire ``citation_*`` tags, a JSON-LD ScholarlyArticle, RIS and CSL-JSON.

Everything here states only what papers.yaml states: a paper without a year has no date, one
without an arXiv id no PDF link, and authors stay whole names (``literal`` in CSL-JSON, one
``AU`` line in RIS), since splitting "Ludwig van Beethoven" into given and family names would
be a guess. The venue is named as a conference or a journal when papers.yaml's ``venue_type``
says which (``venue_of``); without one, only when its text says which: ``venue_kind`` looks for
the words (or the few conference series) it names, and leaves the rest (``PNAS 115(48)``) as
plain text in the exports.

Google Scholar's inclusion guidelines (and Zotero's connector) read the Highwire tags; search
engines and Zotero also read the JSON-LD. ``overrides/main.html`` prints both in the page's
head from the front matter that ``paper.md.j2`` writes (``citation``: name/value pairs;
``jsonld``: the JSON text, already safe inside a ``<script>``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from generator import mathtext
from generator.model import Catalog, Paper

# Conference series named by their usual short names in venues (``ICLR 2024 (spotlight)``).
CONFERENCES = frozenset(
    "AAAI ACL CIKM COLING CVPR ECCV EMNLP ICASSP ICCV ICDL ICLR ICML IJCAI INTERSPEECH KDD NAACL NeurIPS NIPS RECOMB "
    "SIGIR UAI WACV WWW CoLLAs AISTATS COLT MICCAI".split()
)
_CONFERENCE_WORDS = re.compile(r"\b(conference|proceedings|workshop|symposium)\b", re.IGNORECASE)
_JOURNAL_WORDS = re.compile(r"\b(journal|transactions|letters|review)\b", re.IGNORECASE)
_VENUE_END = re.compile(r"\s*[\d(,;:]")
_SERIES = re.compile(r"[A-Za-z]+")


def venue_name(venue: str) -> str:
    """The venue without its year, pages or notes: ``'ICLR 2024 (spotlight)'`` → ``'ICLR'``."""
    name = _VENUE_END.split(venue, maxsplit=1)[0].strip(" .,")
    return name or venue.strip()


def venue_of(paper: Paper) -> tuple[Literal["conference", "journal"], str] | None:
    """The paper's venue as a conference or a journal: as its ``venue_type`` states, else as ``venue_kind`` reads the text."""
    if paper.venue and paper.venue_type in ("conference", "workshop"):
        return "conference", venue_name(paper.venue)
    if paper.venue and paper.venue_type == "journal":
        return "journal", venue_name(paper.venue)
    if paper.venue_type == "preprint":
        return None
    return venue_kind(paper.venue)


def venue_kind(venue: str | None) -> tuple[Literal["conference", "journal"], str] | None:
    """``("conference", "ICLR")``, ``("journal", "Neural Computation")`` or None when the text does not say."""
    if not venue:
        return None
    name = venue_name(venue)
    if name.lower().startswith("journal article"):
        return None  # says it is a journal, but not which one
    words = set(_SERIES.findall(name))
    if words & CONFERENCES or _CONFERENCE_WORDS.search(name):
        return "conference", name
    if _JOURNAL_WORDS.search(name) or name.startswith("TMLR"):
        return "journal", name
    return None


def doi(paper: Paper) -> str | None:
    """The paper's DOI, once papers.yaml has the field (``None`` until then, and when unknown)."""
    value = getattr(paper, "doi", None)
    return value if isinstance(value, str) and value else None


def title(paper: Paper) -> str:
    """The title as plain text (math as its LaTeX source, which is what reference managers keep)."""
    return mathtext.to_plain(paper.title)


def highwire(paper: Paper) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags, as (name, content) pairs in the order Google Scholar lists them."""
    tags = [("citation_title", title(paper))]
    tags += [("citation_author", author) for author in paper.authors]
    if paper.year:
        tags.append(("citation_publication_date", str(paper.year)))
    kind = venue_of(paper)
    if kind:
        tags.append((f"citation_{kind[0]}_title", kind[1]))
    if paper.pdf_url:
        tags.append(("citation_pdf_url", paper.pdf_url))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if doi(paper):
        tags.append(("citation_doi", doi(paper) or ""))
    return tags


def scholarly_article(paper: Paper, page: str) -> dict[str, Any]:
    """The paper as a schema.org ScholarlyArticle; ``page`` is the absolute URL of its page here."""
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        # No "name" beside it: the same title twice on every paper page (schema.org's headline is
        # the article's title, which search engines read for an article).
        "headline": title(paper),
        "url": page,
    }
    if paper.authors:
        article["author"] = [{"@type": "Person", "name": author} for author in paper.authors]
    if paper.year:
        article["datePublished"] = str(paper.year)
    identifiers = []
    if paper.arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv})
    if found := doi(paper):
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": found})
    if identifiers:
        article["identifier"] = identifiers
    same_as = [url for url in (paper.arxiv_url, f"https://doi.org/{doi(paper)}" if doi(paper) else None) if url]
    if same_as:
        article["sameAs"] = same_as
    kind = venue_of(paper)
    if kind and kind[0] == "journal":
        article["isPartOf"] = {"@type": "Periodical", "name": kind[1]}
    return article


def script_json(data: object) -> str:
    """JSON text that is safe as it is inside ``<script>`` and inside a YAML double-quoted string.

    ASCII only (no line separator can end the YAML string), and ``<``, ``>``, ``&`` as ``\\u`` escapes,
    so no ``</script>`` or ``<!--`` can appear, whatever a title holds.
    """
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csl_item(paper: Paper, page: str, key: str) -> dict[str, Any]:
    """One CSL-JSON item (the format Zotero, Pandoc and citeproc read)."""
    kind = venue_of(paper)
    item: dict[str, Any] = {
        "id": key,
        "type": "paper-conference" if kind and kind[0] == "conference" else "article-journal" if kind else "article",
        "title": title(paper),
    }
    if paper.authors:
        item["author"] = [{"literal": author} for author in paper.authors]
    if paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    if kind:
        item["container-title"] = kind[1]
    elif paper.venue:
        item["note"] = paper.venue
    if paper.arxiv:
        item["number"] = f"arXiv:{paper.arxiv}"
        item["publisher"] = "arXiv"
    if doi(paper):
        item["DOI"] = doi(paper)
    item["URL"] = paper.arxiv_url or paper.url or page
    if paper.abstract:
        item["abstract"] = mathtext.to_plain(paper.abstract)
    return item


def csl_json(catalog: Catalog, pages: dict[str, str], keys: dict[str, str]) -> str:
    """papers.csl.json: every paper, in papers.yaml order (``pages``: slug → absolute URL of its page)."""
    items = [
        json.dumps(csl_item(paper, pages[paper.slug], keys[paper.slug]), ensure_ascii=False, separators=(",", ":"))
        for paper in catalog.papers
    ]
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"  # one paper a line


def _ris_value(text: str) -> str:
    return " ".join(text.split())  # one line: RIS is a line-based format


def ris_entry(paper: Paper, page: str, key: str) -> str:
    """One RIS record: ``TY`` first, ``ER`` last, one tag per line."""
    kind = venue_of(paper)
    lines = [("TY", "CONF" if kind and kind[0] == "conference" else "JOUR" if kind else "GEN"), ("ID", key)]
    lines.append(("TI", _ris_value(title(paper))))
    lines += [("AU", _ris_value(author)) for author in paper.authors]
    if paper.year:
        lines.append(("PY", str(paper.year)))
    if kind:
        lines.append(("T2", _ris_value(kind[1])))
    elif paper.venue:
        lines.append(("N1", _ris_value(paper.venue)))
    if doi(paper):
        lines.append(("DO", doi(paper) or ""))
    lines.append(("UR", paper.arxiv_url or paper.url or page))
    if paper.arxiv:
        lines.append(("L1", paper.pdf_url or ""))
        lines.append(("M1", f"arXiv:{paper.arxiv}"))
    if paper.abstract:
        lines.append(("AB", _ris_value(mathtext.to_plain(paper.abstract))))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def ris(catalog: Catalog, pages: dict[str, str], keys: dict[str, str]) -> str:
    """papers.ris: every paper, in papers.yaml order, records separated by a blank line."""
    return "\n".join(ris_entry(paper, pages[paper.slug], keys[paper.slug]) for paper in catalog.papers)
