"""papers.yaml in its one canonical layout, with its comments kept.

The layout is written by a small emitter of our own rather than a general YAML dumper, because
the catalog has a fixed shape and the layout must come out byte for byte the same every time:
sections in the order catalog, themes, tags, papers; keys in the order of ``validate``'s tables;
2-space indents; flow lists for theme and tag ids; long text as ``>-`` folded at 100 columns.

Comments are found outside the YAML values (by their marks in the event stream) and travel with
the value that follows them (a whole-line comment) or the line they end (a trailing comment), so
that reordering keys takes a key's comment along. Comments before the first key stay at the top.

Every result is checked: the formatted text must load into the very same catalog, or formatting
stops with an error instead of changing what the file means.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from generator import loader
from generator.errors import CatalogError
from generator.loader import Document, Path_
from generator.model import Catalog
from generator.validate import CATALOG_KEYS, LINK_KEYS, PAPER_KEYS, TAG_KEYS, THEME_KEYS, TOP_KEYS, validate

WIDTH = 100
FOLDED = frozenset({"description", "abstract"})
FLOW_LISTS = frozenset({"themes", "tags"})
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*[ \t]+(#.*)$")
# What YAML reads as printable; anything else has to go in double quotes, escaped.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class FormatError(Exception):
    """The formatted text would not mean the same as the input: a bug, so nothing is written."""


@dataclass(slots=True)
class Comments:
    """The comments of a file, attached to the paths of the values they belong to."""

    header: list[str] = field(default_factory=list)
    before: dict[Path_, list[str]] = field(default_factory=dict)
    trailing: dict[Path_, list[str]] = field(default_factory=dict)
    footer: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Parsed:
    """A catalog file read for formatting: its data with positions, comments and meaning."""

    doc: Document
    comments: Comments
    catalog: Catalog


def parse(text: str, file: str) -> Parsed:
    """Load, validate and collect the comments of catalog text; raises ``CatalogError``."""
    doc = loader.load_text(text, file)
    catalog = validate(doc)
    return Parsed(doc=doc, comments=_attach(text, doc), catalog=catalog)


def format_text(text: str, file: str) -> str:
    """The canonical form of catalog text; raises ``CatalogError`` if the text does not validate."""
    parsed = parse(text, file)
    return emit_checked(parsed.doc.data, parsed.comments, parsed.catalog, file)


def emit_checked(data: dict[str, Any], comments: Comments, expected: Catalog, file: str) -> str:
    """Emit ``data`` and make sure the result loads into ``expected``, or raise ``FormatError``."""
    out = emit(data, comments)
    try:
        again = validate(loader.load_text(out, file))
    except CatalogError as error:
        raise FormatError(f"{file}: the formatted text does not validate ({error.problems[0]}); nothing was written") from None
    if again != expected:
        raise FormatError(f"{file}: the formatted text would change the catalog's content; nothing was written")
    return out


# --- comments ---------------------------------------------------------------------------------


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each line, split where YAML (and so every mark) counts a line break."""
    out: list[tuple[int, str]] = []
    position = 0
    for match in _BREAK.finditer(text):
        out.append((position, text[position : match.start()]))
        position = match.end()
    out.append((position, text[position:]))
    return out


def _scalar_spans(text: str, lines: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], dict[int, tuple[int, str]]]:
    """Character ranges covered by scalar values, and comments written on block scalar headers."""

    def offset(mark: Any) -> int:
        return int(lines[mark.line][0] + mark.column) if mark.line < len(lines) else len(text)

    spans: list[tuple[int, int]] = []
    headers: dict[int, tuple[int, str]] = {}
    parser = _Parser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.ScalarEvent):
                start: Any = event.start_mark
                spans.append((offset(start), offset(event.end_mark)))
                if event.style in ("|", ">"):
                    match = _BLOCK_HEADER_COMMENT.match(lines[start.line][1][start.column :])
                    if match:
                        headers[start.line + 1] = (start.column + match.start(1) + 1, match.group(1).rstrip())
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return spans, headers


def _find_comments(text: str) -> list[tuple[int, int, str, bool]]:
    """Every comment as (line, column, text, whole_line), lines and columns counted from 1."""
    lines = _lines(text)
    spans, headers = _scalar_spans(text, lines)
    span_starts = [start for start, _ in spans]
    found: list[tuple[int, int, str, bool]] = []
    for number, (start, line) in enumerate(lines, start=1):
        if number in headers:
            found.append((number, *headers[number], False))
            continue
        column = line.find("#")
        while column != -1:
            at = start + column
            i = bisect.bisect_right(span_starts, at) - 1
            inside = i >= 0 and spans[i][0] <= at < spans[i][1]
            if not inside and (column == 0 or line[column - 1] in " \t"):
                whole = not line[:column].strip()
                found.append((number, column + 1, line[column:].rstrip(), whole))
                break
            column = line.find("#", column + 1)
    return found


def _anchors(doc: Document) -> list[tuple[int, int, int, Path_]]:
    """The places a comment can belong to: every line the emitter starts with a key or an item."""
    data = doc.data
    out: list[tuple[int, int, int, Path_]] = []

    def add(path: Path_, *, key: bool) -> None:
        table = doc.keys if key else doc.values
        if path in table:
            line, column = table[path]
            out.append((line, column, len(path), path))

    for section in TOP_KEYS:
        add((section,), key=True)
    for key in CATALOG_KEYS:
        add(("catalog", key), key=True)
    for section, keys in (("themes", THEME_KEYS), ("tags", TAG_KEYS), ("papers", PAPER_KEYS)):
        for i, item in enumerate(data[section]):
            add((section, i), key=False)
            for key in keys:
                if _present(item.get(key)):
                    add((section, i, key), key=True)
            if section == "papers":
                for j in range(len(item.get("authors") or ())):
                    add(("papers", i, "authors", j), key=False)
    out.sort()
    return out


def _attach(text: str, doc: Document) -> Comments:
    """Whole-line comments go with the next value; trailing ones with the value their line holds."""
    comments = Comments()
    anchors = _anchors(doc)
    places = [(line, column) for line, column, _, _ in anchors]
    for line, column, body, whole in _find_comments(text):
        if whole:
            i = bisect.bisect_right(places, (line, 10**9))
            if i == 0:
                comments.header.append(body)
            elif i == len(anchors):
                comments.footer.append(" " * (column - 1) + body)
            else:
                comments.before.setdefault(anchors[i][3], []).append(body)
        else:
            i = bisect.bisect_right(places, (line, column)) - 1
            if i < 0:
                comments.header.append(body)
                continue
            # The line's one key (`authors: [A, B]  # note` stays with authors); a line with
            # several keys (a flow mapping) is one item, so the note goes with the item.
            j = i
            while j > 0 and anchors[j - 1][0] == line:
                j -= 1
            on_line = [anchor[3] for anchor in anchors[j : i + 1] if anchor[0] == line]
            keys = [path for path in on_line if isinstance(path[-1], str)]
            target = keys[0] if len(keys) == 1 else on_line[0] if on_line else anchors[i][3]
            comments.trailing.setdefault(target, []).append(body)
    return comments


# --- emitting ---------------------------------------------------------------------------------


def _present(value: Any) -> bool:
    """Unknown facts (null, empty lists) are left out of the canonical file."""
    return value is not None and value != []


def scalar(value: Any) -> str:
    """One value as a single-line YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (str, int, date)):
        raise TypeError(f"cannot format {type(value).__name__} as a scalar")
    if not isinstance(value, str):
        return value.isoformat() if isinstance(value, date) else str(value)
    dumped = yaml.dump(value, Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def _quoted(value: str) -> str:
    """Single quotes always (arXiv ids), so that ids like 2503.06687 stay text."""
    return "'" + value.replace("'", "''") + "'" if not _NOT_PRINTABLE.search(value) else scalar(value)


def fold(text: str, indent: int) -> list[str]:
    """Greedy word wrap at WIDTH columns (a longer word gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and indent + len(current) + 1 + len(word) > WIDTH:
            lines.append(" " * indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(" " * indent + current)
    return lines


def _single(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _value_lines(key: str, value: Any, indent: int) -> tuple[str, list[str]]:
    """The text after ``key:`` on the key's own line, and the lines below it."""
    if key in FOLDED:
        text = " ".join(value.split())
        if _NOT_PRINTABLE.search(text):
            return " " + scalar(text), []
        return " >-", fold(text, indent + 2)
    if key == "authors":
        return "", [" " * (indent + 2) + "- " + scalar(_single(name)) for name in value]
    if key == "links" and isinstance(value, list):
        # Each link as a two-line item, label first: `- label: Slides` / `  url: https://…`.
        # (`add` emits what it was given before the validator names what is wrong with it.)
        lines = []
        for link in value:
            if not isinstance(link, dict):
                lines.append(" " * (indent + 2) + "- " + scalar(_single(link)))
                continue
            keys = [k for k in LINK_KEYS if k in link] + [k for k in link if k not in LINK_KEYS]
            for n, name in enumerate(keys):
                lead = " " * (indent + 2) + ("- " if n == 0 else "  ")
                lines.append(f"{lead}{name}: {scalar(_single(link[name]))}")
        return "", lines
    if key in FLOW_LISTS and isinstance(value, list):
        return " [" + ", ".join(scalar(_single(item)) for item in value) + "]", []
    if key == "arxiv":
        return " " + _quoted(_single(value)), []
    if key == "added" and isinstance(value, str):
        return " " + date.fromisoformat(value.strip()).isoformat(), []  # a quoted date is still a date
    return " " + scalar(_single(value)), []


class _Writer:
    def __init__(self, comments: Comments) -> None:
        self.comments = comments
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def before(self, path: Path_, indent: int) -> None:
        for body in self.comments.before.get(path, ()):
            self.lines.append(" " * indent + body)

    def trailing(self, paths: list[Path_], line: str) -> str:
        notes = [body for path in paths for body in self.comments.trailing.get(path, ())]
        return "  ".join([line, *notes]) if notes else line

    def mapping(self, path: Path_, data: dict[str, Any], order: dict[str, bool], indent: int, *, item: bool) -> None:
        """A mapping's keys in canonical order; as a list item, its first key is on the '- ' line."""
        keys = [key for key in order if key in data and _present(data[key])]
        if item:
            self.before(path, indent - 2)
        for n, key in enumerate(keys):
            key_path = (*path, key)
            first = item and n == 0
            self.before(key_path, indent - 2 if first else indent)
            head, below = _value_lines(key, data[key], indent)
            prefix = " " * (indent - 2) + "- " if first else " " * indent
            self.lines.append(self.trailing([path, key_path] if first else [key_path], f"{prefix}{key}:{head}"))
            if key == "authors":
                for j, line in enumerate(below):
                    self.before((*key_path, j), indent + 2)
                    self.lines.append(self.trailing([(*key_path, j)], line))
            else:
                self.lines.extend(below)


def emit(data: dict[str, Any], comments: Comments) -> str:
    """Validated catalog data (as loaded) → canonical text. Pure: no I/O."""
    out = _Writer(comments)
    out.lines.extend(comments.header)
    for n, section in enumerate(TOP_KEYS):
        if n:
            out.blank()
        out.before((section,), 0)
        empty = section != "catalog" and not data[section]  # only papers may be empty
        out.lines.append(out.trailing([(section,)], f"{section}: []" if empty else f"{section}:"))
        if section == "catalog":
            out.mapping(("catalog",), data["catalog"], CATALOG_KEYS, 2, item=False)
            continue
        order = {"themes": THEME_KEYS, "tags": TAG_KEYS, "papers": PAPER_KEYS}[section]
        for i, entry in enumerate(data[section]):
            if section == "papers" and i:
                out.blank()
            out.mapping((section, i), entry, order, 4, item=True)
    if comments.footer:
        out.blank()
        out.lines.extend(comments.footer)
    return "\n".join(out.lines) + "\n"
