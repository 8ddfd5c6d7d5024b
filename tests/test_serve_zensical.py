"""``make serve ENGINE=zensical``: an edit of papers.yaml reaches the page Zensical serves; a bad edit keeps the last good site."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import site
from tests.sitebuild import ROOT, append_to_abstract, copy_project, env, free_port, http_get

pytestmark = pytest.mark.slow

SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"
MARKER = "Zensicalmarker"


def wait_for(url: str, text: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while text not in (http_get(url) or ""):
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, f"{url} never showed {text!r}:\n" + log.read_text()
        time.sleep(0.2)


def test_an_edit_of_papers_yaml_is_served_and_a_bad_one_keeps_the_last_good_site(tmp_path: Path) -> None:
    papers = copy_project(tmp_path, SMALL)
    paper = site.load_catalog(papers).papers[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.zensical_serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    page = f"{base}papers/{paper.slug}/"
    try:
        wait_for(page, paper.slug, process, log)
        assert MARKER not in (http_get(page) or "")

        good = append_to_abstract(papers.read_text(encoding="utf-8"), paper.title, f"{MARKER} is the word this test adds.")
        papers.write_text(good, encoding="utf-8")
        wait_for(page, MARKER, process, log)

        papers.write_text(good.replace("year: ", "year: twenty", 1), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "has problems" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(2)
        assert MARKER in (http_get(page) or ""), "the last good site is still served"
        assert "Traceback" not in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode == 0, log.read_text()
