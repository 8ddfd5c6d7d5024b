"""Nothing that shapes the site reads the clock: builds repeat exactly, whenever they run.

(The generated files are compared across time zones, locales and hash seeds in test_feeds.py.)
"""

from __future__ import annotations

import ast

from tests.sitebuild import ROOT

CLOCK_CALLS = {"now", "utcnow", "today", "time", "time_ns", "localtime", "gmtime", "perf_counter", "monotonic"}


def clock_calls(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_CALLS:
            found.append(f"line {node.lineno}: .{node.func.attr}()")
    return found


def test_only_the_add_command_reads_the_clock() -> None:
    readers = {}
    for path in sorted((ROOT / "generator").glob("*.py")):
        calls = clock_calls(path.read_text(encoding="utf-8"))
        if calls:
            readers[path.name] = calls
    # `add` stamps a new paper with today's date unless --added is given; nothing else may.
    # `build --timings` measures durations (never a date), which it prints and nothing writes.
    # `add --from-arxiv` and `--from-doi` keep one deadline for the whole request: a duration too.
    assert set(readers) <= {"cli.py", "timings.py", "arxiv.py"}, readers
    assert len(readers.get("cli.py", [])) <= 1, readers
    assert all(call.endswith(".perf_counter()") for call in readers.get("timings.py", [])), readers
    assert all(call.endswith(".monotonic()") for call in readers.get("arxiv.py", [])), readers


def test_the_check_sees_a_clock_call() -> None:
    assert clock_calls("import datetime\nx = datetime.datetime.now()\n") == ["line 2: .now()"]
