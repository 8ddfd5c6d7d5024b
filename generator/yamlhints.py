"""YAML syntax errors told in plain words: what is wrong on the line, and how to write it instead.

PyYAML (and libyaml) say what the parser expected ("while parsing a block mapping did not find
expected key"); a first-time contributor needs to know what to change. :func:`explain` reads the
parser's error and the lines around it and recognises the mistakes people make in papers.yaml: a
value with ``: `` in it, a quote inside a quoted value, a key or a list item indented one step too
far or not far enough, a missing ``- `` or a missing space after a colon, a list left open, a value
starting with a character YAML reserves. Anything else keeps the parser's words, with the two rules
that fix most YAML.

Pure functions of the error and the text: the loader calls it when the parser gives up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# `key: value` (also `- key: value`): where the key starts, the key, where the value starts.
_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s+|$)(?P<value>.*)$")
_ITEM = re.compile(r"^(?P<indent>\s*)-(?:\s|$)")
_SECTION_ENTRY = {"papers": "paper", "themes": "theme", "tags": "tag"}
GENERAL = (
    "check the indentation and the quoting of this line: the keys of one paper line up under `title`, list items "
    "under each other, and a value that contains ': ' or ' #', or starts with a quote, [, {, *, &, @, % or `, goes in quotes"
)


@dataclass(frozen=True, slots=True)
class Hint:
    """Where to look (1-based line and column) and what to do there."""

    line: int
    column: int
    message: str


def explain(error: yaml.MarkedYAMLError, text: str) -> Hint:
    """The parser's error → a located message that says what to change."""
    lines = text.split("\n")
    problem = error.problem_mark or error.context_mark
    context = error.context_mark
    at = (problem.line + 1, problem.column + 1) if problem else (1, 1)
    where = (context.line + 1, context.column + 1) if context else at
    words = f"{error.context or ''} {error.problem or ''}"
    reader = _Reader(lines)
    hint: Hint | None = None
    if "mapping values are not allowed" in words:
        hint = reader.colon_in_value(*at)
    elif "block mapping" in words or "block collection" in words:
        hint = reader.block(*at)
    elif "simple key" in words:
        hint = reader.no_colon(*where)
    elif "quoted scalar" in words and "end of stream" in words:
        quote = reader.char(*where)
        hint = Hint(*where, f"the value opened with {quote} here is never closed: end it with {quote} on the same line")
    elif "unknown escape" in words:
        hint = Hint(
            *at, "inside \"…\" a backslash starts an escape: write \\\\ for a backslash, or put the value in single quotes '…' instead"
        )
    elif "flow sequence" in words or "flow mapping" in words:
        if reader.char(*where) == "{":
            hint = Hint(*where, "the { opened here is not closed with } on this line; an item that contains ',' or ':' goes in quotes")
        else:
            hint = Hint(
                *where,
                "the [ opened here is not closed: write the whole list on one line, like themes: [one, two]; "
                "an item that contains ',', ':' or brackets goes in quotes",
            )
    elif "block scalar" in words:
        hint = Hint(*where, "after > or | (and its - or +) the text starts on the next line, indented under the key")
    elif "alias" in words or "anchor" in words:
        hint = reader.reserved_start(*where)
    elif "cannot start any token" in words:
        hint = reader.reserved_start(*at)
    elif "control character" in words or "special characters are not allowed" in words:
        hint = Hint(*at, "a control character (an invisible one, often pasted from a PDF) is here: delete it")
    if hint is not None:
        return hint
    raw = " ".join(part for part in (error.context, error.problem) if part)
    return Hint(*at, f"YAML cannot read this ({raw}); {GENERAL}")


def _quoted(value: str) -> str:
    """A plain value written in single quotes (quotes inside doubled), for a suggestion."""
    value = value.strip()
    if len(value) > 100:
        value = value[:99].rstrip() + "…"
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class _Reader:
    lines: list[str]

    def text(self, line: int) -> str:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def char(self, line: int, column: int) -> str:
        text = self.text(line)
        return text[column - 1] if 0 < column <= len(text) else ""

    def key_at(self, line: int) -> tuple[int, str, str] | None:
        """(column of the key, the key, its value) when the line is `key: value`."""
        match = _KEY_LINE.match(self.text(line))
        if not match:
            return None
        return len(match.group("lead")) + 1, match.group("key"), match.group("value")

    def key_above(self, line: int) -> tuple[int, int, str] | None:
        """The nearest `key:` line above ``line``: (line, column of the key, key)."""
        for number in range(line - 1, 0, -1):
            stripped = self.text(number).strip()
            if not stripped or stripped.startswith("#"):
                continue
            found = self.key_at(number)
            if found is not None:
                return number, found[0], found[1]
        return None

    def entry(self, line: int, column: int) -> tuple[str, str]:
        """What holds the keys at ``column`` above ``line``: ('paper', 'title') for a paper's keys."""
        first = ""
        for number in range(line, 0, -1):
            text = self.text(number)
            found = self.key_at(number)
            if found is not None and found[0] == column and _ITEM.match(text) and not first:
                first = found[1]
            if found is not None and found[0] == 1:
                return _SECTION_ENTRY.get(found[1], "entry"), first
        return "entry", first

    def item_above(self, line: int, column: int) -> tuple[int, int] | None:
        """The nearest `- ` item above ``line`` that starts at another column: (line, column)."""
        for number in range(line - 1, 0, -1):
            match = _ITEM.match(self.text(number))
            if match and len(match.group("indent")) + 1 != column:
                return number, len(match.group("indent")) + 1
        return None

    def misplaced_key(self, line: int, column: int) -> Hint | None:
        found = self.key_at(line)
        above = self.key_above(line)
        if found is None or above is None or above[1] == column:
            return None
        what, first = self.entry(above[0], above[1])
        side = "more" if column > above[1] else "less"
        rule = f"the keys of one {what} line up under `{first}`" if first else "the keys of one entry line up under each other"
        return Hint(
            line,
            column,
            f"`{found[1]}` is indented {side} than `{above[2]}` on line {above[0]} (column {column}, not {above[1]}): {rule}",
        )

    def colon_in_value(self, line: int, column: int) -> Hint:
        text = self.text(line)
        found = self.key_at(line)
        if found is not None and text.find(":", found[0] - 1) == column - 1:
            # The colon that YAML stumbled on is the line's own key's: the line is indented so
            # that YAML reads it as going on with the value above it.
            hint = self.misplaced_key(line, found[0])
            if hint is not None:
                return hint
        if found is not None:
            key, value = found[1], found[2]
            if value.startswith(("'", '"')):
                return self.after_quote(line, column) or Hint(line, column, GENERAL)
            return Hint(line, column, f"a {key} that contains ': ' must be quoted: {key}: {_quoted(value)}")
        item = _ITEM.match(text)
        if item:
            value = text[item.end() :]
            return Hint(line, column, f"a list item that contains ': ' must be quoted: - {_quoted(value)}")
        return Hint(line, column, f"a value that contains ': ' must be quoted, like title: 'A: B'; {GENERAL}")

    def after_quote(self, line: int, column: int) -> Hint | None:
        """More text after a quoted value's closing quote: a quote inside the value."""
        found = self.key_at(line)
        if found is None:
            return None
        key, value = found[1], found[2]
        if not value or value[0] not in "'\"":
            return None
        inner = value.strip()
        inner = inner[1:-1] if len(inner) > 1 and inner[-1] == inner[0] else inner[1:]
        if value[0] == "'":
            fix = "'" + inner.replace("''", "'").replace("'", "''") + "'"
            return Hint(line, column, f"the quoted {key} ends at the ' before column {column}: inside '…' write ' twice: {key}: {fix}")
        return Hint(
            line,
            column,
            f'the quoted {key} ends at the " before column {column}: put the value in single quotes instead: {key}: {_quoted(inner)}',
        )

    def block(self, line: int, column: int) -> Hint | None:
        """The parser met something where a key (or a `- ` item) of the open block should be."""
        text = self.text(line)
        first = len(text) - len(text.lstrip(" ")) + 1
        if column > first:  # in the middle of a line: the value before it ended early
            hint = self.after_quote(line, column)
            if hint is not None:
                return hint
            found = self.key_at(line)
            if found is not None and found[2][:1] in ("[", "{"):
                kind = "list" if found[2][0] == "[" else "mapping"
                return Hint(
                    line,
                    column,
                    f"a value that starts with {found[2][0]} is read as a {kind}; put the text in quotes: {found[1]}: {_quoted(found[2])}",
                )
            return None
        if _ITEM.match(text):
            above = self.item_above(line, column)
            if above is not None:
                return Hint(
                    line,
                    column,
                    f"this '- ' item starts at column {column}, but the items of the list above start at column {above[1]} "
                    f"(line {above[0]}): line it up with them",
                )
            return None
        return self.misplaced_key(line, column)

    def no_colon(self, line: int, column: int) -> Hint:
        text = self.text(line)
        glued = re.match(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*)$", text)
        if glued:
            return Hint(line, column, f"put a space after the colon: {glued.group(1)}: {glued.group(2)}")
        above = self.text(line - 1)
        if _ITEM.match(above):
            return Hint(
                line,
                column,
                "this line is neither `key: value` nor a '- ' item: if it is one more item of the list above, start it "
                "with '- '; if it goes on with the value above, indent it further",
            )
        return Hint(line, column, f"this line is neither `key: value` nor a '- ' item; {GENERAL}")

    def reserved_start(self, line: int, column: int) -> Hint:
        char = self.char(line, column)
        found = self.key_at(line)
        if char == "\t":
            return Hint(line, column, "a tab here: YAML separates and indents with spaces only")
        if found is not None and found[2]:
            start = found[2][0]
            return Hint(line, column, f"a value cannot start with {start} unquoted; put it in quotes: {found[1]}: {_quoted(found[2])}")
        shown = char if char.strip() else "this character"
        return Hint(line, column, f"a value cannot start with {shown} unquoted; put the value in quotes")


# A plain value followed by ` #` and more text on its line: YAML ends the value there and reads
# the rest as a comment, so `title: Mamba #2 in review` is the title 'Mamba'. A comment is
# written `# like this`, with a space after '#'; '#2', '#BERT' or '#1' are text that was cut off.
_CUT_KEYS = "title|venue|note|label|curator"
_CUT_LINE = re.compile(
    rf"(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>{_CUT_KEYS})[ ]*:[ ]+(?P<value>[^'\"\[{{>|&*!%@`#\s][^\n#]*?)[ ]+#(?P<after>[^\s#][^\n]*)"
)
_HASH_TEXT = re.compile(r" #[^\s#]")


def _has_hash_text(source: str | bytes) -> bool:
    """Whether ' #' followed by text occurs at all, found through the rare '#' (a single-character find is fast)."""
    data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    position = data.find(b"#")
    while position >= 0:
        if position > 0 and data[position - 1] == 0x20 and data[position + 1 : position + 2] not in (b"", b" ", b"\t", b"\n", b"#"):
            return True
        position = data.find(b"#", position + 1)
    return False


def cut_by_comment(source: str | bytes) -> list[Hint]:
    """Plain values that YAML cut at ' #', each with the quoted value to write instead.

    Only the lines with a ' #' followed by text are read (a large catalog has few or none), so the
    cost is one scan of the file for ' #'.
    """
    if not _has_hash_text(source):
        return []
    text = source.decode() if isinstance(source, bytes) else source
    hints: list[Hint] = []
    seen: set[int] = set()
    for found in _HASH_TEXT.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        if line_start in seen:
            continue
        seen.add(line_start)
        line_end = text.find("\n", found.start())
        match = _CUT_LINE.fullmatch(text, line_start, line_end if line_end >= 0 else len(text))
        if match is None:
            continue
        key, value, after = match.group("key"), match.group("value"), match.group("after")
        hints.append(
            Hint(
                text.count("\n", 0, line_start) + 1,
                match.start("value") - line_start + 1,
                f"YAML reads ' #{after[:20]}' as a comment, so the {key} ends at '{value.strip()}'; "
                f"quote it to keep the rest: {key}: {_quoted(f'{value} #{after}')}",
            )
        )
    return hints
