"""A convenience for ``mkdocs serve`` only: regenerate the pages when papers.yaml changes.

The site never depends on this hook: ``python -m generator build && mkdocs build`` builds it, and
so can MkDocs' successors, which run no hooks. Under ``mkdocs build`` this hook does nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import site  # noqa: E402
from generator.errors import CatalogError  # noqa: E402

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
    config_file = Path(config.config_file_path)
    papers = config_file.parent / "papers.yaml"
    try:
        report = site.build(papers, config_file, Path(config.docs_dir), display="papers.yaml")
    except CatalogError as error:
        raise PluginError(f"papers.yaml has problems; the pages were left as they were:\n{error}") from None
    if report.written or report.removed:
        print(f"generator: {len(report.written)} pages written, {len(report.removed)} removed", file=sys.stderr)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(Path(config.config_file_path).parent / "papers.yaml"))
    return server
