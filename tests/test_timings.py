"""`build --timings`: where a build's time goes, stage by stage."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.timings import OFF, Stopwatch
from tests import synthetic
from tests.sitebuild import copy_project


def _slow_items(count: int, seconds: float) -> Iterator[int]:
    for i in range(count):
        time.sleep(seconds)
        yield i


def test_a_stream_counts_the_time_spent_making_items_not_using_them() -> None:
    watch = Stopwatch()
    for _ in watch.stream("made", lambda: _slow_items(4, 0.02)):
        time.sleep(0.05)  # the writer's share: not the stage's
    made = watch.seconds["made"]
    assert 0.08 <= made < 0.15
    rest = dict(watch.report())["writing and the rest"]
    assert rest >= 0.2


def test_stages_add_up_to_the_total_and_keep_their_order() -> None:
    watch = Stopwatch()
    with watch.stage("first"):
        time.sleep(0.01)
    list(watch.stream("second", lambda: _slow_items(2, 0.01)))
    with watch.stage("first"):  # a stage that runs twice is summed
        time.sleep(0.01)
    report = watch.report()
    names = [name for name, _ in report]
    assert names == ["first", "second", "writing and the rest", "total, after start-up"]
    assert dict(report)["first"] >= 0.02
    assert abs(sum(s for _, s in report[:-1]) - report[-1][1]) < 1e-6


def test_the_default_watch_times_nothing() -> None:
    assert list(OFF.stream("x", lambda: _slow_items(2, 0))) == [0, 1]
    with OFF.stage("y"):
        pass
    assert OFF.seconds == {}


def test_build_timings_prints_every_stage(tmp_path: Path) -> None:
    # 40 papers: enough pages that their stage takes more than the 0.01 s the report shows, even
    # with the templates already compiled by earlier tests in this process.
    copy_project(tmp_path, synthetic.write(tmp_path / "source.yaml", 40))
    with contextlib.chdir(tmp_path):  # in this process: `python -m generator` itself is tested in test_cli.py
        result = CliRunner().invoke(cli, ["build", "--timings"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Generated pages: ") and lines[1] == "Timings:"
    rows = dict(re.fullmatch(r"  (.+?)\s+(\d+\.\d\d) s", line).groups() for line in lines[2:])  # type: ignore[union-attr]
    assert list(rows) == [
        "reading papers.yaml",
        "validating",
        "exports (JSON, BibTeX)",
        "feeds",
        "related papers (TF-IDF)",
        "map layout (t-SNE)",
        "pages (Jinja)",
        "Explore index",
        "map page",
        "email digests",
        "writing and the rest",
        "total, after start-up",
    ]
    seconds = {name: float(value) for name, value in rows.items()}
    *parts, total = seconds.values()
    assert abs(sum(parts) - total) <= 0.06  # rounding
    assert seconds["pages (Jinja)"] > 0
    # Without the flag, the output is the one line it always was.
    with contextlib.chdir(tmp_path):
        again = CliRunner().invoke(cli, ["build"])
    assert again.stdout.strip().startswith("Generated pages: 0 written") and "Timings" not in again.stdout
