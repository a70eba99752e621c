"""HTML: the visible main text, with headings.

Scripts, styles, navigation, headers, footers, forms and hidden elements are
dropped; when the page marks its main content (``<main>``, ``<article>``,
``role="main"``) only that is read. Template tags left in saved pages
(``{% ... %}``, ``{{ ... }}``) are removed. lxml never fetches external
entities or DTDs here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ingest.extract.base import CharBudget, Limits, plausible_title
from ingest.extract.text import decode
from kb.errors import ExtractionError
from kb.models import Block, Extracted

_DROP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "object", "embed", "canvas", "menu", "dialog",
)  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "blockquote", "pre", "figure", "figcaption", "br", "hr", "address", "caption", "body",
}  # fmt: skip
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _visible(root: Any) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments and processing instructions are removed by the parser
            continue
        hidden = element.get("hidden") is not None or element.get("aria-hidden") == "true"
        hidden = hidden or bool(_HIDDEN_STYLE.search(element.get("style", "")))
        role = (element.get("role") or "").lower()
        unwanted = element.tag in _DROP or hidden or role in ("navigation", "banner", "contentinfo", "search")
        if unwanted and element.getparent() is not None:
            element.drop_tree()


def _main(root: Any) -> Any:
    for xpath in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(xpath)
        if len(found) == 1:
            return found[0]
    body = root.find(".//body")
    return body if body is not None else root


def _blocks(node: Any, budget: CharBudget) -> list[Block]:
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush(level: int = 0) -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            kept = budget.take(text)
            if kept:
                blocks.append(Block(kept, level))

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            buffer.append(element.text_content())
            flush(int(tag[1]))
        else:
            if tag in _BLOCK:
                flush()
            if element.text:
                buffer.append(element.text)
            for child in element:
                walk(child)
                if child.tail:
                    buffer.append(child.tail)
            if tag in _BLOCK:
                flush()
            elif tag in ("td", "th"):
                buffer.append(" | ")

    walk(node)
    flush()
    return blocks


def extract(path: Path, limits: Limits) -> Extracted:
    with path.open("rb") as handle:
        data = handle.read(limits.max_chars * 4 + 4)
    text, warnings = decode(data, path.name)
    text = _TEMPLATE.sub(" ", text)
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"HTML that cannot be parsed ({exc})") from exc
    title_el = root.find(".//title")
    title = plausible_title(title_el.text_content()) if title_el is not None else None
    _visible(root)
    budget = CharBudget(limits.max_chars)
    blocks = _blocks(_main(root), budget)
    if title is None:
        title = next((b.text for b in blocks if b.heading_level == 1), None)
    return Extracted("html", blocks, title=title, warnings=warnings + budget.warnings())
