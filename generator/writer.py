"""Write generated files: only those whose content changed, each atomically, and prune stale ones."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Folders below docs/ that hold nothing but generated files: anything else in them is stale.
GENERATED_DIRS = ("papers", "themes", "updates", "feeds", "bib")


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(root: Path, files: dict[str, str]) -> WriteReport:
    """Bring ``root`` in line with ``files`` (relative path → text), touching as little as possible."""
    report = WriteReport()
    for relative in sorted(files):
        path = root / relative
        data = files[relative].encode("utf-8")
        try:
            if path.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        write_atomic(path, data)
        report.written.append(relative)
    for folder in GENERATED_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
                report.removed.append(relative)
    return report
