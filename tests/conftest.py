"""Shared fixtures: the real catalog built once into a real site, and that site served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, SiteBuild, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """papers.yaml through `python -m generator build` and `mkdocs build --strict`."""
    return build(tmp_path_factory.mktemp("real-site"), ROOT / "papers.yaml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the context."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def real_site_url(real_site: SiteBuild) -> Iterator[str]:
    """The built real catalog, served over HTTP on 127.0.0.1."""
    yield from serve(real_site.site)
