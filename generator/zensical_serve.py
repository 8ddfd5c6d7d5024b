"""``make serve ENGINE=zensical``: regenerate the pages when papers.yaml or mkdocs.yml changes, and serve them with Zensical.

Zensical runs no hooks, so ``zensical serve`` alone never regenerates the pages; nor does it see a
regeneration, because the generated names in docs/ are links into ``docs/.gen/current``, which its
file watcher does not follow. So this program runs the generator itself (polling papers.yaml and
mkdocs.yml twice a second) and, after a build that changed pages, starts ``zensical serve`` again,
which rebuilds the site from its cache (a few seconds for the first catalog; reload the browser).
A catalog with problems is reported, and the last good site stays served.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from generator import site, writer
from generator.errors import CatalogError

POLL_S = 0.5


def _stamp(paths: list[Path]) -> tuple[tuple[int, int], ...]:
    return tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (0, 0) for p in paths)


def _generate(papers: Path, mkdocs_yml: Path) -> bool | None:
    """The generator's build: whether it changed any page, or None if the catalog has problems (printed; nothing changed)."""
    try:
        report = site.build(papers, mkdocs_yml, display=papers.name)
    except CatalogError as error:
        print(f"{papers.name} has problems; the site served is the last good one:\n{error}", file=sys.stderr, flush=True)
        return None
    except writer.OutputConflict as error:
        print(f"error: {error}; the site served is the last good one", file=sys.stderr, flush=True)
        return None
    print(f"generator: {len(report.written)} pages written, {len(report.removed)} removed", file=sys.stderr, flush=True)
    return bool(report.written or report.removed)


def _zensical(mkdocs_yml: Path, dev_addr: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "zensical", "serve", "--config-file", str(mkdocs_yml), "--dev-addr", dev_addr]
    return subprocess.Popen(command, cwd=mkdocs_yml.parent)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(papers: Path, mkdocs_yml: Path, dev_addr: str) -> int:
    """Generate, serve, and regenerate on every change until interrupted; the exit status."""
    if _generate(papers, mkdocs_yml) is None and not (mkdocs_yml.parent / "docs" / "index.md").exists():
        return 1  # nothing to serve
    watched = [papers, mkdocs_yml]
    seen = _stamp(watched)
    process = _zensical(mkdocs_yml, dev_addr)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            time.sleep(POLL_S)
            if process.poll() is not None:
                return process.returncode or 1
            now = _stamp(watched)
            if now == seen:
                continue
            seen = now
            if _generate(papers, mkdocs_yml):
                _stop(process)
                process = _zensical(mkdocs_yml, dev_addr)
    except KeyboardInterrupt:
        return 0
    finally:
        if process.poll() is None:
            _stop(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.zensical_serve", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--papers", type=Path, default=Path("papers.yaml"), help="the catalog (default: papers.yaml)")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="the site's settings (default: mkdocs.yml)")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    return serve(args.papers.resolve(), args.config_file.resolve(), args.dev_addr)


if __name__ == "__main__":
    sys.exit(main())
