"""`python -m generator import FILE.bib`: a real reading list becomes catalog entries, field by field, or nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import bibimport, inputs
from generator.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
BIB = FIXTURES / "bibtex" / "reading-list.bib"


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bare fixture catalog (LSTM, Attention, S4 without authors) as ./papers.yaml."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "valid" / "bare.yaml", tmp_path / "papers.yaml")
    shutil.copy(BIB, tmp_path / "reading-list.bib")
    return tmp_path / "papers.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


# What each imported entry must hold: exactly what its source entry states, decoded.
EXPECTED = {
    "Language models are few-shot learners": {
        "authors": ("Tom Brown", "Benjamin Mann", "Nick Ryder", "Melanie Subbiah", "Jared D Kaplan", "Prafulla Dhariwal",
                    "Arvind Neelakantan", "Pranav Shyam", "Girish Sastry", "Amanda Askell"),
        "authors_incomplete": True, "year": 2020, "venue": "Advances in neural information processing systems",
        "venue_type": "journal", "arxiv": None, "doi": None,
    },
    "Titans: Learning to memorize at test time": {
        "authors": ("Ali Behrouz", "Peilin Zhong", "Vahab Mirrokni"),
        "authors_incomplete": False, "year": 2024, "venue": None, "venue_type": "preprint", "arxiv": "2501.00663", "doi": None,
        "arxiv_category": None,
    },
    "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding": {
        "authors": ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        "authors_incomplete": False, "year": 2019,
        "venue": "Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational "
        "Linguistics: Human Language Technologies, NAACL-HLT 2019, Minneapolis, MN, USA, June 2-7, 2019, Volume 1 (Long and Short Papers)",
        "venue_type": "conference", "arxiv": None, "doi": "10.18653/V1/N19-1423",
    },
    "Mamba: Linear-Time Sequence Modeling with Selective State Spaces": {
        "authors": ("Albert Gu", "Tri Dao"),
        "authors_incomplete": False, "year": 2023, "venue": None, "venue_type": "preprint", "arxiv": "2312.00752", "doi": None,
        "arxiv_category": "cs.LG",
    },
}  # fmt: skip


def test_import_a_reading_list_field_by_field(catalog: Path) -> None:
    before = catalog.read_text()
    code, output = run("import", "reading-list.bib", "--theme", "sequence-models", "--added", "2025-06-01")
    assert code == 0, output
    after = catalog.read_text()
    assert after.startswith(before.rstrip("\n"))  # appended: the catalog's own entries stay as they were
    imported = inputs.load_catalog(catalog, "papers.yaml").papers[3:]
    assert [p.title for p in imported] == list(EXPECTED)
    for paper in imported:
        want = EXPECTED[paper.title]
        got = {name: getattr(paper, name) for name in want}
        assert got == want, paper.title
        assert (paper.themes, paper.added.isoformat(), paper.abstract, paper.code, paper.links) == (
            ("sequence-models",),
            "2025-06-01",
            None,
            None,
            (),
        )
    assert f"{len(EXPECTED)} papers imported from reading-list.bib, 7 entries skipped." in output
    code, fmt_output = run("fmt", "--check", "papers.yaml")
    assert code == 0, fmt_output


def test_every_skipped_entry_is_reported_with_its_line_and_reason(catalog: Path) -> None:
    code, output = run("import", "reading-list.bib", "--theme", "sequence-models", "--added", "2025-06-01")
    assert code == 0, output
    skipped = [line for line in output.splitlines() if ": skipped: " in line]
    lines = BIB.read_text(encoding="utf-8").splitlines()
    reasons = []
    for line in skipped:
        where, reason = line.split(": skipped: ")
        number = int(where.split(":")[1])
        key = where.split("{", 1)[1].rstrip("}")
        assert key in lines[number - 1], line  # the line named is the entry's first line
        reasons.append((key, reason))
    assert reasons == [
        ("vaswani2017attention", "the same title is already papers[1] of the catalog"),
        ("gu2021efficiently", "the same title is already papers[2] of the catalog"),
        ("DBLP:journals/neco/HochreiterS97", "the same title is already papers[0] of the catalog"),
        ("DBLP:conf/iclr/GuGR22", "the same title is already papers[2] of the catalog"),
        ("behrouz2024titanslearningmemorizetest", "arXiv 2501.00663 is already the entry behrouz2024titans (line 31)"),
        ("todo-read-later", "it has no title"),
        ("gu2021efficiently", "the key gu2021efficiently is used by an earlier entry of the file"),
    ]


def test_a_bad_entry_means_nothing_is_written(catalog: Path) -> None:
    bib = catalog.parent / "bad.bib"
    bib.write_text(
        "@article{ok2020, title={A good one}, author={Doe, Jane}, year={2020}}\n"
        "\n"
        "@article{merged2021,\n  title={Two authors folded into one},\n  author={Albert Gu - Tri Dao},\n  year={2021}\n}\n",
        encoding="utf-8",
    )
    before = catalog.read_bytes()
    code, output = run("import", "bad.bib", "--theme", "sequence-models", "--tag", "no-such-tag")
    assert code == 1
    assert "bad.bib:3: @article{merged2021}: authors[0]: 'Albert Gu - Tri Dao' is one author" in output
    assert "papers.yaml: --tag: unknown tag 'no-such-tag'" in output
    assert catalog.read_bytes() == before
    assert sorted(p.name for p in catalog.parent.iterdir()) == ["bad.bib", "papers.yaml", "reading-list.bib"]


def test_the_theme_is_required_and_named(catalog: Path) -> None:
    before = catalog.read_bytes()
    code, output = run("import", "reading-list.bib")
    assert code == 1
    assert "--theme: give at least one theme for the imported papers: sequence-models, attention" in output
    assert catalog.read_bytes() == before


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("R{\\'e}", "Ré"),
        ("Kaiser, {\\L}ukasz", "Kaiser, Łukasz"),
        ('J{\\"{u}}rgen', "Jürgen"),
        ("{BERT:} Pre-training", "BERT: Pre-training"),
        ("Up to 256\\% faster, {\\em long}   sequences", "Up to 256% faster, long sequences"),
        ("$\\mathcal{O}(n \\log n)$ time for {\\$}5", "$\\mathcal{O}(n \\log n)$ time for \\$5"),
        ('pages 1--3, Schr\\"odinger~equation', "pages 1–3, Schrödinger equation"),
    ],
)
def test_latex_is_decoded_outside_math(latex: str, text: str) -> None:
    assert bibimport.decode(latex) == text


@pytest.mark.parametrize(
    ("summary", "text"),
    [
        ("achieving up to 256\\% relative improvement", "achieving up to 256% relative improvement"),
        ("the phenomenon of {\\em replica symmetry breaking} (RSB)", "the phenomenon of replica symmetry breaking (RSB)"),
        ("cost $\\mathcal{O}(n \\log n)$, not $O(n^2)$", "cost $\\mathcal{O}(n \\log n)$, not $O(n^2)$"),
    ],
)
def test_arxiv_abstracts_lose_their_latex_outside_math(summary: str, text: str) -> None:
    """`add --from-arxiv` writes what the validator accepts: arXiv's abstracts are LaTeX source."""
    from generator import arxiv

    assert arxiv.clean_abstract(summary) == text


def test_what_a_url_says_becomes_the_field_it_is() -> None:
    found = bibimport.read(
        "@misc{a, title={One}, url={https://openreview.net/forum?id=uYLFoz1vlAC}}\n"
        "@misc{b, title={Two}, url={https://doi.org/10.1162/neco.1997.9.8.1735}}\n"
        "@misc{c, title={Three}, howpublished={\\url{https://example.org/paper.pdf}}}\n"
        "@misc{d, title={Four}, url={https://example.org/project}, note={Oral}}\n"
        "@misc{e, title={Five}, url={https://arxiv.org/abs/2312.00752v2}}\n",
        "x.bib",
    )
    entries = {item.source.key: item.entry for item in found.imported}
    assert entries["a"]["openreview"] == "uYLFoz1vlAC"
    assert entries["b"]["doi"] == "10.1162/neco.1997.9.8.1735"
    assert entries["c"]["pdf"] == "https://example.org/paper.pdf"
    assert (entries["d"]["links"], entries["d"]["note"]) == ([{"label": "Web page", "url": "https://example.org/project"}], "Oral")
    assert (entries["e"]["arxiv"], entries["e"]["venue_type"]) == ("2312.00752", "preprint")
    assert "links" not in entries["e"]


def test_on_a_terminal_the_theme_is_asked_for(catalog: Path) -> None:
    """Without --theme, a person at a terminal picks one from the catalog's themes (a real pseudo-terminal)."""
    import os
    import pty
    import subprocess
    import sys
    import time

    from tests.sitebuild import ROOT, env

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "import", "reading-list.bib", "--added", "2025-06-01"],
        cwd=catalog.parent,
        env={**env(), "PYTHONPATH": str(ROOT)},
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 60
    while b"Theme of the imported papers" not in seen and time.monotonic() < deadline:
        seen += os.read(leader, 1024)
    os.write(leader, b"attention\n")
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            seen += os.read(leader, 4096)
        except OSError:
            break
    proc.wait(timeout=60)
    os.close(leader)
    assert b"(sequence-models, attention)" in seen
    assert proc.returncode == 0, seen.decode()
    assert all(p.themes == ("attention",) for p in inputs.load_catalog(catalog, "papers.yaml").papers[3:])
