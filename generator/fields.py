"""The one table of a paper's fields in papers.yaml: what each holds, and everything that follows from that.

From ``PAPER_FIELDS`` come the validator's known keys and their canonical order (validate.py,
fmt.py), which ``add`` flag gives each field and the ``add`` options themselves (edit.py, cli.py),
the paper part of both JSON Schemas (schema.py writes docs/papers.schema.json and
docs/papers.export.schema.json) and the paper's keys in papers.json (exports.py).

Adding a field is a row here, its ``kind``'s check (a new kind needs one in ``validate.CHECKS``),
a field of ``model.Paper`` and its rendering in the templates. Where a field is:

- checked: ``validate.CHECKS[field.kind]`` (validate.py), for every field of this table;
- rendered: the templates in generator/templates (paper.md.j2 and the ``card`` macro in
  _macros.md.j2), and papers.json through ``export`` below;
- addressed (its page, its .bib file): generator/urls.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What each kind of value is (the validator checks each kind in its own way, see validate.CHECKS).
KINDS = {
    "title": "one line of text, with inline math",
    "line": "one line of text",
    "id": "lower-case letters, digits and single hyphens",
    "names": "a list of names, one line each",
    "year": "a whole number, a plausible year",
    "arxiv": "an arXiv id without version",
    "url": "a web address starting with https:// or http://",
    "date": "a date like 2025-05-22",
    "themes": "a list of theme ids, at least one",
    "tags": "a list of tag ids",
    "abstract": "text of one or more lines, with inline math",
    "flag": "true or false",
    "venue_type": "what kind of venue: conference, workshop, journal or preprint",
    "arxiv_category": "an arXiv category, like cs.LG",
    "doi": "a DOI, like 10.1162/neco.1997.9.8.1735",
    "openreview": "an OpenReview id, like uYLFoz1vlAC",
    "pdf": "the address of a PDF that is not arXiv's",
    "links": "a list of links, each a label and an address",
    "note": "one short line of text",
}
VENUE_TYPES = ("conference", "workshop", "journal", "preprint")
NOTE_LIMIT = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One key of a paper in papers.yaml."""

    name: str
    kind: str  # a key of KINDS
    required: bool = False
    doc: str  # one line: what it holds (the JSON Schema's description)
    schema: dict[str, Any]  # its JSON Schema in papers.schema.json, without the description
    # The `add` flag that gives it (messages about the new entry name it), and the option's help;
    # no help: the command line makes no option of its own for it (slug comes from --title, and
    # --added has a default the command works out).
    flag: str
    help: str | None = None
    multiple: bool = False  # the option may be repeated, one value each time (the field is a list)
    metavar: str | None = None
    number: bool = False  # the option takes a whole number
    boolean: bool = False  # the option is a flag that sets the field to true
    choices: tuple[str, ...] = ()  # the option takes one of these
    # Its key in papers.json (None: not exported) and that key's JSON Schema there.
    export: str | None = None
    export_schema: dict[str, Any] = field(default_factory=dict)


PAPER_FIELDS: tuple[Field, ...] = (
    Field(
        name="title",
        kind="title",
        required=True,
        doc="The title, exactly as published.",
        schema={"$ref": "#/definitions/line"},
        flag="--title",
        help="The title, exactly as published.",
        export="title",
        export_schema={"type": "string", "minLength": 1},
    ),
    Field(
        name="slug",
        kind="id",
        doc="Pins the page address papers/<slug>/.",
        schema={"$ref": "#/definitions/id"},
        flag="--title",
        export="slug",
        export_schema={
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "description": "The paper's page is papers/<slug>/ on the site.",
        },
    ),
    Field(
        name="authors",
        kind="names",
        doc="The full author list, in order.",
        schema={"type": "array", "items": {"$ref": "#/definitions/line"}},
        flag="--author",
        help="An author; repeat in the paper's order.",
        multiple=True,
        export="authors",
        export_schema={"type": "array", "items": {"type": "string"}, "description": "In the paper's order; empty when unknown."},
    ),
    Field(
        name="authors_incomplete",
        kind="flag",
        doc="true when the authors listed are only the first ones (BibTeX's 'and others'; shown as 'et al.').",
        schema={"type": "boolean"},
        flag="--authors-incomplete",
        help="The authors given are only the first ones (shown as 'et al.', BibTeX 'and others').",
        boolean=True,
        export="authors_incomplete",
        export_schema={"type": "boolean", "description": "true when `authors` lists only the first authors."},
    ),
    Field(
        name="year",
        kind="year",
        doc="Year of the first public version.",
        schema={"type": "integer", "minimum": 1600, "maximum": 2200},
        flag="--year",
        help="Year of the first public version.",
        number=True,
        export="year",
        export_schema={"oneOf": [{"type": "integer"}, {"type": "null"}]},
    ),
    Field(
        name="venue",
        kind="line",
        doc="Where it was published, like ICLR 2024.",
        schema={"$ref": "#/definitions/line"},
        flag="--venue",
        help="Where it was published, like 'ICLR 2024'.",
        export="venue",
        export_schema={"oneOf": [{"type": "string"}, {"type": "null"}]},
    ),
    Field(
        name="venue_type",
        kind="venue_type",
        doc="What kind of venue `venue` is: conference, workshop, journal or preprint (sets the BibTeX entry type).",
        schema={"enum": list(VENUE_TYPES)},
        flag="--venue-type",
        help="conference or workshop (BibTeX @inproceedings), journal (@article) or preprint (@misc).",
        choices=VENUE_TYPES,
        export="venue_type",
        export_schema={"oneOf": [{"enum": list(VENUE_TYPES)}, {"type": "null"}]},
    ),
    Field(
        name="arxiv",
        kind="arxiv",
        doc="arXiv id without version, like '2503.06687'.",
        schema={"type": "string", "pattern": "^(\\d{4}\\.\\d{4,5}|[a-z]+(-[a-z]+)*(\\.[A-Z]{2})?/\\d{7})$"},
        flag="--arxiv",
        help="The arXiv id, like 2503.06687.",
        metavar="ID",
        export="arxiv",
        export_schema={"oneOf": [{"type": "string"}, {"type": "null"}], "description": "The arXiv id, without version."},
    ),
    Field(
        name="arxiv_category",
        kind="arxiv_category",
        doc="The arXiv id's primary category, like cs.LG (BibTeX's primaryClass).",
        schema={"type": "string", "pattern": "^[a-z]+(-[a-z]+)*(\\.[A-Za-z]+(-[A-Za-z]+)*)?$"},
        flag="--arxiv-category",
        help="The arXiv primary category, like cs.LG (BibTeX primaryClass).",
        metavar="CATEGORY",
        export="arxiv_category",
        export_schema={"oneOf": [{"type": "string"}, {"type": "null"}]},
    ),
    Field(
        name="doi",
        kind="doi",
        doc="The DOI alone, like 10.1162/neco.1997.9.8.1735; linked as https://doi.org/<doi>.",
        schema={"type": "string", "pattern": "^10\\.[0-9]{4,9}/\\S+$", "maxLength": 300},
        flag="--doi",
        help="The DOI, like 10.1162/neco.1997.9.8.1735.",
        metavar="DOI",
        export="doi",
        export_schema={"oneOf": [{"type": "string"}, {"type": "null"}]},
    ),
    Field(
        name="openreview",
        kind="openreview",
        doc="The OpenReview id (the id= of its forum page), like uYLFoz1vlAC.",
        schema={"type": "string", "pattern": "^[A-Za-z0-9_-]{4,40}$"},
        flag="--openreview",
        help="The OpenReview id, the id= of https://openreview.net/forum?id=...",
        metavar="ID",
        export="openreview",
        export_schema={"oneOf": [{"type": "string"}, {"type": "null"}]},
    ),
    Field(
        name="pdf",
        kind="pdf",
        doc="The address of the paper's PDF when it is not arXiv's (proceedings, journal, author's page).",
        schema={"$ref": "#/definitions/url"},
        flag="--pdf",
        help="Address of the paper's PDF when it is not on arXiv (https:// or http://).",
        export="pdf",
        export_schema={"$ref": "#/$defs/link", "description": "`pdf` in papers.yaml (pdf_url also falls back to arXiv's)."},
    ),
    Field(
        name="code",
        kind="url",
        doc="The official code.",
        schema={"$ref": "#/definitions/url"},
        flag="--code",
        help="Address of the official code (https:// or http://).",
        export="code_url",
        export_schema={"$ref": "#/$defs/link", "description": "The official code (`code` in papers.yaml)."},
    ),
    Field(
        name="url",
        kind="url",
        doc="A project page.",
        schema={"$ref": "#/definitions/url"},
        flag="--url",
        help="Address of a project page (https:// or http://).",
        export="project_url",
        export_schema={"$ref": "#/$defs/link", "description": "The project page (`url` in papers.yaml)."},
    ),
    Field(
        name="links",
        kind="links",
        doc="More links, each {label, url}: slides, video, poster, talk, blog post …",
        schema={
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["label", "url"],
                "properties": {"label": {"type": "string", "minLength": 1, "maxLength": 60}, "url": {"$ref": "#/definitions/url"}},
            },
        },
        flag="--link",
        help="Another link as LABEL=URL, like Slides=https://...; repeat for more.",
        multiple=True,
        metavar="LABEL=URL",
        export="links",
        export_schema={
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["label", "url"],
                "properties": {"label": {"type": "string"}, "url": {"type": "string"}},
            },
        },
    ),
    Field(
        name="note",
        kind="note",
        doc="A short note shown on the paper's page, like 'Oral' or 'Rejected by ICLR 2024'.",
        schema={"type": "string", "minLength": 1, "maxLength": NOTE_LIMIT, "pattern": "^[^\\n]*\\S[^\\n]*\\n?$"},
        flag="--note",
        help="A short note shown on the paper's page, like 'Oral'.",
        export="note",
        export_schema={"oneOf": [{"type": "string"}, {"type": "null"}]},
    ),
    Field(
        name="added",
        kind="date",
        required=True,
        doc="The date the paper entered the catalog, like 2025-05-22.",
        schema={"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        flag="--added",
        export="added",
        export_schema={"$ref": "#/$defs/date"},
    ),
    Field(
        name="themes",
        kind="themes",
        required=True,
        doc="Theme ids; the first is the primary theme.",
        schema={"type": "array", "minItems": 1, "uniqueItems": True, "items": {"$ref": "#/definitions/id"}},
        flag="--theme",
        help="A theme id; repeat for more (the first is the primary theme).",
        multiple=True,
        export="themes",
        export_schema={
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/id"},
            "description": "Theme ids; the first is the primary theme.",
        },
    ),
    Field(
        name="tags",
        kind="tags",
        doc="Tag ids from the tags list.",
        schema={"type": "array", "uniqueItems": True, "items": {"$ref": "#/definitions/id"}},
        flag="--tag",
        help="A tag id; repeat for more.",
        multiple=True,
        export="tags",
        export_schema={"type": "array", "items": {"$ref": "#/$defs/id"}},
    ),
    Field(
        name="abstract",
        kind="abstract",
        doc="Plain text; inline LaTeX math between $ signs.",
        schema={"$ref": "#/definitions/text"},
        flag="--abstract",
        help="The abstract; $...$ is math, \\$ a dollar sign.",
        export="abstract",
        export_schema={
            "oneOf": [{"type": "string"}, {"type": "null"}],
            "description": "Plain text; inline LaTeX math between $ signs, \\$ for a dollar sign; null when papers.yaml gives none.",
        },
    ),
)

BY_NAME = {f.name: f for f in PAPER_FIELDS}
# The validator's known keys, in the canonical order `fmt` writes them: name → required.
PAPER_KEYS = {f.name: f.required for f in PAPER_FIELDS}
# Which `add` flag gave each field, for messages about the new entry.
FLAGS = {f.name: f.flag for f in PAPER_FIELDS}
# The `add` options made from the table, in its order.
OPTIONS = tuple(f for f in PAPER_FIELDS if f.help is not None)

# Keys of a paper in papers.json that are made, not stored (exports.py makes them), and their schemas.
EXPORT_MADE: dict[str, dict[str, Any]] = {
    "url": {"type": "string", "description": "The paper's page on the site."},
    "arxiv_url": {"$ref": "#/$defs/link"},
    "pdf_url": {"$ref": "#/$defs/link"},
    "bibtex_key": {"type": "string", "pattern": "^[a-z0-9]+$"},
    "bibtex_url": {"type": "string", "description": "The .bib file with the paper's entry (papers.bib), under bibtex_key."},
    "doi_url": {"$ref": "#/$defs/link", "description": "https://doi.org/<doi>."},
    "openreview_url": {"$ref": "#/$defs/link", "description": "The paper's OpenReview forum."},
}
# A paper's keys in papers.json in version 1, in their order: history, so kept as written. A
# field added to the table comes after these, in the table's order (new fields may be added
# within a version; see the Data page).
_EXPORT_V1 = (
    "slug",
    "title",
    "authors",
    "year",
    "venue",
    "added",
    "themes",
    "tags",
    "abstract",
    "url",
    "arxiv",
    "arxiv_url",
    "pdf_url",
    "code_url",
    "project_url",
    "bibtex_key",
    "bibtex_url",
)
EXPORT_KEYS: tuple[str, ...] = (
    _EXPORT_V1 + tuple(f.export for f in PAPER_FIELDS if f.export and f.export not in _EXPORT_V1) + ("doi_url", "openreview_url")
)
# papers.json key → the table's field it holds.
EXPORTED = {f.export: f for f in PAPER_FIELDS if f.export}


def paper_schema() -> dict[str, Any]:
    """A paper in papers.schema.json (draft 7): every field of the table, with its description."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in PAPER_FIELDS if f.required],
        "properties": {f.name: {**f.schema, "description": f.doc} for f in PAPER_FIELDS},
    }


def export_paper_schema() -> dict[str, Any]:
    """A paper in papers.export.schema.json: every key of ``EXPORT_KEYS``, all of them required."""
    properties = {key: EXPORTED[key].export_schema if key in EXPORTED else EXPORT_MADE[key] for key in EXPORT_KEYS}
    return {"type": "object", "additionalProperties": False, "required": list(EXPORT_KEYS), "properties": properties}
