"""The command-line contract, exercised through real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Home, make_home

SEARCH_KEYS = {"query", "total", "took_ms", "hits", "facets", "expanded_terms", "suggestion"}
HIT_KEYS = {"path", "title", "language", "doc_type", "topics", "year", "score", "snippet", "passages"}


def kb(home: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KB_WORKERS="2")
    env.pop("KB_HOME", None)
    result = subprocess.run(
        [sys.executable, "-m", "kbcli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


def kb_json(home: Path, *args: str) -> Any:
    result = kb(home, *args, "--json", check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = make_home(tmp_path_factory.mktemp("cli"))
    report = kb_json(home, "index")
    assert report["added"] == 5
    return home


def test_index_json_contract(tmp_path: Path) -> None:
    home = make_home(tmp_path / "kb")
    first = kb_json(home, "index")
    assert set(first) == {"added", "updated", "removed", "unchanged", "seconds", "failed", "warnings"}
    assert (first["added"], first["failed"]) == (5, [])
    second = kb_json(home, "index")
    assert (second["added"], second["updated"], second["removed"], second["unchanged"]) == (0, 0, 0, 5)
    rebuilt = kb_json(home, "index", "--rebuild")
    assert rebuilt["added"] == 5


def test_search_json_contract(cli_home: Path) -> None:
    data = kb_json(cli_home, "search", "labour mobility")
    assert set(data) >= SEARCH_KEYS
    assert data["hits"][0]["path"] == "intra-net-presentation.txt"
    hit = data["hits"][0]
    assert set(hit) >= HIT_KEYS
    assert set(hit["passages"][0]) >= {"ordinal", "page", "heading", "snippet"}
    assert {"language", "doc_type", "topic", "country", "year"} <= set(data["facets"])
    assert isinstance(data["took_ms"], float)


def test_search_filters_and_limit(cli_home: Path) -> None:
    data = kb_json(cli_home, "search", "cluster", "--lang", "de")
    assert [h["path"] for h in data["hits"]] == ["intra-net-summary-de.txt"]
    data = kb_json(cli_home, "search", "cluster", "--limit", "2")
    assert len(data["hits"]) == 2 and data["total"] >= 4
    data = kb_json(cli_home, "search", "cluster", "--year-from", "2016", "--year-to", "2020")
    assert [h["path"] for h in data["hits"]] == ["clusteragentur-bw-alpine-space-danube.txt"]


def test_batch_search(cli_home: Path, tmp_path: Path) -> None:
    batch = tmp_path / "queries.tsv"
    batch.write_text('q1\tlabour mobility\nq2\tDanuBioValNet\n\nq3\t"unbalanced\n')
    result = kb(cli_home, "search", "--batch", str(batch), "--json", check=True)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2", "q3"]
    assert lines[1]["hits"][0]["path"] == "clusteragentur-bw-alpine-space-danube.txt"
    assert all(set(line) >= SEARCH_KEYS for line in lines)


def test_malformed_query_no_traceback(cli_home: Path) -> None:
    for query in ['"((', "*", "lang:", "-", 'title:"x']:
        result = kb(cli_home, "search", query, "--json")
        assert result.returncode == 0
        json.loads(result.stdout)
    long = kb(cli_home, "search", "x " * 400)
    assert long.returncode == 2 and "limit" in long.stderr


def test_show_stats_check(cli_home: Path) -> None:
    record = kb_json(cli_home, "show", "intra-net-summary-de.txt")
    assert record["language"] == "de" and record["title"].startswith("InTra-Net setzt")
    assert record["passages"] and record["passages"][0]["ordinal"] == 0
    assert {"topics", "entities", "facts", "items", "doc_type"} <= set(record)
    stats = kb_json(cli_home, "stats")
    assert stats["documents"] == 5 and stats["passages"] >= 10
    assert stats["languages"] == {"en": 4, "de": 1}
    assert kb_json(cli_home, "check")["ok"] is True
    missing = kb(cli_home, "show", "nope.txt")
    assert missing.returncode == 1 and "no such document" in missing.stderr


def test_check_lists_differences(tmp_path: Path) -> None:
    home = make_home(tmp_path / "kb")
    kb_json(home, "index")
    (home / "corpus" / "new.txt").write_text("A new note on cluster financing.")
    (home / "corpus" / "nsr-project-idea-urban-rural-s3.txt").unlink()
    result = kb(home, "check", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["missing"] == ["new.txt"] and data["extra"] == ["nsr-project-idea-urban-rural-s3.txt"]


def test_add_copies_with_sidecar_and_indexes(tmp_path: Path) -> None:
    home = Home(make_home(tmp_path / "kb"))
    source = tmp_path / "Mein Bericht über Grenzpendler.md"
    source.write_text("# Grenzpendler\n\nArbeitskräftemobilität in der Grenzregion Sønderjylland-Schleswig.\n")
    data = kb_json(home.root, "add", str(source), "--type", "report", "--lang", "de", "--topic", "labour_mobility")
    added = data["added"][0]
    assert added["status"] == "ok" and added["path"].startswith("mein-bericht-uber-grenzpendler-")
    stored = home.corpus / added["path"]
    assert stored.exists() and (home.corpus / (added["path"] + ".yaml")).exists()
    assert "original_name: Mein Bericht über Grenzpendler.md" in (home.corpus / (added["path"] + ".yaml")).read_text()
    result = kb_json(home.root, "search", "Grenzpendler")
    assert result["hits"][0]["path"] == added["path"] and result["hits"][0]["doc_type"] == "report"
    again = kb(home.root, "add", str(source), "--json")
    assert again.returncode == 1
    assert "already in the corpus" in json.loads(again.stdout)["refused"][0]["reason"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = kb(tmp_path, "search", "x")
    assert result.returncode == 2 and "no corpus folder" in result.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "kbcli", "search", "--type", "poem", "x"], capture_output=True, text=True
    )
    assert bad.returncode == 2
