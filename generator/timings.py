"""Where a build's time goes: seconds per stage, for ``python -m generator build --timings``.

The build is a stream (each file is written as it is made), so a stage's time is the time spent
making its files, summed over the moments the writer asked for the next one; what is left of the
wall time is the writing. Measuring costs two clock readings per file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
TOTAL = "total, after start-up"


class Stopwatch:
    """Seconds per named stage, in the order the stages first ran."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def _add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block as ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self._add(name, time.perf_counter() - start)

    def stream(self, name: str, make: Callable[[], Iterable[T]]) -> Iterator[T]:
        """``make()``'s items, the time spent making them (and in ``make`` itself) timed as ``name``.

        The time the caller spends between items (writing them) is not counted.
        """
        start = time.perf_counter()
        items = iter(make())
        spent = time.perf_counter() - start
        try:
            while True:
                start = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    spent += time.perf_counter() - start
                yield item
        finally:
            self._add(name, spent)

    def report(self, total_name: str = "writing and the rest") -> list[tuple[str, float]]:
        """``(stage, seconds)`` for each stage, then the rest of the time since this watch started, then that time.

        The watch starts after Python has started and imported the generator (about a second).
        """
        total = time.perf_counter() - self.started
        rest = max(0.0, total - sum(self.seconds.values()))
        return [*self.seconds.items(), (total_name, rest), (TOTAL, total)]


class _Off(Stopwatch):
    """A stopwatch that times nothing (the default): no clock readings per file."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        yield

    def stream(self, name: str, make: Callable[[], Iterable[T]]) -> Iterator[T]:
        yield from make()


OFF: Stopwatch = _Off()
