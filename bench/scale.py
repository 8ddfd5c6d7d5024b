"""The benchmark's large-catalog measures: Lighthouse, a bare Material site, site size per paper, and the fits.

Used by bench/run.py. ``lighthouse`` runs Lighthouse 12.2.3 (installed by ``make bench`` into
bench/lighthouse/node_modules with ``npm ci``) in Debian's chromium with the desktop preset on
pages of a built site served on 127.0.0.1. ``bare_material`` builds the reference: Material for
MkDocs with only its search plugin, on one page per paper (its title and abstract) that are not in
the navigation (as paper pages are not). ``fit`` fits ``y = a * N ** k`` to figures measured at several sizes, which
the 100,000-paper section of docs/benchmarks.md extrapolates from.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.sitebuild import CHROMIUM, CHROMIUM_ARGS, ROOT, env, serve

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_VERSION = "12.2.3"
# The pages Lighthouse scores: the home page, a paper page (the first one), Explore and the Map.
LIGHTHOUSE_PAGES = ("home", "paper", "explore", "map")
GITHUB_PAGES_BYTES = 1024**3  # GitHub Pages publishes sites of at most 1 GB


def site_files(site: Path) -> tuple[int, int]:
    """(files, bytes) of a built site."""
    count = total = 0
    for path in site.rglob("*"):
        if path.is_file():
            count += 1
            total += path.stat().st_size
    return count, total


def _page_path(site: Path, which: str) -> str | None:
    if which == "home":
        return ""
    if which == "paper":
        papers = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
        return f"papers/{papers[0]}/" if papers else None
    return f"{which}/" if (site / which / "index.html").is_file() else None


def lighthouse(site: Path, workdir: Path) -> dict[str, Any]:
    """Lighthouse's performance score (0 to 100) and total blocking time (ms) of each page of ``LIGHTHOUSE_PAGES``."""
    if not LIGHTHOUSE.is_file() or not Path(CHROMIUM).exists():
        print(f"no Lighthouse at {LIGHTHOUSE} (make bench installs it) or no chromium: Lighthouse figures left out", file=sys.stderr)
        return {}
    out: dict[str, Any] = {}
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    with serve(site) as base:
        for which in LIGHTHOUSE_PAGES:
            path = _page_path(site, which)
            if path is None:
                continue
            report = workdir / f"lighthouse-{which}.json"
            profile = Path(tempfile.mkdtemp(prefix="lighthouse-profile-"))
            try:
                done = subprocess.run(
                    [
                        "node",
                        str(LIGHTHOUSE),
                        base + path,
                        "--preset=desktop",
                        "--only-categories=performance",
                        # Its page-compression audit (no weight in the score) reads every response body, the
                        # 20 MB search index included, and timed out at 10,000 papers.
                        "--skip-audits=uses-text-compression",
                        "--output=json",
                        f"--output-path={report}",
                        "--quiet",
                        f"--chrome-flags={flags} --user-data-dir={profile}",
                    ],
                    env={**os.environ, "CHROME_PATH": CHROMIUM},
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=False,
                )
            finally:
                shutil.rmtree(profile, ignore_errors=True)
            if done.returncode != 0 or not report.is_file():
                print(f"Lighthouse failed on {path or 'home'}:\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            data = json.loads(report.read_text(encoding="utf-8"))
            score = data["categories"]["performance"]["score"]
            if score is not None:
                out[f"lh_{which}"] = round(score * 100)
            out[f"lh_{which}_tbt"] = data["audits"]["total-blocking-time"]["numericValue"]
            out[f"lh_{which}_lcp"] = data["audits"]["largest-contentful-paint"]["numericValue"]
            out["lighthouse"] = data.get("lighthouseVersion", LIGHTHOUSE_VERSION)
    return out


BARE_MKDOCS_YML = """site_name: Bare Material
site_url: http://127.0.0.1:8000/
theme:
  name: material
plugins:
  - search
nav:
  - index.md
not_in_nav: |
  /pages/
"""


def bare_material(workdir: Path, pages: list[tuple[str, str]], measure: Callable[[Path], dict[str, Any]] | None = None) -> dict[str, Any]:
    """``mkdocs build --strict`` of Material alone on one page per (title, paragraph): seconds (wall, CPU), peak memory.

    ``measure``, if given, is called with the built site before it is removed (the benchmark times
    Material's own search there: the reference for Explore and the header search).
    """
    from bench.run import gzipped, run_process  # the one way the benchmark times a process and sizes a download

    shutil.rmtree(workdir, ignore_errors=True)
    folder = workdir / "docs" / "pages"
    folder.mkdir(parents=True)
    (workdir / "mkdocs.yml").write_text(BARE_MKDOCS_YML, encoding="utf-8")
    (workdir / "docs" / "index.md").write_text("# Bare Material\n\nThe reference site of the benchmark.\n", encoding="utf-8")
    for i, (title, paragraph) in enumerate(pages):
        (folder / f"p{i}.md").write_text(f"# {title}\n\n{paragraph}\n", encoding="utf-8")
    built = run_process(["-m", "mkdocs", "build", "--strict"], workdir)
    out: dict[str, Any] = {"bare_s": built.seconds, "bare_cpu_s": built.cpu_seconds, "bare_rss": built.peak_rss}
    index = (workdir / "site" / "search" / "search_index.json").read_bytes()
    out |= {"bare_search_raw": len(index), "bare_search_gz": gzipped(index)}
    if measure is not None:
        out |= measure(workdir / "site")
    shutil.rmtree(workdir, ignore_errors=True)
    return out


@dataclass(frozen=True, slots=True)
class Fit:
    """``y = a * N ** k``, fitted by least squares on logarithms."""

    a: float
    k: float

    def __call__(self, n: float) -> float:
        return float(self.a * n**self.k)

    def solve(self, y: float) -> float:
        """The N at which the fit reaches ``y``."""
        return float((y / self.a) ** (1 / self.k)) if self.k > 0 and self.a > 0 else math.inf


def fit(points: list[tuple[int, float]]) -> Fit | None:
    """A power law through ``(N, y)`` points (two or more, every y > 0)."""
    points = [(n, y) for n, y in points if y and y > 0]
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if not sxx:
        return None
    k = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return Fit(math.exp(my - k * mx), k)


def linear_ceiling(points: list[tuple[int, float]], limit: float) -> float | None:
    """The N at which ``y = c + b * N`` (through the two largest sizes) reaches ``limit``."""
    points = sorted(points)
    if len(points) < 2:
        return None
    (n1, y1), (n2, y2) = points[-2], points[-1]
    slope = (y2 - y1) / (n2 - n1)
    if slope <= 0:
        return None
    return n2 + (limit - y2) / slope


# (label, key in a run's figures, unit divisor, format) of the measures the 100,000-paper section fits.
GROWTH = (
    ("full build, s (CPU)", "build_cpu_s", 1, "{:,.0f}"),
    ("… generator, s (CPU)", "gen_cpu_s", 1, "{:,.0f}"),
    ("… `mkdocs build`, s (CPU)", "mkdocs_cpu_s", 1, "{:,.0f}"),
    ("bare Material, s (CPU)", "bare_cpu_s", 1, "{:,.0f}"),
    ("generator peak memory, MB", "gen_rss", 2**20, "{:,.0f}"),
    ("`mkdocs build` peak memory, MB", "mkdocs_rss", 2**20, "{:,.0f}"),
    ("site, MB", "site_bytes", 2**20, "{:,.0f}"),
    ("site, files", "site_files", 1, "{:,.0f}"),
    ("Material's search index, MB", "search_raw", 2**20, "{:,.1f}"),
    ("Explore's files, gzipped, MB", "explore_gz", 2**20, "{:,.1f}"),
    ("Explore: first result, ms", "explore_ms", 1, "{:,.0f}"),
    ("Map: interactive, ms", "map_ms", 1, "{:,.0f}"),
)
# What would stop the site first as it grows: (what, key, limit in the key's units).
LIMITS = (
    ("the full build passes 60 s of CPU (the build's target, on one core)", "build_cpu_s", 60.0),
    ("the site passes GitHub Pages' 1 GB", "site_bytes", float(GITHUB_PAGES_BYTES)),
    ("Explore's first answer passes 1 s", "explore_ms", 1_000.0),
    ("the Map takes more than 2 s to become interactive", "map_ms", 2_000.0),
    ("`mkdocs build` needs more than the 7 GB of a private repository's GitHub-hosted runner", "mkdocs_rss", 7.0 * 2**30),
)
TARGET_N = 100_000
FAR = 10_000_000  # a limit the fit puts beyond this many papers is not listed


def _points(results: list[Any], key: str) -> list[tuple[int, float]]:
    return [(r.n, r.median(key)) for r in results if r.n >= 1_000 and r.median(key) is not None]


def scale_section(results: list[Any]) -> list[str]:
    """The 100,000-paper section of docs/benchmarks.md: measured growth, the fits, what breaks first, the design."""
    sizes = [r for r in results if r.n >= 1_000]
    if len(sizes) < 2:
        return []
    head = "| measure | " + " | ".join(f"N = {r.n:,}" for r in sizes) + " | grows as | N = 100,000 (fitted) |"
    lines = [
        "## 100,000 papers, on paper",
        "",
        "What each measure did at the sizes measured (medians), the power law `a·N^k` fitted to them by least squares on "
        "logarithms, and where that law puts it at 100,000 papers. A straight line is `N^1.00`; a fixed part (the hand-written "
        "pages, the theme's files, the pages of each addition date) pulls the exponent below 1 at small sizes. Times are CPU "
        "seconds, which the machine's other work disturbs less than wall time (the build is single-threaded: on an idle "
        "machine its wall time is about its CPU time).",
        "",
        head,
        "|---|" + "---:|" * (len(sizes) + 2),
    ]
    for label, key, unit, fmt in GROWTH:
        points = _points(results, key)
        if not points:
            continue
        law = fit(points)
        cells = [fmt.format(r.median(key) / unit) if r.median(key) is not None else "n/a" for r in sizes]
        grows = f"N^{law.k:.2f}" if law else "n/a"
        extrapolated = fmt.format(law(TARGET_N) / unit) if law else "n/a"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {grows} | {extrapolated} |")
    explore_law = fit(_points(results, "explore_gz"))
    explore_mb = f"about {explore_law(TARGET_N) / 2**20:,.0f} MB gzipped" if explore_law else "tens of MB"
    big = max(sizes, key=lambda r: r.n)
    page, article = big.median("paper_median"), big.median("paper_article_median")
    page_text = (
        f"A paper page is {page / 1024:,.1f} KB, of which the paper itself (the article) is {article / 1024:,.1f} KB"
        if page and article
        else "A paper page is mostly Material's chrome"
    )
    crossings = []
    for what, key, limit in LIMITS:
        points = _points(results, key)
        law = fit(points)
        reached = linear_ceiling(points, limit) if key == "site_bytes" else law.solve(limit) if law else None
        if reached is not None and math.isfinite(reached) and reached < FAR:
            crossings.append((reached, what))
    crossings.sort()
    lines += ["", "**What breaks first**, by the fits (N at which each limit is reached):", ""]
    lines += [f"{i}. at about {at:,.0f} papers, {what};" for i, (at, what) in enumerate(crossings, 1)]
    listed = {what for _, what in crossings}
    far = [what for what, _, _ in LIMITS if what not in listed]
    if far:
        lines.append(f"{len(crossings) + 1}. not within {FAR:,} papers by these fits, or not measured: " + "; ".join(far) + ";")
    if crossings:
        lines[-1] = lines[-1].rstrip(";") + "."
    lines += [
        "",
        "**The design that would take it to 100,000.** Everything above is the cost of rendering, storing and shipping one "
        "HTML page per paper with the whole of Material's chrome:",
        "",
        "- *Build time*: MkDocs renders every page on one core at every build. `make serve` already renders only the pages an "
        "edit touches and re-reads only the edited entry of papers.yaml; a full build could do the same with a content hash "
        "of each page's inputs, recomputing the related papers and the map when the catalog's text moves enough, not at "
        "every edit. Zensical's incremental builds, or MkDocs pages rendered by several processes, are the other roads.",
        f"- *Site size and files*: at one page per paper the site grows in a straight line. {page_text}; the rest is "
        "Material's header, search dialog, colour-palette switch, navigation drawer and scripts, the same on every paper "
        "page, and readers use each of them. What could go without a reader missing it already has: the drawer holds only "
        "the open section's pages (`navigation.prune`), Material's icons are drawn from one shared file (under MkDocs), the "
        "meta description is what a search result shows, and the downloads that carry the abstracts are gzipped. Past "
        "the N at which the site reaches 1 GB (above), paper pages would need a template of their own without that chrome "
        "(about 8 KB a page: a plain header with a search form that opens Explore), written by the generator as static HTML "
        "so that both engines copy it as it is; or a host without the 1 GB cap (an object store behind a CDN). The per-date "
        "update pages would be grouped by month. Gzipped, the largest download (papers.json.gz) stays under 100 MB, "
        "GitHub's limit for a file, to about 170,000 papers.",
        "- *Search*: paper pages are no longer in Material's index under MkDocs (the header search lists papers from "
        "Explore's index; Zensical, which runs no hooks, still indexes them). Explore's index holds every abstract and is "
        f"loaded whole: at 100,000 papers it would be {explore_mb}. It should be split by term, so that a query fetches "
        "the shards of its words only, with titles and authors in a first, small shard.",
        "- *Memory*: `mkdocs build` keeps every page's text for the search index until the end; with paper pages out of "
        "that index its memory grows with the pages' count only.",
        "- *Analysis*: related papers come from a sparse product of TF-IDF vectors (top-n kept), the map from t-SNE; both are "
        "measured above (the generator's stages). Past 100,000 papers the map would place new papers into the existing layout "
        "(t-SNE's `transform`) instead of laying everything out again.",
        "",
    ]
    return lines


__all__ = ["Fit", "bare_material", "env", "fit", "lighthouse", "linear_ceiling", "scale_section", "site_files"]
