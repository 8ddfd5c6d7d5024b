"""Shared fixtures: the real catalog built once into a real site, and that site served on 127.0.0.1."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import pytest

from generator import site
from generator.model import Catalog
from tests import catalogs
from tests.sitebuild import CATALOG, FIRST, SUBPATH_URL, SiteBuild, build, serve

# The fixtures that build or serve the catalog under test (papers.yaml, or the file CATALOG names).
CATALOG_FIXTURES = frozenset(
    {
        "catalog_under_test",
        "real_site",
        "real_site_subpath",
        "zensical_site",
        "zensical_site_subpath",
        "real_site_url",
        "zensical_site_url",
    }
)
# The fixtures that build a whole site (MkDocs or Zensical): a test that uses one is `slow`.
SITE_FIXTURES = (CATALOG_FIXTURES - {"catalog_under_test"}) | {"first_site", "first_site_url"}


def _catalog_readers(module: types.ModuleType) -> set[str]:
    """Names of the module's functions that read CATALOG, directly or through another such function."""
    functions = {}
    for name, value in vars(module).items():
        code = getattr(getattr(value, "__wrapped__", value), "__code__", None)
        if code is not None:
            functions[name] = set(code.co_names)
    readers = {name for name, names in functions.items() if "CATALOG" in names}
    while True:
        more = {name for name, names in functions.items() if names & readers} - readers
        if not more:
            return readers
        readers |= more


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Mark `catalog` every test that reads the catalog under test, so `make test-fork` can run
    just those against the second catalog, and `pytest -m catalog` counts them; mark `slow` every
    test that uses a fixture building a whole site, so `-m "not slow"` leaves them all out."""
    readers: dict[str, set[str]] = {}
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        module = getattr(item, "module", None)
        function = getattr(item, "function", None)
        if module is None or function is None:
            continue
        if module.__name__ not in readers:
            readers[module.__name__] = _catalog_readers(module)
        names = set(function.__code__.co_names)
        if CATALOG_FIXTURES & set(item.fixturenames) or names & (readers[module.__name__] | {"CATALOG"}):
            item.add_marker(pytest.mark.catalog)


@pytest.fixture(scope="session")
def catalog_under_test() -> Catalog:
    """The catalog under test (papers.yaml, or the file CATALOG names), loaded once (tests/catalogs.py)."""
    return catalogs.under_test()


@pytest.fixture(scope="session")
def first_catalog() -> Catalog:
    """The frozen first catalog (tests/fixtures/first), loaded once."""
    return catalogs.first()


@pytest.fixture(scope="session")
def small_catalog() -> Catalog:
    """tests/fixtures/valid/small.yaml, loaded once."""
    return catalogs.small()


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
def first_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The frozen first catalog (tests/fixtures/first) built into a site, for tests of search and map
    behaviour on its real text: the session's real_site itself while papers.yaml holds the same catalog."""
    if site.load_catalog(CATALOG) == site.load_catalog(FIRST):
        built: SiteBuild = request.getfixturevalue("real_site")
        return built
    return build(tmp_path_factory.mktemp("first-site"), FIRST)


@pytest.fixture(scope="session")
def first_site_url(first_site: SiteBuild) -> Iterator[str]:
    """The built first catalog, served over HTTP on 127.0.0.1."""
    with serve(first_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def real_site_url(real_site: SiteBuild) -> Iterator[str]:
    """The built real catalog, served over HTTP on 127.0.0.1."""
    with serve(real_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_site_url(zensical_site: SiteBuild) -> Iterator[str]:
    """The real catalog built by Zensical, served over HTTP on 127.0.0.1."""
    with serve(zensical_site.site) as url:
        yield url
