"""Topics of documents and passages, with the evidence that triggered them.

Topics are the thesaurus concepts flagged ``topic``. A mention of a concept
counts for itself and, at half weight, for its broader topics ("offshore
wind" also says something about wind energy and renewable energy). A
document's score grows with its mentions, weighted by where they stand
(title 3, first passage and headings 2, elsewhere 1), against what a document
of its length would mention by chance (the square root of its length in
units of 300 words); ``1 - exp(-weighted / expected)`` keeps scores in 0..1.
Thresholds were set by reading the seeds and the real-world documents.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from kb.concepts import ConceptMatch
from kb.models import DocumentRecord, TopicScore
from kb.thesaurus import Thesaurus

THRESHOLD = 0.5
MAX_TOPICS = 10
BROADER_SHARE = 0.5
WORDS_PER_UNIT = 300
PASSAGE_MIN_WEIGHT = 1.0


def _topic_weights(concept_id: str, thesaurus: Thesaurus) -> dict[str, float]:
    """The topics a mention of ``concept_id`` counts for, with weights."""
    weights: dict[str, float] = {}
    concept = thesaurus.get(concept_id)
    if concept is None:
        return weights
    if concept.topic:
        weights[concept.id] = 1.0
    frontier = [(parent, BROADER_SHARE) for parent in concept.broader]
    seen = {concept.id}
    while frontier:
        parent_id, weight = frontier.pop()
        if parent_id in seen:
            continue
        seen.add(parent_id)
        parent = thesaurus.get(parent_id)
        if parent is None:
            continue
        if parent.topic:
            weights[parent.id] = max(weights.get(parent.id, 0.0), weight)
        frontier.extend((grand, weight * BROADER_SHARE) for grand in parent.broader)
    return weights


def score_topics(
    record: DocumentRecord,
    title_matches: list[ConceptMatch],
    passage_matches: list[list[ConceptMatch]],
    thesaurus: Thesaurus,
    label_language: str = "en",
) -> list[TopicScore]:
    """Document topics (best first) and, in place, each passage's topic ids."""
    weighted: dict[str, float] = defaultdict(float)
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    passages: dict[str, set[int]] = defaultdict(set)
    for match in title_matches:
        for topic, weight in _topic_weights(match.concept, thesaurus).items():
            weighted[topic] += 3 * weight
            evidence[topic][match.text] += 1
    for passage, matches in zip(record.passages, passage_matches, strict=True):
        position = 2.0 if passage.ordinal == 0 else 1.0
        in_passage: dict[str, float] = defaultdict(float)
        for match in matches:
            for topic, weight in _topic_weights(match.concept, thesaurus).items():
                weighted[topic] += position * weight
                in_passage[topic] += weight
                evidence[topic][match.text] += 1
                passages[topic].add(passage.ordinal)
        passage.topics = sorted(t for t, w in in_passage.items() if w >= PASSAGE_MIN_WEIGHT)
    words = sum(len(p.text.split()) for p in record.passages)
    expected = max(1.0, math.sqrt(words / WORDS_PER_UNIT))
    topics = []
    for topic, weight in weighted.items():
        score = 1 - math.exp(-weight / expected)
        if score < THRESHOLD:
            continue
        topics.append(
            TopicScore(
                id=topic,
                label=thesaurus.label(topic, label_language),
                score=round(score, 3),
                evidence=[text for text, _n in evidence[topic].most_common(6)],
                passages=sorted(passages[topic])[:20],
            )
        )
    topics.sort(key=lambda t: (-t.score, t.id))
    return topics[:MAX_TOPICS]


def sidecar_topics(ids: list[str], thesaurus: Thesaurus | None = None) -> list[TopicScore]:
    """Topics set by a researcher in the sidecar: they replace the detected ones."""
    return [
        TopicScore(
            id=topic,
            label=thesaurus.label(topic) if thesaurus else topic.replace("_", " "),
            score=1.0,
            evidence=["set in the sidecar"],
            source="sidecar",
        )
        for topic in ids
    ]
