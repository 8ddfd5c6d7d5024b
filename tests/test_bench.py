"""The benchmark: its synthetic catalogs are deterministic and valid, and its runner fills every row of the table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import run, scale, synthetic
from generator import site
from generator.mathtext import spans
from generator.model import Catalog
from tests import forkcatalog
from tests.sitebuild import CATALOG, FIRST, ROOT, add_theme, env, retitle


def test_the_same_seed_gives_the_same_catalog_and_another_seed_another() -> None:
    first = synthetic.dump(synthetic.catalog(20, seed=7))
    assert synthetic.dump(synthetic.catalog(20, seed=7)) == first
    assert synthetic.dump(synthetic.catalog(20, seed=8)) != first


def test_a_synthetic_catalog_is_valid_and_looks_like_the_real_one(tmp_path: Path) -> None:
    real = site.load_catalog(CATALOG)
    catalog = site.load_catalog(synthetic.write(tmp_path / "papers.yaml", 200, real=CATALOG))
    papers = catalog.papers
    assert len(papers) == 200
    assert catalog.themes == real.themes
    assert catalog.tags == real.tags
    lengths = sorted(len(p.abstract) for p in papers)
    assert 1_100 <= lengths[len(lengths) // 2] <= 1_700
    arxiv = [p.arxiv for p in papers if p.arxiv]
    assert 0.5 * len(papers) < len(arxiv) == len(set(arxiv))
    assert 0.3 * len(papers) < sum(1 for p in papers if p.code) < 0.7 * len(papers)
    with_math = [p for p in papers if any(is_math for is_math, _ in spans(p.abstract))]
    assert 0.1 * len(papers) < len(with_math) < 0.35 * len(papers)
    assert len({p.slug for p in papers}) == len(papers)
    assert len({t for p in papers for t in p.tags}) >= 0.6 * len(real.tags)


def _table_cells(text: str) -> dict[str, list[str]]:
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


@pytest.mark.slow
def test_the_runner_measures_every_build_figure_and_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "benchmarks.md"
    assert run.main(["--sizes", "60", "--runs", "1", "--no-browser", "--write", str(page), "--workdir", str(tmp_path / "work")]) == 0
    cells = _table_cells(capsys.readouterr().out)
    browser_rows = {
        "Explore: first result",
        "Explore: bytes loaded",
        "Map: interactive",
        "Header search: ",
        "reference: Material's search",
        "reference: bytes Material's search",
        "Material's search on bare",
        "Lighthouse ",
    }
    for name, _ in run.ROWS:
        assert name in cells, name
        (value,) = cells[name]
        if any(name.startswith(prefix) for prefix in browser_rows):
            assert value == "n/a", name
        else:
            assert re.fullmatch(r"[\d,.]+(%|×)?", value), (name, value)
    assert cells["paper pages"] == ["60"]
    # The generator's stages, from `build --timings`.
    stages = [name for name in cells if name.startswith("… ") and name.endswith(", s")]
    assert stages[0] == "… reading papers.yaml, s" and "… related papers (TF-IDF), s" in stages and "… pages (Jinja), s" in stages
    assert all(re.fullmatch(r"\d+\.\d\d", cells[name][0]) for name in stages)
    # Paper pages are not in Material's index (generator/search_hook.py): the header search finds them in Explore's.
    assert cells["Material search entries under papers/"] == ["0"]
    written = page.read_text(encoding="utf-8")
    assert "## Targets" in written
    assert "| Every paper page < 30 KB of HTML, whatever N | pass |" in written
    assert re.search(r"\| A full build .* \| (pass|\*\*FAIL\*\*) \| \d+\.\d s: generator \d+\.\d s \+ MkDocs \d+\.\d s", written)
    assert re.search(r"\| Site ≤ 25 KB and ≤ 1.2 files per paper .* \| \d+\.\d KB and \d\.\d\d files per paper \|", written)
    # One size: no fit, no ceiling, no Lighthouse (no browser).
    assert "| Deployable to 40,000 papers: the largest N whose site fits GitHub Pages' 1 GB | not measured |" in written
    assert "not measured" in written  # no browser in this run
    serve_row = next(line for line in written.splitlines() if line.startswith("| `make serve`") and "(real catalog)" in line)
    assert re.search(r"median \d+\.\d\d s, slowest \d+\.\d\d s over 5 edits; 5 rebuilds", serve_row), serve_row
    assert "model name" not in written
    assert "| Python | 3." in written


@pytest.mark.slow
@pytest.mark.browser
def test_the_runner_times_both_searches_in_chromium(tmp_path: Path) -> None:
    if not Path(run.CHROMIUM).exists():
        pytest.skip(f"no chromium at {run.CHROMIUM}")
    # In a process of its own: the browser tests' session-wide Playwright may be running in this one.
    args = [sys.executable, "-m", "bench.run", "--sizes", "60", "--runs", "1", "--workdir", str(tmp_path)]
    done = subprocess.run(args, cwd=ROOT, env=env(), capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    cells = _table_cells(done.stdout)
    for name in (
        "Explore: first result, ms after navigation",
        "Map: interactive, ms after navigation",
        "Header search: first paper listed, ms after navigation",
        "reference: Material's search on bare Material, first result, ms after navigation",
    ):
        (value,) = cells[name]
        assert 0 < float(value.replace(",", "")) < 60_000, (name, value)


def test_a_catalog_with_few_tags_or_none_and_no_abstracts_still_gives_a_synthetic_catalog(tmp_path: Path) -> None:
    """A fork's catalog (2 tags, or none; no abstracts) is a valid source for the benchmark's catalogs."""
    fork = yaml.safe_load(forkcatalog.PATH.read_text(encoding="utf-8"))
    assert fork["tags"] == [] and not any("abstract" in p for p in fork["papers"])
    catalog = site.load_catalog(synthetic.write(tmp_path / "papers.yaml", 40, real=forkcatalog.PATH))
    assert len(catalog.papers) == 40 and catalog.tags == ()
    assert all(len(p.abstract or "") > 500 and not p.tags for p in catalog.papers)

    two = [{"id": "field-study", "title": "Field study"}, {"id": "simulation", "title": "Simulation"}]
    two_tags = _write(tmp_path / "two-tags.yaml", {**fork, "tags": two})
    catalog = site.load_catalog(synthetic.write(tmp_path / "papers-2.yaml", 40, real=two_tags))
    assert {tag for p in catalog.papers for tag in p.tags} == {"field-study", "simulation"}
    assert max(len(p.tags) for p in catalog.papers) == 2


def test_the_fits_recover_a_power_law_and_a_straight_line() -> None:
    law = scale.fit([(n, 3 * n**1.5) for n in (1_000, 10_000, 20_000)])
    assert law is not None
    assert abs(law.k - 1.5) < 1e-9
    assert abs(law(100_000) - 3 * 100_000**1.5) < 1e-3 * law(100_000)
    assert abs(law.solve(3 * 50_000**1.5) - 50_000) < 1
    assert scale.linear_ceiling([(10_000, 2_000 + 10 * 10_000), (20_000, 2_000 + 10 * 20_000)], 2_000 + 10 * 45_000) == 45_000
    assert scale.fit([(1_000, 5.0)]) is None


def _write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_100000_paper_section_shows_every_size_measured_the_fits_and_what_breaks_first() -> None:
    """Figures that grow as 2 MB and 0.004 CPU s per paper: the section extrapolates them and orders the limits they reach."""
    results = []
    for n in (60, 1_000, 10_000, 20_000):
        result = run.Result(n)
        figures = {"site_bytes": 2 * 2**20 * n, "build_cpu_s": 0.004 * n, "paper_median": 20_000.0, "paper_article_median": 5_000.0}
        result.runs.append(figures | {"explore_gz": 40.0 * n})
        results.append(result)
    text = "\n".join(scale.scale_section(results))
    assert "| measure | N = 1,000 | N = 10,000 | N = 20,000 | grows as | N = 100,000 (fitted) |" in text  # N = 60 is not fitted
    site_row = next(line for line in text.splitlines() if line.startswith("| site, MB |"))
    assert site_row.split(" | ")[-2:] == ["N^1.00", "200,000 |"]
    breaks = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    # 60 s of CPU at 15,000 papers; 1 GB of site at 512 papers: the site's limit comes first.
    assert breaks[0].startswith("1. at about 512 papers, the site passes GitHub Pages' 1 GB")
    assert breaks[1].startswith("2. at about 15,000 papers, the full build passes 60 s of CPU")
    assert "A paper page is 19.5 KB, of which the paper itself (the article) is 4.9 KB" in text


@pytest.mark.parametrize("layout", ["indented", "left margin"])
def test_the_serve_benchmarks_edits_change_one_title_or_one_papers_themes_and_nothing_else(tmp_path: Path, layout: str) -> None:
    """The title and theme edits `make bench` times under `make serve`, in both layouts of the papers list."""
    text = FIRST.read_text(encoding="utf-8")
    if layout == "left margin":
        text = synthetic.dump(yaml.safe_load(text))
    before = _catalog(tmp_path / "before.yaml", text)
    paper, other = before.papers[1], before.papers[2]
    theme = next(t.id for t in before.themes if t.id not in other.themes)
    edited = add_theme(retitle(text, paper.title, paper.title + " Renamed"), other.title, theme)
    after = _catalog(tmp_path / "after.yaml", edited)
    assert [p.title for p in after.papers] == [p.title + " Renamed" if p is paper else p.title for p in before.papers]
    assert [p.themes for p in after.papers] == [(*p.themes, theme) if p is other else p.themes for p in before.papers]
    assert [p.abstract for p in after.papers] == [p.abstract for p in before.papers]


def _catalog(path: Path, text: str) -> Catalog:
    path.write_text(text, encoding="utf-8")
    return site.load_catalog(path)


def test_the_deployable_target_is_judged_on_the_site_built_at_40000_papers_when_there_is_one() -> None:
    """A site built at 40,000 papers decides the target by its own bytes; without it, the line through the two largest sizes."""

    def results(per_paper: float, sizes: tuple[int, ...]) -> list[run.Result]:
        out = []
        for n in sizes:
            result = run.Result(n)
            result.runs.append({"site_bytes": per_paper * n})
            out.append(result)
        return out

    fits = run.deployable_target(results(25 * 1024, (10_000, 20_000, run.DEPLOYABLE)))
    assert fits.verdict == "pass" and fits.figures.startswith("built at N = 40,000: 977 MB of 1,024; about 41,943 papers fit")
    too_big = run.deployable_target(results(27 * 1024, (10_000, 20_000, run.DEPLOYABLE)))
    assert too_big.verdict == "**FAIL**" and too_big.figures.startswith("built at N = 40,000: 1,055 MB")
    fitted = run.deployable_target(results(25 * 1024, (10_000, 20_000)))
    assert fitted.verdict == "pass" and fitted.figures == "about 41,943 papers fit (a straight line through the two largest sizes)"
