"""`python -m generator add --from-doi`: Crossref's record fills what the flags leave out, through a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import crossref, inputs
from generator.cli import cli
from tests.sitebuild import http_server

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = FIXTURES / "crossref"


@dataclass
class FakeCrossref:
    url: str
    paths: list[str] = field(default_factory=list)


@pytest.fixture
def fake_crossref() -> Iterator[FakeCrossref]:
    """Answers /works/DOI with the recorded record of DOI, or Crossref's 404 for an unknown one."""
    state = FakeCrossref(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.answer()

        def answer(self) -> None:
            state.paths.append(self.path)
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            recorded = RECORDED / (path.removeprefix("/works/").replace("/", "_") + ".json")
            if not path.startswith("/works/") or not recorded.is_file():
                body, status, kind = b"Resource not found.", 404, "text/plain"
            else:
                body, status, kind = recorded.read_bytes(), 200, "application/json"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with http_server(Handler) as base:
        state.url = f"{base}/works/"
        yield state


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CROSSREF_API_URL", raising=False)
    shutil.copy(FIXTURES / "valid" / "small.yaml", tmp_path / "papers.yaml")
    return tmp_path / "papers.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_from_doi_fills_a_journal_article(catalog: Path, fake_crossref: FakeCrossref) -> None:
    code, output = run(
        "add", "--from-doi", "https://doi.org/10.1162/neco.1997.9.8.1735", "--theme", "sequence-models",
        "--added", "2025-06-01", "--crossref-api", fake_crossref.url,
    )  # fmt: skip
    assert code == 0, output
    assert fake_crossref.paths == ["/works/10.1162/neco.1997.9.8.1735"]
    text = catalog.read_text()
    added = text[text.index("\n  - title: Long Short-Term Memory") :]
    assert added.startswith(
        "\n"
        "  - title: Long Short-Term Memory\n"
        "    authors:\n"
        "      - Sepp Hochreiter\n"
        "      - Jürgen Schmidhuber\n"
        "    year: 1997\n"
        "    venue: Neural Computation\n"
        "    venue_type: journal\n"
        "    doi: 10.1162/neco.1997.9.8.1735\n"
        "    added: 2025-06-01\n"
        "    themes: [sequence-models]\n"
        "    abstract: >-\n"
        "      Learning to store information over extended time intervals by recurrent backpropagation takes\n"
    )
    paper = inputs.load_catalog(catalog, "papers.yaml").papers[-1]
    assert paper.abstract is not None and "<" not in paper.abstract and "enforcing constant error flow" in paper.abstract
    assert paper.abstract.endswith("previous recurrent network algorithms.")


def test_flags_win_over_the_record_and_a_proceedings_paper_is_a_conference_paper(catalog: Path, fake_crossref: FakeCrossref) -> None:
    code, output = run(
        "add", "--from-doi", "10.18653/v1/N19-1423", "--venue", "NAACL-HLT 2019", "--theme", "sequence-models",
        "--added", "2025-06-01", "--crossref-api", fake_crossref.url,
    )  # fmt: skip
    assert code == 0, output
    paper = inputs.load_catalog(catalog, "papers.yaml").papers[-1]
    assert (paper.title, paper.authors, paper.year) == (
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        2019,
    )
    assert (paper.venue, paper.venue_type, paper.doi, paper.abstract) == ("NAACL-HLT 2019", "conference", "10.18653/v1/N19-1423", None)


def test_an_unknown_doi_writes_nothing(catalog: Path, fake_crossref: FakeCrossref) -> None:
    before = catalog.read_bytes()
    code, output = run("add", "--from-doi", "10.1234/not-registered", "--theme", "sequence-models", "--crossref-api", fake_crossref.url)
    assert code == 1
    assert "papers.yaml: --from-doi 10.1234/not-registered: Crossref has no record of the DOI 10.1234/not-registered (HTTP 404" in output
    assert catalog.read_bytes() == before
    code, output = run("add", "--from-doi", "not-a-doi", "--theme", "sequence-models", "--crossref-api", fake_crossref.url)
    assert (code, "'not-a-doi' is not a DOI" in output) == (1, True)
    assert catalog.read_bytes() == before


def test_answers_that_are_not_a_work_record_are_refused() -> None:
    for data, message in (
        (b"<html>", "not JSON"),
        (b'{"status": "ok", "message-type": "work-list", "message": {}}', "not a work record"),
        (b'{"status": "ok", "message-type": "work", "message": {"DOI": "10.1/other", "title": ["T"]}}', "is about '10.1/other'"),
        (b'{"status": "ok", "message-type": "work", "message": {"DOI": "10.1/x", "title": []}}', "has no title"),
    ):
        with pytest.raises(crossref.CrossrefError, match=message):
            crossref.parse_work(data, "10.1/x")
