"""The ``kb`` command line: argument parsing and output only.

Core errors become one line on stderr and an exit code: 0 success, 1 some
files failed or a lookup failed, 2 usage or configuration error. JSON output
follows the contract in the README exactly (other tools parse it).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kb.config import DOC_TYPES, SUPPORTED_LANGUAGES, Settings, settings_table
from kb.errors import ConfigError, KBError, SearchQueryError


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        action="append",
        default=[],
        choices=[*SUPPORTED_LANGUAGES, "und"],
        help="only documents in this language (repeatable)",
    )
    parser.add_argument(
        "--type",
        action="append",
        default=[],
        choices=DOC_TYPES,
        dest="doc_type",
        help="only this document type (repeatable)",
    )
    parser.add_argument("--topic", action="append", default=[], help="only documents with this topic id (repeatable)")
    parser.add_argument(
        "--country", action="append", default=[], help="only documents about this ISO country code (repeatable)"
    )
    parser.add_argument(
        "--programme", action="append", default=[], help="only documents of this programme (repeatable)"
    )
    parser.add_argument("--year-from", type=int, help="only documents from this year on")
    parser.add_argument("--year-to", type=int, help="only documents up to this year")
    parser.add_argument("--limit", type=int, default=10, help="documents per page (default 10)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many documents (paging)")
    parser.add_argument(
        "--no-expand", action="store_true", help="search only the words typed, without thesaurus expansion"
    )
    parser.add_argument("--no-fuzzy", action="store_true", help="no typo tolerance")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Cross-border good-practice knowledge base.")
    parser.add_argument("--home", help="folder holding corpus/ and index/ (default $KB_HOME, else the current folder)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv for debug)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("index", help="index the corpus (incremental; --rebuild for a fresh index)")
    p.add_argument("--rebuild", action="store_true", help="build a new index aside and swap it in")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("add", help="copy files into the corpus with a sidecar, then index them")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--type", choices=DOC_TYPES, dest="doc_type")
    p.add_argument("--lang", choices=SUPPORTED_LANGUAGES)
    p.add_argument("--topic", action="append", default=[])
    p.add_argument("--title")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="search documents")
    p.add_argument("query", nargs="?", default=None, metavar="QUERY")
    p.add_argument("--batch", metavar="FILE", help='one "id<TAB>query" per line; prints JSON Lines')
    _filters(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="everything known about one document")
    p.add_argument("path", metavar="PATH", help="document path relative to corpus/")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("similar", help="documents similar to one document, in any language")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("stats", help="counts of documents, passages, languages and types")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("check", help="compare the index with the corpus")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("serve", help="start the Streamlit app")
    p.add_argument("--port", type=int, default=8501)

    sub.add_parser("settings", help="list the settings and their environment variables")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)],
        format="kb: %(message)s",
        stream=sys.stderr,
    )
    try:
        settings = Settings.from_env(home=args.home)
        return int(_dispatch(args, settings))
    except ConfigError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        return 2
    except SearchQueryError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        return 2
    except KBError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kb: interrupted", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "settings":
        for name, kind, default, help_text in settings_table():
            print(f"KB_{name.upper():<22} {kind.__name__:<6} default {default!r:<12} {help_text}")
        return 0
    if command == "serve":
        return _serve(settings, args.port)
    if not settings.corpus_dir.is_dir():
        raise ConfigError(f"{settings.corpus_dir}: no corpus folder here; pass --home DIR or set KB_HOME")
    from kbcli import commands

    handler = getattr(commands, f"cmd_{command}")
    result: Any = handler(args, settings)
    return int(result or 0)


def _serve(settings: Settings, port: int) -> int:
    app = Path(__file__).resolve().parents[1] / "streamlit_app.py"
    if not app.exists():
        raise ConfigError(f"{app}: the app file is missing from this installation")
    env = dict(os.environ, KB_HOME=str(settings.home))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    return subprocess.call(command, env=env)
