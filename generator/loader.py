"""Read papers.yaml into plain Python values, keeping the line and column of every value.

The YAML is read as an event stream (libyaml when available) and built up without recursion, so
that duplicate keys, anchors and aliases, and very deep nesting are reported as problems instead
of being silently accepted or crashing the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    for number, line in enumerate(text.split("\n"), start=1):
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


class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _scalar(event: Any, resolver: yaml.resolver.Resolver, constructor: _Constructor) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    try:
        return constructor.construct_object(node)
    except (ValueError, OverflowError):
        # Looks like a date or number but is not a real one (2025-02-30): keep the text, so
        # that validation can say what is wrong with it.
        return event.value


def _build(text: str, doc: Document, problems: list[Problem]) -> None:
    parser = _Parser(text)
    resolver = yaml.resolver.Resolver()
    constructor = _Constructor()
    file = doc.file
    # Each open collection: [container, path, pending key (mappings), key position, seen keys]
    stack: list[list[Any]] = []
    documents = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            here = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        Problem(
                            file=file,
                            line=here[0],
                            column=here[1],
                            field="",
                            message="only one YAML document is allowed (remove the '---')",
                        )
                    )
                    return
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value, path = stack.pop()[:2]
                _place(stack, doc, value, path, problems)
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(
                    Problem(
                        file=file,
                        line=here[0],
                        column=here[1],
                        field=field_name(_next_path(stack)),
                        message="anchors and aliases (&name, *name) are not allowed; write the value out",
                    )
                )
                return
            path = _next_path(stack)
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in _STANDARD_TAGS:
                problems.append(
                    Problem(
                        file=file, line=here[0], column=here[1], field=field_name(path), message=f"the YAML tag {tag} is not allowed here"
                    )
                )
                return
            if isinstance(event, yaml.ScalarEvent):
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    key = _scalar(event, resolver, constructor)
                    top = stack[-1]
                    if not isinstance(key, str):
                        key = str(key)
                    if key in top[4]:
                        first = top[4][key]
                        problems.append(
                            Problem(
                                file=file,
                                line=here[0],
                                column=here[1],
                                field=field_name((*top[1], key)),
                                message=f"duplicate key '{key}' (first given on line {first[0]}); YAML would keep only the last one",
                            )
                        )
                    else:
                        top[4][key] = here
                    top[2] = key
                    doc.keys[(*top[1], key)] = here
                    continue
                doc.values[path] = here
                _place(stack, doc, _scalar(event, resolver, constructor), path, problems)
                continue
            if len(stack) >= MAX_DEPTH:
                problems.append(
                    Problem(
                        file=file, line=here[0], column=here[1], field=field_name(path), message=f"nested more than {MAX_DEPTH} levels deep"
                    )
                )
                return
            doc.values[path] = here
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append([container, path, None, None, {}])
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


def _next_path(stack: list[list[Any]]) -> Path_:
    if not stack:
        return ()
    container, path, key = stack[-1][:3]
    if isinstance(container, dict):
        return (*path, key) if key is not None else path
    return (*path, len(container))


def _place(stack: list[list[Any]], doc: Document, value: Any, path: Path_, problems: list[Problem]) -> None:
    if not stack:
        doc.data = value
        return
    top = stack[-1]
    if isinstance(top[0], dict):
        top[0][top[2]] = value
        top[2] = None
    else:
        top[0].append(value)
