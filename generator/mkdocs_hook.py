"""A convenience for ``mkdocs serve`` only: regenerate the pages when papers.yaml changes, fast.

The site never depends on this hook: ``python -m generator build && mkdocs build`` builds it, and
so can MkDocs' successors, which run no hooks. Under ``mkdocs build`` this hook does nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import writer  # noqa: E402
from generator.errors import CatalogError  # noqa: E402

_serving = False


class _CompiledTemplates(jinja2.BytecodeCache):
    """Material's templates, compiled once per ``mkdocs serve`` rather than on every rebuild.

    MkDocs makes a new Jinja environment for each rebuild, which compiles the theme's templates
    again: about a fifth of a rebuild of the real catalog. Jinja checks each entry against its
    template's source, so an edited template (in overrides/) is compiled afresh.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_templates = _CompiledTemplates()


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
    from generator import site  # here, not at the top: it imports scikit-learn, which `mkdocs build` never needs

    config_file = Path(config.config_file_path)
    papers = config_file.parent / "papers.yaml"
    try:
        report = site.build(papers, config_file, Path(config.docs_dir), display="papers.yaml")
    except CatalogError as error:
        raise PluginError(f"papers.yaml has problems; the pages were left as they were:\n{error}") from None
    if report.written or report.removed:
        print(f"generator: {len(report.written)} pages written, {len(report.removed)} removed", file=sys.stderr)


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if _serving:
        env.bytecode_cache = _templates
    return env


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch papers.yaml and the hand-written files of docs/, but not the generated ones.

    MkDocs polls all of docs/ every half second, following links; the pages this hook writes
    during a rebuild would then set off a second, useless rebuild (during which the server holds
    back requests), and at 10,000 papers each poll would look at every generated file. So each
    hand-written file and folder of docs/ is watched on its own. A page added to docs/ while
    serving needs a restart to be watched; editing papers.yaml or a page is picked up at once.
    """
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        if entry.name != writer.GEN and not entry.is_symlink():
            server.watch(str(entry))
    server.watch(str(Path(config.config_file_path).parent / "papers.yaml"))
    return server
