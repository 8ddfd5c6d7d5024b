"""Generated files change all at once: a build, failed or killed at any moment, never leaves a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import config, site
from generator.writer import OutputConflict, write_tree
from tests import synthetic
from tests.sitebuild import CATALOG, ROOT, copy_project, env

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


def read_generated(docs: Path) -> dict[str, str | bytes]:
    """What MkDocs sees of the generated part of docs/: everything reached through the links (a .gz file as bytes)."""
    out: dict[str, str | bytes] = {}
    for entry in sorted(docs.iterdir()):
        if not entry.is_symlink():
            continue
        if entry.is_dir():
            for path in sorted(entry.rglob("*")):
                if path.is_file():
                    out[f"{entry.name}/{path.relative_to(entry).as_posix()}"] = path.read_text(encoding="utf-8")
        elif entry.exists():
            out[entry.name] = entry.read_bytes() if entry.suffix == ".gz" else entry.read_text(encoding="utf-8")
        else:
            out[entry.name] = "<dangling link>"
    return out


def expected(papers: Path, mkdocs_yml: Path) -> dict[str, str | bytes]:
    return site.generate(site.load_catalog(papers), config.read(mkdocs_yml))


def test_generated_names_are_links_into_the_current_generation(tmp_path: Path) -> None:
    files = {"index.md": "home\n", "papers/a.md": "a\n", "papers/b.md": "b\n"}
    write_tree(tmp_path, files)
    assert os.readlink(tmp_path / "papers") == ".gen/current/papers"
    assert read_generated(tmp_path) == files


def test_unchanged_files_keep_their_inode_and_stale_ones_go(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.md": "home\n", "papers/a.md": "a\n", "papers/b.md": "b\n", "feeds/x.xml": "x\n"})
    inode = (tmp_path / "papers" / "a.md").stat().st_ino
    report = write_tree(tmp_path, {"index.md": "home 2\n", "papers/a.md": "a\n"})
    assert report.written == ["index.md"]
    assert report.removed == ["feeds/x.xml", "papers/b.md"]
    assert (tmp_path / "papers" / "a.md").stat().st_ino == inode
    assert not (tmp_path / "feeds").exists() and not (tmp_path / "feeds").is_symlink()
    assert sorted(p.name for p in (tmp_path / ".gen").iterdir()) == sorted(["current", os.readlink(tmp_path / ".gen" / "current")])


@pytest.mark.slow
def test_a_build_after_the_move_to_folder_pages_leaves_no_old_page(tmp_path: Path) -> None:
    """Pages were papers/<slug>.md, tags.md, data.md …; now each is <folder>/index.md. MkDocs must see no old one.

    An old page left beside its new folder would be a second page at the same URL.
    """
    copy_project(tmp_path, SMALL)
    docs = tmp_path / "docs"
    catalog = site.load_catalog(tmp_path / "papers.yaml")
    new = site.generate(catalog, config.read(tmp_path / "mkdocs.yml"))

    def flat(name: str) -> str:
        return (
            name
            if name == "index.md"
            or not name.endswith("/index.md")
            or (name.count("/") == 1 and name.startswith(("explore/", "map/", "updates/")))
            else name.removesuffix("/index.md") + ".md"
        )

    old = {flat(name): text for name, text in new.items()}
    assert "tags.md" in old and "data.md" in old and f"papers/{catalog.papers[0].slug}.md" in old
    write_tree(docs, old)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=tmp_path, env=env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert read_generated(docs) == new
    assert not (docs / "tags.md").exists() and not (docs / "tags.md").is_symlink()
    assert not (docs / "data.md").exists() and not (docs / "data.md").is_symlink()
    assert not list(docs.glob("papers/*.md")) and not list(docs.glob("themes/*.md"))
    assert sorted(p.name for p in (docs / ".gen").iterdir()) == sorted(["current", os.readlink(docs / ".gen" / "current")])


def test_a_hand_written_file_in_the_way_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.md": "home\n"})
    (tmp_path / "notes.md").write_text("mine\n", encoding="utf-8")
    before = read_generated(tmp_path)
    with pytest.raises(OutputConflict, match=r"docs/notes.md"):
        write_tree(tmp_path, {"index.md": "home 2\n", "notes.md": "generated\n"})
    assert read_generated(tmp_path) == before
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "mine\n"


def test_a_stream_that_fails_half_way_changes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.md": "home\n", "papers/a.md": "a\n"})
    before = read_generated(tmp_path)
    generations = sorted(p.name for p in (tmp_path / ".gen").iterdir())

    def stream() -> Iterator[tuple[str, str]]:
        yield "index.md", "home 2\n"
        yield "papers/b.md", "b\n"
        raise RuntimeError("the generator broke")

    with pytest.raises(RuntimeError, match="broke"):
        write_tree(tmp_path, stream())
    assert read_generated(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / ".gen").iterdir()) == generations


def test_a_stream_writes_what_a_mapping_writes(tmp_path: Path) -> None:
    files = {"index.md": "home\n", "papers/b.md": "b\n", "papers/a.md": "a\n"}
    write_tree(tmp_path / "one", files)
    write_tree(tmp_path / "two", iter(reversed(files.items())))
    assert read_generated(tmp_path / "one") == read_generated(tmp_path / "two") == files
    assert os.readlink(tmp_path / "one/.gen/current") == os.readlink(tmp_path / "two/.gen/current")
    with pytest.raises(ValueError, match=r"papers/a\.md twice"):
        write_tree(tmp_path / "two", iter([("papers/a.md", "a\n"), ("papers/a.md", "b\n")]))
    assert read_generated(tmp_path / "two") == files


def test_generated_names_are_git_ignored() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = expected(CATALOG, ROOT / "mkdocs.yml")
    names = sorted({f"docs/{name.split('/', 1)[0]}" for name in files} | {"docs/.gen"})
    result = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT, capture_output=True, text=True, check=False)
    assert sorted(result.stdout.split()) == names


# A build in a child process that stops at a named moment and says so on stdout, to be killed there:
# ``file N`` (just before the N-th file is written), ``end`` (every file written, before the swap)
# or ``swapped`` (the new generation is current, the top-level links not yet checked).
_STOPPING_BUILD = """
import sys, time
from pathlib import Path
from generator import config, site, writer
papers, moment = Path(sys.argv[1]), sys.argv[2]

def stop(name):
    print(name, flush=True)
    time.sleep(600)

def files():
    made = site.files(site.load_catalog(papers), config.read(Path("mkdocs.yml")))
    for i, item in enumerate(made):
        if moment == f"file {i}":
            stop(moment)
        yield item
    if moment == "end":
        stop(moment)

if moment == "swapped":
    link_top_level = writer._link_top_level
    writer._link_top_level = lambda docs, names: (stop(moment), link_top_level(docs, names))
writer.write_tree(Path("docs"), files())
"""


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_files(tmp_path: Path) -> None:
    copy_project(tmp_path, SMALL)
    mkdocs_yml = tmp_path / "mkdocs.yml"
    docs = tmp_path / "docs"
    old = expected(tmp_path / "papers.yaml", mkdocs_yml)
    write_tree(docs, old)
    assert read_generated(docs) == old
    big = synthetic.write(tmp_path / "big.yaml", 40)
    new = expected(big, mkdocs_yml)
    count = len(new)
    outcomes = {}
    for moment in ("file 0", "file 1", f"file {count // 2}", f"file {count - 1}", "end", "swapped"):
        proc = subprocess.Popen(
            [sys.executable, "-c", _STOPPING_BUILD, str(big), moment], cwd=tmp_path, env=env(), stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == moment, "the build ended before its moment"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        seen = read_generated(docs)
        assert seen in (old, new), f"a mix after a kill at {moment}"
        outcomes[moment] = "new" if seen == new else "old"
        if seen == new:
            write_tree(docs, expected(tmp_path / "papers.yaml", mkdocs_yml))
            assert read_generated(docs) == old
    assert outcomes == {moment: "old" for moment in outcomes if moment != "swapped"} | {"swapped": "new"}
    write_tree(docs, new)  # and a build that is not killed leaves the new files
    assert read_generated(docs) == new
