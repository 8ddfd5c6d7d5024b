"""Problems found in a catalog, reported compiler-style, all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong with the input, at a place a person can jump to."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def github(self) -> str:
        """The same problem as a GitHub workflow command, shown on the PR's diff line."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.file.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::error file={file},line={self.line},col={self.column}::{text}"


# A catalog can hold any number of mistakes (a 20 MB file of `{}` entries holds twenty million):
# the first this many are reported, and the rest counted.
MAX_PROBLEMS = 200


class CatalogError(Exception):
    """Raised with the problems of a catalog (the first ``MAX_PROBLEMS``, and how many more); nothing is written."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        ordered = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.field, p.message))
        self.problems = ordered[:MAX_PROBLEMS]
        self.more = more + len(ordered) - len(self.problems)
        lines = [str(p) for p in self.problems]
        if self.more:
            lines.append(self.more_line())
        super().__init__("\n".join(lines))

    @property
    def total(self) -> int:
        return len(self.problems) + self.more

    def more_line(self) -> str:
        return f"… and {self.more:,} more problem{'s' if self.more != 1 else ''} (only the first {MAX_PROBLEMS} are shown)"
