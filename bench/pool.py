"""The sentence pool of the scale corpora: real sentences from ../shared, by language.

Sources: the plain-text (Markdown saved as ``.md.txt``) and HTML domain documents, each one a group
(its language from ``MANIFEST.tsv``), and lingua's labelled sentences (Leipzig corpora), shuffled
with a fixed seed and cut into groups of 100. Only sentence-like text is kept: 5-40 words, a capital
first letter and a final stop, mostly letters, no addresses or table rows.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from bench.common import REALWORLD
from kb.stopwords import STOPWORDS

LANGUAGES = ("da", "de", "en", "sv", "nb", "nl", "fr", "pl")
LINGUA_GROUP = 100  # unrelated web sentences: pseudo-sources of this many sentences
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅÄÖÜÉ„\"(])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]+")
_BLOCK_TAGS = {"p", "div", "li", "br", "tr", "td", "th", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "template", "head"}


@dataclass(frozen=True)
class Pool:
    """Real sentences per language, in groups from one source (documents keep to one source mostly)."""

    groups: dict[str, list[list[str]]]

    def sentences(self, lang: str) -> list[str]:
        return [s for group in self.groups.get(lang, []) for s in group]

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for lang in sorted(self.groups):
            for group in self.groups[lang]:
                digest.update("\n".join([lang, *group]).encode("utf-8"))
        return digest.hexdigest()[:16]


class _HtmlText(HTMLParser):
    """Visible text of an HTML page as paragraphs (scripts, styles and navigation left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []


def _markdown_paragraphs(text: str) -> list[str]:
    """Prose paragraphs of a Markdown source; headings, tables, HTML and list markers are breaks."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        is_break = not line or line.startswith(("#", "<", "|", "*", "-", "–", "•", "!["))
        if is_break:
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    cleaned = []
    for paragraph in paragraphs:
        paragraph = _MARKUP.sub("", _LINK.sub(r"\1", paragraph))
        paragraph = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", " ".join(paragraph.split())))
        cleaned.append(paragraph)
    return cleaned


def _good_sentence(sentence: str) -> bool:
    words = sentence.split()
    if not 5 <= len(words) <= 40 or not sentence[0].isupper() or sentence[-1] not in ".!?":
        return False
    if any(bad in sentence for bad in ("http", "www.", "@", "|", "(cid:", "\ufffd")):
        return False
    return sum(ch.isalpha() or ch == " " for ch in sentence) >= 0.85 * len(sentence)


def _sentences(paragraphs: list[str]) -> list[str]:
    return [s.strip() for p in paragraphs for s in _SENTENCE_END.split(p) if _good_sentence(s.strip())]


def _domain_languages(realworld: Path) -> dict[str, str]:
    with (realworld / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["staged_path"]: row["language"] for row in rows if row["category"] == "domain"}


def build_pool(realworld: Path = REALWORLD) -> Pool:
    """Sentences of the text/HTML domain documents and of lingua's labelled sentences, by language."""
    groups: dict[str, list[list[str]]] = {lang: [] for lang in LANGUAGES}
    languages = _domain_languages(realworld)
    for path in sorted((realworld / "domain").rglob("*")):
        lang = languages.get(path.relative_to(realworld).as_posix())
        if lang not in groups or path.suffix not in (".txt", ".html"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = _HtmlText()
            parser.feed(text)
            parser.close()
            parser._flush()
            paragraphs = parser.paragraphs
        else:
            paragraphs = _markdown_paragraphs(text)
        found = list(dict.fromkeys(_sentences(paragraphs)))
        if len(found) >= 5:
            groups[lang].append(found)
    for lang in LANGUAGES:
        lines = (realworld / "langid" / "lingua" / "sentences" / f"{lang}.txt").read_text(encoding="utf-8")
        found = [s for s in dict.fromkeys(line.strip() for line in lines.splitlines()) if s and _good_sentence(s)]
        random.Random(f"lingua-{lang}").shuffle(found)  # the files are sorted alphabetically
        groups[lang].extend(found[i : i + LINGUA_GROUP] for i in range(0, len(found), LINGUA_GROUP))
    return Pool({lang: g for lang, g in groups.items() if g})


def content_words(sentence: str, lang: str) -> list[str]:
    stop = STOPWORDS.get(lang, frozenset())
    return [w for w in _WORD.findall(sentence) if len(w) >= 4 and w.casefold() not in stop]
