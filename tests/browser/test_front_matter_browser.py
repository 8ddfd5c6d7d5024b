"""The catalog.title attack of issue #13, in Chromium: no dialog opens on any page that shows the title.

The attack put U+FFFE into catalog.title so that MkDocs could not read the front matter and rendered
it as Markdown, where attr_list made ``{: autofocus onfocus=alert(…) }`` an attribute that ran on
page load. The validator now refuses the character; this test skips the validator (the catalog is
changed after validation) to show that the front matter holds by itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator import config, site, writer
from tests.browser.conftest import DESKTOP, _problems, _watch
from tests.sitebuild import ROOT, copy_project, run, serve
from tests.test_characters import ATTACK, files_without_feeds

pytestmark = pytest.mark.browser
SMALL = ROOT / "tests" / "fixtures" / "valid" / "small.yaml"


@pytest.fixture(scope="module")
def attack_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("front-matter")
    copy_project(project, SMALL)
    catalog = site.load_catalog(SMALL)
    catalog = dataclasses.replace(catalog, info=dataclasses.replace(catalog.info, title=ATTACK))
    writer.write_tree(project / "docs", files_without_feeds(catalog, config.read(project / "mkdocs.yml")))
    mk = run(["-m", "mkdocs", "build", "--strict"], project)
    assert mk.returncode == 0, mk.stdout + mk.stderr
    with serve(Path(project / "site")) as url:
        yield url


@pytest.mark.parametrize("url", ["explore/", "map/", "tags/", "data/", "updates/"])
def test_no_dialog_opens_where_the_catalog_title_is_shown(browser: Browser, attack_url: str, url: str) -> None:
    context = browser.new_context(base_url=attack_url, viewport=DESKTOP, service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    _watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.keyboard.press("Tab")  # focus moves: a planted onfocus would run now if not before
        page.keyboard.press("Tab")
        page.wait_for_timeout(200)
        assert not dialogs, f"{url}: a dialog opened: {dialogs}"
        assert page.locator("[onfocus], [autofocus]").count() == 0, url
        # The title is on the page as text, the attack's braces and all.
        assert "onfocus=alert(document.domain)" in page.content(), url
    finally:
        _problems.pop(page, None)
        context.close()
