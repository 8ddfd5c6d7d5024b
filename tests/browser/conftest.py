"""Browser fixtures: Debian's chromium driven by Playwright, on the real site served from 127.0.0.1.

Every page opened here records console errors and warnings, uncaught exceptions, and each request
to any host but 127.0.0.1 (which is blocked, so no test depends on the network); `assert_clean(page)`
fails if there were any.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

from tests.sitebuild import CHROMIUM, CHROMIUM_ARGS, ROOT

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Problems:
    console: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


_problems: dict[Page, Problems] = {}


def assert_clean(page: Page) -> None:
    """No console error or warning, no uncaught exception and no request off 127.0.0.1 so far.

    Failed requests are listed with a console error, which names no URL; requests that Playwright
    aborts because they were off the site are reported as foreign.
    """
    problems = _problems[page]
    assert not problems.console, f"console errors or warnings: {problems.console}; failed requests: {problems.failed_requests}"
    assert not problems.foreign_requests, f"requests to other hosts: {problems.foreign_requests}"


def _watch(page: Page) -> None:
    problems = _problems[page] = Problems()

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.console.append(f"{message.type}: {message.text} ({page.url})")

    def on_route(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            problems.foreign_requests.append(route.request.url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.console.append(f"uncaught: {error} ({page.url})"))
    page.on("requestfailed", lambda request: problems.failed_requests.append(f"{request.url}: {request.failure}"))
    page.route("**/*", on_route)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        reason = f"no chromium at {CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; in CI the browser tests must run, not skip")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


OpenPage = Callable[..., Page]


@pytest.fixture(scope="session")
def site_url(real_site_url: str) -> str:
    """The site the pages open: the real catalog's; a module about the first catalog's text overrides it."""
    return real_site_url


@pytest.fixture
def open_page(browser: Browser, site_url: str) -> Iterator[OpenPage]:
    """Opens a watched page in a new context (keyword arguments: Playwright context options)."""
    contexts = []

    def make(**options: Any) -> Page:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=site_url, service_workers="block", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        _watch(page)
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            _problems.pop(page, None)
        context.close()


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A watched desktop-sized page on the real site; `page.goto("explore/")` is relative to it."""
    return open_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ (git-ignored): screenshots to look at."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
