"""Build a real site from a catalog file in a scratch folder: generator, then `mkdocs build --strict` (or `zensical build`)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# The catalog that the tests about "the real catalog" read: papers.yaml, or the file CATALOG names
# (relative to the project), so the same tests run against a fork's catalog (make test-fork).
CATALOG = (ROOT / os.environ["CATALOG"]).resolve() if os.environ.get("CATALOG") else ROOT / "papers.yaml"
# A frozen copy of the first catalog, abstracts and all: for tests of what the analysis
# finds in real text, which must not change when papers.yaml does.
FIRST = ROOT / "tests" / "fixtures" / "first" / "papers.yaml"
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


ENGINES = ("mkdocs", "zensical")
# The address a site under a sub-path is built for: a GitHub project's pages (https://<user>.github.io/<repo>/).
SUBPATH_URL = "https://paper-catalog.github.io/paper-catalog/"


@dataclass(frozen=True)
class SiteBuild:
    root: Path  # a copy of the project: mkdocs.yml, docs/, overrides/, generator/
    papers: Path
    site: Path
    generator_output: str
    mkdocs_output: str  # what the engine printed
    engine: str = "mkdocs"
    site_url: str = "http://127.0.0.1:8000/"

    @property
    def base(self) -> str:
        """The path the site is served under: ``/`` at a domain root, ``/<repo>/`` for a project's pages."""
        return urlsplit(self.site_url).path or "/"

    @property
    def search_index(self) -> Path:
        """The engine's own search index: MkDocs' search/search_index.json, Zensical's search.json."""
        return self.site / ("search.json" if self.engine == "zensical" else "search/search_index.json")

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def env(site_url: str | None = None) -> dict[str, str]:
    out = dict(os.environ)
    out["NO_MKDOCS_2_WARNING"] = "1"
    out["PYTHONPATH"] = str(ROOT)
    out.pop("SITE_URL", None)
    if site_url:
        out["SITE_URL"] = site_url
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


def run(args: list[str], cwd: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env(site_url), capture_output=True, text=True, check=False)


def engine_build(engine: str, project: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` or ``zensical build --strict`` in ``project``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    return run(["-m", engine, "build", "--strict"], project, site_url)


def build(dest: Path, papers: Path, engine: str = "mkdocs", site_url: str | None = None) -> SiteBuild:
    """Copy the project, generate the pages and build the site with ``engine``; fail loudly on any error.

    ``site_url`` (mkdocs.yml's, through SITE_URL) defaults to mkdocs.yml's own, http://127.0.0.1:8000/.
    """
    catalog = copy_project(dest, papers)
    gen = run(["-m", "generator", "build"], dest, site_url)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    built = engine_build(engine, dest, site_url)
    assert built.returncode == 0, built.stdout + built.stderr
    return SiteBuild(
        root=dest,
        papers=catalog,
        site=dest / "site",
        generator_output=gen.stdout,
        mkdocs_output=built.stderr + built.stdout,
        engine=engine,
        site_url=site_url or "http://127.0.0.1:8000/",
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser context closed mid-download: nothing to report


@contextlib.contextmanager
def http_server(handler: Any) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 (a free port) answering with ``handler``; its base URL, no slash."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # a slow answer still running does not hold up the end
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the context lasts."""
    with http_server(functools.partial(_QuietHandler, directory=str(directory))) as base:
        yield base + "/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str) -> str | None:
    """The page at ``url``, or None if the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def append_to_abstract(text: str, title: str, words: str) -> str:
    """papers.yaml's text with ``words`` added at the end of one paper's abstract (its last line);
    a paper without an abstract gets one of just those words."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("- title:") and title in line)
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("- title:") or not lines[i].startswith(" ")), len(lines)
    )
    abstract = next((i for i in range(start, end) if lines[i].strip().startswith("abstract:")), None)
    if abstract is None:
        last = max(i for i in range(start, end) if lines[i].strip())
        lines[last + 1 : last + 1] = ["    abstract: >-", f"      {words}"]
        return "\n".join(lines)
    last = abstract + 1
    while last + 1 < len(lines) and lines[last + 1].startswith(" " * 6) and lines[last + 1].strip():
        last += 1
    lines[last] += f" {words}"
    return "\n".join(lines)


def _entry_lines(lines: list[str], title: str) -> tuple[int, int]:
    """The first and one-past-last line of the entry whose ``- title:`` line holds ``title``."""
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("- title:") and title in line)
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent), len(lines)
    )
    return start, end


def retitle(text: str, title: str, new_title: str) -> str:
    """papers.yaml's text with one paper's title replaced (written as a JSON string, which YAML reads as such)."""
    lines = text.split("\n")
    start, _ = _entry_lines(lines, title)
    lines[start] = lines[start].split("- title:", 1)[0] + "- title: " + json.dumps(new_title)
    return "\n".join(lines)


def add_theme(text: str, title: str, theme: str) -> str:
    """papers.yaml's text with ``theme`` added to one paper's themes (a block list or a flow list)."""
    lines = text.split("\n")
    start, end = _entry_lines(lines, title)
    at = next(i for i in range(start, end) if lines[i].strip().startswith("themes:"))
    if "[" in lines[at]:
        lines[at] = lines[at].replace("]", f", {theme}]", 1)
    else:
        prefix = lines[at + 1][: len(lines[at + 1]) - len(lines[at + 1].lstrip())] + "- "
        last = at + 1
        while last + 1 < end and lines[last + 1].startswith(prefix):
            last += 1
        lines.insert(last + 1, f"{prefix}{theme}")
    return "\n".join(lines)


@dataclass
class Served:
    """A running ``mkdocs serve``: its address, process and log."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def wait_for(self, url: str, text: str, timeout: float = 60) -> float:
        """Seconds until the page at ``url`` contains ``text`` (polled every 50 ms)."""
        started = time.monotonic()
        while text not in (http_get(url) or ""):
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() - started < timeout, f"{url} never showed {text!r}:\n" + self.log.read_text()
            time.sleep(0.05)
        return time.monotonic() - started


@contextlib.contextmanager
def mkdocs_serve(project: Path, start_timeout: float = 180) -> Iterator[Served]:
    """``mkdocs serve --strict`` in ``project`` on a free port, once it answers; stopped afterwards."""
    port = free_port()
    log = project / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    served = Served(f"http://127.0.0.1:{port}/", process, log)
    try:
        deadline = time.monotonic() + start_timeout
        while http_get(served.base) is None:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "mkdocs serve did not start:\n" + log.read_text()
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
