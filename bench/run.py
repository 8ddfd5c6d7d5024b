"""The benchmark: build synthetic catalogs of several sizes with the real pipeline and measure it.

For each size N it writes a seeded synthetic catalog (bench/synthetic.py), and for each run copies
the project into a scratch folder, runs ``python -m generator build`` and ``python -m mkdocs build
--strict`` as subprocesses (wall time, CPU time and peak RSS of each, from ``os.wait4``), measures
the built site, and, unless ``--no-browser``, serves it on 127.0.0.1 and times in headless Chromium
the Explore page's first answer, the Map page becoming interactive and Material's search becoming
ready. It prints medians over the runs as a Markdown table; ``--write`` also writes
docs/benchmarks.md with the machine and targets.

    python -m bench.run                       # N = 60, 1,000, 10,000; 3 runs each
    python -m bench.run --sizes 60 --runs 1 --no-browser
    python -m bench.run --write               # what `make bench` does
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import scale, synthetic
from generator import loader, site, urls
from generator.validate import validate
from tests.sitebuild import CHROMIUM, CHROMIUM_ARGS, ROOT, add_theme, append_to_abstract, copy_project, env, mkdocs_serve, retitle, serve

DEFAULT_SIZES = (60, 1_000, 10_000, 20_000, 40_000)
DEPLOYABLE = 40_000  # the catalog size the site must fit GitHub Pages at
BIG = 10_000  # sizes from here on get --big-runs runs (a run at 10,000 takes several minutes); the targets' size
# Lighthouse scores these sizes' sites (the targets: >= 90 at N = 60, >= 80 at N = 10,000).
LIGHTHOUSE_SIZES = (60, 10_000)
OUTPUT = ROOT / "docs" / "benchmarks.md"
# A word every synthetic catalog (and the real one) has in its titles or abstracts.
QUERY = "memory"
BROWSER_TIMEOUT_MS = 180_000
# Each page is timed this many times per build (a fresh browser context each: cold cache), and the
# median kept: one load at 10,000 papers varied from 0.7 to 1.1 s on this machine.
PAGE_LOADS = 3
NA = "n/a"
# Zensical builds the same docs/ at sizes up to this one (the first run only from BIG on: a run
# at 10,000 takes minutes); its figures are the Zensical rows of the table.
ZENSICAL_MAX = 10_000


# ---------------------------------------------------------------------------------------------
# Measuring one run


@dataclass(frozen=True, slots=True)
class Process:
    """One finished subprocess: wall seconds, CPU seconds (user + system) and peak RSS in bytes."""

    seconds: float
    cpu_seconds: float
    peak_rss: int
    output: str


def run_process(args: list[str], cwd: Path) -> Process:
    """Run ``python args`` in ``cwd`` and measure it; fail loudly if it fails."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=env(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"`python {' '.join(args)}` failed in {cwd}:\n{text}")
    # ru_maxrss is in kilobytes on Linux.
    return Process(seconds=seconds, cpu_seconds=usage.ru_utime + usage.ru_stime, peak_rss=usage.ru_maxrss * 1024, output=text)


STAGE = "stage: "  # the keys of a run's stage timings
ANALYTICS_STAGES = ("related papers (TF-IDF)", "map layout (t-SNE)")
_TIMING = re.compile(r"^  (.+?)\s+(\d+\.\d+) s$", re.MULTILINE)


def stage_seconds(output: str) -> dict[str, float]:
    """What ``python -m generator build --timings`` printed: seconds per stage, in its order."""
    timings = output.split("\nTimings:\n", 1)
    if len(timings) != 2:
        raise RuntimeError(f"`generator build --timings` printed no timings:\n{output}")
    return {name: float(seconds) for name, seconds in _TIMING.findall(timings[1])}


def gzipped(data: bytes) -> int:
    # Level 6 and no timestamp: what a web server sends, and the same size every time.
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def explore_files(site: Path) -> list[Path]:
    """The files the Explore page fetches (named by data-* attributes of its root: index, lunr.js, …)."""
    page = site / "explore" / "index.html"
    if not page.is_file():
        return []
    found = re.search(r"<div[^>]*\bdata-explore\b[^>]*>", page.read_text(encoding="utf-8"))
    if not found:
        return []
    addresses = re.findall(r'\bdata-[a-z-]+="([^"/][^"]*\.[a-z]+)"', found.group(0))
    return sorted({(page.parent / url).resolve() for url in addresses if (page.parent / url).is_file()})


_ARTICLE = re.compile(rb'<article class="md-content__inner.*?</article>', re.DOTALL)


def measure_site(site: Path) -> dict[str, Any]:
    """Sizes and search-index facts of a built site."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    pages = sorted((site / "papers").glob("*/index.html"))
    papers = sorted(p.stat().st_size for p in pages)
    # What of a paper page is the paper (Material's article element), the rest being the theme's header, navigation and scripts.
    articles = [len(found.group(0)) for p in pages if (found := _ARTICLE.search(p.read_bytes()))]
    index_bytes = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(index_bytes)["docs"]
    per_page = Counter(d["location"].split("#", 1)[0] for d in docs if d["location"].startswith("papers/"))
    out: dict[str, Any] = {
        "site_bytes": total,
        "paper_pages": len(papers),
        "paper_max": papers[-1] if papers else 0,
        "paper_median": statistics.median(papers) if papers else 0,
        "paper_article_median": statistics.median(articles) if articles else None,
        "search_raw": len(index_bytes),
        "search_gz": gzipped(index_bytes),
        "search_entries": len(docs),
        "search_paper_entries": sum(per_page.values()),
        "search_max_per_paper": max(per_page.values(), default=0),
    }
    files = explore_files(site)
    if files:
        data = [f.read_bytes() for f in files]
        page = (site / "explore" / "index.html").read_bytes()
        out |= {
            "explore_raw": sum(len(d) for d in data),
            "explore_gz": sum(gzipped(d) for d in data),
            "explore_page_raw": len(page),
            "explore_page_gz": gzipped(page),
        }
    return out


# performance.now() is measured from the navigation's start; polled on every animation frame.
EXPLORE_READY = """() => {
  const root = document.querySelector("[data-explore]");
  const row = document.querySelector(".explore-list > .explore-row:not([hidden])");
  return root && root.dataset.exploreState === "ready" && row ? performance.now() : null;
}"""
# map.js marks the map ready (data-map-state) once its points are in the page and its handlers attached,
# and records as the performance mark "map-ready" the end of the first frame that draws them.
MAP_READY = """() => {
  const root = document.querySelector("[data-map]");
  if (!root || root.dataset.mapState !== "ready") return null;
  const mark = performance.getEntriesByName("map-ready", "mark")[0];
  return mark ? mark.startTime : null;
}"""
# Typed text that arrives before Material's search listens is not searched until the next keystroke:
# until results show, the input is nudged every 100 ms, as a user typing on would.
MATERIAL_READY = """() => {
  if (document.querySelector(".md-search-result__item")) return performance.now();
  const input = document.querySelector("input.md-search__input");
  const now = performance.now();
  if (input && input.value && !(now - (window.__benchNudged || 0) < 100)) {
    window.__benchNudged = now;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "y" }));
  }
  return null;
}"""
# The catalog's header search (docs/assets/header-search.js) lists the matching papers, from Explore's
# index, above Material's results: ready when its first paper is listed.
HEADER_READY = """() => document.querySelector(".catalog-hsearch__link") ? performance.now() : null"""


def _timed_page(browser: Any, base: str, action: Callable[[Any], float]) -> tuple[float, int]:
    """Milliseconds ``action`` reports, and the bytes the page loaded, in a fresh context (cold cache)."""
    context = browser.new_context(base_url=base, service_workers="block", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    loaded: list[int] = []
    context.on("response", lambda response: loaded.append(int(response.headers.get("content-length") or 0)))
    try:
        page = context.new_page()
        ms = action(page)
        return ms, sum(loaded)
    finally:
        context.close()


def _timed_median(browser: Any, base: str, action: Callable[[Any], float]) -> tuple[float, int]:
    """``_timed_page`` ``PAGE_LOADS`` times: the median milliseconds, and the bytes of that load."""
    loads = sorted(_timed_page(browser, base, action) for _ in range(PAGE_LOADS))
    return loads[len(loads) // 2]


@contextlib.contextmanager
def _reported(what: str) -> Iterator[None]:
    """A timeout in the browser costs that one figure (the median uses the other runs), not the benchmark."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        yield
    except PlaywrightTimeout as error:
        print(f"{what}: {error}", file=sys.stderr)


@contextlib.contextmanager
def _chromium(site: Path) -> Iterator[tuple[Any, str]]:
    """Headless chromium, and the address of ``site`` served on 127.0.0.1; both stopped afterwards."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser, base
        finally:
            browser.close()


def _search_in_header(path: str, query: str, ready: str) -> Callable[[Any], float]:
    """Open ``path``, type ``query`` into the header's search box, and wait until ``ready`` gives the time."""

    def action(page: Any) -> float:
        page.goto(path, wait_until="domcontentloaded")
        page.fill("input.md-search__input", query)
        return float(page.wait_for_function(ready, polling="raf").json_value())

    return action


def measure_browser(site: Path, query: str) -> dict[str, Any]:
    """Explore's first result, the Map's readiness and the header search's first paper, from navigation start, in ms."""

    def explore(page: Any) -> float:
        page.goto(f"explore/?search={query}", wait_until="commit")
        return float(page.wait_for_function(EXPLORE_READY, polling="raf").json_value())

    def map_page(page: Any) -> float:
        page.goto("map/", wait_until="commit")
        return float(page.wait_for_function(MAP_READY, polling="raf").json_value())

    out: dict[str, Any] = {}
    with _chromium(site) as (browser, base):
        out["chromium"] = browser.version
        if explore_files(site):
            with _reported(f"Explore at {site}"):
                out["explore_ms"], out["explore_loaded"] = _timed_median(browser, base, explore)
        if (site / "map" / "index.html").is_file():
            with _reported(f"Map at {site}"):
                out["map_ms"], _ = _timed_median(browser, base, map_page)
        with _reported(f"Header search at {site}"):
            out["header_ms"], out["header_loaded"] = _timed_median(browser, base, _search_in_header("about/", query, HEADER_READY))
    return out


def measure_material_search(site: Path, query: str) -> dict[str, Any]:
    """Material's own search on a site built by Material alone (the reference): its first result, in ms, and the bytes loaded."""
    out: dict[str, Any] = {}
    with _chromium(site) as (browser, base), _reported(f"Material search at {site}"):
        out["material_ms"], out["material_loaded"] = _timed_median(browser, base, _search_in_header("", query, MATERIAL_READY))
    return out


def measure_zensical(workdir: Path) -> dict[str, Any]:
    """``zensical build --strict`` of the pages the generator wrote in ``workdir``, from a cold cache, and its site's sizes.

    Zensical writes into the same site/ as MkDocs, so this runs after every measure of MkDocs' site.
    Its search index is search.json (MkDocs: search/search_index.json); its cache, .cache/, is left out.
    """
    site_dir = workdir / "site"
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(workdir / ".cache", ignore_errors=True)
    zen = run_process(["-m", "zensical", "build", "--strict"], workdir)
    papers = sorted(p.stat().st_size for p in (site_dir / "papers").glob("*/index.html"))
    files, size = scale.site_files(site_dir)
    index = site_dir / "search.json"
    return {
        "zensical_s": zen.seconds,
        "zensical_cpu_s": zen.cpu_seconds,
        "zensical_rss": zen.peak_rss,
        "zensical_site_bytes": size,
        "zensical_site_files": files,
        "zensical_paper_median": statistics.median(papers) if papers else 0,
        "zensical_search_raw": index.stat().st_size if index.is_file() else None,
    }


def one_run(papers: Path, workdir: Path, browser: bool, query: str, lighthouse: bool = False, zensical: bool = False) -> dict[str, Any]:
    """Build ``papers`` from scratch in ``workdir`` and measure everything."""
    shutil.rmtree(workdir, ignore_errors=True)
    copy_project(workdir, papers)  # without the generated files: the generator writes every one
    gen = run_process(["-m", "generator", "build", "--timings"], workdir)
    mk = run_process(["-m", "mkdocs", "build", "--strict"], workdir)
    out: dict[str, Any] = {f"{STAGE}{name}": seconds for name, seconds in stage_seconds(gen.output).items()}
    out |= {
        "gen_s": gen.seconds,
        "gen_cpu_s": gen.cpu_seconds,
        "gen_rss": gen.peak_rss,
        "mkdocs_s": mk.seconds,
        "mkdocs_cpu_s": mk.cpu_seconds,
        "mkdocs_rss": mk.peak_rss,
    }
    out |= measure_site(workdir / "site")
    out["site_files"], out["site_bytes"] = scale.site_files(workdir / "site")
    out["build_s"] = gen.seconds + mk.seconds
    out["build_cpu_s"] = gen.cpu_seconds + mk.cpu_seconds
    if browser:
        out |= measure_browser(workdir / "site", query)
    if lighthouse:
        out |= scale.lighthouse(workdir / "site", workdir)
    if zensical:
        out |= measure_zensical(workdir)
        out["zensical_build_s"] = gen.seconds + out["zensical_s"]
    return out


SERVE_EDITS = 5
SERVE_BIG_EDITS = 3  # edits of the synthetic catalog under `make serve` (its start-up takes a minute or two)
SERVE_START_TIMEOUT_S = 900


def measure_serve(
    workdir: Path, papers_file: Path = ROOT / "papers.yaml", edits: int = SERVE_EDITS, title_and_theme: bool = False
) -> dict[str, Any]:
    """`make serve` on a catalog: seconds from saving an edit to papers.yaml to the edited page served.

    Each of ``edits`` edits adds a word to the abstract of a different paper (spread over the file),
    after a pause that leaves the server idle; the page is polled every 50 ms. With
    ``title_and_theme``, then one paper's title is changed (timed until its page answers at its new
    address with the new title) and one paper gets another theme (timed until that theme's page
    links to it). Also counts MkDocs' rebuilds (one per edit is right), and times the start-up
    (until the home page answers).
    """
    shutil.rmtree(workdir, ignore_errors=True)
    papers = copy_project(workdir, papers_file)
    run_process(["-m", "generator", "build"], workdir)
    text = papers.read_text(encoding="utf-8")
    # Papers whose title stands as such on its `- title:` line (append_to_abstract finds them there).
    titles = {line.strip() for line in text.splitlines() if line.lstrip().startswith("- title: ")}
    catalog = site.load_catalog(papers)
    editable = [p for p in catalog.papers if f"- title: {p.title}" in titles]
    pause = 3 if len(editable) > 1_000 else 1.5
    seconds = []
    out: dict[str, Any] = {}
    started = time.perf_counter()
    with mkdocs_serve(workdir, start_timeout=SERVE_START_TIMEOUT_S) as served:
        start_s = time.perf_counter() - started

        def save(new_text: str) -> None:
            time.sleep(pause)
            papers.write_text(new_text, encoding="utf-8")

        for i in range(edits):
            paper = editable[(2 * i + 1) * len(editable) // (2 * edits)]
            marker = f"Benchmarkedit{i}"
            save(append_to_abstract(papers.read_text(encoding="utf-8"), paper.title, marker))
            seconds.append(served.wait_for(f"{served.base}{urls.paper_url(paper.slug)}", marker, timeout=SERVE_START_TIMEOUT_S))
        if title_and_theme:
            paper = editable[len(editable) // 3]
            new_title = f"{paper.title} Benchmarkretitled"
            edited = retitle(papers.read_text(encoding="utf-8"), paper.title, new_title)
            # The address the new title gives (read before saving: not part of the time).
            slug = next(p.slug for p in validate(loader.load_bytes(edited.encode("utf-8"), "papers.yaml")).papers if p.title == new_title)
            save(edited)
            out["serve_title_s"] = served.wait_for(f"{served.base}{urls.paper_url(slug)}", new_title, timeout=SERVE_START_TIMEOUT_S)
            paper = editable[2 * len(editable) // 3]
            theme = next(t.id for t in catalog.themes if t.id not in paper.themes)
            save(add_theme(papers.read_text(encoding="utf-8"), paper.title, theme))
            theme_page = f"{served.base}{urls.page_url(urls.theme(theme), True)}"
            out["serve_theme_s"] = served.wait_for(theme_page, urls.paper_url(paper.slug), timeout=SERVE_START_TIMEOUT_S)
        time.sleep(3)
        rebuilds = served.log.read_text().count("Building documentation") - 1
    shutil.rmtree(workdir, ignore_errors=True)
    return out | {
        "serve_s": statistics.median(seconds),
        "serve_max_s": max(seconds),
        "serve_rebuilds": rebuilds,
        "serve_edits": edits + (2 if title_and_theme else 0),
        "serve_start_s": start_s,
        "serve_n": len(editable),
    }


@dataclass
class Result:
    """Every run of one size, and their medians."""

    n: int
    runs: list[dict[str, Any]] = field(default_factory=list)

    def median(self, key: str) -> Any:
        values = [r[key] for r in self.runs if key in r]
        if not values:
            return None
        if isinstance(values[0], str):
            return values[0]
        return statistics.median(values)


# ---------------------------------------------------------------------------------------------
# The table


def _kb(value: float | None) -> str:
    return NA if value is None else f"{value / 1024:,.1f}"


def _mb(value: float | None) -> str:
    return NA if value is None else f"{value / 1024 / 1024:,.1f}"


def _s(value: float | None) -> str:
    return NA if value is None else f"{value:,.2f}"


def _ms(value: float | None) -> str:
    return NA if value is None else f"{value:,.0f}"


def _int(value: float | None) -> str:
    return NA if value is None else f"{value:,.0f}"


def _ratio(a: float | None, b: float | None, fmt: str = "{:.1f}×") -> str:
    return NA if a is None or not b else fmt.format(a / b)


def _per_paper(r: Result, key: str, scale_by: float = 1.0) -> float | None:
    value = r.median(key)
    return None if value is None else value / r.n / scale_by


def _lh(key: str) -> Callable[[Result], str]:
    return lambda r: _int(r.median(key))


ROWS: list[tuple[str, Callable[[Result], str]]] = [
    ("full build (generator + `mkdocs build`), s (wall)", lambda r: _s(r.median("build_s"))),
    ("… the same, s (CPU)", lambda r: _s(r.median("build_cpu_s"))),
    ("reference: bare Material, one page per paper (title, abstract), `mkdocs build`, s (wall)", lambda r: _s(r.median("bare_s"))),
    ("… the same, s (CPU)", lambda r: _s(r.median("bare_cpu_s"))),
    ("generator, s (wall)", lambda r: _s(r.median("gen_s"))),
    ("generator, s (CPU)", lambda r: _s(r.median("gen_cpu_s"))),
    ("generator, peak memory MB", lambda r: _mb(r.median("gen_rss"))),
    ("`mkdocs build`, s (wall)", lambda r: _s(r.median("mkdocs_s"))),
    ("`mkdocs build`, s (CPU)", lambda r: _s(r.median("mkdocs_cpu_s"))),
    ("`mkdocs build`, peak memory MB", lambda r: _mb(r.median("mkdocs_rss"))),
    ("generator / `mkdocs build` (wall)", lambda r: _ratio(r.median("gen_s"), r.median("mkdocs_s"), "{:.0%}")),
    ("full build with Zensical (generator + `zensical build`), s (wall)", lambda r: _s(r.median("zensical_build_s"))),
    ("`zensical build`, s (wall)", lambda r: _s(r.median("zensical_s"))),
    ("`zensical build`, s (CPU)", lambda r: _s(r.median("zensical_cpu_s"))),
    ("`zensical build`, peak memory MB", lambda r: _mb(r.median("zensical_rss"))),
    ("`zensical build` / `mkdocs build` (wall)", lambda r: _ratio(r.median("zensical_s"), r.median("mkdocs_s"))),
    ("Zensical site, MB", lambda r: _mb(r.median("zensical_site_bytes"))),
    ("Zensical site, files", lambda r: _int(r.median("zensical_site_files"))),
    ("Zensical median paper page, KB", lambda r: _kb(r.median("zensical_paper_median"))),
    ("Zensical search index (search.json), KB", lambda r: _kb(r.median("zensical_search_raw"))),
    ("site, MB", lambda r: _mb(r.median("site_bytes"))),
    ("site, files", lambda r: _int(r.median("site_files"))),
    ("site per paper, KB", lambda r: _kb(_per_paper(r, "site_bytes"))),
    ("site files per paper", lambda r: NA if r.median("site_files") is None else f"{r.median('site_files') / r.n:.2f}"),
    ("paper pages", lambda r: _int(r.median("paper_pages"))),
    ("largest paper page, KB", lambda r: _kb(r.median("paper_max"))),
    ("median paper page, KB", lambda r: _kb(r.median("paper_median"))),
    ("… of which the paper (the page's article element), KB", lambda r: _kb(r.median("paper_article_median"))),
    ("Material search index, KB", lambda r: _kb(r.median("search_raw"))),
    ("Material search index gzipped, KB", lambda r: _kb(r.median("search_gz"))),
    ("Material search entries (all)", lambda r: _int(r.median("search_entries"))),
    ("Material search entries under papers/", lambda r: _int(r.median("search_paper_entries"))),
    ("most entries from one paper page", lambda r: _int(r.median("search_max_per_paper"))),
    ("Explore files fetched (index, lunr.js …), KB", lambda r: _kb(r.median("explore_raw"))),
    ("Explore files fetched, gzipped, KB", lambda r: _kb(r.median("explore_gz"))),
    ("Explore page HTML, KB", lambda r: _kb(r.median("explore_page_raw"))),
    ("Explore page HTML gzipped, KB", lambda r: _kb(r.median("explore_page_gz"))),
    ("Explore: first result, ms after navigation", lambda r: _ms(r.median("explore_ms"))),
    ("Explore: bytes loaded until then, KB", lambda r: _kb(r.median("explore_loaded"))),
    ("Map: interactive, ms after navigation", lambda r: _ms(r.median("map_ms"))),
    ("Header search: first paper listed, ms after navigation", lambda r: _ms(r.median("header_ms"))),
    ("Header search: bytes loaded until then, KB", lambda r: _kb(r.median("header_loaded"))),
    ("reference: Material's search on bare Material, first result, ms after navigation", lambda r: _ms(r.median("material_ms"))),
    ("reference: bytes Material's search loaded until then, KB", lambda r: _kb(r.median("material_loaded"))),
    ("reference: bare Material's search index gzipped, KB", lambda r: _kb(r.median("bare_search_gz"))),
    ("Material's search on bare Material / Explore (time)", lambda r: _ratio(r.median("material_ms"), r.median("explore_ms"))),
    *[(f"Lighthouse performance, {page}", _lh(f"lh_{page}")) for page in scale.LIGHTHOUSE_PAGES],
    *[(f"Lighthouse total blocking time, {page}, ms", _lh(f"lh_{page}_tbt")) for page in scale.LIGHTHOUSE_PAGES],
]


def stage_rows(results: list[Result]) -> list[tuple[str, Callable[[Result], str]]]:
    """A row for each stage ``build --timings`` reported (in its order), after the generator's wall time."""
    names = list(dict.fromkeys(key for r in results for run in r.runs for key in run if key.startswith(STAGE)))

    def cell(key: str) -> Callable[[Result], str]:
        return lambda r: _s(r.median(key))

    return [(f"… {key.removeprefix(STAGE)}, s", cell(key)) for key in names]


def table(results: list[Result]) -> str:
    """One row per measure, one column per size: medians over the runs."""
    head = "| measure (median) | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)
    lines = [head, rule]
    rows = ROWS[:1] + stage_rows(results) + ROWS[1:]
    lines += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    verdict: str  # "pass", "FAIL" or "not measured"
    figures: str


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("pass" if ok else "**FAIL**")


def deployable_target(results: list[Result]) -> Target:
    """Built at DEPLOYABLE papers, the site's own size decides; otherwise the line through the two largest sizes."""
    ceiling = scale.linear_ceiling([(r.n, r.median("site_bytes")) for r in results], scale.GITHUB_PAGES_BYTES)
    deployed = next((r for r in results if r.n == DEPLOYABLE), None)
    deployed_bytes = deployed.median("site_bytes") if deployed else None
    return Target(
        f"Deployable to {DEPLOYABLE:,} papers: the largest N whose site fits GitHub Pages' 1 GB",
        _verdict(deployed_bytes <= scale.GITHUB_PAGES_BYTES if deployed_bytes else ceiling >= DEPLOYABLE if ceiling else None),
        (
            f"built at N = {DEPLOYABLE:,}: {deployed_bytes / 2**20:,.0f} MB of {scale.GITHUB_PAGES_BYTES / 2**20:,.0f}; "
            if deployed_bytes
            else ""
        )
        + (f"about {ceiling:,.0f} papers fit (a straight line through the two largest sizes)" if ceiling else NA),
    )


def targets(results: list[Result], serve: dict[str, Any] | None = None) -> list[Target]:
    """The targets, judged at the largest size measured (N = 10,000 under `make bench`), and `make serve`'s."""
    by_n = {r.n: r for r in results}
    big = by_n.get(BIG) or max(results, key=lambda r: r.n)
    n = big.n
    out = []
    gen, mk, rss = big.median("gen_s"), big.median("mkdocs_s"), big.median("gen_rss")
    build, bare = big.median("build_s"), big.median("bare_s")
    out.append(
        Target(
            f"A full build (generator, then `mkdocs build --strict`) in ≤ 60 s at N = {n:,}",
            _verdict(build <= 60),
            f"{build:.1f} s: generator {gen:.1f} s + MkDocs {mk:.1f} s (CPU {big.median('build_cpu_s'):.1f} s)"
            + (f"; bare Material on one page per paper: {bare:.1f} s" if bare is not None else ""),
        )
    )
    big_serve = (serve or {}).get("big")
    out.append(
        Target(
            f"`make serve` at N = {n:,}: an edit to one paper's abstract, title or themes reaches its page (a theme edit: "
            "the theme's page) within 3 s",
            # The time is the target; the rebuilds are counted beside it (a save MkDocs' watcher sees as two
            # changes of the 19 MB file can cost a second rebuild, after the page has been served).
            _verdict(
                max(big_serve["serve_s"], big_serve.get("serve_title_s", 0), big_serve.get("serve_theme_s", 0)) <= 3 if big_serve else None
            ),
            f"abstract: median {big_serve['serve_s']:.2f} s, slowest {big_serve['serve_max_s']:.2f} s over {SERVE_BIG_EDITS} edits; "
            + (f"title {big_serve['serve_title_s']:.2f} s; " if "serve_title_s" in big_serve else "")
            + (f"themes {big_serve['serve_theme_s']:.2f} s; " if "serve_theme_s" in big_serve else "")
            + f"{big_serve['serve_rebuilds']} rebuilds for {big_serve['serve_edits']} edits; start-up {big_serve['serve_start_s']:.0f} s"
            if big_serve
            else NA,
        )
    )
    per_kb, per_files = big.median("site_bytes") / n / 1024, big.median("site_files") / n
    out.append(
        Target(
            f"Site ≤ 25 KB and ≤ 1.2 files per paper (N = {n:,})",
            _verdict(per_kb <= 25 and per_files <= 1.2),
            f"{per_kb:.1f} KB and {per_files:.2f} files per paper",
        )
    )
    out.append(deployable_target(results))
    for size, floor in ((60, 90), (BIG, 80)):
        r = by_n.get(size)
        scores = {page: r.median(f"lh_{page}") for page in scale.LIGHTHOUSE_PAGES} if r else {}
        measured = bool(scores) and all(v is not None for v in scores.values())
        out.append(
            Target(
                f"Lighthouse performance ≥ {floor} for home, a paper page, Explore and Map (desktop, N = {size:,})",
                _verdict(all(v >= floor for v in scores.values()) if measured else None),
                ", ".join(f"{page} {v}" for page, v in scores.items()) if measured else NA,
            )
        )
    tbt = by_n[BIG].median("lh_explore_tbt") if BIG in by_n else None
    out.append(
        Target(
            f"Explore's total blocking time < 200 ms (Lighthouse, N = {BIG:,})",
            _verdict(tbt < 200 if tbt is not None else None),
            f"{tbt:,.0f} ms" if tbt is not None else NA,
        )
    )
    out.append(Target(f"Generator peak memory < 300 MB at N = {n:,}", _verdict(rss < 300 * 2**20), f"{rss / 2**20:.0f} MB"))
    if 1_000 in by_n and n > 1_000:
        small = by_n[1_000].median("gen_s")
        ratio = gen / small
        limit = 1.1 * n / 1_000
        out.append(
            Target(
                f"Generator cost per paper flat from 1,000 to {n:,} (time ratio ≤ {limit:.0f}×)",
                _verdict(ratio <= limit),
                f"{small:.2f} s → {gen:.2f} s: {ratio:.1f}×",
            )
        )
    else:
        out.append(Target("Generator cost per paper flat from 1,000 to 10,000 (time ratio ≤ 11×)", _verdict(None), NA))
    worst = max(r.median("paper_max") for r in results)
    out.append(Target("Every paper page < 30 KB of HTML, whatever N", _verdict(worst < 30 * 1024), f"largest: {worst / 1024:.1f} KB"))
    entries, most = big.median("search_paper_entries"), big.median("search_max_per_paper")
    out.append(
        Target(
            f"Material's search index: at most one entry per paper page (N = {n:,})",
            _verdict(most <= 1),
            f"{entries:,} entries under papers/, at most {most} from one page; {big.median('search_entries'):,} entries in all",
        )
    )
    explore_ms, material_ms = big.median("explore_ms"), big.median("material_ms")
    measured = explore_ms is not None
    out.append(
        Target(
            f"Explore answers the first query within 1 s of navigation (N = {n:,})",
            _verdict(explore_ms <= 1_000 if measured else None),
            f"{explore_ms:,.0f} ms" if measured else NA,
        )
    )
    both = measured and material_ms is not None
    out.append(
        Target(
            "… at least 5× sooner than Material's own search is ready (bare Material, one page per paper)",
            _verdict(material_ms / explore_ms >= 5 if both else None),
            f"{material_ms:,.0f} ms vs {explore_ms:,.0f} ms: {material_ms / explore_ms:.1f}×" if both else NA,
        )
    )
    explore_gz, search_gz = big.median("explore_gz"), big.median("bare_search_gz")
    has_explore = explore_gz is not None
    out.append(
        Target(
            "… transferring no more bytes than that Material site's gzipped index (the files Explore fetches, gzipped)",
            _verdict(explore_gz <= search_gz if has_explore and search_gz is not None else None),
            f"{explore_gz / 1024:,.0f} KB vs {search_gz / 1024:,.0f} KB"
            + (f"; the Explore page's own HTML adds {big.median('explore_page_gz') / 1024:,.0f} KB gzipped" if has_explore else "")
            if has_explore and search_gz is not None
            else NA,
        )
    )
    map_ms = big.median("map_ms")
    out.append(
        Target(
            f"Map interactive within 2 s (N = {n:,})",
            _verdict(map_ms <= 2_000 if map_ms is not None else None),
            f"{map_ms:,.0f} ms" if map_ms is not None else NA,
        )
    )
    out.append(
        Target(
            "`make serve`: an edit to one paper in papers.yaml reaches its page within 2 s (real catalog), with one rebuild per edit",
            _verdict(serve["serve_s"] < 2 and serve["serve_rebuilds"] == serve["serve_edits"] if serve else None),
            f"median {serve['serve_s']:.2f} s, slowest {serve['serve_max_s']:.2f} s over {serve['serve_edits']} edits; "
            f"{serve['serve_rebuilds']} rebuilds"
            if serve
            else NA,
        )
    )
    return out


def machine(results: list[Result]) -> dict[str, str]:
    cpu = NA
    with contextlib.suppress(OSError):
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else NA
    ram = NA
    with contextlib.suppress(OSError):
        found = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        ram = f"{int(found.group(1)) / 2**20:.1f} GiB" if found else NA
    chromium = next((r.median("chromium") for r in results if r.median("chromium")), NA)
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "MkDocs": metadata.version("mkdocs"),
        "Material for MkDocs": metadata.version("mkdocs-material"),
        "Zensical": metadata.version("zensical"),
        "Chromium": f"{chromium} (headless, Playwright {metadata.version('playwright')})",
        "load average when the run started": "{:.2f}, {:.2f}, {:.2f}".format(*LOAD_AT_START),
    }


LOAD_AT_START = os.getloadavg()


def _runs_text(results: list[Result]) -> str:
    counts = [f"{len(r.runs)} run{'s' if len(r.runs) != 1 else ''} at N = {r.n:,}" for r in results]
    return ", ".join(counts)


def _busy_note() -> str:
    """A warning when the machine was busy as the run started: wall times then say little."""
    cores = os.cpu_count() or 1
    load = LOAD_AT_START[0]
    if load <= cores:
        return ""
    return (
        f" The machine was busy with other work (load average {load:.1f} on {cores} cores when the run started): "
        "wall times are inflated, and the CPU times are the figures to compare."
    )


def document(results: list[Result], query: str, seconds: float, serve: dict[str, Any] | None = None, command: str = "make bench") -> str:
    """docs/benchmarks.md."""
    today = datetime.now(UTC).date().isoformat()
    sizes = ", ".join(f"{r.n:,}" for r in results)
    lines = [
        "---",
        "title: Benchmarks",
        "description: How long the build takes, how big the site is, how fast search and editing answer, for 60 to 40,000 papers.",
        "---",
        "",
        "# Benchmarks",
        "",
        f"Measured on {today} by `{command}` ({seconds / 60:.0f} minutes), which builds seeded synthetic catalogs of "
        f"{sizes} papers with the real pipeline (`python -m generator build`, then `mkdocs build --strict`) and "
        f"opens the result in headless Chromium. Figures are medians of {_runs_text(results)}; each run "
        "starts from a fresh copy of the project, so the generator writes every page." + _busy_note(),
        "",
        "## Targets",
        "",
        "| target | result | measured |",
        "|---|---|---|",
        *[f"| {t.text} | {t.verdict} | {t.figures} |" for t in targets(results, serve)],
        "",
        "## Figures",
        "",
        table(results),
        "",
        "The rows that start with “…” split the generator's time into stages, as `python -m generator build "
        "--timings` reports them: the time spent making each part's files, then the time spent writing them all "
        "to disk (mostly the kernel's, on this machine). Starting Python and importing the generator, about a "
        "second, is in none of them.",
        "",
        f"Times in the browser run from the start of navigation (`performance.now()`), with a cold cache (the median "
        f"of {PAGE_LOADS} loads of each page per build, each in a fresh browser context) and the site "
        f"served by Python's `http.server` on 127.0.0.1 (no compression, so the bytes loaded are uncompressed). "
        f"*Explore*: open `explore/?search={query}` and wait until the search index is loaded and a matching row "
        f"is shown. *Map*: open `map/` and wait until `map.js` has its points in the page, zoom, "
        "tooltips, search and filter attached, and the first frame showing them drawn. *Header search*: open "
        f"`about/`, type `{query}` into the header's search box and wait for the first paper it lists (from Explore's "
        "index). *Material's search on bare Material*: the same in the reference site (below), until Material lists its "
        "first result: how long Material's own search takes over one page per paper. Peak memory is the maximum "
        "resident set size of each process (`os.wait4`). Wall times depend on what else the machine is doing; CPU "
        "times vary less. *`make serve`*: `mkdocs serve` on a copy of the real catalog; each edit appends a word to "
        f"the abstract of another paper, {SERVE_EDITS} edits 1.5 s apart, and the time runs from saving papers.yaml "
        "until the paper's page, polled every 50 ms, shows the word. At "
        f"N = {BIG:,} the same with the synthetic catalog, {SERVE_BIG_EDITS} edits 3 s apart, then a paper's title changed "
        "(timed until its page answers at the new address with the new title) and a theme added to another paper (timed "
        "until that theme's page links to it); there the preview re-reads only the edited entry of papers.yaml, renders only "
        "the pages an edit touches (the paper's, its themes', the home and What's new pages, Explore) and keeps the last full "
        "build's related papers, map and Tags page, as the edited page says. *Full build*: the generator's wall time "
        "plus `mkdocs build --strict`'s, the two steps of `make build`. *Zensical*: the same generated pages built by "
        "`zensical build --strict` from a cold cache (its `.cache/` removed), after every measure of MkDocs' site, "
        f"up to N = {ZENSICAL_MAX:,} "
        "(the first run only from there on); its header search index is `search.json`. *Bare Material*: Material for MkDocs with its "
        "search plugin only, on one page per paper of the same catalog (its title as the heading, its abstract as the one "
        "paragraph), outside the navigation (as paper pages are), built (and its search timed) once per size. "
        "*Site per paper*: every byte and file of the built site divided by N. "
        f"*Lighthouse*: Lighthouse {scale.LIGHTHOUSE_VERSION} (npm, installed by `make bench`) with its desktop preset "
        "and only the performance category, in the same chromium, once per page on every run at N = "
        + " and ".join(f"{n:,}" for n in LIGHTHOUSE_SIZES)
        + "; the paper page is the first by address."
        + (
            " Sizes above 10,000 are built once and measured without the browser: they are there for the fits below."
            if any(r.n > BIG for r in results)
            else ""
        ),
        "",
        *scale.scale_section(results),
        "## The machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine(results).items()],
        "",
        "## Reproduce",
        "",
        "```sh",
        "make bench                                        # N = 60, 1,000, 10,000 (3 runs each), 20,000 and 40,000 (1); writes this page",
        "python -m bench.run --sizes 60,1000 --runs 1      # prints the table only",
        "python -m bench.synthetic 1000 > /tmp/papers.yaml # one synthetic catalog",
        "```",
        "",
        "The synthetic catalogs use the real catalog's themes and tags; titles, authors, venues, arXiv ids and "
        "~1,400-character abstracts (sentences from a Markov chain over the real abstracts, some with inline math) "
        "are made up, from a fixed seed.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated catalog sizes (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; the table shows medians (default: %(default)s)")
    parser.add_argument(
        "--big-runs", type=int, default=3, help="runs for sizes of 10,000 and more, which take minutes each (default: %(default)s)"
    )
    parser.add_argument(
        "--huge-runs", type=int, default=1, help="runs for sizes above 10,000, used for the fits only (default: %(default)s)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (run at N = 60 and 10,000, first run)")
    parser.add_argument("--no-bare", action="store_true", help="skip the reference build of bare Material")
    parser.add_argument("--no-serve", action="store_true", help="skip timing `mkdocs serve` on the real catalog")
    parser.add_argument("--no-zensical", action="store_true", help=f"skip the Zensical build of each catalog (up to N = {ZENSICAL_MAX:,})")
    parser.add_argument(
        "--write", nargs="?", const=str(OUTPUT), default=None, metavar="PATH", help="also write the page (default: docs/benchmarks.md)"
    )
    parser.add_argument("--workdir", type=Path, default=None, help="scratch folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    parser.add_argument("--query", default=QUERY, help="the word searched for in the browser (default: %(default)s)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    browser = not args.no_browser and Path(CHROMIUM).exists()
    if not args.no_browser and not browser:
        print(f"no chromium at {CHROMIUM}: browser figures left out", file=sys.stderr)

    started = time.perf_counter()
    results = []
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        workdir.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            result = Result(n)
            papers = synthetic.write(workdir / f"papers-{n}.yaml", n, args.seed)
            runs = args.huge_runs if n > BIG else args.big_runs if n >= BIG else args.runs
            for i in range(runs):
                lighthouse = browser and not args.no_lighthouse and n in LIGHTHOUSE_SIZES
                zensical = not args.no_zensical and n <= ZENSICAL_MAX and (i == 0 or n < BIG)
                try:
                    run = one_run(papers, workdir / f"n{n}", browser and n <= BIG, args.query, lighthouse, zensical)
                except RuntimeError as error:  # costs this run's figures, not the other sizes'
                    print(f"N={n:,} run {i + 1}/{runs} failed, left out: {error}", file=sys.stderr, flush=True)
                    continue
                result.runs.append(run)
                print(
                    f"N={n:,} run {i + 1}/{runs}: generator {run['gen_s']:.2f} s, mkdocs {run['mkdocs_s']:.2f} s"
                    + (f", zensical {run['zensical_s']:.2f} s" if "zensical_s" in run else "")
                    + (f", explore {run['explore_ms']:.0f} ms" if "explore_ms" in run else "")
                    + (f", map {run['map_ms']:.0f} ms" if "map_ms" in run else "")
                    + (f", header search {run['header_ms']:.0f} ms" if "header_ms" in run else "")
                    + (f", lighthouse explore {run['lh_explore']}, map {run['lh_map']}" if "lh_map" in run and "lh_explore" in run else ""),
                    file=sys.stderr,
                    flush=True,
                )
            if not result.runs:
                continue
            if not args.no_bare:
                pages = [(p.title, p.abstract or p.title) for p in site.load_catalog(papers).papers]
                measure = (lambda built: measure_material_search(built, args.query)) if browser and n <= BIG else None
                result.runs[0] |= scale.bare_material(workdir / "bare", pages, measure)
            results.append(result)
        serve_figures = None
        if not args.no_serve:
            serve_figures = measure_serve(workdir / "serve")
            if BIG in sizes:
                big_papers = workdir / f"papers-{BIG}.yaml"
                try:
                    serve_figures["big"] = measure_serve(workdir / "serve-big", big_papers, edits=SERVE_BIG_EDITS, title_and_theme=True)
                except (AssertionError, RuntimeError) as error:  # costs this figure, not the benchmark
                    print(f"make serve at N = {BIG:,}: {error}", file=sys.stderr)
    print(table(results))
    if serve_figures:
        median, rebuilds = serve_figures["serve_s"], serve_figures["serve_rebuilds"]
        print(f"make serve: edit → page median {median:.2f} s, {rebuilds} rebuilds", file=sys.stderr)
        if "big" in serve_figures:
            print(f"make serve at N = {BIG:,}: edit → page median {serve_figures['big']['serve_s']:.2f} s", file=sys.stderr)
    if args.write:
        given = list(argv if argv is not None else sys.argv[1:])
        for i, arg in enumerate(given):  # the command without --write [PATH] and --workdir PATH
            if arg in ("--write", "--workdir") and i + 1 < len(given) and not given[i + 1].startswith("--"):
                given[i + 1] = ""
        given = [a for a in given if a and not a.startswith(("--write", "--workdir"))]
        command = "python -m bench.run --write " + " ".join(given) if given else "make bench"
        page = document(results, args.query, time.perf_counter() - started, serve_figures, command.strip())
        Path(args.write).write_text(page, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
