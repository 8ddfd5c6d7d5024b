"""Read papers.yaml into plain Python values, keeping the line and column of every value.

The YAML is read as an event stream (libyaml when available) and built up without recursion, so
that duplicate keys, anchors and aliases, and very deep nesting are reported as problems instead
of being silently accepted or crashing the parser.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.errors import CatalogError, Problem

Path_ = tuple[str | int, ...]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Document:
    """Loaded YAML data and where each value (and each mapping key) stands in the file."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or of its key), else of its nearest parent."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large catalog is built up.

    A 10,000-paper file becomes about a million small objects that are kept and form no cycles;
    the collector would walk all of them again each time enough new ones piled up, which is
    about a third of the time spent loading. Whatever garbage there is, it collects afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def field_name(path: Path_) -> str:
    """``('papers', 12, 'year')`` → ``papers[12].year``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def decode(raw: bytes, file: str) -> str:
    """Bytes → text, with a located message for anything that is not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise CatalogError(
            [Problem(file=file, line=1, column=1, field="", message=f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CatalogError(
            [
                Problem(
                    file=file,
                    line=line,
                    column=column,
                    field="",
                    message=f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                )
            ]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def load_path(path: Path, display: str | None = None) -> Document:
    """Read and parse one YAML file."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError([Problem(file=name, line=1, column=1, field="", message=f"cannot read the file: {exc.strerror}")]) from None
    return load_text(decode(raw, name), name)


def load_text(text: str, file: str) -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`CatalogError`."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n") if "\t" in text else (), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            column = line.index("\t") + 1
            problems.append(
                Problem(file=file, line=number, column=column, field="", message="a tab in the indentation; YAML indents with spaces only")
            )
    if problems:
        raise CatalogError(problems)
    doc = Document(file=file, data=None)
    try:
        with cycle_collection_paused():
            _build(text, doc, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_line, at_column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problems.append(Problem(file=file, line=at_line, column=at_column, field="", message=f"YAML syntax error: {message}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(file=file, line=1, column=1, field="", message=f"YAML error: {exc}"))
    if problems:
        raise CatalogError(problems)
    return doc


_STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_ALLOWED_TAGS = _STANDARD_TAGS | {"!"}
_STR = "tag:yaml.org,2002:str"
# Values of these tags are immutable, so one value can stand for every scalar with the same text.
_SHAREABLE = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp"))
_RESOLVER = yaml.resolver.Resolver()
# A plain scalar can only resolve to something other than text (a number, a date, true, null…) if
# it starts with one of these characters; every other scalar is text as it stands, which spares
# most of a large catalog's 200,000 values the resolver's regular expressions and the constructor.
_RESOLVABLE_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
_ANY_FIRST = None in _RESOLVABLE_FIRST  # resolvers for any first character: none in PyYAML


class _Constructor(yaml.constructor.SafeConstructor):
    pass


@lru_cache(maxsize=1024)
def _resolve(value: str) -> str:
    """The tag of a plain scalar, which depends on its text alone (keys and dates repeat a lot)."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call,no-any-return]


def _scalar(event: Any, constructor: _Constructor, built: dict[tuple[str, str], Any]) -> Any:
    """A scalar's value, as SafeConstructor builds it; ``built`` keeps the numbers and dates already made."""
    tag = event.tag
    value: str = event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return value  # quoted (or tagged '!'): the resolver would say str
        if value and value[0] not in _RESOLVABLE_FIRST and not _ANY_FIRST:
            return value  # plain text that no implicit resolver claims
        tag = _resolve(value)
    if tag == _STR:
        return value  # what SafeConstructor.construct_yaml_str returns
    known = built.get((tag, value), built)
    if known is not built:
        return known
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
    try:
        result = constructor.construct_object(node)
    except (ValueError, OverflowError):
        # Looks like a date or number but is not a real one (2025-02-30): keep the text, so
        # that validation can say what is wrong with it.
        return value
    if tag in _SHAREABLE:
        built[(tag, value)] = result
    return result


class _Open:
    """A mapping or sequence being built, with the path and position of what it holds."""

    __slots__ = ("container", "is_map", "key", "key_path", "path", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path_) -> None:
        self.container: Any = container  # a dict or a list, as is_map says
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None  # the key waiting for its value (mappings)
        self.key_path: Path_ = path  # the path of that value
        self.seen: dict[str, tuple[int, int]] = {}  # each key and where it was first given


def _build(text: str, doc: Document, problems: list[Problem]) -> None:
    """Build ``doc.data`` from the event stream, one event at a time (no recursion).

    This loop runs once per YAML value (a quarter of a million at 10,000 papers), so it tests the
    common events first, by exact type, and computes each value's path once.
    """
    parser = _Parser(text)
    constructor = _Constructor()
    file = doc.file
    values = doc.values
    stack: list[_Open] = []
    built: dict[tuple[str, str], Any] = {}
    documents = 0
    get_event = parser.get_event
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                here = (mark.line + 1, mark.column + 1)
                tag = event.tag
                if event.anchor or (tag is not None and tag not in _ALLOWED_TAGS):
                    problems.append(_refused(event, here, file, _next_path(stack)))
                    return
                top = stack[-1] if stack else None
                if kind is scalar_event:
                    if top is None:
                        values[()] = here
                        doc.data = _scalar(event, constructor, built)
                    elif not top.is_map:
                        items = top.container
                        values[(*top.path, len(items))] = here
                        items.append(_scalar(event, constructor, built))
                    elif top.key is None:
                        _key(top, _scalar(event, constructor, built), here, doc, problems)
                    else:
                        values[top.key_path] = here
                        top.container[top.key] = _scalar(event, constructor, built)
                        top.key = None
                    continue
                path = _next_path(stack)
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        Problem(
                            file=file,
                            line=here[0],
                            column=here[1],
                            field=field_name(path),
                            message=f"nested more than {MAX_DEPTH} levels deep",
                        )
                    )
                    return
                values[path] = here
                stack.append(_Open({} if kind is mapping_start else [], path))
                continue
            if kind in ends:
                _place(stack, doc, stack.pop().container)
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    problems.append(
                        Problem(
                            file=file,
                            line=mark.line + 1,
                            column=mark.column + 1,
                            field="",
                            message="only one YAML document is allowed (remove the '---')",
                        )
                    )
                    return
                continue
            if kind is yaml.AliasEvent:
                mark = event.start_mark
                problems.append(_refused(event, (mark.line + 1, mark.column + 1), file, _next_path(stack)))
                return
            if kind is yaml.StreamEndEvent:
                return
            # StreamStartEvent, DocumentEndEvent: nothing to build.
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


def _key(top: _Open, key: Any, here: tuple[int, int], doc: Document, problems: list[Problem]) -> None:
    """A mapping's key: remember where it stands, and refuse a second one with the same text."""
    if not isinstance(key, str):
        key = str(key)
    key_path = (*top.path, key)
    first = top.seen.get(key)
    if first is not None:
        problems.append(
            Problem(
                file=doc.file,
                line=here[0],
                column=here[1],
                field=field_name(key_path),
                message=f"duplicate key '{key}' (first given on line {first[0]}); YAML would keep only the last one",
            )
        )
    else:
        top.seen[key] = here
    top.key = key
    top.key_path = key_path
    doc.keys[key_path] = here


def _refused(event: Any, here: tuple[int, int], file: str, path: Path_) -> Problem:
    """An alias, an anchor or a tag other than YAML's standard ones: refused before it is built."""
    if isinstance(event, yaml.AliasEvent) or event.anchor:
        message = "anchors and aliases (&name, *name) are not allowed; write the value out"
    else:
        message = f"the YAML tag {event.tag} is not allowed here"
    return Problem(file=file, line=here[0], column=here[1], field=field_name(path), message=message)


def _next_path(stack: list[_Open]) -> Path_:
    """The path the next value will have (for messages about a value that is refused)."""
    if not stack:
        return ()
    top = stack[-1]
    if top.is_map:
        return top.key_path if top.key is not None else top.path
    return (*top.path, len(top.container))


def _place(stack: list[_Open], doc: Document, value: Any) -> None:
    if not stack:
        doc.data = value
        return
    top = stack[-1]
    if top.is_map:
        top.container[top.key] = value
        top.key = None
    else:
        top.container.append(value)
