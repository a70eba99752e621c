from __future__ import annotations

from pathlib import Path

from ingest.clean import clean_blocks, measure, normalise
from ingest.extract import text as text_extract
from ingest.passages import MAX_WORDS, make_passages
from kb.models import Block
from tests.conftest import SEED_CORPUS
from tests.test_extract import LIMITS


def test_normalise_unicode_hyphenation_and_spaces() -> None:
    raw = "Inno-\nvation  in\u00a0the  re\u00adgion\r\nGrenz-\nRegion stays\u200b"
    assert normalise(raw) == "Innovation in the region\nGrenz-\nRegion stays"
    assert normalise("e\u0301") == "\u00e9"  # NFC


def test_presentation_seed_loses_its_url_lines() -> None:
    path = SEED_CORPUS / "intra-net-presentation.txt"
    raw = path.read_text()
    url_lines = [line for line in raw.splitlines() if line.strip().startswith(("http://", "mailto:"))]
    assert len(url_lines) >= 85
    blocks = clean_blocks(text_extract.extract_text(path, LIMITS).blocks)
    text = "\n".join(b.text for b in blocks)
    assert "intranet.regx.dk/index.php" not in text
    assert "Initiate a labour mobility programme" in text
    assert "www.intranet.regx.dk" in text  # inside a sentence, kept


def test_running_headers_and_page_numbers_removed() -> None:
    blocks = []
    for page in range(1, 6):
        blocks += [
            Block("Creative Ports catalogue", 0, page),
            Block(f"Body text of page {page} about clusters.", 0, page),
            Block(str(page), 0, page),
        ]
    text = " ".join(b.text for b in clean_blocks(blocks))
    assert "Creative Ports catalogue" not in text
    assert "Body text of page 3" in text
    assert " 3 " not in f" {text} ".replace("page 3", "")


def test_garbage_is_measured() -> None:
    quality = measure([Block("(cid:12)(cid:13)(cid:14) ok")])
    assert quality.garbage_share > 0.5


def test_passages_respect_sections_and_sizes() -> None:
    long_paragraph = " ".join(f"Sentence {i} about cross-border cooperation." for i in range(200))
    blocks = [
        Block("Background", 2),
        Block("Short intro paragraph with a few words only.", 0),
        Block(long_paragraph, 0),
        Block("Recommendations", 2),
        Block("1. Identify challenges and opportunities for the clusters in the border region.", 0),
        Block("2. Initiate a labour mobility programme.", 0),
    ]
    passages = make_passages(blocks)
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)
    assert passages[0].heading == "Background"
    assert passages[-1].heading == "Recommendations"
    assert "labour mobility" in passages[-1].text


def test_slides_stay_apart(tmp_path: Path) -> None:
    blocks = [
        Block("Slide one", 2, 1),
        Block("alpha", 0, 1),
        Block("beta", 0, 2),
        Block("Slide three", 2, 3),
        Block("gamma", 0, 3),
    ]
    passages = make_passages(blocks, per_page=True)
    assert [(p.page, p.heading, p.text) for p in passages] == [
        (1, "Slide one", "alpha"),
        (2, None, "beta"),
        (3, "Slide three", "gamma"),
    ]


def test_heading_only_document_still_has_a_passage() -> None:
    passages = make_passages([Block("Project title only", 1, 1)])
    assert [(p.text, p.heading) for p in passages] == [("Project title only", "Project title only")]
