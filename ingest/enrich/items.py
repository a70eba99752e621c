"""Citable units inside a document: recommendations and dated workshops or events.

A report's recommendations and a project's workshops are what readers quote and
compare across projects, so each becomes an ``Item`` of its own with the passage
it starts in. Both come from layout that survives text extraction: a list under
a "Recommendations" line, and a line that starts with a date. Text extracted
from PDFs and slides breaks lines mid-sentence (even with blank lines between),
so a line that starts in lower case, or follows a line without a sentence end,
continues the item above it.

The date reader (``find_dates``, all seven languages) lives here because a
workshop is a dated entry; ``facts`` uses it too for start and event dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kb.models import Item, Passage

_MONTH_NAMES = (
    "january jan januar jänner janvier janv januari",
    "february feb februar feber février fevrier févr fevr fév februari",
    "march mar märz maerz mär mrz marts mars maart mrt",
    "april apr avril",
    "may mai maj mei",
    "june jun juni juin",
    "july jul juli juillet juil",
    "august aug augusti augustus août aout",
    "september sep sept septembre",
    "october oct oktober okt octobre",
    "november nov novembre",
    "december dec dezember dez desember décembre decembre déc",
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_DMY = re.compile(
    rf"(?<![\d.,/])(?P<d1>\d{{1,2}})(?:\.|er|st|nd|rd|th)?(?:\s?[-–]\s?(?P<d2>\d{{1,2}})(?:\.|st|nd|rd|th)?"
    rf"|\s{{1,3}}(?=[adfjmnos])(?P<m1>{_MONTH})(?![^\W\d_])\.?\s?[-–]\s?(?P<dx>\d{{1,2}})\.?)?"
    rf"\s{{1,3}}(?=[adfjmnos])(?P<m>{_MONTH})(?![^\W\d_])\.?,?\s{{1,3}}{_YEAR}",
    re.I,
)
_MDY = re.compile(
    rf"(?<![^\W\d_])(?=[adfjmnos])(?P<m>{_MONTH})\.?\s{{1,3}}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s?[-–]\s?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s{{1,3}}{_YEAR}",
    re.I,
)
_ISO = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<mo>\d\d)-(?P<d1>\d\d)(?![\d-])")
_NUMERIC = re.compile(r"(?<!\d)(?<!\d[./])(?P<d1>\d{1,2})(?P<s>[./])(?P<mo>\d{1,2})(?P=s)" + _YEAR + r"(?![./]\d)")
EVENT_WORDS = re.compile(
    r"workshop|seminar|webinar|séminaire|conferenc|conférence|konferen[sz]|conferentie|colloque|symposi|kongress"
    r"|congres|summit|forum|networking|netzwerktreffen|projekttreffen|partnertreffen|(?:netzwerk|auftakt|abschluss"
    r"|informations)veranstaltung|netværksmøde|netværksarrangement|nätverksträff|nettverksmøte|netwerkbijeenkomst"
    r"|bijeenkomst|match-?making|matching\s+event|brokerage|study\s+(?:visit|tour)|studienreise|studietur|studieresa"
    r"|info\s?(?:day|tag)|tagung|temadag|atelier|rencontre|journée|(?:meeting|møde|möte|møte)s?\b",
    re.I,
)
MAX_ENTRY_CHARS = 1500
_INTRO_LINES = 3  # lines allowed between a "Recommendations" heading and its first item

_RECOMMENDATION = re.compile(r"recommend|empfehlung|anbefaling|rekommendation|aanbeveling|recommandation", re.I)
_LIST_ITEM = re.compile(r"(?:(?P<num>\d{1,2})[.)]|\((?P<pnum>\d{1,2})\)|[•·▪◦‣∙●○■□➢►*–—-])\s+(?P<body>\S.*)")
_SENTENCE_END = (".", "!", "?", ":", ";")
_FOCUS = re.compile(
    r"\b(?:focus(?:ed|sed)?\s+on|focus:|topics?:|themes?:|fokus\s+(?:auf|på|op)|fokus:|schwerpunkte?:|themen:"
    r"|emner:|teman:|tema:|thema's:|onderwerpen:|focus\s+sur|thèmes?:)\s*",
    re.I,
)
_FOCUS_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")
_DATE_LEAD = re.compile(r"(?:on|am|den|le|d\.|the|op|\W){0,20}", re.I)  # disjoint alternatives: no blow-up
_LEAD_CHARS = 20
_TITLE_TRIM = " \t\n…:.,;-–—()[]•·▪*"
_SPLIT = re.compile(r"[,;•]")
_WORD_LEFT = re.compile(r"[\w-]{0,30}$")  # to widen a stem hit ("conferenc") to its word
_WORD_RIGHT = re.compile(r"[\w-]{0,30}")


@dataclass(frozen=True)
class DateSpan:
    """A date found in text: ISO first day, ISO last day for ranges, and where it stands."""

    start: int
    end: int
    first: str
    last: str | None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat() if 1950 <= year <= 2099 else None
    except ValueError:
        return None


def find_dates(text: str) -> list[DateSpan]:
    """Every valid day-precise date in ``text``, in order, overlapping matches dropped."""
    spans: list[DateSpan] = []
    for pattern in (_DMY, _MDY, _ISO, _NUMERIC):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            year = int(m["y"])
            month = MONTHS.get(groups["m"].lower(), 0) if groups.get("m") else int(m["mo"])  # 0: not a month
            first_month = MONTHS.get(groups["m1"].lower(), 0) if groups.get("m1") else month
            first = _iso(year, first_month, int(m["d1"]))
            if first is None:
                continue
            last_day = groups.get("d2") or groups.get("dx")
            last = _iso(year, month, int(last_day)) if last_day else None
            spans.append(DateSpan(m.start(), m.end(), first, last if last and last > first else None))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[DateSpan] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _is_cue(line: str, max_words: int = 10) -> bool:
    """A heading-like line that announces recommendations ("Recommendations:", "4. Handlungsempfehlungen")."""
    return (
        len(line.split()) <= max_words
        and (line[0].isupper() or line[0].isdigit())
        and ". " not in line
        and not line.endswith((".", "!", "?", ",", ";"))
        and _RECOMMENDATION.search(line) is not None
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Open:
    number: int | None
    passage: int
    parts: list[str] = field(default_factory=list)


@dataclass
class _ListState:
    """Where the reader is: inside a recommendation list or not, and the item being read."""

    items: list[Item] = field(default_factory=list)
    active: bool = False
    current: _Open | None = None
    intro: int = 0
    after_blank: bool = False
    last: str = ""

    def close(self, keep_active: bool = True) -> None:
        if self.current is not None and self.current.parts:
            text = _squash(" ".join(self.current.parts))
            self.items.append(Item("recommendation", text, self.current.passage, number=self.current.number))
        self.current = None
        self.active = self.active and keep_active

    def start(self) -> None:
        self.close()
        self.active, self.intro = True, 0

    def line(self, line: str, passage: int) -> None:
        item = _LIST_ITEM.fullmatch(line)
        body = item["body"] if item else ""
        if _is_cue(line) and (item is None or (item["num"] is not None and _is_cue(body, 2))):
            self.start()
        elif not self.active:
            pass
        elif item is not None:
            raw = item["num"] or item["pnum"]
            if raw is None and self.current is not None and self.current.number is not None:
                self.current.parts.append(body)  # a bullet under a numbered recommendation
            else:
                self.close()
                self.current = _Open(int(raw) if raw else None, passage, [body])
        elif self.current is not None and self._continues(line):
            self.current.parts.append(line)
        elif self.current is None and self.intro < _INTRO_LINES:
            self.intro += 1
        else:
            self.close(keep_active=False)
        self.after_blank = False
        self.last = line

    def _continues(self, line: str) -> bool:
        """Lower case continues; so does any line after an unfinished one, unless a heading follows a gap."""
        if line[0].islower():
            return True
        heading_like = len(line.split()) <= 6 and not line.endswith((".", "!", "?", ",", ";"))
        return not self.last.endswith(_SENTENCE_END) and not (self.after_blank and heading_like)


def _recommendations(passages: list[Passage]) -> list[Item]:
    state = _ListState()
    heading: str | None = None
    for index, passage in enumerate(passages):
        if index == 0 or passage.heading != heading:
            state.close(keep_active=False)
            heading = passage.heading
            if heading and _is_cue(heading):
                state.start()
        state.after_blank = True
        for raw in passage.text.split("\n"):
            line = raw.strip()
            if line:
                state.line(line, passage.ordinal)
            else:
                state.after_blank = True
    state.close()
    return state.items


def _focus(entry: str) -> list[str]:
    """The topics after "Focus on" / "Schwerpunkte:" up to the sentence end, split at commas."""
    cue = _FOCUS.search(entry)
    if cue is None:
        return []
    rest = entry[cue.end() :]
    end = _FOCUS_END.search(rest)
    rest = rest[: end.start()] if end else rest
    return [topic for part in _SPLIT.split(rest) if (topic := _squash(part).strip(" .:"))]


def _leads(text: str, span: DateSpan) -> int | None:
    """The start of the date's line when only a bullet or "on"/"den"/"le" stands before the date."""
    line_start = text.rfind("\n", max(0, span.start - _LEAD_CHARS), span.start) + 1
    if span.start - line_start > _LEAD_CHARS or (line_start == 0 and span.start > _LEAD_CHARS):
        return None
    return line_start if _DATE_LEAD.fullmatch(text, line_start, span.start) else None


def _entry_span(text: str, dates: list[DateSpan], index: int) -> tuple[int, int, bool]:
    """Where a dated entry starts and ends, and whether the date leads its line (a programme list)."""
    span = dates[index]
    limit = min(len(text), span.start + MAX_ENTRY_CHARS)
    if _leads(text, span) is None:  # a date inside prose: the entry is its sentence
        floor = max(0, span.start - MAX_ENTRY_CHARS)
        cuts = [i + 2 for i in (text.rfind(". ", floor, span.start), text.rfind("\n\n", floor, span.start)) if i >= 0]
        start = max(cuts, default=floor)
        stop = _FOCUS_END.search(text, span.end, limit)
        return start, stop.end() if stop else limit, False
    end = limit
    for later in (dates[i] for i in range(index + 1, len(dates))):
        if later.start >= limit:
            break
        later_line = _leads(text, later)
        if later_line is not None:
            end = later_line
            break
    pos = span.end
    while (gap := text.find("\n\n", pos, end)) >= 0:
        following = text[gap:end].lstrip()
        if following and not following[0].islower():
            end = gap
            break
        pos = gap + 2
    return span.start, end, True


def _title(text: str, span: DateSpan, start: int, end: int, leads: bool) -> str | None:
    """The words after a leading date on its line ("Workshop 1 and networking event") or on the line before it;
    for a date in prose, the words before it on its line, else the event word."""
    line_start = text.rfind("\n", max(0, span.start - MAX_ENTRY_CHARS), span.start) + 1
    if leads:
        line_end = text.find("\n", span.end, end)
        after = text[span.end : line_end if line_end >= 0 else end].strip(_TITLE_TRIM)
        previous = text[text.rfind("\n", max(0, line_start - 200), max(line_start - 1, 0)) + 1 : line_start]
        candidates = [after, previous.strip(_TITLE_TRIM)] if line_start else [after]
    else:
        candidates = [text[max(line_start, start) : span.start].strip(_TITLE_TRIM)]
    for candidate in candidates:
        if (
            candidate
            and len(candidate.split()) <= (10 if leads else 5)
            and (leads or not candidate[0].islower())  # "also organised a conference on" is prose, not a title
            and EVENT_WORDS.search(candidate)
        ):
            return _squash(candidate)
    if candidates[0] and leads:
        return _squash(candidates[0])
    word = EVENT_WORDS.search(text, start, span.start) or EVENT_WORDS.search(text, span.end, end)
    if word is None:
        return None
    left = _WORD_LEFT.search(text, max(0, word.start() - 30), word.start())
    right = _WORD_RIGHT.match(text, word.end())
    return text[left.start() if left else word.start() : right.end() if right else word.end()]


def _workshops(passages: list[Passage]) -> list[Item]:
    """One item per dated event; an event repeated further on (same date and title) is the same event."""
    items: list[Item] = []
    seen: set[tuple[str, str | None]] = set()
    previous_heading: str | None = None
    for index, passage in enumerate(passages):
        text = passage.text
        if passage.heading and (index == 0 or passage.heading != previous_heading):
            text = f"{passage.heading}\n{text}"  # a dated heading ("Workshop 2, 12 June 2012") starts an entry
        previous_heading = passage.heading
        dates = find_dates(text)
        for i, span in enumerate(dates):
            start, end, leads = _entry_span(text, dates, i)
            entry = text[start:end]
            title = _title(text, span, start, end, leads)
            if not EVENT_WORDS.search(entry) and not (title and EVENT_WORDS.search(title)):
                continue
            if (span.first, title) in seen:
                continue
            seen.add((span.first, title))
            entry = _squash(entry)
            if title and title not in entry:  # the title stood on the line above the date
                entry = f"{title} {entry}"
            items.append(
                Item(
                    "workshop",
                    entry,
                    passage.ordinal,
                    date=span.first,
                    end_date=span.last,
                    title=title,
                    focus=_focus(text[start:end]),
                )
            )
    return items


def extract_items(passages: list[Passage], language: str) -> list[Item]:
    """Recommendations, then workshops, each in reading order.

    ``language`` is accepted for symmetry with ``extract_facts``: the cue words of all
    seven languages are always tried, since documents mix them.
    """
    return _recommendations(passages) + _workshops(passages)
