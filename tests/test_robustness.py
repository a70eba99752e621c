"""Hostile files, the real-world robustness set, corrupted indexes: nothing lost, nothing let in."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import hostile
from tests.conftest import ROBUSTNESS, Home, make_home, needs_realworld

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _statuses(home: Home) -> dict[str, tuple[str, str]]:
    catalog = home.store().snapshot().catalog
    return {path: (record.status, "; ".join(record.warnings)) for path, record in catalog.items()}


@pytest.fixture
def hostile_home(tmp_path: Path) -> Home:
    home = Home(make_home(tmp_path / "kb"), worker_memory_mb=700, worker_timeout=60)
    corpus = home.corpus / "hostile"
    corpus.mkdir()
    hostile.flate_bomb_pdf(corpus / "flate-bomb.pdf", megabytes=900)
    hostile.docx_zip_bomb(corpus / "zip-bomb.docx", megabytes=500)
    hostile.docx_billion_laughs(corpus / "laughs.docx")
    hostile.ole2_named_docx(corpus / "old-word.docx")
    hostile.random_bytes(corpus / "noise.pdf")
    hostile.html_with_scripts(corpus / "scripts.html")
    (corpus / "utf16.txt").write_bytes("Grænseoverskridende samarbejde mellem klynger i regionen.".encode("utf-16"))
    (corpus / "cp1252.txt").write_bytes("Zusammenarbeit über die Grenze – für Cluster in der Region.".encode("cp1252"))
    long_name = "Ünïcødé-" + "ø" * 100 + ".txt"  # 216 bytes: near the 255-byte limit of file names
    (corpus / long_name).write_text("A document with a very long unicode name about offshore wind.")
    (corpus / "bomb-sidecar.txt").write_text("Offshore wind energy in the North Sea Region.")
    (corpus / "bomb-sidecar.txt.yaml").write_text(hostile.YAML_ALIAS_BOMB)
    (corpus / "python-tag.txt").write_text("Welfare technology cooperation.")
    (corpus / "python-tag.txt.yaml").write_text(hostile.YAML_PYTHON_TAG)
    return home


def test_hostile_files_end_with_statuses_and_the_rest_is_indexed(hostile_home: Home) -> None:
    report = hostile_home.index()
    statuses = _statuses(hostile_home)
    failed = {f.path: " ".join(f.reasons) for f in report.failed}
    assert "memory limit" in failed["hostile/flate-bomb.pdf"] or "timeout" in failed["hostile/flate-bomb.pdf"]
    assert "zip bomb" in failed["hostile/zip-bomb.docx"]
    assert "legacy Microsoft Office file" in failed["hostile/old-word.docx"]
    assert "unknown binary format" in failed["hostile/noise.pdf"] or "damaged" in failed["hostile/noise.pdf"]
    assert statuses["hostile/laughs.docx"][0] in ("failed", "warning")
    assert statuses["hostile/scripts.html"][0] == "ok"
    assert statuses["hostile/utf16.txt"][0] == "ok"
    assert "sidecar ignored" in statuses["hostile/bomb-sidecar.txt"][1]
    assert "sidecar ignored" in statuses["hostile/python-tag.txt"][1]
    assert not Path("/tmp/kb-pwned").exists()
    # nothing else was affected
    assert hostile_home.paths("labour mobility")[0] == "intra-net-presentation.txt"
    assert hostile_home.paths("cross border cluster cooperation")
    assert "hostile/scripts.html" in hostile_home.paths("cluster cooperation border")
    assert "hostile/utf16.txt" in hostile_home.paths("grænseoverskridende klynger")
    assert "hostile/cp1252.txt" in hostile_home.paths("Zusammenarbeit über die Grenze")
    snippet = hostile_home.search("cluster cooperation border").hits[0].snippet
    assert "<script" not in snippet and "document.cookie" not in snippet


def test_timeout_marks_the_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    home = Home(make_home(tmp_path / "kb"), worker_timeout=2, worker_memory_mb=2000)
    hostile.flate_bomb_pdf(home.corpus / "slow.pdf", megabytes=1500)
    report = home.index()
    failed = {f.path: " ".join(f.reasons) for f in report.failed}
    assert "timeout after 2 s" in failed["slow.pdf"] or "memory limit" in failed["slow.pdf"]
    assert report.added == 6


@needs_realworld
def test_real_world_robustness_set(tmp_path: Path) -> None:
    """All 105 messy files: no crash, no hang past the timeout, a status and a reason for each."""
    home = Home(make_home(tmp_path / "kb", seeds=False), worker_timeout=60)
    shutil.copytree(ROBUSTNESS, home.corpus / "robustness")
    report = home.index()
    statuses = _statuses(home)
    assert len(statuses) == 105
    for path, (status, reason) in statuses.items():
        assert status in ("ok", "warning", "failed")
        if status != "ok":
            assert reason, path
    expected = {
        "robustness/pdf/pdfminer-samples/encryption__aes-128.pdf": ("failed", "password"),
        "robustness/pdf/pdfminer-samples/encryption__rc4-40.pdf": ("failed", "password"),
        "robustness/pdf/pypdf-resources/crazyones-encrypted-256.pdf": ("failed", "password"),
        "robustness/pdf/pdfjs/PDFBOX-3148-2-fuzzed.pdf": ("failed", "Non-Ascii85"),
        "robustness/pdf/pdfminer-samples/contrib__pdf-with-jbig2.pdf": ("warning", "no text layer"),
        "robustness/pdf/py-pdf-sample-files/007-imagemagick-images__imagemagick-CCITTFaxDecode.pdf": (
            "warning",
            "no text layer",
        ),
        "robustness/office/odd/PHPExcel_developer_documentation.doc": ("failed", "legacy Word .doc: save as .docx"),
    }
    for path, (status, reason) in expected.items():
        assert statuses[path][0] == status, (path, statuses[path])
        assert reason in statuses[path][1], (path, statuses[path])
    bomb = statuses["robustness/pdf/pdfjs/bomb_giant.pdf"]
    assert bomb[0] in ("ok", "warning") and "memory" not in bomb[1]
    assert report.failed and all(f.reasons for f in report.failed)


@settings(max_examples=12, deadline=None)
@given(data=st.binary(min_size=0, max_size=3000), name=st.sampled_from(["x.pdf", "x.docx", "x.txt", "x.html", "x"]))
def test_any_bytes_end_in_a_status(data: bytes, name: str) -> None:
    # A fresh home per example: Hypothesis reseeds ``random``, which Whoosh uses for segment names.
    with tempfile.TemporaryDirectory() as root:
        home = Home(make_home(Path(root), seeds=False))
        (home.corpus / name).write_bytes(data)
        report = home.index()
        record = home.store().snapshot().catalog[name]
        assert record.status in ("ok", "warning", "failed")
        assert report.added == 1
        assert record.status == "ok" or record.warnings
