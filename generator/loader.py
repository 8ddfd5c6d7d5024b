"""Read papers.yaml into plain Python values, keeping the line and column of every value.

The YAML is read as an event stream (libyaml when available) and built up without recursion, so
that duplicate keys, anchors and aliases, and very deep nesting are reported as problems instead
of being silently accepted or crashing the parser.
"""

from __future__ import annotations

import gc
import os
import stat
from array import array
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator import yamlhints
from generator.errors import MAX_PROBLEMS, CatalogError, Problem

Path_ = tuple[str | int, ...]

# A catalog of 100,000 papers with abstracts of 1,400 characters (bench/synthetic.py) is about
# 190 MB of YAML and 2.5 million values: the limits leave room for it, and refuse what is far past.
MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 32
# A file of MAX_BYTES can hold ninety million tiny values (`{},` is three bytes); each costs time
# and memory to load. Sixteen times the values of a 10,000-paper catalog is plenty.
MAX_VALUES = 4_000_000
_BOM = "\ufeff".encode()

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Document:
    """Loaded YAML data and where each value (and each mapping key) stands in the file."""

    file: str
    data: Any
    values: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)
    dropped: int = 0  # problems found while loading beyond the first MAX_PROBLEMS

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


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """The bytes of a catalog file: a regular file of at most ``MAX_BYTES``, checked before it is read.

    Opened without blocking and checked on the open file, so a FIFO (which would wait for a
    writer forever) or a device like /dev/zero (which never ends) is a one-line problem, and a
    file over the limit is refused without reading it into memory.
    """
    name = display or str(path)

    def problem(message: str) -> CatalogError:
        return CatalogError([Problem(file=name, line=1, column=1, field="", message=message)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise problem(f"cannot read the file: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise problem("not a regular file (a folder, device or pipe); give the path of a YAML file")
        if info.st_size > MAX_BYTES:
            raise problem(f"the file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}")
        try:
            raw = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise problem(f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:  # it grew while being read
        raise problem(f"the file is more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}")
    return raw


def load_path(path: Path, display: str | None = None) -> Document:
    """Read and parse one YAML file.

    libyaml reads UTF-8 bytes: given text, it first encodes it back into a copy of the file. So
    the text is only made to check the encoding (and for the tab check), then dropped, and the
    parser reads the file's own bytes: one copy of a 20 MB file in memory instead of three.
    """
    name = display or str(path)
    return load_bytes(read_bytes(path, name), name)


def load_bytes(raw: bytes, file: str) -> Document:
    """Parse the bytes of a YAML file (see :func:`load_path`)."""
    text = decode(raw, file)
    if "\t" in text or raw.startswith(_BOM):
        return load_text(text, file)  # rare: the tab check reads text, and libyaml reads a BOM itself
    del text
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n")  # as decode does, on the bytes
    return _load(raw, file)


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
    return _load(text, file)


def _load(source: str | bytes, file: str) -> Document:
    """Parse text (or that text as UTF-8 bytes, without a BOM) into a :class:`Document`."""
    problems: list[Problem] = []
    doc = Document(file=file, data=None)
    try:
        with cycle_collection_paused():
            _build(source, doc, problems, _Places())
    except yaml.YAMLError as exc:
        if isinstance(source, bytes):
            # Some of libyaml's messages name its input ("<byte string>"): read it as text again.
            return _load(source.decode("utf-8"), file)
        if isinstance(exc, yaml.MarkedYAMLError):
            hint = yamlhints.explain(exc, source)
            problems.append(Problem(file=file, line=hint.line, column=hint.column, field="", message=f"YAML syntax error: {hint.message}"))
        else:
            problems.append(Problem(file=file, line=1, column=1, field="", message=f"YAML error: {exc}"))
    if not problems:  # read, but maybe not as meant: a title cut at ' #'
        for hint in yamlhints.cut_by_comment(source):
            problems.append(Problem(file=file, line=hint.line, column=hint.column, field="", message=hint.message))
    if problems:
        raise CatalogError(problems, more=doc.dropped)
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


_SCALAR_NODE, _MAP_NODE, _LIST_NODE = 0, 1, 2
_SCAN_LIMIT = 32  # lists spanning more values than this get an index of where each item starts


class _Open:
    """A mapping or sequence being built, with the path and position of what it holds."""

    __slots__ = ("container", "is_map", "key", "key_at", "node", "path", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path_) -> None:
        self.container: Any = container  # a dict or a list, as is_map says
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None  # the key waiting for its value (mappings)
        self.key_at = 0  # where that key stands, packed (see _Places)
        self.node = 0  # what the recorder calls this container
        self.seen: dict[str, int] = {}  # each key and the line where it was first given


class _Places:
    """Where every value (and mapping key) of a document stands, in a few flat arrays.

    A dict from each value's path to its position costs about 200 bytes per value (the path
    tuple, the position tuple, its two numbers, the dict slot): 50 MB at 10,000 papers, about
    as much as the data itself. Here every value has one entry, in the order of the file: its
    position and its key's (line and column packed in one 64-bit number), the key it has in its
    mapping, its kind, and where its contents end. That is about 30 bytes per value; a path is
    found by walking down from the top, which is quick because a mapping has a few keys and a
    long list gets an index of its items the first time one is asked for.
    """

    __slots__ = ("_at", "_end", "_items", "_key", "_key_at", "_kind", "_last")

    def __init__(self) -> None:
        self._at = array("Q")
        self._key_at = array("Q")  # 0 where the value is not a mapping's
        self._end = array("Q")  # one past the last value inside it (the value itself for a scalar)
        self._kind = bytearray()
        self._key: list[str | None] = []
        self._items: dict[int, array[int]] = {}
        self._last: tuple[Path_, int] = ((), 0)  # the latest path looked up but its last part

    # Building: the calls _build makes.

    def value(self, top: _Open | None, line: int, column: int, kind: int) -> int:
        node = len(self._kind)
        if top is not None and top.is_map:  # a value: _build refuses a list or mapping as a key
            self._key.append(top.key)
            self._key_at.append(top.key_at)
        else:
            self._key.append(None)
            self._key_at.append(0)
        self._at.append(line << 32 | column)
        self._end.append(node + 1)
        self._kind.append(kind)
        return node

    def key(self, top: _Open, key: str, line: int, column: int) -> None:
        top.key_at = line << 32 | column

    def close(self, node: int) -> None:
        self._end[node] = len(self._kind)

    def finish(self, doc: Document) -> None:
        doc.values = _Table(self, keys=False)
        doc.keys = _Table(self, keys=True)

    # Looking up.

    def position(self, path: Path_, *, key: bool) -> tuple[int, int] | None:
        node = self._find(path)
        if node < 0:
            return None
        packed = self._key_at[node] if key else self._at[node]
        return (packed >> 32, packed & 0xFFFFFFFF) if packed else None

    def _find(self, path: Path_) -> int:
        if not self._kind:
            return -1
        if not path:
            return 0
        prefix = path[:-1]
        last, node = self._last
        if prefix != last:
            node = 0
            for part in prefix:
                node = self._child(node, part)
                if node < 0:
                    return -1
            self._last = (prefix, node)
        return self._child(node, path[-1])

    def _child(self, node: int, part: str | int) -> int:
        kind = self._kind[node]
        end = self._end
        if kind == _MAP_NODE:
            if isinstance(part, str):
                keys = self._key
                child = node + 1
                while child < end[node]:
                    if keys[child] == part:
                        return child
                    child = end[child]
            return -1
        if kind != _LIST_NODE or not isinstance(part, int) or part < 0:
            return -1
        items = self._items.get(node)
        if items is None:
            if end[node] - node <= _SCAN_LIMIT:
                child = node + 1
                for _ in range(part):
                    if child >= end[node]:
                        return -1
                    child = end[child]
                return child if child < end[node] else -1
            items = self._items[node] = array("Q")
            child = node + 1
            while child < end[node]:
                items.append(child)
                child = end[child]
        return items[part] if part < len(items) else -1

    def paths(self, *, keys: bool) -> Iterator[Path_]:
        """Every path, in the order of the file (with ``keys``, only those of mapping values)."""
        open_: list[tuple[int, Path_, bool, list[int]]] = []  # end, path, is a mapping, items so far
        for node, kind in enumerate(self._kind):
            while open_ and node >= open_[-1][0]:
                open_.pop()
            if not open_:
                path: Path_ = ()
            else:
                _, above, is_map, count = open_[-1]
                if is_map:
                    path = (*above, self._key[node] or "")
                else:
                    path = (*above, count[0])
                    count[0] += 1
            if not keys or self._key_at[node]:
                yield path
            if kind != _SCALAR_NODE:
                open_.append((self._end[node], path, kind == _MAP_NODE, [0]))


class _Table(Mapping[Path_, tuple[int, int]]):
    """A read-only view of :class:`_Places` as a mapping from path to (line, column)."""

    __slots__ = ("_keys", "_places")

    def __init__(self, places: _Places, *, keys: bool) -> None:
        self._places = places
        self._keys = keys

    def __getitem__(self, path: Path_) -> tuple[int, int]:
        found = self._places.position(path, key=self._keys) if isinstance(path, tuple) else None
        if found is None:
            raise KeyError(path)
        return found

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._places.position(path, key=self._keys) is not None

    def __iter__(self) -> Iterator[Path_]:
        return self._places.paths(keys=self._keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _build(source: str | bytes, doc: Document, problems: list[Problem], places: _Places) -> None:
    """Build ``doc.data`` from the event stream, one event at a time (no recursion).

    Each kind of event has its method in :class:`_Builder`; a method returns False when the
    document cannot be read on (a problem that stops the loading, or the end of the stream).
    """
    parser = _Parser(source)
    builder = _Builder(doc, problems, places)
    handlers: dict[type, Any] = {
        yaml.ScalarEvent: builder.scalar,
        yaml.MappingStartEvent: builder.start,
        yaml.SequenceStartEvent: builder.start,
        yaml.MappingEndEvent: builder.end,
        yaml.SequenceEndEvent: builder.end,
        yaml.DocumentStartEvent: builder.document,
        yaml.AliasEvent: builder.alias,
        yaml.StreamEndEvent: builder.stream_end,
    }  # StreamStartEvent, DocumentEndEvent: nothing to build
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            handler = handlers.get(type(event))
            if handler is not None and not handler(event):
                return
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


class _Builder:
    """The state of one document being built: the open mappings and lists, and what was seen.

    Its methods run once per YAML value (a quarter of a million at 10,000 papers), so they make
    no path but for mappings and lists.
    """

    __slots__ = ("built", "constructor", "count", "doc", "documents", "file", "names", "places", "problems", "record", "stack")

    def __init__(self, doc: Document, problems: list[Problem], places: _Places) -> None:
        self.doc = doc
        self.file = doc.file
        self.problems = problems
        self.places = places
        self.record = places.value
        self.constructor = _Constructor()
        self.stack: list[_Open] = []
        self.built: dict[tuple[str, str], Any] = {}
        self.names: dict[str, str] = {}  # one string for each key text: 'title' is a key 10,000 times
        self.documents = 0
        self.count = 0  # keys and values so far

    def _stop(self, line: int, column: int, path: Path_, message: str) -> bool:
        self.problems.append(Problem(file=self.file, line=line, column=column, field=field_name(path), message=message))
        return False

    def _admit(self, event: Any, line: int, column: int, top: _Open | None) -> bool:
        """Whether a value may be built: not over the limit, no anchor, no tag but YAML's own."""
        self.count += 1
        if self.count > MAX_VALUES:
            message = f"more than {MAX_VALUES:,} keys and values, the limit (a catalog of 10,000 papers has about 250,000)"
            return self._stop(line, column, _next_path(top), message)
        tag = event.tag
        if event.anchor or (tag is not None and tag not in _ALLOWED_TAGS):
            self.problems.append(_refused(event, (line, column), self.file, _next_path(top)))
            return False
        return True

    def scalar(self, event: Any) -> bool:
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        stack = self.stack
        top = stack[-1] if stack else None
        if not self._admit(event, line, column, top):
            return False
        value = _scalar(event, self.constructor, self.built)
        if top is None:
            self.record(None, line, column, _SCALAR_NODE)
            self.doc.data = value
        elif not top.is_map:
            self.record(top, line, column, _SCALAR_NODE)
            top.container.append(value)
        elif top.key is None:
            _key(top, value, line, column, self.names, self.places, self.doc, self.problems)
        else:
            self.record(top, line, column, _SCALAR_NODE)
            top.container[top.key] = value
            top.key = None
        return True

    def start(self, event: Any) -> bool:
        """A mapping or a list opens."""
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        stack = self.stack
        top = stack[-1] if stack else None
        if not self._admit(event, line, column, top):
            return False
        if top is not None and top.is_map and top.key is None:  # `? [a, b]`: no field is named so
            return self._stop(line, column, top.path, "a key must be a plain name, not a list or a mapping")
        path = _next_path(top)
        if len(stack) >= MAX_DEPTH:
            return self._stop(line, column, path, f"nested more than {MAX_DEPTH} levels deep")
        is_map = type(event) is yaml.MappingStartEvent
        opened = _Open({} if is_map else [], path)
        opened.node = self.record(top, line, column, _MAP_NODE if is_map else _LIST_NODE)
        stack.append(opened)
        return True

    def end(self, event: Any) -> bool:
        """A mapping or a list closes: it becomes its parent's value."""
        done = self.stack.pop()
        self.places.close(done.node)
        _place(self.stack, self.doc, done.container)
        return True

    def document(self, event: Any) -> bool:
        self.documents += 1
        if self.documents > 1:
            mark = event.start_mark
            return self._stop(mark.line + 1, mark.column + 1, (), "only one YAML document is allowed (remove the '---')")
        return True

    def alias(self, event: Any) -> bool:
        mark = event.start_mark
        self.problems.append(
            _refused(event, (mark.line + 1, mark.column + 1), self.file, _next_path(self.stack[-1] if self.stack else None))
        )
        return False

    def stream_end(self, event: Any) -> bool:
        self.places.finish(self.doc)
        return False


def _key(
    top: _Open,
    key: Any,
    line: int,
    column: int,
    names: dict[str, str],
    places: _Places,
    doc: Document,
    problems: list[Problem],
) -> None:
    """A mapping's key: remember where it stands, and refuse a second one with the same text."""
    if not isinstance(key, str):
        key = str(key)
    key = names.setdefault(key, key)
    first = top.seen.get(key)
    if first is not None and len(problems) >= MAX_PROBLEMS:
        doc.dropped += 1  # counted, not kept (errors.MAX_PROBLEMS)
    elif first is not None:
        problems.append(
            Problem(
                file=doc.file,
                line=line,
                column=column,
                field=field_name((*top.path, key)),
                message=f"duplicate key '{key}' (first given on line {first}); YAML would keep only the last one",
            )
        )
    else:
        top.seen[key] = line
    top.key = key
    places.key(top, key, line, column)


def _refused(event: Any, here: tuple[int, int], file: str, path: Path_) -> Problem:
    """An alias, an anchor or a tag other than YAML's standard ones: refused before it is built."""
    if isinstance(event, yaml.AliasEvent) or event.anchor:
        message = "anchors and aliases (&name, *name) are not allowed; write the value out"
    else:
        message = f"the YAML tag {event.tag} is not allowed here"
    return Problem(file=file, line=here[0], column=here[1], field=field_name(path), message=message)


def _next_path(top: _Open | None) -> Path_:
    """The path the next value will have (for messages, and for the mappings and lists it opens)."""
    if top is None:
        return ()
    if top.is_map:
        return (*top.path, top.key) if top.key is not None else top.path
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
