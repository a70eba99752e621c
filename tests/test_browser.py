"""End to end in headless Chromium: the journeys users make."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import browser_page, require_chromium, screenshot, streamlit_server, wait_idle
from tests.conftest import Home

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(shared_seed_home: Home) -> Iterator[str]:
    require_chromium()
    with streamlit_server(shared_seed_home.root) as base:
        yield base


def test_shared_search_url_shows_results(server: str) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=labour+mobility")
        wait_idle(page)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("InTra-Net: Innovation in Transnational Networks (project presentation)").wait_for()
        assert "labour mobility programme" in main.inner_text()
        screenshot(page, "search")


def test_open_document_and_download_original(server: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=DanuBioValNet")
        wait_idle(page)
        page.locator('[data-testid="stMain"]').get_by_text("Open document").first.click()
        wait_idle(page)
        page.get_by_role("heading", name="ClusterAgentur Baden-Württemberg participates").wait_for()
        assert "doc=clusteragentur-bw-alpine-space-danube.txt" in page.url
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download the original").click()
        download = download_info.value
        target = tmp_path_factory.mktemp("download") / download.suggested_filename
        download.save_as(target)
        assert "DanuBioValNet" in target.read_text()
        screenshot(page, "document")
