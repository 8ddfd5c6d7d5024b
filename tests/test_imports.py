"""The modules of generator/ import each other without a circle, and the light commands never load the analysis."""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter

import pytest

from tests.sitebuild import ROOT

PACKAGE = ROOT / "generator"


def imports() -> dict[str, set[str]]:
    """Module → the generator modules it imports anywhere in it (``if TYPE_CHECKING:`` and function bodies too)."""
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "generator":
                found |= {alias.name for alias in node.names if alias.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
                found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("generator.")}
        graph[path.stem] = found - {path.stem}
    return graph


def levels(graph: dict[str, set[str]]) -> dict[str, int]:
    """Each module's floor: 0 for one that imports no other, else one above the highest it imports."""
    out: dict[str, int] = {}
    for name in TopologicalSorter(graph).static_order():
        out[name] = 1 + max((out[dep] for dep in graph[name]), default=-1)
    return out


def test_no_import_circle() -> None:
    try:
        order = list(TopologicalSorter(imports()).static_order())
    except CycleError as error:
        pytest.fail(f"generator/ has an import circle: {' -> '.join(error.args[1])}")
    assert "site" in order and "urls" in order


def test_the_import_graph_is_at_most_eight_floors_high() -> None:
    assert max(levels(imports()).values()) <= 8


def loaded_after(code: str) -> set[str]:
    """The heavy modules a fresh interpreter has loaded after running ``code``."""
    heavy = ("sklearn", "scipy", "jinja2", "generator.render", "generator.site")
    probe = code + f"\nimport sys\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_page_makers_do_not_load_the_analysis() -> None:
    """Rendering is Jinja and filters: scikit-learn is the orchestrator's (site.py) to load."""
    page_makers = ", ".join(f"generator.{name}" for name in ("render", "charts", "catalog_map", "explore", "feeds", "exports"))
    probe = f"import {page_makers}\nimport sys\nprint('sklearn' in sys.modules)\nimport generator.site\nprint('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]  # not by the page makers; by the orchestrator, which the probe can see


LIGHT_COMMANDS = """
import sys, tempfile, shutil, pathlib
from click.testing import CliRunner
from generator.cli import cli
root = pathlib.Path(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    papers = pathlib.Path(tmp) / "papers.yaml"
    shutil.copy(root / "tests/fixtures/valid/small.yaml", papers)
    runner = CliRunner()
    for args in (["validate", str(papers)], ["fmt", "--check", str(papers)], ["schema"],
                 ["add", "--papers", str(papers), "--title", "A new paper", "--abstract", "Text.",
                  "--theme", "sequence-models", "--added", "2025-06-01"]):
        result = runner.invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
"""


def test_validate_fmt_and_add_never_import_scikit_learn() -> None:
    """They run in a second where a build takes several: they load neither the analysis nor the pages."""
    assert loaded_after(LIGHT_COMMANDS) == set()
