from __future__ import annotations

from pathlib import Path

import docx
import pptx
import pytest
from pptx.util import Inches

from ingest.extract import docx as docx_extract
from ingest.extract import html as html_extract
from ingest.extract import pdf as pdf_extract
from ingest.extract import pptx as pptx_extract
from ingest.extract import text as text_extract
from ingest.extract.base import Limits
from kb.errors import EncryptedDocumentError, ExtractionError
from tests.conftest import DOMAIN, ROBUSTNESS, needs_realworld

LIMITS = Limits(max_chars=2_000_000, zip_max_bytes=400 * 2**20, zip_max_ratio=200, zip_max_entries=10_000)


@pytest.mark.parametrize(
    ("data", "expected", "warned"),
    [
        ("Grænse og Straße".encode("utf-8-sig"), "Grænse og Straße", False),
        ("Grænse og Straße".encode("utf-16"), "Grænse og Straße", False),
        ("Grænse og Straße".encode("utf-16-le"), "Grænse og Straße", False),
        ("Grænse og Straße – “citat”".encode("cp1252"), "Grænse og Straße – “citat”", True),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, expected: str, warned: bool) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    result = text_extract.extract_text(path, LIMITS)
    assert result.blocks[0].text == expected
    assert "\ufeff" not in result.blocks[0].text
    assert bool(result.warnings) is warned


def test_markdown_headings_links_and_images(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text(
        "# Cluster guide\n\nIntro with a [link](http://x.org) and ![tracker](http://evil/p.png).\n\n"
        "Setext heading\n--------------\n\n* first point\n* second **bold** point\n\n```\ncode line\n```\n"
    )
    result = text_extract.extract_markdown(path, LIMITS)
    headings = [(b.heading_level, b.text) for b in result.blocks if b.heading_level]
    assert headings == [(1, "Cluster guide"), (2, "Setext heading")]
    body = " ".join(b.text for b in result.blocks if not b.heading_level)
    assert "link" in body and "http://x.org" not in body and "evil" not in body
    assert "second bold point" in body and "code line" in body
    assert result.title == "Cluster guide"


def test_plain_text_heading_lines(tmp_path: Path) -> None:
    path = tmp_path / "summary.txt"
    path.write_text("Total investment and EU funding\n\nThe project cost EUR 295 578, of which ERDF paid a share.\n")
    result = text_extract.extract_text(path, LIMITS)
    assert [(b.heading_level, b.text[:20]) for b in result.blocks] == [
        (2, "Total investment and"),
        (0, "The project cost EUR"),
    ]


def test_docx_headings_tables_text_boxes_headers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Cross-border recommendations", level=1)
    document.add_paragraph("Align cluster policies on both sides of the border.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Partner", "Country"
    table.cell(1, 0).text, table.cell(1, 1).text = "WTSH", "Germany"
    document.sections[0].header.paragraphs[0].text = "InTra-Net report header"
    document.sections[0].footer.paragraphs[0].text = "Interreg 4A footer"
    path = tmp_path / "report.docx"
    document.save(str(path))
    result = docx_extract.extract(path, LIMITS)
    texts = [(b.heading_level, b.text) for b in result.blocks]
    assert (1, "Cross-border recommendations") in texts
    assert (0, "WTSH | Germany") in texts
    assert (0, "InTra-Net report header") in texts and (0, "Interreg 4A footer") in texts


def test_pptx_slides_titles_groups_tables_notes(tmp_path: Path) -> None:
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = "Workshop 1: Open innovation"
    group = slide.shapes.add_group_shape()
    box = group.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(1))
    box.text_frame.text = "Idea generation in a group shape"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(4), Inches(1)).table
    table.cell(0, 0).text, table.cell(0, 1).text = "Date", "Focus"
    table.cell(1, 0).text, table.cell(1, 1).text = "17 January 2012", "Intercultural issues"
    slide.notes_slide.notes_text_frame.text = "Speaker note about pitches"
    second = deck.slides.add_slide(deck.slide_layouts[1])
    second.shapes.title.text = "Workshop 2"
    second.placeholders[1].text_frame.text = "Business model creativity"
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    result = pptx_extract.extract(path, LIMITS)
    assert result.pages == 2
    by_page = {(b.page, b.heading_level, b.text) for b in result.blocks}
    assert (1, 2, "Workshop 1: Open innovation") in by_page
    assert (1, 0, "Idea generation in a group shape") in by_page
    assert (1, 0, "17 January 2012 | Intercultural issues") in by_page
    assert (1, 0, "Speaker note about pitches") in by_page
    assert (2, 0, "Business model creativity") in by_page


def test_html_drops_scripts_navigation_and_template_tags(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Best practice</title><style>p{}</style></head><body>"
        "<nav>Home | About</nav><header>Site header</header>"
        "<main><h1>Repair cafés</h1><p>Volunteers repair <b>appliances</b>.</p>"
        "<script>alert('x')</script><div style='display:none'>hidden text</div>{% block x %}"
        "<table><tr><td>Partner</td><td>Country</td></tr></table></main><footer>© 2021</footer></body></html>"
    )
    result = html_extract.extract(path, LIMITS)
    text = " ".join(b.text for b in result.blocks)
    assert "Volunteers repair appliances." in text
    assert "Partner | Country" in text
    for unwanted in ("alert", "Home | About", "Site header", "hidden text", "block x", "© 2021"):
        assert unwanted not in text
    assert result.title == "Best practice"
    assert (1, "Repair cafés") in [(b.heading_level, b.text) for b in result.blocks]


def test_char_cap_truncates_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 10_000)
    result = text_extract.extract_text(path, Limits(1000, 10**9, 200, 10_000))
    assert sum(len(b.text) for b in result.blocks) <= 1000
    assert any("truncated" in w for w in result.warnings)


@needs_realworld
def test_pdf_pages_and_text() -> None:
    result = pdf_extract.extract(DOMAIN / "onlines3/SWOT_Analysis_Guideline.pdf", LIMITS)
    assert result.pages == 14
    assert {b.page for b in result.blocks} >= set(range(1, 10))
    assert "SWOT" in " ".join(b.text for b in result.blocks)


@needs_realworld
def test_pdf_text_inside_form_xobjects() -> None:
    result = pdf_extract.extract(DOMAIN / "futural-bioeconomy/BP_KernTec_DE.pdf", LIMITS)
    assert "Steinobstkernen" in " ".join(b.text for b in result.blocks)


@needs_realworld
@pytest.mark.parametrize(
    ("name", "error", "reason"),
    [
        ("pdfminer-samples/encryption__aes-128.pdf", EncryptedDocumentError, "password"),
        ("pdfjs/PDFBOX-3148-2-fuzzed.pdf", ExtractionError, "Non-Ascii85"),
    ],
)
def test_pdf_failures_have_reasons(name: str, error: type[Exception], reason: str) -> None:
    with pytest.raises(error, match=reason):
        pdf_extract.extract(ROBUSTNESS / "pdf" / name, LIMITS)
