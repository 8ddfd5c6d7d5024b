"""The catalogs the tests read, each loaded (and the small one generated) once per test session.

``under_test()`` is papers.yaml, or the file CATALOG names; ``first()`` the frozen first catalog;
``small()`` tests/fixtures/valid/small.yaml. The same catalogs are the session fixtures
``catalog_under_test``, ``first_catalog`` and ``small_catalog`` (tests/conftest.py); test modules that need
them at collection time (in ``parametrize``) call these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from generator import config, site
from generator.model import Catalog
from tests.sitebuild import CATALOG, FIRST, ROOT

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
EXAMPLE_SITE = config.SiteConfig(site_url="https://example.org/catalog/")


@cache
def under_test() -> Catalog:
    return site.load_catalog(CATALOG)


@cache
def first() -> Catalog:
    """The frozen first catalog: what real abstracts' words do (related papers, the map's themes)."""
    return site.load_catalog(FIRST)


@cache
def small() -> Catalog:
    return site.load_catalog(SMALL, "small.yaml")


@cache
def small_files() -> Mapping[str, str | bytes]:
    """Every file the small catalog generates for a site at https://example.org/catalog/ (read-only)."""
    return MappingProxyType(site.generate(small(), EXAMPLE_SITE))
