"""Topics of documents and passages (detection is built by the enrichment work)."""

from __future__ import annotations

from kb.models import TopicScore


def sidecar_topics(ids: list[str]) -> list[TopicScore]:
    return [
        TopicScore(id=i, label=i.replace("_", " "), score=1.0, evidence=["set in the sidecar"], source="sidecar")
        for i in ids
    ]
