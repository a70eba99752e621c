"""End to end in headless Chromium: the journeys users make, and untrusted text staying inert."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import browser_page, require_chromium, screenshot, streamlit_server, wait_idle
from tests.conftest import Home, make_home
from tests.hostile import text_pdf

pytestmark = pytest.mark.browser
TOKEN = "e2e-editor-token"
PAYLOAD = (
    "Payload test about cross-border cooperation and cluster managers.\n\n"
    "<script>window.__pwned = 1</script> <img src=http://127.0.0.1:9/beacon.png onerror='window.__pwned=2'>\n\n"
    "![tracker](http://127.0.0.1:9/track.png) [click me](javascript:window.__pwned=3) "
    "<iframe srcdoc='<script>parent.__pwned=4</script>'></iframe> **bold** :red[red] $x^2$\n"
)


@pytest.fixture(scope="module")
def e2e_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = Home(make_home(tmp_path_factory.mktemp("e2e")))
    (home.corpus / "payload-test.md").write_text("# <b>Payload</b> <script>window.__pwned=5</script>\n\n" + PAYLOAD)
    (home.corpus / "payload-raw.txt").write_text(PAYLOAD)  # plain text keeps the tags: rendering must escape them
    home.index()
    return home


@pytest.fixture(scope="module")
def server(e2e_home: Home) -> Iterator[str]:
    require_chromium()
    with streamlit_server(e2e_home.root, KB_EDITOR_TOKEN=TOKEN) as base:
        yield base


def _main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]


def test_shared_search_url_shows_results(server: str) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=labour+mobility")
        wait_idle(page)
        main = _main(page)
        main.get_by_text("InTra-Net: Innovation in Transnational Networks (project presentation)").wait_for()
        assert "labour mobility programme" in main.inner_text()
        screenshot(page, "search")


def test_filter_by_language(server: str) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=cluster")
        wait_idle(page)
        _main(page).get_by_label("Language", exact=True).click()
        page.get_by_role("option", name="German (1)").click()
        page.keyboard.press("Escape")
        wait_idle(page)
        page.wait_for_url("**lang=de**")
        wait_idle(page)  # the URL changes when the rerun starts; read the page when it has finished
        text = _main(page).inner_text()
        assert "InTra-Net setzt Entwicklung" in text
        assert "Innovation in Transnational Networks" not in text


def test_open_document_and_download_original(server: str, tmp_path: Path) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=DanuBioValNet")
        wait_idle(page)
        _main(page).get_by_text("Open document").first.click()
        wait_idle(page)
        page.get_by_role("heading", name="ClusterAgentur Baden-Württemberg participates").wait_for()
        assert "doc=clusteragentur-bw-alpine-space-danube.txt" in page.url
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download the original").click()
        target = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(target)
        assert "DanuBioValNet" in target.read_text()
        screenshot(page, "document")


def test_editor_uploads_a_pdf_and_finds_it(server: str, tmp_path: Path) -> None:
    pdf = tmp_path / "Quokka report.pdf"
    text_pdf(pdf, "Quokkafarming cooperation across the Oresund border region")
    with browser_page() as page:
        page.goto(f"{server}/add")
        wait_idle(page)
        page.get_by_label("Editor password").fill(TOKEN)
        page.get_by_role("button", name="Unlock editing").click()
        wait_idle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(pdf))
        wait_idle(page)
        page.get_by_role("button", name="Save to the knowledge base").click()
        wait_idle(page)
        _main(page).get_by_text("searchable now").wait_for()
        screenshot(page, "add-documents")
        page.goto(f"{server}/?q=quokkafarming")
        wait_idle(page)
        _main(page).get_by_text("Oresund border region").first.wait_for()


def test_training_pack_zip(server: str, tmp_path: Path) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=labour+mobility")
        wait_idle(page)
        page.get_by_role("button", name="Add to training pack").first.click()
        wait_idle(page)
        page.get_by_role("link", name="Workshop material").click()  # same session: the pack is kept
        wait_idle(page)
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download the pack").click()
        target = tmp_path / "pack.zip"
        download_info.value.save_as(target)
        screenshot(page, "workshops")
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        names = set(archive.namelist())
        assert {"overview.md", "overview.html", "pack.json"} <= names
        assert "originals/intra-net-presentation.txt" in names
        assert "InTra-Net" in archive.read("overview.html").decode()


def test_switch_interface_to_german(server: str) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?q=cluster")
        wait_idle(page)
        page.get_by_label("Interface language").click()
        page.get_by_role("option", name="Deutsch").click()
        wait_idle(page)
        page.get_by_role("heading", name="Grenzüberschreitende gute Praxis finden").wait_for()
        assert "ui=de" in page.url
        for name in ("overview", "projects"):
            page.goto(f"{server}/{name}?ui=de")
            wait_idle(page)
            screenshot(page, name)


def test_document_text_never_runs_or_loads(server: str) -> None:
    requests: list[str] = []
    with browser_page() as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        urls = (
            f"{server}/?q=payload+test",
            f"{server}/document?doc=payload-test.md",
            f"{server}/document?doc=payload-raw.txt",
        )
        for url in urls:
            page.goto(url)
            wait_idle(page)
            page.wait_for_timeout(500)
            main = _main(page)
            assert "window.__pwned" in main.inner_text()  # shown as text
            assert page.evaluate("() => window.__pwned === undefined")
            assert main.locator("script, iframe, img[src*='127.0.0.1:9']").count() == 0
            assert main.locator("a[href^='javascript:']").count() == 0
        assert "<script>window.__pwned = 1</script>" in main.inner_text()  # the raw text page, literally
        assert not dialogs
        assert not [r for r in requests if "127.0.0.1:9" in r]
        screenshot(page, "payload-document")
