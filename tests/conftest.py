"""Shared fixtures: the real catalog built once into a real site, and that site served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sitebuild import CATALOG, SUBPATH_URL, SiteBuild, build, serve


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """papers.yaml (or the file CATALOG names) through `python -m generator build` and `mkdocs build --strict`."""
    return build(tmp_path_factory.mktemp("real-site"), CATALOG)


@pytest.fixture(scope="session")
def real_site_subpath(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The real catalog built by MkDocs for a GitHub project's pages address, under /<repo>/."""
    return build(tmp_path_factory.mktemp("real-site-subpath"), CATALOG, site_url=SUBPATH_URL)


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """papers.yaml (or the file CATALOG names) through `python -m generator build` and `zensical build --strict`."""
    return build(tmp_path_factory.mktemp("zensical-site"), CATALOG, engine="zensical")


@pytest.fixture(scope="session")
def zensical_site_subpath(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The real catalog built by Zensical for a GitHub project's pages address, under /<repo>/."""
    return build(tmp_path_factory.mktemp("zensical-site-subpath"), CATALOG, engine="zensical", site_url=SUBPATH_URL)


@pytest.fixture(scope="session")
def real_site_url(real_site: SiteBuild) -> Iterator[str]:
    """The built real catalog, served over HTTP on 127.0.0.1."""
    with serve(real_site.site) as url:
        yield url
