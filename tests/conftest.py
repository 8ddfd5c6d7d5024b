"""Shared fixtures: the real catalog built once into a real site, and that site served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sitebuild import ROOT, SiteBuild, build, serve


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """papers.yaml through `python -m generator build` and `mkdocs build --strict`."""
    return build(tmp_path_factory.mktemp("real-site"), ROOT / "papers.yaml")


@pytest.fixture(scope="session")
def real_site_url(real_site: SiteBuild) -> Iterator[str]:
    """The built real catalog, served over HTTP on 127.0.0.1."""
    with serve(real_site.site) as url:
        yield url
