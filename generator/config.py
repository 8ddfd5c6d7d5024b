"""Site-wide settings, read from mkdocs.yml where MkDocs users keep them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig:
    """What the generator needs to know about the site it writes pages for.

    Not the site's name: that is the catalog's title in papers.yaml, which the generator writes
    into docs/.nav.yml as ``site_name`` (mkdocs.yml inherits it), so a fork renames it in one place.
    """

    site_url: str = ""
    repo_url: str = ""
    docs_dir: str = "docs"
    use_directory_urls: bool = True
    extra_nav: tuple[Any, ...] = ()


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, skipping the Python and environment tags MkDocs understands."""


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV [NAME, default]``: the first variable that is set, else the default."""
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
_ConfigLoader.add_multi_constructor("!", _ignore)


def read(path: Path) -> SiteConfig:
    """Settings from mkdocs.yml; defaults where it is missing or silent."""
    if not path.is_file():
        return SiteConfig()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # noqa: S506 - SafeLoader subclass
    extra = data.get("extra") or {}
    catalog = extra.get("catalog") or {}
    return SiteConfig(
        site_url=str(data.get("site_url") or ""),
        repo_url=str(data.get("repo_url") or ""),
        docs_dir=str(data.get("docs_dir") or "docs"),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        extra_nav=tuple(catalog.get("nav") or ()),
    )
