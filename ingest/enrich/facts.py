"""Figures with evidence: budgets, EU funding, periods, dates and counts, in seven languages.

Rules rather than a model: the figures readers ask for (total budget, ERDF share,
programming period, participants) come in a few fixed shapes in en/de/da/sv/nb/nl/fr,
and each fact must point at its sentence so a reader can check it. Money needs a
currency next to the number, counts a noun right after it, so phone numbers,
postcodes and street numbers give nothing. Every pattern is bounded (no nested
unbounded repeats), so a 2-million-character text stays linear. Dates are read
by ``items.find_dates``, shared with the workshop items.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ingest.enrich.items import EVENT_WORDS, DateSpan, find_dates
from kb.models import Fact, Passage

EVIDENCE_CHARS = 300
_WINDOW = 120  # how far before a figure its cue words may stand

_YEAR_RANGE = re.compile(
    r"(?<![\d.,/-])(?P<a>(?:19|20)\d\d)\s{0,2}(?:[-–—/]|to|until|bis|til|till|tot|au|à)\s{0,2}"
    r"(?P<b>(?:19|20)\d\d|\d\d)(?!\d)(?![-./]\d)",
    re.I,
)
_PROGRAMMING = (
    r"program\w{0,12}[\s-]{0,2}(?:period\w*|zeitraum)|programmplanungszeitraum|(?:funding|promotion)\s+period\w*"
    r"|förder(?:periode|zeitraum)\w*|strukturfondsperiode|période\s+de\s+programmation"
)
_PROJECT = (
    r"projekt\w*|project\w*|prosjekt\w*|projet\w*|duration|laufzeit|løbetid|varighe[dt]|varaktighet|looptijd|durée"
)
_PERIOD_CUE = re.compile(rf"(?P<programming>{_PROGRAMMING})|(?P<project>{_PROJECT})", re.I)
_DATE_CUE = re.compile(
    r"(?P<start>(?:start|begin|beginn|launch)(?:s|t|ed|et|ete|ede|ade|er|en|ing|ning|nt|es)?\b|began|begun|commenc\w*"
    r"|kick[\s-]?off|begann|gestartet|auftakt|begynd\w*|påbegynd\w*|började|börja\w*|begynte|begynn\w*|oppstart"
    r"|gestart|begon\b|aanvang|début\w*|démarr\w*|lancé\w*)|(?P<other>end\w*|finish\w*|until|conclud\w*|abschluss\w*|beendet|slut\w*|afslut\w*"
    r"|avslut\w*|eind\w*|fin\b|deadline|frist)",
    re.I,
)

_NUM = r"\d{1,3}(?:[ \u00a0\u202f'’.,]\d{3}){1,4}(?:[.,]\d{1,2})?(?!\d)|\d{1,12}(?:[.,]\d{1,6})?"
_MULT = (
    r"(?P<mult>millions|millionen|millioner|million|miljoner|miljon|miljoenen|miljoen|mio|mill|mln|mn|m|milliarden"
    r"|milliarder|milliards|milliard|miljarder|miljard|billions|billion|bn|mrd|mia|thousand|tausend|tsd|k)(?![^\W\d_])\.?"
)
_AMOUNT = (
    rf"(?<![\d.,])(?P<a>{_NUM})(?:\s{{0,2}}(?:[-–—]|to|bis|til|till|tot|à)\s{{0,2}}(?P<b>{_NUM}))?"
    rf"(?:\s{{0,2}}{_MULT})?"
)
_AMOUNT_AFTER = re.compile(r"\s{0,2}" + _AMOUNT, re.I)
_AMOUNT_BEFORE = re.compile(_AMOUNT + r"\s{0,2}(?:d['’]|de\s{1,2})?$", re.I)  # "2,3 millions d'euros"
_CURRENCY = re.compile(  # a leading T/M means thousands/millions: "TEUR 500", "5 MSEK", "3 mnkr", "2 M€"
    r"(?<![^\W\d_])(?:[tm]?(?:eur|dkk|sek|nok)|euros?|gbp|chf|usd|mn?kr|kr|kroner|kronor|kronen)(?![^\W\d_])\.?"
    r"|(?<![^\W\d_])[tm]€|[€£$]",
    re.I,
)
_PREFIX = re.compile(r"[tm]n?(?=eur|€|dkk|sek|nok|kr)")
_MONEY_CUE = re.compile(
    r"(?P<total>budget\s+total|co[uû]ts?\s+total\w*|total\w*|overall|gesamt\w*|insgesamt|samlede?|samlet|sammanlagt"
    r"|totaal|i\s+alt)|\b(?P<eu>eu[\s-]?(?:funding|funds?|grants?|contribution|co-?financing|mittel|förder\w*|zuschuss"
    r"|beitrag|anteil|støtte|tilskud|midler|bidrag|stöd|medel|finansiering|subsidie|bijdrage|financiering"
    r"|financement|subvention)|erdf|efre|efru|eruf|efro|feder|european\s+regional\s+development\s+fund"
    r"|europäische\w*\s+fonds\s+für\s+regionale\s+entwicklung|europæiske\s+(?:fond\s+for\s+)?regionaludvikling\w*"
    r"|europeiska\s+regionala\s+utvecklingsfonden|europees\s+fonds\s+voor\s+regionale\s+ontwikkeling"
    r"|fonds\s+européen\s+de\s+développement\s+régional|interreg[\s-](?:funding|grant|mittel|förderung|midler"
    r"|støtte|stöd|medel)|grants?|zuschuss\w*|fördermittel|tilskud\w*|tilskott|tilskudd|subsidie\w*|subvention\w*)"
    r"|(?P<budget>budget\w*|budsjett\w*|begroting\w*|kosten|costs?|omkostninger|kostnader|kostnad|coûts?|estimated"
    r"|geschätzt\w*|anslået|beräknad\w*|beregnet|estimé\w*|geschat\w*)"
    r"|(?P<weak>financ\w*|finanz\w*|finansier\w*|fund\w*|förder\w*|støtte\w*|stöd\w*|støtt\w*|support\w*)",
    re.I,
)
_AFTER_STOP = re.compile(r", |[;(\d€£$]")
_MONEY_KIND = {"total": "total_budget", "eu": "eu_contribution", "budget": "budget"}

_NUMBER_WORDS = {
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty",
    "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn "
    "achtzehn neunzehn zwanzig",
    "da": "to tre fire fem seks syv otte ni ti elleve tolv tretten fjorten femten seksten sytten atten nitten tyve",
    "sv": "två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton arton/aderton nitton "
    "tjugo",
    "nb": "to tre fire fem seks sju/syv åtte ni ti elleve tolv tretten fjorten femten seksten sytten atten nitten tjue",
    "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien "
    "achttien negentien twintig",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit "
    "dix-neuf vingt",
}
_WORD_VALUES = {
    lang: {w: i + 2 for i, token in enumerate(words.split()) for w in token.split("/")}
    for lang, words in _NUMBER_WORDS.items()
}
_ALL_WORDS = "|".join(sorted({w for table in _WORD_VALUES.values() for w in table}, key=len, reverse=True))
_COUNT = re.compile(
    rf"(?<![\w.,-])(?P<n>\d{{1,3}}[.,\u00a0 ]\d{{3}}|\d{{1,5}}|{_ALL_WORDS})\s{{1,2}}(?=[^\W\d_])"
    r"(?:(?:project|international|transnational|european|europäische\w*|europæiske|europeiska|europeiske|europese"
    r"|européens|cross-border|grenzüberschreitende\w*|different|verschiedene\w*|participating|beteiligte\w*|eu"
    r"|regional|regionale\w*|active|new|neue\w*|nye)\s{1,2})?"
    r"(?:(?P<participants>participants|attendees|delegates|visitors|teilnehmer\w*|teilnehmende\w*|interessenten"
    r"|besucher\w*|gäste|deltagere|deltagare|deltakere|deelnemers|bezoekers)"
    r"|(?P<partners>(?:projekt|prosjekt|project)?partner(?:s|n|e|er|ne|organi[sz]ations?|organisationen"
    r"|organisationer|\s+organi[sz]ations|\s+institutions)?|partenaires)"
    r"|(?P<countries>countries|(?:eu\s)?member\s+states|länder\w*|staaten|mitglied\w*staaten|lande|landen|land|pays"
    r"|nations|medlems(?:lande|länder|land|stater)|lidstaten|états\s+membres)"
    r"|(?P<clusters>clusters|cluster\s+(?:organi[sz]ations|initiatives)|cluster(?:n|organisationen|initiativen)?"
    r"(?!\s(?:manag|facilit|polic|program|strateg|develop|actor|compan|member|project|partner))|klynger"
    r"|klyngeorganisationer|kluster|klustrer|clusterorganisaties|pôles))(?![\w-])",
    re.I,
)
_COUNT_MAX = {"participants": 1_000_000, "partners": 1000, "countries": 60, "clusters": 10_000}

_BOUNDARY = re.compile(r"\n[ \t]*\n\s*|\n(?=[•·▪◦‣∙●○■□➢►*–—-]\s)|[.!?]{1,3}[\"”’»)]{0,2}\s+")
_ABBREVIATION_WORDS = (
    "mio mill mrd mia mln dr prof nr no st ca approx inkl incl bzw z.b e.g i.e vs jan feb mar apr jun jul aug sep "
    "sept oct okt nov dec dez kr ref fig vgl sog d.h u.a bl.a f.eks evt ggf mfl m.fl max min resp"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_QUOTED = re.compile(r"[\"“„«]\s?(?P<q>[A-Z0-9ÄÖÜÆØÅ][^\"“”„«»\n]{1,40}?)\s?[\"”“»]")
_CAMEL_HIT = re.compile(r"[a-zäöüæøå][A-ZÄÖÜÆØÅ]")
_TOKEN_LEFT = re.compile(r"[\w-]{0,40}$")
_TOKEN_RIGHT = re.compile(r"[\w-]{0,40}")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences and paragraphs; no cut after ordinals ("17. Januar") or abbreviations ("Mio. Euro")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group()[0] not in "\n":
            following = text[m.end() : m.end() + 1]
            if not following or not (following.isupper() or following.isdigit() or following in '"“„«(•-–'):
                continue
            words = text[max(0, m.start() - 12) : m.start()].split()
            word = words[-1].lower().lstrip("(") if words else ""
            if m.group()[0] == "." and (
                len(word) <= 1 or (word.isdigit() and len(word) <= 2) or word in _ABBREVIATIONS
            ):
                continue
        spans.append((start, m.start() + (1 if m.group()[0] in ".!?" else 0)))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


@dataclass
class _Context:
    """One passage prepared once: its sentences and the names that could be a fact's subject."""

    passage: Passage
    lang: str
    sentences: list[tuple[int, int]]
    names: list[tuple[int, int, str]]

    def __post_init__(self) -> None:
        self.sentence_starts = [s for s, _e in self.sentences]
        self.name_starts = [n[0] for n in self.names]

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.sentences[max(bisect.bisect_right(self.sentence_starts, pos) - 1, 0)]


def _names(text: str) -> list[tuple[int, int, str]]:
    """Quoted names starting with a capital and CamelCase tokens ("InTra-Net", "S3-4AlpClusters")."""
    found: dict[int, tuple[int, int, str]] = {}
    for m in _QUOTED.finditer(text):
        name = m["q"].strip()
        if len(name.split()) <= 5:
            found[m.start("q")] = (m.start("q"), m.end("q"), name)
    for hit in _CAMEL_HIT.finditer(text):
        left = _TOKEN_LEFT.search(text, max(0, hit.start() - 40), hit.start())
        right = _TOKEN_RIGHT.match(text, hit.start())
        start = left.start() if left else hit.start()
        end = right.end() if right else hit.end()
        name = text[start:end].strip("-_")
        if start not in found and 3 <= len(name) <= 60:
            found[start] = (start, end, name)
    return sorted(found.values())


def _subject(contexts: list[_Context], index: int, pos: int, sentence: tuple[int, int]) -> str | None:
    """The nearest name before the figure in its sentence, then after it, then earlier in the section."""
    ctx = contexts[index]
    first = bisect.bisect_left(ctx.name_starts, sentence[0])
    at = bisect.bisect_left(ctx.name_starts, pos)
    for i in range(at - 1, first - 1, -1):
        if ctx.names[i][1] <= pos:
            return ctx.names[i][2]
    if at < len(ctx.names) and ctx.names[at][1] <= sentence[1]:
        return ctx.names[at][2]
    if first:
        return ctx.names[first - 1][2]
    heading = contexts[index].passage.heading
    for back in range(index - 1, max(index - 4, -1), -1):
        if contexts[back].passage.heading != heading:
            break
        if contexts[back].names:
            return contexts[back].names[-1][2]
    return None


def _evidence(text: str, sentence: tuple[int, int], start: int, end: int) -> str:
    """The sentence, cut to EVIDENCE_CHARS around the figure, on one line."""
    s, e = sentence
    if e - s > EVIDENCE_CHARS:
        s = max(sentence[0], min((start + end) // 2 - EVIDENCE_CHARS // 2, sentence[1] - EVIDENCE_CHARS))
        e = min(sentence[1], s + EVIDENCE_CHARS)
    out = " ".join(text[s:e].split())
    return ("…" if s > sentence[0] else "") + out + ("…" if e < sentence[1] else "")


def parse_number(raw: str, scaled: bool) -> float | None:
    """A float from "295 578", "220.000", "1,2" ...: one "." or "," before exactly three digits is a
    thousands separator unless a million word follows (``scaled``), where it is a decimal."""
    s = re.sub(r"[\s'’]", "", raw)
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    else:
        for sep in ",.":
            if s.count(sep) > 1:
                s = s.replace(sep, "")
            elif s.count(sep) == 1:
                whole, fraction = s.split(sep)
                s = whole + fraction if len(fraction) == 3 and not scaled else f"{whole}.{fraction}"
    try:
        return float(s)
    except ValueError:
        return None


_UNITS = {"eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "$": "USD"}
_KRONER = {"sv": "SEK", "nb": "NOK"}  # kr, kroner, kronor: Danish unless the text is Swedish or Norwegian


def _unit(token: str, lang: str) -> str:
    token = _PREFIX.sub("", token.lower().rstrip("."), count=1)
    return _UNITS.get(token) or (token.upper() if len(token) == 3 else _KRONER.get(lang, "DKK"))


def _factor(mult: str | None) -> float:
    if not mult:
        return 1.0
    mult = mult.lower()
    if mult.startswith(("milliard", "miljard", "mrd", "mia", "b")):
        return 1e9
    return 1e3 if mult.startswith(("k", "t")) else 1e6


def _amount_value(m: re.Match[str], currency: str) -> Any:
    mult = m["mult"]
    prefix = _PREFIX.match(currency.lower())
    factor = _factor(mult) * (_factor(prefix.group()[0]) if prefix else 1.0)
    scaled = factor >= 1e6  # "2,5 MSEK", "1.5 Mio.": the separator is a decimal
    low = parse_number(m["a"], scaled)
    high = parse_number(m["b"], scaled) if m["b"] else None
    if low is None or low <= 0:
        return None
    if high is not None and high > low:
        return {"min": round(low * factor, 2), "max": round(high * factor, 2)}
    return round(low * factor, 2)


def _money_kind(text: str, sentence: tuple[int, int], floor: int, start: int, end: int, heading: str | None) -> str:
    """The cue nearest before the amount in its clause decides; then a fund named right after; then the heading."""
    before = text[max(sentence[0], floor, start - 2 * _WINDOW) : start]
    clause = before[max(before.rfind(", "), before.rfind(";")) + 1 :]
    for window in (clause, before):
        strong = [str(c.lastgroup) for c in _MONEY_CUE.finditer(window) if c.lastgroup != "weak"]
        if strong:
            return _MONEY_KIND["total" if strong[-1] == "budget" and "total" in strong else strong[-1]]
    after = _AFTER_STOP.split(text[end : min(sentence[1], end + 80)], maxsplit=1)[0]  # up to the next clause or figure
    if any(c.lastgroup == "eu" for c in _MONEY_CUE.finditer(after)):
        return "eu_contribution"
    if _MONEY_CUE.search(clause):
        return "budget"
    kinds = {c.lastgroup for c in _MONEY_CUE.finditer(heading or "")} - {"weak"}
    return _MONEY_KIND[str(kinds.pop())] if len(kinds) == 1 else ""


def _years(*numbers: str) -> bool:
    return all(n.isdigit() and 1950 <= int(n) <= 2099 for n in numbers)


Found = tuple[str, Any, str | None, int, int]  # kind, value, unit, start, end


def _money(ctx: _Context) -> Iterator[Found]:
    """Amounts found from their currency: the number right after it ("EUR 295 578") or right before ("12 Mio. €")."""
    text = ctx.passage.text
    used_until = -1
    last_end: dict[tuple[int, int], int] = {}
    for cur in _CURRENCY.finditer(text):
        if cur.start() < used_until:
            continue
        after = _AMOUNT_AFTER.match(text, cur.end())
        left = max(0, cur.start() - 60, used_until)
        before = _AMOUNT_BEFORE.search(text, left, cur.start())
        options = [m for m in (after, before) if m and (m["mult"] or not _years(m["a"], m["b"] or m["a"]))]
        if not options:
            continue
        gaps = [m.start("a") - cur.end() if m is after else cur.start() - m.end() for m in options]
        m = options[gaps.index(min(gaps))]
        value = _amount_value(m, cur.group())
        if value is None:
            continue
        start, end = (cur.start(), m.end()) if m is after else (m.start("a"), cur.end())
        used_until = end
        sentence = ctx.sentence(start)
        kind = _money_kind(text, sentence, last_end.get(sentence, 0), start, end, ctx.passage.heading)
        last_end[sentence] = end
        if (value if isinstance(value, float) else value["max"]) >= 1000:  # fees and prices are not budgets
            yield kind or "budget", value, _unit(cur.group(), ctx.lang), start, end


def _periods(ctx: _Context) -> Iterator[Found]:
    """Year ranges with a period cue nearby; a bare "2014-2020" says too little to be a fact."""
    text = ctx.passage.text
    for m in _YEAR_RANGE.finditer(text):
        first, last = int(m["a"]), int(m["b"])
        if last < 100:
            last += first // 100 * 100
        if not 0 < last - first <= 15:
            continue
        s, e = ctx.sentence(m.start())
        cues = [
            (m.start() - c.end(), str(c.lastgroup))
            for c in _PERIOD_CUE.finditer(text, max(s, m.start() - 80), m.start())
        ]
        cues += [
            (c.start() - m.end(), str(c.lastgroup)) for c in _PERIOD_CUE.finditer(text, m.end(), min(e, m.end() + 60))
        ]
        if cues:
            yield f"{min(cues)[1]}_period", f"{first}-{last}", None, m.start(), m.end()


def _dates(ctx: _Context, dates: list[DateSpan]) -> Iterator[Found]:
    """Every date is an event unless the nearest cue before it says something starts ("began ... on")."""
    text = ctx.passage.text
    previous_end = 0
    for span in dates:
        s, _e = ctx.sentence(span.start)
        window = text[max(s, previous_end, span.start - _WINDOW) : span.start]
        window = window[window.rfind("(") + 1 :]  # "(OECD, 7 November 2012)" is a citation, not a start
        previous_end = span.end
        cues = [(c.end(), str(c.lastgroup)) for c in _DATE_CUE.finditer(window)]
        cues += [(c.end(), "event") for c in EVENT_WORDS.finditer(window)]
        kind = "start_date" if cues and max(cues)[1] == "start" else "event_date"
        yield kind, span.first, None, span.start, span.end


def _counts(ctx: _Context) -> Iterator[Found]:
    """A number (or number word of the passage's language) right before participants/partners/countries/clusters."""
    words = {**_WORD_VALUES["en"], **_WORD_VALUES.get(ctx.lang, {})}
    for m in _COUNT.finditer(ctx.passage.text):
        raw = m["n"].lower()
        if raw[0].isdigit():
            digits = re.sub(r"[.,\u00a0 ]", "", raw)
            if len(digits) == 4 and len(raw) == 4 and 1900 <= int(digits) <= 2099:
                continue  # "in 2012 participants ..." is a year
            value: int | None = int(digits)
        else:
            value = words.get(raw)
        kind = str(m.lastgroup)
        if value is not None and 2 <= value <= _COUNT_MAX[kind]:
            yield kind, value, None, m.start(), m.end()


def _language(passage: Passage, language: str) -> str:
    lang = passage.language if passage.language not in ("", "und") else language
    return {"no": "nb", "nn": "nb"}.get(lang, lang)


def extract_facts(passages: list[Passage], language: str) -> list[Fact]:
    """All facts of a document's passages, in reading order, one per (kind, value, passage)."""
    contexts = [_Context(p, _language(p, language), _sentence_spans(p.text), _names(p.text)) for p in passages]
    facts: list[Fact] = []
    seen: set[tuple[str, str, int]] = set()
    for index, ctx in enumerate(contexts):
        text = ctx.passage.text
        dates = find_dates(text)
        found = [*_money(ctx), *_periods(ctx), *_dates(ctx, dates), *_counts(ctx)]
        for kind, value, unit, start, end in sorted(found, key=lambda f: f[3]):
            key = (kind, json.dumps(value, sort_keys=True), ctx.passage.ordinal)
            if key in seen:
                continue
            seen.add(key)
            sentence = ctx.sentence(start)
            evidence = _evidence(text, sentence, start, end)
            subject = _subject(contexts, index, start, sentence)
            facts.append(Fact(kind, value, unit, evidence, ctx.passage.ordinal, subject))
    return facts
