"""Write the generated files into docs/ so that readers of docs/ see the old set or the new, never a mix.

Each build writes a complete *generation* into ``docs/.gen/<id>/`` (the id is a hash of the
content; the files are written as the generator makes them, into a staging folder that becomes
``<id>`` when the last one is written), then swaps one symbolic link, ``docs/.gen/current``, to it: a single atomic rename. The
generated names in docs/ (``index.md``, ``papers/``, ``feeds/`` …) are links into
``.gen/current/``, so they all change at that one moment. A build that fails, or is killed before
the swap, leaves the previous generation in place and in use; files that did not change are hard
links to the previous generation's, so they keep their inode and modification time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import urls

GEN = ".gen"
CURRENT = "current"
# What versions of the generator before generations wrote straight into docs/: replaced by links.
LEGACY = urls.LEGACY


class OutputConflict(Exception):
    """A hand-written file in docs/ stands where the generator writes; nothing was written."""


class UnsafeLink(OutputConflict):
    """A symbolic link would make the generator write or delete, or MkDocs publish, outside the project."""


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def links_out(docs: Path) -> list[tuple[str, str]]:
    """``(path, target)`` of every symbolic link below ``docs`` whose target is outside it.

    MkDocs follows links: ``docs/x.md`` linked to a file of the build machine would be published and
    put in the search index. The generator's own links (``docs/papers`` → ``.gen/current/papers``)
    stay inside docs/ and are not reported; a ``docs/.gen`` that is itself a link is. Paths are
    relative to the folder holding docs/, like ``docs/x.md``.
    """
    root = os.path.realpath(docs)
    out: list[tuple[str, str]] = []
    for folder, dirs, names in os.walk(docs, followlinks=False):
        if Path(folder) == docs and GEN in dirs and not (docs / GEN).is_symlink():
            dirs.remove(GEN)  # the generator's own folder: check_links looks at it
        for name in sorted(dirs + names):
            entry = Path(folder) / name
            if entry.is_symlink() and not _inside(os.path.realpath(entry), root):
                out.append((entry.relative_to(docs.parent).as_posix(), entry.readlink().as_posix()))
    return out


def check_links(docs: Path, project: Path | None = None) -> None:
    """Refuse to write through a link out of docs/ (or of ``project``): raise :class:`UnsafeLink`.

    A committed ``docs/.gen -> ../..`` (``git add -f`` passes .gitignore) would otherwise make the
    generator remove "stale generations" outside the checkout.
    """
    problems: list[str] = []
    if project is not None and not _inside(os.path.realpath(docs), os.path.realpath(project)):
        problems.append(f"{docs} is a link out of the project (to {os.path.realpath(docs)})")
    gen = docs / GEN
    if gen.is_symlink():
        problems.append(
            f"{docs.name}/{GEN} is a symbolic link (to {gen.readlink().as_posix()}); the generator writes only into a real folder"
        )
    elif gen.is_dir():
        current = gen / CURRENT
        if current.is_symlink():
            target = current.readlink().as_posix()
            if "/" in target or os.sep in target or target in (".", "..") or (gen / target).is_symlink():
                problems.append(f"{docs.name}/{GEN}/{CURRENT} links to {target}, not to a generation inside {docs.name}/{GEN}")
        elif current.exists():
            problems.append(f"{docs.name}/{GEN}/{CURRENT} is not a symbolic link")
        for entry in gen.iterdir():
            if entry.is_symlink() and entry.name != CURRENT and not entry.name.startswith(".tmp-current-"):
                problems.append(f"{docs.name}/{GEN}/{entry.name} is a symbolic link (to {entry.readlink().as_posix()})")
    if not problems:
        problems = [f"{path} is a symbolic link to {target}, outside {docs.name}/" for path, target in links_out(docs)]
    if problems:
        raise UnsafeLink("; ".join(problems) + "; remove it")


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def generation_id(digests: dict[str, bytes]) -> str:
    """A name for a set of files: a hash of every path and its content's hash, in path order."""
    digest = hashlib.sha256()
    for name in sorted(digests):
        digest.update(name.encode("utf-8") + b"\0" + digests[name])
    return "g" + digest.hexdigest()[:16]


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        tmp.write_bytes(data)
        tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _listing(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def write_tree(docs: Path, files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]]) -> WriteReport:
    """Make ``files`` (path relative to docs/ → text, or UTF-8 bytes) the generated part of ``docs``, atomically.

    ``files`` may be a stream of ``(path, text)`` pairs: each file is written into a staging folder
    as it comes and then dropped from memory, so a large catalog never has all its pages in memory
    at once. Nothing in docs/ changes until the stream has ended without an error; then one rename.
    """
    report = WriteReport()
    check_links(docs)
    gen = docs / GEN
    gen.mkdir(parents=True, exist_ok=True)
    current = gen / CURRENT
    old_dir = gen / current.readlink() if current.is_symlink() else None
    old = _listing(old_dir) if old_dir else {}
    staging = gen / f".tmp-stage-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    digests: dict[str, bytes] = {}
    folders = {staging}
    try:
        for name, text in files.items() if isinstance(files, Mapping) else files:
            if name in digests:
                raise ValueError(f"the generator made {name} twice")
            data = text.encode("utf-8") if isinstance(text, str) else text
            digests[name] = hashlib.sha256(data).digest()
            target = staging / name
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            previous = old.get(name)
            if previous is not None and previous.stat().st_size == len(data) and previous.read_bytes() == data:
                os.link(previous, target)
            else:
                target.write_bytes(data)
                target.chmod(0o644)
                report.written.append(name)
        names = {name.split("/", 1)[0] for name in digests}
        conflicts = sorted(n for n in names if (docs / n).exists() and not (docs / n).is_symlink() and n not in LEGACY)
        if conflicts:
            raise OutputConflict(
                "the generator writes " + ", ".join(f"docs/{n}" for n in conflicts) + ", but a hand-written file is there; rename it"
            )
        new_id = generation_id(digests)
        new_dir = gen / new_id
        if new_dir.is_dir():  # this very set of files is there already (a rebuild with no change)
            shutil.rmtree(staging)
        else:
            staging.rename(new_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.written.sort()
    report.unchanged = len(digests) - len(report.written)
    report.removed = sorted(set(old) - set(digests))

    # The swap: one rename makes the whole new generation current.
    link = gen / f".tmp-current-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(new_id, target_is_directory=True)
    link.replace(current)

    _link_top_level(docs, names)
    for stale in gen.iterdir():
        if stale.name not in (CURRENT, new_id):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
    return report


def patch(docs: Path, files: Mapping[str, str | bytes]) -> list[str]:
    """``make serve``'s preview only: replace some files of the current generation; returns those that changed.

    Each file is replaced by a rename (never rewritten in place, so a hard link from an older
    generation keeps its content), and the generation's folder is renamed to a name that is not
    a content hash, so that the next ``write_tree`` never takes it for the set of files it makes.
    """
    gen = docs / GEN
    current = gen / CURRENT
    folder = gen / current.readlink()
    written = []
    for name, text in sorted(files.items()):
        data = text.encode("utf-8") if isinstance(text, str) else text
        path = folder / name
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        write_atomic(path, data)
        written.append(name)
    if written:
        # preview-1, preview-2 …: counted, not timed, so that nothing the generator does reads the clock.
        count = int(folder.name.removeprefix("preview-")) if folder.name.startswith("preview-") else 0
        patched = gen / f"preview-{count + 1}"
        folder.rename(patched)
        link = gen / f".tmp-current-{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(patched.name, target_is_directory=True)
        link.replace(current)
    return written


def _link_top_level(docs: Path, names: set[str]) -> None:
    """docs/<name> → .gen/current/<name> for every generated name; remove links no longer made."""
    for entry in docs.iterdir():
        if entry.is_symlink() and entry.readlink().as_posix().startswith(f"{GEN}/{CURRENT}/") and entry.name not in names:
            entry.unlink()
    for name in sorted(names):
        entry = docs / name
        wanted = f"{GEN}/{CURRENT}/{name}"
        if entry.is_symlink() and entry.readlink().as_posix() == wanted:
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink()
        elif entry.is_dir():  # pages an older generator wrote straight into docs/ (LEGACY)
            shutil.rmtree(entry)
        tmp = docs / f".tmp-link-{os.getpid()}-{name}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(wanted)
        tmp.replace(entry)
