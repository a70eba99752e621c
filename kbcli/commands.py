"""One function per ``kb`` command; each returns its exit code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ingest.pipeline import check_index, index_corpus, open_index
from kb.config import Settings
from kb.corpus import add_document
from kb.errors import ConfigError, CorpusError, DocumentNotFoundError, KBError
from kb.search import Searching, SearchRequest
from kbcli.output import document_json, document_text, search_json, search_text, write_json


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    report = index_corpus(settings, rebuild=args.rebuild)
    if args.json:
        write_json(report.to_json())
    else:
        print(
            f"added {report.added}, updated {report.updated}, removed {report.removed}, "
            f"unchanged {report.unchanged} in {report.seconds:.1f} s"
        )
        for status in report.warnings:
            print(f"warning: {status.path}: {'; '.join(status.reasons)}")
        for status in report.failed:
            print(f"failed: {status.path}: {'; '.join(status.reasons)}")
    return 1 if report.failed else 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    store = open_index(settings)
    known = store.snapshot().hash_to_path
    metadata: dict[str, Any] = {}
    if args.doc_type:
        metadata["doc_type"] = args.doc_type
    if args.lang:
        metadata["language"] = args.lang
    if args.topic:
        metadata["topics"] = list(args.topic)
    if args.title:
        metadata["title"] = args.title
    added: list[dict[str, str]] = []
    refused: list[dict[str, str]] = []
    for name in args.files:
        source = Path(name)
        try:
            data = source.read_bytes()
        except OSError as exc:
            refused.append({"file": name, "reason": f"cannot read: {exc.strerror}"})
            continue
        try:
            path = add_document(
                settings.corpus_dir,
                data,
                source.name,
                metadata,
                known_hashes=known,
                max_bytes=settings.max_file_mb * 2**20,
            )
        except CorpusError as exc:
            refused.append({"file": name, "reason": str(exc)})
            continue
        except KBError as exc:
            refused.append({"file": name, "reason": str(exc)})
            continue
        added.append({"file": name, "path": path})
    report = index_corpus(settings)
    failed = {f.path: "; ".join(f.reasons) for f in report.failed}
    for item in added:
        if item["path"] in failed:
            item["status"], item["reason"] = "failed", failed[item["path"]]
        else:
            item["status"] = "ok"
    if args.json:
        write_json({"added": added, "refused": refused, "index": report.to_json()})
    else:
        for item in added:
            print(f"added {item['file']} as {item['path']} ({item['status']})")
        for item in refused:
            print(f"refused {item['file']}: {item['reason']}", file=sys.stderr)
    return 1 if refused or any(i["status"] == "failed" for i in added) else 0


def _request(args: argparse.Namespace, query: str) -> SearchRequest:
    return SearchRequest(
        query=query,
        languages=list(args.lang),
        doc_types=list(args.doc_type),
        topics=list(args.topic),
        countries=list(args.country),
        programmes=list(args.programme),
        year_from=args.year_from,
        year_to=args.year_to,
        limit=args.limit,
        offset=args.offset,
        expand=not args.no_expand,
        fuzzy=not args.no_fuzzy,
    )


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    if args.limit < 0 or args.offset < 0:
        raise ConfigError("--limit and --offset must not be negative")
    store = open_index(settings)
    searching = Searching(store, settings)
    if args.batch:
        if not args.json:
            raise ConfigError("--batch prints JSON Lines; add --json")
        return _batch(args, searching)
    if args.query is None:
        raise ConfigError("give a QUERY or --batch FILE")
    result = searching.search(_request(args, args.query))
    if args.json:
        write_json(search_json(result))
    else:
        print(search_text(result))
    return 0


def _batch(args: argparse.Namespace, searching: Searching) -> int:
    try:
        lines = Path(args.batch).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{args.batch}: cannot read the batch file ({exc.strerror})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if "\t" not in line:
            raise ConfigError(f"{args.batch}:{number}: expected 'id<TAB>query'")
        qid, query = line.split("\t", 1)
        try:
            data = search_json(searching.search(_request(args, query)))
        except KBError as exc:
            data = {
                "query": query,
                "total": 0,
                "took_ms": 0.0,
                "hits": [],
                "facets": {},
                "expanded_terms": [],
                "suggestion": None,
                "message": str(exc),
            }
        write_json({"id": qid, **data}, lines=True)
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    store = open_index(settings)
    record = store.document(args.path)
    if args.json:
        write_json(document_json(record))
    else:
        print(document_text(record))
    return 0


def cmd_similar(args: argparse.Namespace, settings: Settings) -> int:
    store = open_index(settings)
    snapshot = store.snapshot()
    if args.path not in snapshot.catalog:
        raise DocumentNotFoundError(f"{args.path}: no such document in the index (paths are relative to corpus/)")
    items = [
        (path, snapshot.catalog[path], score) for path, score in snapshot.similarity.similar(args.path, args.limit)
    ]
    if args.json:
        similar = [{"path": p, "title": r.title, "language": r.language, "score": round(s, 4)} for p, r, s in items]
        write_json({"path": args.path, "similar": similar})
    else:
        for path, record, score in items:
            print(f"{score:.3f}  {record.title}  [{record.language}]  {path}")
    return 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    store = open_index(settings)
    stats = store.stats()
    if args.json:
        write_json(stats)
    else:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    report = check_index(settings)
    if args.json:
        write_json(report.to_json())
    elif report.ok:
        print("index and corpus agree")
    else:
        if report.integrity:
            print(f"index damaged: {report.integrity}")
        for name in ("missing", "changed", "extra"):
            for path in getattr(report, name):
                print(f"{name}: {path}")
    return 0 if report.ok else 1
