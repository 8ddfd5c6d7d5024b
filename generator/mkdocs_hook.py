"""A convenience for ``mkdocs serve`` only: regenerate the pages when papers.yaml changes, fast.

The site never depends on this hook: ``python -m generator build && mkdocs build`` builds it, and
so can MkDocs' successors, which run no hooks. Under ``mkdocs build`` this hook does nothing.
"""

from __future__ import annotations

import copy
import html
import json
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import search_hook, urls, writer  # noqa: E402
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


_state: Any = None  # the preview's Generation (generator/preview.py): what docs/ was last made from
_rebuild: frozenset[str] | None = None  # the generated pages this rebuild must render; None: all of them
_problems = ""  # what is wrong with papers.yaml now ("" when nothing): shown at the top of the pages rendered
_previous_site: Path | None = None  # the last rebuild's output, moved aside: pages not rendered again come from it
PREVIEW_NOTE = (
    '<p class="catalog-preview-note" data-search-exclude>Preview (<code>make serve</code>): this page shows your edit; '
    "related papers, the map, other papers' pages and the site search's entry for this page are as the last full build "
    "made them until <code>make build</code> or a restart of <code>make serve</code>.</p>\n"
)


def on_pre_build(config: Any) -> None:
    """Bring the generated pages up to date with papers.yaml: only the pages an edit touches, when it can."""
    global _state, _rebuild, _previous_site, _problems
    if not _serving:
        return
    from generator import preview  # here, not at the top: it imports scikit-learn, which `mkdocs build` never needs

    config_file = Path(config.config_file_path)
    papers = config_file.parent / "papers.yaml"
    docs = Path(config.docs_dir)
    recovering = bool(_problems)
    try:
        done = preview.update(_state, papers, config_file, docs, display="papers.yaml")
    except (CatalogError, writer.OutputConflict) as error:
        if _state is None and not (docs / writer.GEN / writer.CURRENT).is_dir():
            raise PluginError(f"papers.yaml has problems, and there are no pages yet to show:\n{error}") from None
        # Keep serving the last good pages, with the problems at the top of the pages this
        # rebuild renders (the home page and the hand-written ones) and in the terminal. Printed,
        # not logged: under --strict a logged error would abort the rebuild, and the server
        # would then hold every request until papers.yaml is fixed.
        _problems = str(error)
        print(f"papers.yaml has problems; the site shows the last good pages until they are fixed:\n{error}", file=sys.stderr)
        _rebuild = frozenset({urls.HOME}) if _state is not None else None
    else:
        _problems = ""
        _state = done.generation
        _rebuild = done.changed
        if recovering and _rebuild is not None:
            _rebuild |= {urls.HOME}  # the home page showed the problems: render it again without them
        if done.written or done.removed:
            how = "full build" if done.changed is None else "preview of the edited pages"
            print(f"generator ({how}): {done.written} pages written, {done.removed} removed", file=sys.stderr)
    _previous_site = None
    site_dir = Path(config.site_dir)
    if _rebuild is not None and (site_dir / "index.html").is_file():
        # MkDocs empties site_dir next: keep the last output, whose pages this rebuild reuses.
        _previous_site = site_dir.with_name(site_dir.name + ".previous")
        shutil.rmtree(_previous_site, ignore_errors=True)
        site_dir.rename(_previous_site)
        site_dir.mkdir()


class _Reused(File):
    """A generated page not rendered again, or a generated file not changed: as the previous rebuild wrote it."""

    built: str

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        if "/" in self.dest_uri:
            return  # moved back into place with its folder (on_files)
        dest = Path(self.abs_dest_path)
        if dest.is_file():
            return
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.hardlink_to(self.built)


# What the last output keeps for on_post_build (the search index and sitemap of every page).
_KEPT_ASIDE = frozenset({"search", "sitemap.xml", "sitemap.xml.gz"})


_built: frozenset[str] = frozenset()  # the files (their dest_uri) in the last successful rebuild's output
_building: frozenset[str] = frozenset()  # those of this rebuild, once it succeeds


def on_files(files: Files, config: Any) -> Files:
    """In a preview rebuild, every generated page the edit left alone comes from the last output as it is."""
    global _building
    _building = frozenset(file.dest_uri for file in files)
    if _previous_site is None or _rebuild is None:
        return files
    docs = Path(config.docs_dir)
    generated = {entry.name for entry in docs.iterdir() if entry.is_symlink()}  # the generator's names in docs/
    # MkDocs has emptied site_dir by now: the last output's folders go back as they are (one rename
    # each, not a link per file); the pages rendered again are written over their old copies.
    site_dir = Path(config.site_dir)
    for entry in sorted(_previous_site.iterdir()):
        if entry.name not in _KEPT_ASIDE and not (site_dir / entry.name).exists():
            entry.rename(site_dir / entry.name)
    out: list[File] = []
    for file in files:
        if file.src_uri not in _rebuild and file.dest_uri in _built and file.src_uri.split("/", 1)[0] in generated:
            reused = copy.copy(file)
            reused.__class__ = _Reused
            assert isinstance(reused, _Reused)
            reused.built = str(_previous_site / file.dest_uri)
            out.append(reused)
        else:
            out.append(file)
    return Files(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """A generated page rendered again by the preview keeps its entries in Material's search index from the last build.

    Material's search plugin reads every page it renders through Python's HTML parser: at 10,000
    papers, a theme page or the home page is a few thousand cards, and indexing the pages an edit
    renders took a third of the rebuild. The edit is searchable in the header at once all the
    same: header-search.js lists papers from Explore's index, which the preview makes again.
    """
    if _previous_site is not None and _rebuild and page.file.src_uri in _rebuild:
        search_hook.exclude(page)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if _problems:
        return problems_note(_problems) + html
    if _previous_site is not None and _rebuild and page.file.src_uri in _rebuild:
        return PREVIEW_NOTE + html
    return html


def problems_note(problems: str, shown: int = 20) -> str:
    """The box at the top of a page while papers.yaml has problems: what they are, escaped."""
    lines = problems.split("\n")
    more = f"\n… and {len(lines) - shown} more (see the terminal)" if len(lines) > shown else ""
    return (
        '<div class="admonition failure catalog-serve-problems" role="alert" data-search-exclude>'
        '<p class="admonition-title">papers.yaml has problems: the site shows the last good pages until they are fixed</p>'
        f"<pre><code>{html.escape(chr(10).join(lines[:shown]) + more)}</code></pre></div>\n"
    )


def on_post_build(config: Any) -> None:
    """After a preview rebuild: the search index and sitemap of every page, not just of those rendered again."""
    global _previous_site, _built
    _built = _building
    previous = _previous_site
    if previous is None:
        return
    _previous_site = None
    site_dir = Path(config.site_dir)
    index = site_dir / "search" / "search_index.json"
    old_index = previous / "search" / "search_index.json"
    if index.is_file() and old_index.is_file():
        new = json.loads(index.read_text(encoding="utf-8"))
        rendered = {d["location"].split("#", 1)[0] for d in new["docs"]}
        kept = [d for d in json.loads(old_index.read_text(encoding="utf-8"))["docs"] if d["location"].split("#", 1)[0] not in rendered]
        new["docs"] = kept + new["docs"]
        index.write_text(json.dumps(new, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        if (previous / name).is_file():
            (site_dir / name).unlink(missing_ok=True)
            (site_dir / name).hardlink_to(previous / name)
    threading.Thread(target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True}, daemon=True).start()


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
