"""The two JSON Schemas in docs/: papers.yaml's (for editors) and papers.json.gz's (for readers of the export).

Their paper parts come from the table of fields (generator/fields.py); the rest is written here.
``python -m generator schema`` prints papers.schema.json and ``--export`` papers.export.schema.json;
tests/test_schema.py fails when a committed file is not what this module makes. Regenerate both with
``make schema``.
"""

from __future__ import annotations

import json
from typing import Any

from generator import fields, urls
from generator.validate import MAILTO, MAX_LINE, MAX_TEXT

# A JSON value goes on one line when it fits in this many characters (indent included).
WIDTH = 140


def papers_schema() -> dict[str, Any]:
    """docs/papers.schema.json: what papers.yaml may hold (draft 7, which editors' YAML plugins read)."""
    line = {"$ref": "#/definitions/line"}
    text = {"$ref": "#/definitions/text"}
    ident = {"$ref": "#/definitions/id"}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "papers.schema.json",
        "title": "papers.yaml",
        "description": "A paper catalog: its header, themes, tags and papers. See the papers.yaml format page.",
        "type": "object",
        "additionalProperties": False,
        "required": ["catalog", "themes", "tags", "papers"],
        "properties": {
            "catalog": {
                "description": "What the catalog is and who curates it.",
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "description", "curator"],
                "properties": {
                    "title": {**line, "description": "The catalog's name."},
                    "description": {**text, "description": "One or two sentences on what the catalog collects."},
                    "curator": {**line, "description": "Who curates the catalog."},
                    "new_days": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 3650,
                        "description": "Days before the newest addition in which a paper counts as new (default 7).",
                    },
                    "subscribe": {
                        "description": "The email sign-up offered beside the feeds: a mailing list or newsletter service that sends "
                        "the digest of each update.",
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["url", "description"],
                        "properties": {
                            "url": {
                                "$ref": "#/definitions/signup",
                                "description": "Where readers sign up: the list's https:// page or form, or its mailto: subscribe address.",
                            },
                            "description": {**line, "description": "One line shown beside the sign-up link."},
                            "unsubscribe": {
                                "$ref": "#/definitions/signup",
                                "description": "Optional: the list's unsubscribe address (https:// or mailto:), sent as the "
                                "List-Unsubscribe header and shown in each email's footer.",
                            },
                        },
                    },
                },
            },
            "themes": {
                "description": "The curated themes, in display order.",
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "title"],
                    "properties": {
                        "id": ident,
                        "title": line,
                        "description": {**text, "description": "What belongs in the theme (optional)."},
                    },
                },
            },
            "tags": {
                "description": "The controlled list of tags; [] for a catalog without tags.",
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "title"],
                    "properties": {"id": ident, "title": line},
                },
            },
            "papers": {
                "description": "One entry per paper, in the order they were added.",
                "type": "array",
                "items": {"$ref": "#/definitions/paper"},
            },
        },
        "definitions": {
            "id": {
                "type": "string",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                "description": "Lower-case letters, digits and single hyphens.",
            },
            "line": {"type": "string", "minLength": 1, "maxLength": MAX_LINE, "pattern": "^[^\\n]*\\S[^\\n]*\\n?$"},
            "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": "\\S"},
            "url": {"type": "string", "pattern": "^https?://[^\\s/?#]+[^\\s]*$", "maxLength": MAX_LINE},
            # catalog.subscribe's addresses: a web page, or validate.MAILTO's one mailbox
            "signup": {"type": "string", "pattern": f"^(https?://[^\\s/?#]+[^\\s]*|{MAILTO.pattern[1:-1]})$", "maxLength": MAX_LINE},
            "paper": fields.paper_schema(),
        },
    }


def export_schema(version: int) -> dict[str, Any]:
    """docs/papers.export.schema.json: what papers.json.gz holds, decompressed, in format version ``version``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "papers.export.schema.json",
        "title": f"{urls.JSON_ALL}, decompressed (paper-catalog export, version {version})",
        "description": "The whole catalog as one JSON object, written by `python -m generator build` and published gzipped "
        f"as {urls.JSON_ALL}. "
        f"Within version {version} fields may be added but are never removed, renamed or given a new meaning; see the Data and feeds page.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "catalog", "themes", "tags", "papers"],
        "properties": {
            "$schema": {"type": "string", "description": "The address of this schema on the site."},
            "format": {"const": "paper-catalog", "description": "What this file is."},
            "version": {"const": version, "description": "The format's version."},
            "catalog": {
                "description": "What the catalog is and where it lives.",
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "description", "curator", "new_days", "site_name", "url", "feed", "newest_added", "subscribe"],
                "properties": {
                    "title": {"type": "string", "minLength": 1},
                    "description": {"type": "string"},
                    "curator": {"type": "string"},
                    "new_days": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Days before the newest addition in which a paper counts as new.",
                    },
                    "site_name": {"type": "string", "description": "The site's name: the catalog's title (papers.yaml's catalog.title)."},
                    "url": {"type": "string", "description": "The site's home page."},
                    "feed": {"type": "string", "description": "The Atom feed of the whole catalog."},
                    "newest_added": {
                        "oneOf": [{"$ref": "#/$defs/date"}, {"type": "null"}],
                        "description": "The newest paper's addition date; null for an empty catalog.",
                    },
                    "subscribe": {
                        "description": "The email sign-up (papers.yaml's catalog.subscribe); null when the catalog offers none.",
                        "oneOf": [
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["url", "description", "unsubscribe"],
                                "properties": {
                                    "url": {
                                        "type": "string",
                                        "description": "Where readers sign up: an https:// page or a mailto: address.",
                                    },
                                    "description": {"type": "string"},
                                    "unsubscribe": {"oneOf": [{"type": "string"}, {"type": "null"}]},
                                },
                            },
                            {"type": "null"},
                        ],
                    },
                },
            },
            "themes": {
                "description": "The themes, in display order.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "title", "description", "url", "feed"],
                    "properties": {
                        "id": {"$ref": "#/$defs/id"},
                        "title": {"type": "string", "minLength": 1},
                        "description": {
                            "oneOf": [{"type": "string"}, {"type": "null"}],
                            "description": "null when papers.yaml gives none.",
                        },
                        "url": {"type": "string", "description": "The theme's page."},
                        "feed": {"type": "string", "description": "The theme's Atom feed."},
                    },
                },
            },
            "tags": {
                "description": "The tag vocabulary.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "title"],
                    "properties": {"id": {"$ref": "#/$defs/id"}, "title": {"type": "string", "minLength": 1}},
                },
            },
            "papers": {
                "description": "Every paper, in the order it was added to papers.yaml.",
                "type": "array",
                "items": {"$ref": "#/$defs/paper"},
            },
        },
        "$defs": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "An ISO 8601 date, like 2025-05-22."},
            "link": {"oneOf": [{"type": "string", "pattern": "^https?://"}, {"type": "null"}]},
            "paper": fields.export_paper_schema(),
        },
    }


def dumps(value: Any) -> str:
    """JSON for people: a value on one line where it fits in ``WIDTH``, else one entry per line."""
    return _dump(value, 0, 0) + "\n"


def _dump(value: Any, indent: int, used: int) -> str:
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or indent + used + len(flat) <= WIDTH:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + _dump(item, indent + 2, 0) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    entries = []
    for key, item in value.items():
        name = json.dumps(key, ensure_ascii=False) + ": "
        entries.append(pad + name + _dump(item, indent + 2, len(name)))
    return "{\n" + ",\n".join(entries) + "\n" + " " * indent + "}"
