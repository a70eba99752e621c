"""Language of documents and passages, with langdetect, seeded so results are stable.

langdetect is random unless seeded (FIELD-NOTES: English came out German 5 of
50 times), answers for short strings are guesses, and it knows 55 languages
while kb supports nine. So: a private seeded factory (no global state),
``und`` for text with too few letters or a top probability below the
threshold, and ``und`` (not the nearest supported language) for text in a
language kb does not support. Norwegian ``no`` is reported as ``nb``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from kb.config import SUPPORTED_LANGUAGES
from kb.models import LanguageShare, Passage

MIN_LETTERS = 40
#: langdetect's time grows with the text (13 ms for a 2,000-character passage, 7 ms for 600 here) while
#: its answer on 1,000 characters of running text is as good as on more: passages are judged on this much.
DETECT_CHARS = 1000
MIN_PROBABILITY = 0.70
_CODES = {"no": "nb"}
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Detection:
    code: str
    confidence: float


class LanguageDetector:
    """Seeded langdetect over all of its profiles; answers only with kb's languages or ``und``."""

    def __init__(self, seed: int = 0) -> None:
        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.set_seed(seed)
        self._supported = set(SUPPORTED_LANGUAGES)

    def detect(self, text: str, limit: int = DETECT_CHARS) -> Detection:
        text = text[:limit]
        letters = len(_LETTER.findall(text))
        if letters < MIN_LETTERS:
            return Detection("und", 0.0)
        try:
            detector = self._factory.create()
            detector.append(text)
            probabilities = detector.get_probabilities()
        except LangDetectException:
            return Detection("und", 0.0)
        if not probabilities:
            return Detection("und", 0.0)
        best = probabilities[0]
        code = _CODES.get(best.lang, best.lang)
        if code not in self._supported or best.prob < MIN_PROBABILITY:
            return Detection("und", round(best.prob, 3))
        return Detection(code, round(best.prob, 3))


def tag_passages(detector: LanguageDetector, passages: list[Passage]) -> None:
    for passage in passages:
        found = detector.detect(passage.text if not passage.heading else f"{passage.heading}\n{passage.text}")
        passage.language, passage.language_confidence = found.code, found.confidence


def document_languages(
    detector: LanguageDetector, passages: list[Passage], full_text: str
) -> tuple[str, float, list[LanguageShare]]:
    """Main language, its confidence, and every language's share of the words (passages of known language)."""
    words: dict[str, int] = defaultdict(int)
    for passage in passages:
        if passage.language != "und":
            words[passage.language] += len(passage.text.split())
    total = sum(words.values())
    shares = (
        sorted((LanguageShare(code, round(count / total, 3)) for code, count in words.items()), key=lambda s: -s.share)
        if total
        else []
    )
    if shares and shares[0].share >= 0.5:  # the passages decide; no need to read the whole text again
        main = shares[0].code
        known = [p for p in passages if p.language == main]
        confidence = sum(p.language_confidence for p in known) / len(known) if known else shares[0].share
        return main, round(confidence, 3), shares
    whole = detector.detect(_sample(full_text), limit=len(full_text))
    if shares and shares[0].share < 0.4:
        # no language dominates (parallel versions in one file): the one the document starts with
        first = next((p for p in passages if p.language != "und" and len(p.text.split()) >= 40), None)
        if first is not None:
            return first.language, round(next(s.share for s in shares if s.code == first.language), 3), shares
    if shares and (whole.code == "und" or shares[0].share >= 0.5):
        main = shares[0].code
        confidence = whole.confidence if whole.code == main else shares[0].share
    else:
        main, confidence = whole.code, whole.confidence
    if not shares and main != "und":
        shares = [LanguageShare(main, 1.0)]
    return main, round(confidence, 3), shares


def _sample(text: str, size: int = 12000) -> str:
    """Spread samples from the whole text, so a long document is not judged by its cover page."""
    if len(text) <= size:
        return text
    step = len(text) // 4
    return "\n".join(text[i * step : i * step + size // 4] for i in range(4))
