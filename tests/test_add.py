"""`python -m generator add`: one checked, canonical entry appended, or nothing written at all.

The arXiv cases talk to a real HTTP server on 127.0.0.1 that answers like the arXiv API, with
recorded answers from tests/fixtures/arxiv/.
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import arxiv, mathtext, site
from generator.cli import cli
from tests.sitebuild import http_server

# The catalog the tests add to: three papers of the first catalog, Titans among them (a duplicate
# to refuse), and the themes and tags the new entries use. Not papers.yaml: adding a paper there
# (say Mamba) must not break these tests.
BASE = Path(__file__).parent / "fixtures" / "valid" / "add.yaml"
RECORDED = Path(__file__).parent / "fixtures" / "arxiv"
# A comment among the papers, to see that adding keeps it.
COMMENT = "  # Papers of the first import, in the order of the trending list.\n"


@dataclass
class FakeArxiv:
    url: str
    queries: list[dict[str, list[str]]] = field(default_factory=list)


@pytest.fixture
def fake_arxiv() -> Iterator[FakeArxiv]:
    """Answers /api/query?id_list=ID with the recorded answer for ID, or an empty feed."""
    state = FakeArxiv(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up first
                self.answer()

        def answer(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(parts.query)
            state.queries.append(query)
            ident = query.get("id_list", [""])[0]
            if parts.path == "/slow/api/query":
                time.sleep(3)
            if parts.path == "/broken/api/query":
                body = (RECORDED / "2312.00752.xml").read_bytes()[:700]
            elif parts.path != "/api/query":
                self.send_error(404, "Not Found")
                return
            else:
                recorded = RECORDED / f"{ident}.xml"
                body = (recorded if recorded.is_file() else RECORDED / "empty.xml").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with http_server(Handler) as base:
        state.url = base
        yield state


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/valid/add.yaml (with one more comment) as ./papers.yaml."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARXIV_API_URL", raising=False)
    text = BASE.read_text()
    text = text.replace("\npapers:\n", "\npapers:\n" + COMMENT, 1)
    path = tmp_path / "papers.yaml"
    path.write_text(text)
    return path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["papers.yaml"]  # no temporary file left


FLAGS = [
    "--title", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
    "--author", "Albert Gu",
    "--author", "Tri Dao",
    "--year", "2023",
    "--venue", "COLM 2024",
    "--arxiv", "2312.00752",
    "--code", "https://github.com/state-spaces/mamba",
    "--theme", "state-space-models",
    "--theme", "attention-memory",
    "--tag", "ssm",
    "--tag", "long-context",
    "--abstract", "Foundation models are   almost universally based on the Transformer. "
    "Mamba enjoys fast inference (5$\\times$ higher throughput).",
    "--added", "2025-06-01",
]  # fmt: skip

EXPECTED_ENTRY = """
  - title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces'
    authors:
      - Albert Gu
      - Tri Dao
    year: 2023
    venue: COLM 2024
    arxiv: '2312.00752'
    code: https://github.com/state-spaces/mamba
    added: 2025-06-01
    themes: [state-space-models, attention-memory]
    tags: [ssm, long-context]
    abstract: >-
      Foundation models are almost universally based on the Transformer. Mamba enjoys fast inference
      (5$\\times$ higher throughput).
"""


def test_add_from_flags_appends_one_canonical_entry(catalog: Path) -> None:
    before = catalog.read_text()
    code, output = run("add", *FLAGS)
    assert code == 0, output
    assert f"added papers[{len(site.load_catalog(BASE).papers)}] 'Mamba: Linear-Time" in output
    after = catalog.read_text()
    # Everything before is kept byte for byte (comments included); the entry comes last.
    assert after == before + EXPECTED_ENTRY
    assert COMMENT in after and after.startswith("# yaml-language-server:")
    loaded = site.load_catalog(catalog)
    paper = loaded.papers[-1]
    assert (paper.title, paper.authors, paper.year, paper.arxiv, paper.added) == (
        "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
        ("Albert Gu", "Tri Dao"),
        2023,
        "2312.00752",
        date(2025, 6, 1),
    )
    assert run("fmt", "--check", "papers.yaml")[0] == 0


def test_added_defaults_to_today(catalog: Path) -> None:
    flags = FLAGS[: FLAGS.index("--added")]
    code, output = run("add", *flags)
    assert code == 0, output
    added = site.load_catalog(catalog).papers[-1].added
    assert abs((added - date.today()).days) <= 1  # today in UTC


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--arxiv", "2501.00663"), "--arxiv: arXiv id 2501.00663 is already in the catalog as papers["),
        (("--title", "titans -- learning to memorize at test time!"), "--title: the same title as papers["),
    ],
)
def test_add_refuses_a_duplicate(catalog: Path, change: tuple[str, str], message: str) -> None:
    before = catalog.read_bytes()
    flags = list(FLAGS)
    flags[flags.index(change[0]) + 1] = change[1]
    code, output = run("add", *flags)
    assert code == 1
    assert f"papers.yaml: {message}" in output
    # The existing entry is one jump away: papers.yaml:LINE:COL of the Titans entry.
    titans_line = before.decode().splitlines().index("  - title: 'Titans: Learning to Memorize at Test Time'") + 1
    assert f"(papers.yaml:{titans_line}:5)" in output
    assert "Nothing was written." in output
    assert_untouched(catalog, before)


def test_add_refuses_an_unknown_theme_and_suggests_one(catalog: Path) -> None:
    before = catalog.read_bytes()
    flags = list(FLAGS)
    flags[flags.index("state-space-models")] = "state-space-model"
    flags[flags.index("long-context")] = "long-contexts"
    code, output = run("add", *flags)
    assert code == 1
    assert "papers.yaml: --theme: unknown theme 'state-space-model'; did you mean 'state-space-models'?" in output
    assert "papers.yaml: --tag: unknown tag 'long-contexts'; did you mean 'long-context'?" in output
    assert_untouched(catalog, before)


def test_add_names_what_is_missing(catalog: Path) -> None:
    before = catalog.read_bytes()
    code, output = run("add", "--title", "Something new", "--added", "2025-06-01")
    assert code == 1
    assert "--abstract" not in output  # optional: a paper without an abstract is a valid paper
    assert "--theme: give at least one theme" in output and "state-space-models" in output
    code, output = run("add", *FLAGS[:-1], "2025-06-31")
    assert (code, "--added: expected a date like 2025-05-22, got '2025-06-31'" in output) == (1, True)
    assert_untouched(catalog, before)


def test_add_refuses_to_touch_a_broken_catalog(catalog: Path) -> None:
    catalog.write_text(catalog.read_text().replace("    year: 2015\n", "    year: TBD\n", 1))
    before = catalog.read_bytes()
    code, output = run("add", *FLAGS)
    assert code == 1
    assert "papers[1].year: expected a whole number, got 'TBD'" in output
    assert "fix them first" in output
    assert_untouched(catalog, before)


def test_add_from_arxiv_fills_in_the_facts(catalog: Path, fake_arxiv: FakeArxiv) -> None:
    before = catalog.read_text()
    api = f"{fake_arxiv.url}/api/query"
    code, output = run(
        "add",
        "--from-arxiv",
        "arXiv:2312.00752v2",
        "--theme",
        "state-space-models",
        "--tag",
        "ssm",
        "--added",
        "2025-06-01",
        "--arxiv-api",
        api,
    )
    assert code == 0, output
    assert fake_arxiv.queries == [{"id_list": ["2312.00752"]}]
    paper = site.load_catalog(catalog).papers[-1]
    assert paper.title == "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"  # no line break from the feed
    assert paper.authors == ("Albert Gu", "Tri Dao")
    assert paper.year == 2023  # of v1, not of the v2 the feed lists
    assert (paper.venue, paper.code, paper.arxiv, paper.arxiv_category) == (None, None, "2312.00752", "cs.LG")  # arxiv:primary_category
    assert paper.abstract.startswith("Foundation models, now powering most of the exciting applications in deep learning, are")
    assert "Mamba enjoys fast inference (5$\\times$ higher throughput than Transformers)" in paper.abstract
    assert "  " not in paper.abstract
    after = catalog.read_text()
    assert after.startswith(before)
    assert "venue:" not in after[len(before) :]
    assert run("fmt", "--check", "papers.yaml")[0] == 0


def test_explicit_flags_win_over_fetched_facts(catalog: Path, fake_arxiv: FakeArxiv) -> None:
    env = {"ARXIV_API_URL": f"{fake_arxiv.url}/api/query"}
    code, output = run(
        "add", "--from-arxiv", "2312.00752", "--theme", "state-space-models", "--year", "2024", "--venue", "COLM 2024",
        "--title", "Mamba (selective state spaces)", "--added", "2025-06-01", env=env,
    )  # fmt: skip
    assert code == 0, output
    paper = site.load_catalog(catalog).papers[-1]
    assert (paper.title, paper.year, paper.venue, paper.authors) == (
        "Mamba (selective state spaces)",
        2024,
        "COLM 2024",
        ("Albert Gu", "Tri Dao"),
    )


def test_add_from_arxiv_refuses_a_paper_already_there(catalog: Path, fake_arxiv: FakeArxiv) -> None:
    before = catalog.read_bytes()
    code, output = run("add", "--from-arxiv", "2501.00663", "--theme", "attention-memory", "--arxiv-api", f"{fake_arxiv.url}/api/query")
    assert code == 1
    assert "--arxiv: arXiv id 2501.00663 is already in the catalog" in output
    assert "--title: the same title as papers[" in output
    assert_untouched(catalog, before)


@pytest.mark.parametrize(
    ("ident", "path", "message"),
    [
        ("2501.99999", "/api/query", "arXiv has no paper 2501.99999"),
        ("2312.00752", "/gone/api/query", "the arXiv API answered HTTP 404 Not Found"),
        ("2312.00752", "/broken/api/query", "the arXiv API's answer is not well-formed XML"),
    ],
)
def test_add_from_arxiv_reports_what_went_wrong(catalog: Path, fake_arxiv: FakeArxiv, ident: str, path: str, message: str) -> None:
    before = catalog.read_bytes()
    code, output = run("add", "--from-arxiv", ident, "--theme", "state-space-models", "--arxiv-api", fake_arxiv.url + path)
    assert code == 1
    assert f"papers.yaml: --from-arxiv {ident}: {message}" in output
    assert_untouched(catalog, before)


def test_add_from_arxiv_when_the_server_is_unreachable(catalog: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = catalog.read_bytes()
    code, output = run(
        "add", "--from-arxiv", "2312.00752", "--theme", "state-space-models", "--arxiv-api", f"http://127.0.0.1:{port}/api/query"
    )
    assert code == 1
    assert f"--from-arxiv 2312.00752: cannot reach the arXiv API at http://127.0.0.1:{port}/api/query?id_list=2312.00752" in output
    assert "Connection refused" in output
    assert_untouched(catalog, before)


def test_add_from_arxiv_gives_up_after_the_timeout(catalog: Path, fake_arxiv: FakeArxiv) -> None:
    before = catalog.read_bytes()
    start = time.perf_counter()
    api = f"{fake_arxiv.url}/slow/api/query"
    code, output = run("add", "--from-arxiv", "2312.00752", "--theme", "state-space-models", "--arxiv-api", api, "--timeout", "0.5")
    assert time.perf_counter() - start < 2.5
    assert code == 1
    assert "within 0.5 seconds" in output or "timed out" in output
    assert_untouched(catalog, before)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Fast  (5$\\times$)\n  higher", "Fast (5$\\times$) higher"),
        ("costs $5 and $x^2$ here", "costs \\$5 and $x^2$ here"),
        ("we pay $10 today", "we pay \\$10 today"),
        ("a $ b $ c", "a $ b $ c"),  # reads as math, so it is kept as arXiv has it
        ("display $$a+b$$ math", "display $a+b$ math"),
        ("broken $\\frac{$ formula", "broken \\$\\frac{\\$ formula"),
    ],
)
def test_fetched_text_is_normalized_and_its_math_valid(raw: str, clean: str) -> None:
    assert arxiv.clean_text(raw) == clean
    assert mathtext.check(clean) == []


def test_arxiv_ids_in_the_forms_people_paste() -> None:
    for given in ("2312.00752", "arXiv:2312.00752v2", "https://arxiv.org/abs/2312.00752v1", "https://arxiv.org/pdf/2312.00752.pdf"):
        assert arxiv.normalize_id(given) == "2312.00752"
    assert arxiv.normalize_id("math.gt/0309136") == "math.GT/0309136"
    with pytest.raises(arxiv.ArxivError, match="is not an arXiv id"):
        arxiv.normalize_id("10.1000/xyz")


def test_a_feed_with_a_dtd_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed xmlns="http://www.w3.org/2005/Atom">&a;</feed>'
    with pytest.raises(arxiv.ArxivError, match="DTD"):
        arxiv.parse_feed(bomb, "2312.00752")


def test_recorded_answers_are_complete_atom_entries() -> None:
    """The recorded files carry every element of a real answer, not just what add reads."""
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("2501.00663", "2312.00752"):
        entry = ET.parse(RECORDED / f"{name}.xml").getroot().find(f"{atom}entry")
        assert entry is not None
        tags = {child.tag for child in entry}
        assert {f"{atom}{t}" for t in ("id", "updated", "published", "title", "summary", "author", "link", "category")} <= tags
        assert "{http://arxiv.org/schemas/atom}primary_category" in tags
        links = {(link.get("rel"), link.get("title")) for link in entry.findall(f"{atom}link")}
        assert links == {("alternate", None), ("related", "pdf")}


def test_the_catalog_fixture_is_the_base_catalog(catalog: Path) -> None:
    assert site.load_catalog(catalog) == site.load_catalog(BASE)


def test_add_to_a_file_in_another_layout_makes_the_whole_file_canonical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    messy = Path(__file__).parent / "fixtures" / "fmt"
    shutil.copy(messy / "messy.yaml", "papers.yaml")
    code, output = run("add", "--title", "A new one", "--theme", "sequence-models", "--abstract", "Short.", "--added", "2025-06-01")
    assert code == 0, output
    assert "the rest of the file was also put into the canonical layout" in output
    expected = (messy / "messy.expected.yaml").read_text()
    expected += "\n  - title: A new one\n    added: 2025-06-01\n    themes: [sequence-models]\n    abstract: >-\n      Short.\n"
    assert Path("papers.yaml").read_text() == expected


def test_add_the_first_paper_of_an_empty_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    head = (Path(__file__).parent / "fixtures" / "fmt" / "messy.expected.yaml").read_text().split("\npapers:\n")[0]
    Path("papers.yaml").write_text(head + "\npapers: []\n")
    code, output = run("add", "--title", "A new one", "--theme", "sequence-models", "--abstract", "Short.", "--added", "2025-06-01")
    assert code == 0, output
    assert "the rest of the file" not in output
    assert Path("papers.yaml").read_text() == head + (
        "\npapers:\n  - title: A new one\n    added: 2025-06-01\n    themes: [sequence-models]\n    abstract: >-\n      Short.\n"
    )


def test_add_takes_the_new_fields_as_flags(catalog: Path) -> None:
    before = catalog.read_text()
    code, output = run(
        "add",
        "--title", "Long Short-Term Memory",
        "--author", "Sepp Hochreiter",
        "--authors-incomplete",
        "--year", "1997",
        "--venue", "Neural Computation",
        "--venue-type", "journal",
        "--doi", "10.1162/neco.1997.9.8.1735",
        "--pdf", "https://example.org/lstm.pdf",
        "--link", "Slides=https://example.org/slides?id=1&page=2",
        "--note", "A classic",
        "--theme", "state-space-models",
        "--added", "2025-06-01",
    )  # fmt: skip
    assert code == 0, output
    assert catalog.read_text() == before + (
        "\n"
        "  - title: Long Short-Term Memory\n"
        "    authors:\n"
        "      - Sepp Hochreiter\n"
        "    authors_incomplete: true\n"
        "    year: 1997\n"
        "    venue: Neural Computation\n"
        "    venue_type: journal\n"
        "    doi: 10.1162/neco.1997.9.8.1735\n"
        "    pdf: https://example.org/lstm.pdf\n"
        "    links:\n"
        "      - label: Slides\n"
        "        url: https://example.org/slides?id=1&page=2\n"
        "    note: A classic\n"
        "    added: 2025-06-01\n"
        "    themes: [state-space-models]\n"
    )


def test_add_names_the_flag_of_a_bad_new_field(catalog: Path) -> None:
    before = catalog.read_bytes()
    code, output = run(
        "add", "--title", "X", "--theme", "state-space-models", "--added", "2025-06-01",
        "--doi", "https://doi.org/10.1162/neco.1997.9.8.1735", "--link", "https://example.org/slides",
    )  # fmt: skip
    assert code == 1
    assert "papers.yaml: --doi: write the DOI alone: '10.1162/neco.1997.9.8.1735'" in output
    assert "papers.yaml: --link: a link needs a label and an address" in output
    assert_untouched(catalog, before)
