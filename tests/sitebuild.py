"""Build a real site from a catalog file in a scratch folder: generator, then `mkdocs build --strict`."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Debian's chromium, started as the browser tests and the benchmark need it on this closed network.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _generated(folder: str, names: list[str]) -> list[str]:
    """What `python -m generator build` made in docs/ (links into docs/.gen): never copied."""
    if Path(folder) != ROOT / "docs":
        return []
    return [n for n in names if n == ".gen" or (Path(folder) / n).is_symlink()]


@dataclass(frozen=True)
class SiteBuild:
    root: Path  # a copy of the project: mkdocs.yml, docs/, overrides/, generator/
    papers: Path
    site: Path
    generator_output: str
    mkdocs_output: str

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["NO_MKDOCS_2_WARNING"] = "1"
    out["PYTHONPATH"] = str(ROOT)
    return out


def copy_project(dest: Path, papers: Path) -> Path:
    """A scratch copy of the project around ``papers``; returns the copied catalog's path."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "docs",
        dest / "docs",
        ignore=_generated,
    )
    target = dest / "papers.yaml"
    shutil.copy2(papers, target)
    return target


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env(), capture_output=True, text=True, check=False)


def build(dest: Path, papers: Path) -> SiteBuild:
    """Copy the project, generate the pages and build the site; fail loudly on any error."""
    catalog = copy_project(dest, papers)
    gen = run(["-m", "generator", "build"], dest)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    mk = run(["-m", "mkdocs", "build", "--strict"], dest)
    assert mk.returncode == 0, mk.stdout + mk.stderr
    return SiteBuild(root=dest, papers=catalog, site=dest / "site", generator_output=gen.stdout, mkdocs_output=mk.stderr)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser context closed mid-download: nothing to report


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the context lasts."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
