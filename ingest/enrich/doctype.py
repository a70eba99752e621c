"""Document type from structure and wording, in any language.

Evidence is summed per type: genre concepts of the thesaurus (a "Fallstudie",
"anbefalinger", "Förderrichtlinie" ...) counted by where they stand (title
weighs most, then headings and the opening, then the body, with the body
capped so a long text cannot win by repetition), a few patterns that genre
words do not cover (partners sought, press-release openings), the format
(slides are workshop material) and what enrichment found (budget figures
point to a project summary, a numbered list of recommendations to
recommendations). The best type wins if its evidence is strong enough;
otherwise a long text is a ``report`` and a short one ``other``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from kb.concepts import ConceptMatch
from kb.models import DocumentRecord

GENRE_TYPES = {
    "case_study": "case_study",
    "good_practice": "case_study",
    "factsheet": "case_study",
    "recommendations": "recommendations",
    "workshop": "workshop_material",
    "agenda": "workshop_material",
    "presentation": "workshop_material",
    "training_course": "workshop_material",
    "webinar": "workshop_material",
    "questionnaire": "workshop_material",
    "project_summary": "project_summary",
    "project_idea": "project_idea",
    "strategy_document": "strategy",
    "catalogue": "case_study",
    "guideline": "guideline",
    "toolkit": "guideline",
    "funding_rule": "funding_rule",
    "call_for_proposals": "funding_rule",
    "eligibility": "funding_rule",
    "co_financing": "funding_rule",
    "report": "report",
    "evaluation_report": "report",
    "study": "report",
    "news": "news",
}
#: Wording that genre labels do not cover, per type (any language).
PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "project_idea": [
        re.compile(r"\bproject ideas?\b|\bprojektid[eé]e?n?\b|\bprojectidee|\bpartners? (?:sought|wanted|found)", re.I),
        re.compile(r"\blead beneficiary\b|\bestimated budget\b|\bgeschätztes budget\b", re.I),
    ],
    "project_summary": [
        re.compile(r"\btotal investment\b|\bgesamtinvestition|\bsamlet investering|\btotal budget\b", re.I),
        re.compile(r"\bthe project (?:provided|focused|created|aims|was)\b|\bdas projekt\b|\bprojektet\b", re.I),
    ],
    "news": [
        re.compile(r"\bpress release\b|\bpressemitteilung\b|\bpressemeddelelse\b|\bpressmeddelande\b", re.I),
        re.compile(r"[–-] [^\n]{20,400}?\b(?:says|säger|sagt|sagte|siger|sier|zegt|déclare)\b", re.I),
        re.compile(r"^(?:regeringen|the government|die bundesregierung|the minister|ministeren)\b", re.I),
        re.compile(r"^(?:[A-ZÆØÅÄÖÜ][\w-]+ ){1,3}(?:deltar|participates|besöker|visits|presenterar)\b", re.M),
    ],
    "funding_rule": [
        re.compile(r"\bförderrichtlinie|\bzuwendung|\bförderfähig|\bantragsberechtigt|\bregeling\b|\bsubsidie", re.I),
        re.compile(r"\bförderlinie|\bförderprogramm|\bfördergegenstand|\bzuschuss|\bförderquote|\bantragstell", re.I),
        re.compile(r"\beligible costs\b|\bfunding rate\b|\bstøtteberettiget|\bbidragsberättig", re.I),
    ],
    "guideline": [re.compile(r"\b(?:user'?s? )?guide(?:line)?s?\b|\bhandbook\b|\bleitfaden\b|\bvejledning\b", re.I)],
    "recommendations": [re.compile(r"\brecommendations?\b|\bempfehlungen\b|\banbefalinger\b|\baanbevelingen\b", re.I)],
    "strategy": [re.compile(r"\bstrateg(?:y|ie|i)\b.*\bspeciali[sz]", re.I), re.compile(r"\bRIS3\b")],
    "workshop_material": [re.compile(r"\bworkshops?\b|\bopgave\b|\bexercise\b|\bagenda\b", re.I)],
    "report": [
        re.compile(r"^\s*(?:abstract|résumé|zusammenfassung|sammanfattning|keywords|mots-clés)\b", re.I | re.M),
        re.compile(r"\banalys[ie]s\b|\banalyse\b|\bdeliverable\b|^D\.?\s?\d+\.\d|\bmethodolog", re.I),
    ],
    "case_study": [re.compile(r"\bcase stud(?:y|ies)\b|\bbest practices?\b|\bgood practices?\b|\bfallstudie", re.I)],
}
WEIGHTS = {"title": 6.0, "opening": 1.5, "heading": 1.0, "body": 0.25}
BODY_CAP = 3.0
OPENING_CAP = 3.0
MIN_EVIDENCE = 2.0
LONG_TEXT_WORDS = 2500


def classify(
    record: DocumentRecord, title_matches: list[ConceptMatch], passage_matches: list[list[ConceptMatch]]
) -> tuple[str, dict[str, float]]:
    """The document type and the evidence per type (for explanations and tuning)."""
    evidence: dict[str, float] = defaultdict(float)
    body: dict[str, float] = defaultdict(float)
    opening: dict[str, float] = defaultdict(float)
    headings: dict[str, float] = defaultdict(float)
    for match in title_matches:
        if match.concept in GENRE_TYPES:
            evidence[GENRE_TYPES[match.concept]] += WEIGHTS["title"]
    for passage, matches in zip(record.passages, passage_matches, strict=True):
        heading_words = (passage.heading or "").casefold()
        for match in matches:
            doc_type = GENRE_TYPES.get(match.concept)
            if doc_type is None:
                continue
            if passage.ordinal == 0:
                opening[doc_type] += WEIGHTS["opening"]
            elif match.text.casefold() in heading_words:
                headings[doc_type] += WEIGHTS["heading"]
            else:
                body[doc_type] += WEIGHTS["body"]
    for doc_type, value in body.items():
        evidence[doc_type] += min(BODY_CAP, value)
    for doc_type, value in opening.items():
        evidence[doc_type] += min(OPENING_CAP, value)
    for doc_type, value in headings.items():
        evidence[doc_type] += min(OPENING_CAP, value)
    opening_text = "\n".join([record.title, *(f"{p.heading or ''}\n{p.text}" for p in record.passages[:3])])[:4000]
    for doc_type, patterns in PATTERNS.items():
        for pattern in patterns:
            if pattern.search(record.title):
                evidence[doc_type] += WEIGHTS["title"]
            elif pattern.search(opening_text):
                evidence[doc_type] += WEIGHTS["opening"]
    _structure(record, evidence)
    if evidence:
        best, value = max(evidence.items(), key=lambda kv: (kv[1], kv[0]))
        if value >= MIN_EVIDENCE:
            return best, dict(evidence)
    words = sum(len(p.text.split()) for p in record.passages)
    return ("report" if words >= LONG_TEXT_WORDS else "other"), dict(evidence)


def _structure(record: DocumentRecord, evidence: dict[str, float]) -> None:
    if record.format == "pptx":
        evidence["workshop_material"] += 3.0
    recommendations = sum(1 for item in record.items if item.kind == "recommendation")
    workshops = sum(1 for item in record.items if item.kind == "workshop")
    if recommendations >= 3:
        evidence["recommendations"] += 1.0 + 0.25 * recommendations
    if workshops >= 2:
        evidence["workshop_material"] += 1.0 + 0.5 * workshops
    kinds = {fact.kind for fact in record.facts}
    if {"total_budget", "eu_contribution"} <= kinds:
        evidence["project_summary"] += 3.0
    elif "budget" in kinds:
        evidence["project_idea"] += 1.0
